"""Logins that used to end nowhere (issue 19), walked in a browser on a desktop and a 360 px
phone, in Russian and English, with axe on every page a person lands on: a person of two
organisations of which one requires two-factor login, and a colleague whose access was closed."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.clients.models import Role
from tests.clients.people_helpers import make_person
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.test_two_factor import check, password_step, submit, switch_language
from tests.factories import make_client
from tests.totp import give_totp, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
ANNA = "anna@holding.example"
TEXTS = {
    "ru": {"setup": "Ваша организация требует двухфакторный вход", "hello": "Здравствуйте, "},
    "en": {"setup": "Your organisation requires two-factor login", "hello": "Hello, "},
}


def _holding(client_org):
    client_org.require_two_factor = True
    client_org.save()
    anna = make_person(client_org, email=ANNA, role=Role.ACCOUNTANT)
    other = make_client(name="АО «Металлург-Сервис»", inn="7728012340")
    make_person(other, email=ANNA, role=Role.ACCOUNTANT)
    return anna, other


def _choose(page: Page, name: str) -> None:
    page.locator("main form", has_text=name).locator("button").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_two_organisations_one_requiring_the_code_each_leads_somewhere(
    new_page, client_org, password, language, viewport
):
    _anna, other = _holding(client_org)
    page = new_page(viewport)
    page.goto("/accounts/login/")
    switch_language(page, language)
    password_step(page, ANNA, password)
    expect(page).to_have_url(re.compile(r"/organisation/$"))
    check(page, viewport)

    _choose(page, other.name)  # the one that does not require it: its cabinet, no detour
    expect(page.locator("main")).to_contain_text(TEXTS[language]["hello"] + other.name)
    check(page, viewport)

    page.goto("/organisation/")
    _choose(page, client_org.name)  # the one that does: set it up first, and say why
    expect(page).to_have_url(re.compile(r"/security/$"))
    expect(page.locator("main")).to_contain_text(TEXTS[language]["setup"])
    check(page, viewport)


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_with_the_app_set_up_the_person_logs_in_with_the_code_and_chooses(new_page, client_org, password, viewport):
    anna, _other = _holding(client_org)
    secret = give_totp(anna)
    page = new_page(viewport)
    password_step(page, ANNA, password)
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/"))
    page.locator("input[name=code]").fill(totp_code(secret))
    submit(page)
    expect(page).to_have_url(re.compile(r"/organisation/$"))
    _choose(page, client_org.name)
    expect(page.locator("main")).to_contain_text("Здравствуйте, " + client_org.name)
    check(page, viewport)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_closed_colleague_is_told_who_closed_the_access(new_page, client_org, password, language, viewport):
    make_person(client_org, email=ANNA, role=Role.ACCOUNTANT, is_active=False)
    make_person(client_org, email="boss@profkeramika.example", role=Role.ADMIN)
    page = new_page(viewport)
    page.goto("/accounts/login/")
    switch_language(page, language)
    password_step(page, ANNA, password)
    alert = page.locator("main [role=alert]")
    expect(alert).to_contain_text("boss@profkeramika.example")
    expect(alert).to_contain_text(client_org.name)
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    check(page, viewport)
    axe_check(page)

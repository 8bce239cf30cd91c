"""Two-factor login in the browser: set up from «Безопасность», then logging in with the code.

Every page of the way is looked at on a phone (no sideways scroll at 360 px) and on a desktop,
in both languages, with axe. The codes are what the phone's app would show (tests/totp.py).
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.menus import log_out
from tests.totp import give_totp, totp_code

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def switch_language(page: Page, language: str) -> None:
    if page.locator("html").get_attribute("lang") != language:
        page.get_by_role("button", name={"ru": "Rus", "en": "Eng"}[language]).click()
        expect(page.locator("html")).to_have_attribute("lang", language)


def check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{page.url} is {width} px wide"
    axe_check(page)


def submit(page: Page) -> None:
    page.locator("main button[type=submit].primary").click()
    page.wait_for_load_state()


def password_step(page: Page, inn: str, password: str) -> None:
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(inn)
    page.locator("input[name=password]").fill(password)
    submit(page)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_client_sets_up_two_factor_login_and_logs_in_with_the_code(new_page, client_org, password, language, viewport):
    page = new_page(viewport)
    password_step(page, client_org.inn, password)
    page.goto("/security/")
    switch_language(page, language)
    check(page, viewport)

    page.locator("main a.button.primary").click()  # «Включить двухфакторный вход»
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next="))  # the password once more
    check(page, viewport)
    page.locator("input[name=password]").fill(password)
    submit(page)

    expect(page.locator("main img[src^='data:image/svg+xml']")).to_be_visible()
    check(page, viewport)
    secret = page.locator(".two-factor-secret").inner_text().strip()
    page.locator("input[name=code]").fill("000000")
    submit(page)
    expect(page.locator("input[name=code]")).to_have_attribute("aria-invalid", "true")
    check(page, viewport)
    page.locator("input[name=code]").fill(totp_code(secret, -1))
    submit(page)

    expect(page.locator(".recovery-codes li")).to_have_count(10)
    check(page, viewport)

    log_out(page)
    password_step(page, client_org.inn, password)
    expect(page.locator("input[name=code]")).to_be_focused()
    check(page, viewport)
    page.locator("input[name=code]").fill("123456")
    submit(page)
    expect(page.locator("input[name=code]")).to_have_attribute("aria-invalid", "true")
    check(page, viewport)
    page.locator("input[name=code]").fill(totp_code(secret, 0))
    submit(page)

    expect(page).to_have_url(re.compile(r"^http://[^/]+/$"))  # in the cabinet
    page.goto("/security/")
    expect(page.locator(".two-factor-state")).to_be_visible()
    check(page, viewport)
    if language == "ru":
        expect(page.locator(".two-factor-state")).to_contain_text("Включён")


def test_organisation_that_requires_it_leads_its_client_to_set_it_up(new_page, client_org, password):
    client_org.require_two_factor = True
    client_org.save()
    page = new_page(PHONE)
    password_step(page, client_org.inn, password)

    expect(page).to_have_url(re.compile(r"/security/$"))
    expect(page.locator(".alert-warning")).to_contain_text("Ваша организация требует двухфакторный вход.")
    check(page, PHONE)


def test_staff_reviewer_sets_it_up_then_logs_in_to_the_admin_with_the_code(new_page, password):
    reviewer = get_user_model().objects.create_user(username="reviewer", password=password, is_staff=True)
    reviewer.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_reconciliationact", "review_reconciliationact"])
    )
    page = new_page(DESKTOP)
    page.goto("/admin/login/?next=/admin/")
    page.locator("input[name=username]").fill("reviewer")
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    # No admin page before the app is set up: to its setting up, the password asked once more first.
    expect(page).to_have_url(re.compile(r"/accounts/reauthenticate/\?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F$"))
    check(page, DESKTOP)

    secret = give_totp(reviewer)  # as the client's test above sets it up through the pages
    page.context.clear_cookies()
    page.goto("/admin/login/?next=/admin/")
    page.locator("input[name=username]").fill("reviewer")
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    expect(page).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    check(page, DESKTOP)
    page.locator("input[name=code]").fill(totp_code(secret))
    submit(page)
    expect(page).to_have_url(re.compile(r"/admin/$"))

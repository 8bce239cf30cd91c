"""«Сотрудники», the organisation choice and an invitation, in a browser: axe clean, no sideways
scroll at 360 px, in Russian and English; the organisation's e-mail language set there; and an
invitation followed from the letter."""

import re
from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from apps.clients import invitations
from apps.clients.invitations import invitation_create
from apps.clients.models import Role
from apps.core.audit import audit_log
from apps.documents.downloads import record_download
from apps.documents.models import DocumentDownload, DocumentRequest
from tests.clients.people_helpers import make_person
from tests.e2e.conftest import DESKTOP, PHONE
from tests.e2e.test_phone_layout import check, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_EMAIL = "glavnyi.bukhgalter.otdel.zakrytiya.perioda.filial-podolsk@profkeramika-podolsk-region.example"


TOKEN = "e2e-invitation-token-0123456789abcdefghijklmnop"


def _link() -> str:
    # The letter loses its text once sent (sensitive): the token is fixed for the test instead.
    return f"/invitation/{TOKEN}/"


@pytest.fixture
def company(client_org, outsider_org, monkeypatch):
    """The owner with colleagues (one closed), a pending invitation and downloads by a colleague."""
    anna = make_person(client_org, email=LONG_EMAIL, role=Role.ACCOUNTANT)
    make_person(client_org, email="snab@profkeramika.example", role=Role.PROCUREMENT, is_active=False)
    make_person(outsider_org, email=LONG_EMAIL, role=Role.PROCUREMENT)  # Anna works for both
    monkeypatch.setattr(invitations, "secrets", SimpleNamespace(token_urlsafe=lambda n: TOKEN))
    invitation_create(client=client_org, email="new@profkeramika.example", role=Role.ADMIN, invited_by=client_org.user)
    record_download(
        client=client_org, user=anna, what=DocumentDownload.What.DOCUMENT,
        title="Счёт на оплату 2026-000012345-ПК-ОГНЕУПОР от 05.09.2026.pdf",
    )  # fmt: skip
    request = DocumentRequest.objects.create(
        client=client_org, kind="Closing", date_from=date(2026, 7, 1), date_to=date(2026, 9, 30), email=LONG_EMAIL
    )
    audit_log(obj=request, action="documents.request.created", actor=anna, kind="Closing", email=LONG_EMAIL)
    return client_org


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_people_page_fits_and_is_accessible(new_page, company, password, language, viewport):
    page = new_page(viewport)
    login(page, company.inn, password)
    switch_language(page, language)
    page.goto("/people/")
    expect(page.locator("table.people-table")).to_be_visible()
    check(page, viewport)
    page.locator("form[action$='/people/invite/'] button[type=submit]").click()  # no address
    expect(page.locator(".field-error").first).to_be_visible()
    check(page, viewport)

    page.goto("/people/")  # the organisation's e-mails in English; the administrator's pages as they were
    page.locator(".people-language select").select_option("en")
    page.locator(".people-language button[type=submit]").click()
    english = {"ru": "приходят на английском", "en": "come in English"}[language]
    expect(page.locator(".people-language p").first).to_contain_text(english)
    expect(page.locator("html")).to_have_attribute("lang", language)
    check(page, viewport)
    company.refresh_from_db()
    assert company.language == "en"


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_choosing_the_organisation_fits_and_is_accessible(new_page, company, password, language, viewport):
    page = new_page(viewport)
    page.goto("/accounts/login/")
    switch_language(page, language)
    login(page, LONG_EMAIL, password)
    expect(page).to_have_url(re.compile(r"/organisation/$"))
    check(page, viewport)
    page.get_by_role("button", name=re.compile("Посторонний")).click()
    expect(page.locator(".greeting")).to_contain_text("Посторонний")


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_an_invitation_is_accepted_in_a_browser(new_page, company, language, viewport):
    page = new_page(viewport)
    page.goto("/accounts/login/")
    switch_language(page, language)
    page.goto(_link())
    check(page, viewport)
    page.locator("input[name=password1]").fill("short")
    page.locator("input[name=password2]").fill("short")
    page.locator("button[type=submit].primary").click()
    expect(page.locator(".field-error").first).to_be_visible()
    check(page, viewport)
    page.locator("input[name=password1]").fill("Shamot-Ogneupor-2026")
    page.locator("input[name=password2]").fill("Shamot-Ogneupor-2026")
    page.locator("button[type=submit].primary").click()
    expect(page.locator(".greeting")).to_contain_text("Профкерамика")
    page.goto(_link())  # a second time: used
    expect(page.locator(".alert-error")).to_be_visible()
    check(page, viewport)

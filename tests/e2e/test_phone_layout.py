"""Every client page at 360 px: no sideways scroll, the status of each request and act in view, axe clean.

The client has everything that widens a page: requests to long addresses, acts in every
state with a long rejection reason, long answered questions. Each page is looked at in both
languages, on a phone and on a desktop.
"""

from datetime import date

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from playwright.sync_api import Page, expect

from apps.documents.models import DocumentRequest
from apps.questions.models import Question
from apps.reconciliation.models import ReconciliationAct
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.menus import log_out

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_EMAIL = "glavnyi.bukhgalter.otdel.zakrytiya.perioda.filial-podolsk@profkeramika-podolsk-region.example"
LONG_REASON = (
    "Сальдо на начало периода не совпадает с нашим актом за предыдущий квартал: проверьте, пожалуйста, "
    "оплату по счёту № 2026-000012345/ПК-ОГНЕУПОР-ПОДОЛЬСК-ФИЛИАЛ-ЮГ и закажите акт заново. "
) * 3
LONG_QUESTION = (
    "Подскажите, пожалуйста, когда будут готовы сертификаты соответствия на кирпич ШЛ-1,3 по заказу "
    "https://podolskogneupor.ru/catalog/shamotnyi-ogneupornyi-kirpich/shl-1-3/sertifikaty-sootvetstviya-2026 "
) * 2


@pytest.fixture
def rich_client(client_org):
    """The owner with a history: archive requests, acts and questions of every kind."""
    period = {"date_from": date(2026, 7, 1), "date_to": date(2026, 9, 30)}
    requests = [
        DocumentRequest.objects.create(client=client_org, kind=kind, email=email, status=status, **period)
        for kind, email, status in [
            ("Invoice", LONG_EMAIL, "sent"),
            ("Closing", LONG_EMAIL, "empty"),
            ("Invoice", "buh@profkeramika.example", "unavailable"),
            ("Closing", LONG_EMAIL, "not_found"),
            ("Invoice", LONG_EMAIL, "failed"),
        ]
    ]
    acts = {
        status: ReconciliationAct.objects.create(
            client=client_org, email=LONG_EMAIL, status=status, reject_reason=reason, **period
        )
        for status, reason in [("sent", ""), ("in_review", ""), ("unavailable", ""), ("rejected", LONG_REASON)]
    }
    Question.objects.create(
        client=client_org, name=client_org.name, text=LONG_QUESTION, email=LONG_EMAIL, status="answered",
        answer=LONG_REASON, answered_at=requests[0].created_at,
    )  # fmt: skip
    Question.objects.create(client=client_org, name=client_org.name, text=LONG_QUESTION, email=LONG_EMAIL)
    return {"request": requests[0], "acts": acts}


def login(page: Page, inn: str, password: str) -> None:
    """By the fields' names: the labels differ between the languages."""
    page.goto("/accounts/login/")
    page.locator("input[name=login]").fill(inn)
    page.locator("input[name=password]").fill(password)
    page.locator("button[type=submit].primary").click()
    page.wait_for_load_state()


def switch_language(page: Page, language: str) -> None:
    page.get_by_role("button", name={"ru": "Rus", "en": "Eng"}[language]).click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def assert_fits(page: Page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{page.url} is {scroll_width} px wide, more than {width}"


def assert_statuses_in_view(page: Page, width: int) -> None:
    """Every status badge and outcome is visible, and reachable by scrolling down alone."""
    statuses = page.locator(".status, .request-status .outcome")
    assert statuses.count(), f"no status on {page.url}"
    for index in range(statuses.count()):
        status = statuses.nth(index)
        status.scroll_into_view_if_needed()
        expect(status).to_be_visible()
        box = status.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"status {index} off-screen on {page.url}: {box}"
        sticks_out = status.evaluate(
            "el => { const outer = el.closest('tr, .alert, .card').getBoundingClientRect();"
            " const own = el.getBoundingClientRect(); return own.right > outer.right || own.left < outer.left; }"
        )
        assert not sticks_out, f"status {index} sticks out of its row or card on {page.url}"


def check(page: Page, viewport: dict, *, statuses: bool = False) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
        if statuses:
            assert_statuses_in_view(page, PHONE["width"])
    axe_check(page)


def cabinet_pages(data: dict) -> list[tuple[str, bool]]:
    """(address, shows statuses) of every page a logged-in client sees."""
    return [
        ("/", True),
        ("/documents/invoices/", True),
        ("/documents/closing/", True),
        (f"/documents/requests/{data['request'].id}/", True),
        (f"/documents/requests/{data['request'].id}/again/", False),
        ("/acts/new/", True),
        *((f"/acts/{act.id}/", True) for act in data["acts"].values()),
        ("/questions/new/", True),
        ("/questions/", True),
        ("/accounts/password/change/", False),
    ]


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_page_fits_and_is_accessible(new_page, client_org, password, rich_client, language, viewport):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)
    for address, statuses in cabinet_pages(rich_client):
        page.goto(address)
        check(page, viewport, statuses=statuses)

    page.goto("/accounts/password/change/")
    page.locator("button[type=submit].primary").click()  # every field missing
    expect(page.locator(".field-error").first).to_be_visible()
    check(page, viewport)

    log_out(page)
    page.goto("/accounts/login/")
    check(page, viewport)
    page.locator("input[name=login]").fill(client_org.inn)
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("button[type=submit].primary").click()
    expect(page.get_by_role("alert")).to_be_visible()
    check(page, viewport)

    page.goto("/accounts/password/reset/")
    check(page, viewport)
    page.locator("input[name=email]").fill("not an address")
    page.locator("button[type=submit].primary").click()
    expect(page.locator(".field-error, .alert-error").first).to_be_visible()
    check(page, viewport)
    page.locator("input[name=email]").fill(client_org.email)
    page.locator("button[type=submit].primary").click()
    page.wait_for_url("**/password/reset/done/")
    check(page, viewport)

    user = client_org.user
    user.refresh_from_db()  # the token depends on last_login, which logging in changed
    page.goto(f"/accounts/password/reset/key/{user_pk_to_url_str(user)}-not-a-key/")  # the expired link
    check(page, viewport)
    page.goto(f"/accounts/password/reset/key/{user_pk_to_url_str(user)}-{default_token_generator.make_token(user)}/")
    page.locator("input[name=password1]").fill("another-horse-43")
    page.locator("input[name=password2]").fill("not-the-same-horse")
    page.locator("button[type=submit].primary").click()
    expect(page.locator(".field-error, .alert-error").first).to_be_visible()
    check(page, viewport)


@pytest.mark.parametrize("width", [641, 800, 1000])
def test_tables_fit_between_phone_and_desktop(new_page, client_org, password, rich_client, width):
    page = new_page({"width": width, "height": 900})
    login(page, client_org.inn, password)
    for language in ("ru", "en"):
        switch_language(page, language)
        for address in ("/", "/documents/invoices/", "/acts/new/"):
            page.goto(address)
            assert_fits(page, width)


PERIOD_ERRORS = [
    {"date_from": "", "date_to": "", "email": ""},  # every «укажите»
    {"date_from": "2026-03-31", "date_to": "2026-03-01", "email": "a@b.ru, c@d.ru"},  # order, multiple
    {"date_from": "2099-01-01", "date_to": "2099-01-31", "email": LONG_EMAIL.replace("@", "")},  # future, invalid
    {"date_from": "2020-01-01", "date_to": "2025-12-31", "email": LONG_EMAIL},  # too long
]


@pytest.mark.parametrize("language", ["ru", "en"])
def test_period_form_errors_fit_a_phone(new_page, client_org, password, rich_client, language):
    page = new_page(PHONE)
    login(page, client_org.inn, password)
    switch_language(page, language)
    for address in ("/documents/invoices/", "/acts/new/"):
        for values in PERIOD_ERRORS:
            page.goto(address)
            for name, value in values.items():
                page.locator(f"input[name={name}]").fill(value)
            page.locator("main button[type=submit].primary").first.click()
            expect(page.locator(".field-error").first).to_be_visible()
            assert_fits(page, PHONE["width"])
            axe_check(page)


@pytest.mark.parametrize("language", ["ru", "en"])
def test_question_form_errors_fit_a_phone(new_page, client_org, password, rich_client, language):
    page = new_page(PHONE)
    login(page, client_org.inn, password)
    switch_language(page, language)
    page.goto("/questions/new/")
    page.locator("input[name=name]").fill("")
    page.locator("input[name=email]").fill(LONG_EMAIL.replace("@", ""))
    page.locator("main button[type=submit].primary").click()
    expect(page.locator(".field-error").first).to_be_visible()
    assert_fits(page, PHONE["width"])
    axe_check(page)


def test_login_shows_no_signed_in_banner(page, client_org, password):
    login(page, client_org.inn, password)
    expect(page.get_by_text("Здравствуйте, ООО «Профкерамика»!")).to_be_visible()
    expect(page.locator(".messages")).to_have_count(0)
    expect(page.get_by_text("Успешный вход")).to_have_count(0)
    # Only the header's person menu names the login.
    expect(page.locator("main").get_by_text(client_org.inn)).to_have_count(0)

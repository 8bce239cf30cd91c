"""«Взаиморасчёты» and «Отгрузки» in a real browser: axe clean, no sideways scroll at 360 px, in
Russian and English (1C's vehicle words and document types in English in English); the home panel
arrives by htmx; a pack downloads under the shipment's name.

The client has what widens a page: long invoice and shipment numbers with slashes, a long
wagon description, an unknown status word, overdue invoices, a credit limit.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.onec.client import OpenInvoice
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.test_phone_layout import assert_fits, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NUMBER = "ПК-2026/000012345/ОГНЕУПОР-ПОДОЛЬСК-ФИЛИАЛ-ЮГ"
LONG_VEHICLE = "Полувагон 52345678, 52345679, 52345680 (ж/д станция Подольск-Сортировочный, путь 14)"


@pytest.fixture
def onec_data(fake_onec, client_org):
    today = timezone.localdate()
    fake_onec.add_client(client_org.inn, client_org.name)

    def days(n: int):
        return today + timedelta(days=n)

    invoices = [
        OpenInvoice("i1", LONG_NUMBER, days(-40), days(-10), Decimal(1250000), Decimal(250000)),
        OpenInvoice("i2", "ПК-31/26", days(-5), days(9), Decimal(49000), Decimal(0)),
    ]
    fake_onec.set_settlements(
        client_org.inn, "1049000.00", overdue="1000000.00", credit_limit="2000000.00", open_invoices=invoices
    )
    upd = fake_onec.add_document(client_org.inn, "Closing", days(-3), number="12/3", type="УПД")
    cert = fake_onec.add_document(client_org.inn, "Certificate", days(-3), number=LONG_NUMBER)
    fake_onec.add_shipment(
        client_org.inn, days(-3), number="12/3", status="Delivered", vehicle=LONG_VEHICLE, amount="1250000.00",
        document_ids=[upd.id, cert.id],
    )  # fmt: skip
    fake_onec.add_shipment(client_org.inn, days(-1), number=LONG_NUMBER, status="Returned")  # a word 1C may add
    fake_onec.add_shipment(client_org.inn, today, number="15", status="Planned", vehicle="а/м А123ВЕ 50")
    return {"pack_name": f"Отгрузка 12-3 от {days(-3):%d.%m.%Y}.zip"}


def check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    axe_check(page)


def place_panel(page: Page) -> None:
    """The home page with the panel's placeholder. Until templates/cabinet/home.html includes
    cabinet/settlements_placeholder.html, the placeholder is put there the same way htmx would
    meet it, so that the real htmx loads the real panel."""
    page.goto("/")
    if not page.locator("#settlements-panel").count():
        html = render_to_string("cabinet/settlements_placeholder.html")
        page.evaluate(
            "html => { const main = document.querySelector('main');"
            " main.insertAdjacentHTML('beforeend', html); htmx.process(main.lastElementChild); }",
            html,
        )


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_settlements_and_shipments_fit_and_are_accessible(
    new_page, client_org, password, onec_data, fake_onec, language, viewport
):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)

    place_panel(page)
    expect(page.locator("#settlements-panel .settlements-balance")).to_be_visible()
    check(page, viewport)
    with page.expect_response(lambda response: "refresh=1" in response.url):
        page.locator("#settlements-panel .settlements-refresh button").click()
    expect(page.locator("#settlements-panel .settlements-balance")).to_be_visible()
    assert sum(1 for call in fake_onec.calls if call[0] == "GetSettlements") == 2
    check(page, viewport)

    page.goto("/settlements/")
    expect(page.locator(".invoice-overdue")).to_have_count(1)
    check(page, viewport)

    page.goto("/shipments/")
    expect(page.locator(".shipments-table tbody tr")).to_have_count(3)
    truck = {"ru": "а/м А123ВЕ 50", "en": "truck А123ВЕ 50"}[language]
    expect(page.locator(".shipment-vehicle").first).to_have_text(truck)
    expect(page.locator(".shipment-vehicle").nth(2)).to_have_text(LONG_VEHICLE)  # a word the portal does not know
    check(page, viewport)

    page.get_by_role("searchbox").fill("2026/0000")
    page.locator(".certificates-search button[type=submit]").click()
    expect(page.locator(".certificate-list li")).to_have_count(1)
    certificate = {"ru": "Сертификат качества", "en": "Quality certificate"}[language]
    expect(page.locator(".certificate-list li a")).to_have_text(f"{certificate} {LONG_NUMBER}")
    check(page, viewport)

    page.goto("/shipments/?date_from=2026-11-28&date_to=2026-11-01")
    expect(page.locator(".field-error").first).to_be_visible()
    check(page, viewport)

    fake_onec.set_down()
    page.goto("/settlements/?refresh=1")  # the last figures, marked with their time
    expect(page.locator(".alert-warning")).to_be_visible()
    check(page, viewport)
    page.goto("/shipments/?date_from=2026-01-01&date_to=2026-01-31")
    expect(page.locator(".alert-error")).to_be_visible()
    check(page, viewport)


def test_a_pack_downloads_under_the_shipments_name(page, client_org, password, onec_data):
    login(page, client_org.inn, password)
    page.goto("/shipments/")
    with page.expect_download() as download:
        page.locator(".shipments-table a[href*='/pack/']").click()
    assert download.value.suggested_filename == onec_data["pack_name"]


def test_the_panel_says_not_available_on_a_v10_base(page, client_org, password, fake_onec):
    fake_onec.add_client(client_org.inn)
    fake_onec.set_version("1.0")
    login(page, client_org.inn, password)
    place_panel(page)
    expect(page.get_by_text("Информация о взаиморасчётах пока недоступна")).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("width", [641, 800])
def test_the_tables_fit_between_phone_and_desktop(new_page, client_org, password, onec_data, width):
    page = new_page({"width": width, "height": 900})
    login(page, client_org.inn, password)
    for address in ("/settlements/", "/shipments/"):
        page.goto(address)
        assert_fits(page, width)

"""«Заказы» in a real browser: the home panel arrives by htmx, the list and an order's page are axe
clean and never scroll sideways at 360 px, in Russian and English; the section is in the header.

The client has what widens a page: a long order number with slashes (an id with slashes too), a
long product name and contract, an unknown status word, quantities in т, шт and м³.

In English the panel's heading, the statuses and the sentence at the top are English.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.onec.client import OrderStatus
from apps.onec.fake_orders import order_line
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.menus import open_sections
from tests.e2e.test_phone_layout import assert_fits, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NUMBER = "ЗК-2026/000012345/ОГНЕУПОР-ПОДОЛЬСК-ФИЛИАЛ-ЮГ"
LONG_PRODUCT = "Изделия огнеупорные шамотные ШПД-41 для футеровки тепловых агрегатов, № 5 (ГОСТ 390-96)"
LONG_CONTRACT = "Договор поставки огнеупорной продукции № 2026/045-П/ЮГ от 10.01.2026 с дополнительным соглашением № 3"


@pytest.fixture
def onec_data(fake_onec, client_org):
    today = timezone.localdate()
    inn = client_org.inn
    fake_onec.add_client(inn, client_org.name)

    def days(n: int):
        return today + timedelta(days=n)

    upd = fake_onec.add_document(inn, "Closing", days(-3), number="12/3", type="УПД")
    fake_onec.add_shipment(inn, days(-3), number="12/3", status="Delivered", document_ids=[upd.id], shipment_id="s1")
    invoice = fake_onec.add_document(inn, "Invoice", days(-20), number=LONG_NUMBER, amount="1250000.00")
    order = fake_onec.add_order(
        inn, days(-20), number=LONG_NUMBER, status=OrderStatus.PARTLY_SHIPPED, planned_date=days(9),
        paid="250000.00", contract=LONG_CONTRACT, shipment_ids=["s1"], invoice_ids=[invoice.id],
        order_id="ЗК/2026/12345",
        lines=[
            order_line(1, LONG_PRODUCT, "10.000", shipped="10.000", price="95000.00", unit="т"),
            order_line(2, "Мертель МШ-39", "2.500", shipped="1", price="18000.00", unit="т"),
            order_line(3, "Бетон огнеупорный", "3", price="42000.00", unit="м³"),
            order_line(4, "Плита МКРП-340", "1200", shipped="1200", price="350.00", unit="шт"),
        ],
    )  # fmt: skip
    fake_onec.add_order(inn, days(-2), number="ЗК-31/26", status="OnHold")  # a word 1C may add
    fake_onec.add_order(inn, days(-40), number="ЗК-7/26", status=OrderStatus.CLOSED)
    fake_onec.add_order(inn, days(-1), number="ЗК-40/26", status=OrderStatus.ACCEPTED, planned_date=days(30))
    return {"order": order}


def check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    axe_check(page)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_orders_fit_and_are_accessible(new_page, client_org, password, onec_data, fake_onec, language, viewport):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)

    page.goto("/")
    expect(page.locator("#orders-panel .orders-panel-list li")).to_have_count(3)
    expect(page.locator("#orders-panel h2")).to_have_text(
        {"ru": "Заказы в работе", "en": "Orders in progress"}[language]
    )
    check(page, viewport)

    open_sections(page)
    page.locator(".cabinet-nav a[href='/orders/']:visible").click()
    page.wait_for_load_state()
    expect(page.locator(".orders-table tbody tr")).to_have_count(4)
    expect(page.locator(".orders-table th").nth(1)).to_have_text({"ru": "Дата", "en": "Date"}[language])
    expect(page.locator(".orders-table tbody tr").last).to_contain_text("ЗК-7/26")  # finished: last
    expect(page.locator(".orders-table .status").nth(1)).to_have_text("OnHold")  # as 1C wrote it
    check(page, viewport)

    page.get_by_role("link", name=LONG_NUMBER).click()
    page.wait_for_load_state()
    summary = {"ru": "Осталось отгрузить 2 из 4 позиций", "en": "2 of 4 items are still to ship"}[language]
    expect(page.locator(".order-summary")).to_contain_text(summary)
    expect(page.locator(".order-lines tbody tr")).to_have_count(4)
    left = {"ru": "1,5\u00a0т", "en": "1.5\u00a0т"}[language]  # 2.5 ordered, 1 shipped
    expect(page.locator(".order-lines tbody tr").nth(1)).to_contain_text(left)
    expect(page.locator(".order-shipments tbody tr")).to_have_count(1)
    expect(page.locator(".order-invoices a")).to_contain_text({"ru": "Скачать", "en": "Download"}[language])
    check(page, viewport)

    fake_onec.set_down()  # the last list, marked with its time; an order never opened cannot be shown
    long_ago = timezone.localdate() - timedelta(days=400)
    page.goto(f"/orders/?date_from={long_ago}&date_to={long_ago + timedelta(days=30)}")
    expect(page.locator(".alert-warning")).to_be_visible()
    expect(page.locator(".orders-table tbody tr")).to_have_count(3)  # the open ones
    check(page, viewport)
    page.goto("/orders/never-opened/")
    expect(page.locator(".alert-error")).to_be_visible()
    check(page, viewport)


def test_the_pack_and_the_invoice_download_from_the_orders_page(page, client_org, password, onec_data):
    login(page, client_org.inn, password)
    page.goto("/orders/")
    page.get_by_role("link", name=LONG_NUMBER).click()
    with page.expect_download() as pack:
        page.locator(".order-shipments a[href*='/pack/']").click()
    assert pack.value.suggested_filename.endswith(".zip")
    with page.expect_download() as invoice:
        page.locator(".order-invoices a").click()
    assert invoice.value.suggested_filename.endswith(".pdf")


def test_the_panel_says_not_available_on_a_base_without_orders(page, client_org, password, fake_onec):
    fake_onec.add_client(client_org.inn)
    fake_onec.set_version("1.1")
    login(page, client_org.inn, password)
    page.goto("/")
    expect(page.get_by_text("Информация о заказах пока недоступна")).to_be_visible()
    axe_check(page)


@pytest.mark.parametrize("width", [641, 800])
def test_the_tables_fit_between_phone_and_desktop(new_page, client_org, password, onec_data, width):
    page = new_page({"width": width, "height": 900})
    login(page, client_org.inn, password)
    for address in ("/orders/", "/orders/ЗК/2026/12345/"):
        page.goto(address)
        expect(page.locator("h1")).to_be_visible()
        assert_fits(page, width)

"""Paying open invoices in a real browser (issue 23), at desktop and 360 px, in Russian and English:
ticking two invoices, the account entered once (a wrong key refused with the form's message, then
a right one), back to the same ticks, the payment-order file downloaded and read as Windows-1251,
the QR page with its image, printable without the header; axe clean and fitting at each step."""

import re
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.documents.models import DocumentDownload
from apps.onec.client import OpenInvoice
from apps.payments.exchange import payment_orders_file_name
from tests.cabinet.test_payments import PAYER, WRONG_KEY, use_payee
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.test_phone_layout import assert_fits, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NUMBER = "ПК-2026/000012345/ОГНЕУПОР-ПОДОЛЬСК-ФИЛИАЛ-ЮГ"


@pytest.fixture
def to_pay(fake_onec, client_org, settings):
    """Three open invoices (one overdue with a long number, one partly paid); the payee is set."""
    use_payee(settings)
    today = timezone.localdate()

    def days(n: int):
        return today + timedelta(days=n)

    fake_onec.add_client(client_org.inn, client_org.name)
    invoices = [
        OpenInvoice("i1", LONG_NUMBER, days(-40), days(-10), Decimal(1250000), Decimal(250000), Decimal("208333.33")),
        OpenInvoice("i2", "ПК-31/26", days(-5), days(9), Decimal("49000.50"), Decimal(0)),
        OpenInvoice("i3", "ПК-32/26", days(-2), days(12), Decimal(7000), Decimal(0), Decimal("1166.67")),
    ]
    fake_onec.set_settlements(client_org.inn, "1056000.50", overdue="1000000.00", open_invoices=invoices)
    return invoices


def check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    axe_check(page)


def ticks(page: Page):
    return page.locator(".invoices-table input[type=checkbox][name=invoice]")


def download_orders(page: Page) -> tuple[str, str]:
    """Press «Скачать платёжные поручения»; the file's suggested name and its text as Windows-1251."""
    with page.expect_download() as download:
        page.locator(".payment-actions button[type=submit]").click()
    path = Path(download.value.path())
    return download.value.suggested_filename, path.read_bytes().decode("cp1251")


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_tick_enter_the_account_once_download_and_open_a_qr(new_page, client_org, password, to_pay, language, viewport):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)

    page.goto("/settlements/")
    expect(ticks(page)).to_have_count(3)
    check(page, viewport)
    ticks(page).nth(0).check()  # the overdue one comes first
    ticks(page).nth(1).check()
    page.locator(".payment-actions button[type=submit]").click()

    # No account yet: the form, with the two ticks riding along.
    expect(page).to_have_url(re.compile(r"/settlements/payer-account/\?invoice=i1&invoice=i2$"))
    expect(page.locator("input[type=hidden][name=invoice]")).to_have_count(2)
    check(page, viewport)
    page.locator("input[name=account]").fill(WRONG_KEY)
    page.locator("input[name=bic]").fill(PAYER["bic"])
    page.locator("form button[type=submit].primary").click()
    expect(page.locator(".field-error")).to_be_visible()
    expect(page.locator("input[name=account]")).to_have_value(WRONG_KEY)
    expect(page.locator("input[name=account]")).to_have_attribute("aria-invalid", "true")
    check(page, viewport)
    page.locator("input[name=account]").fill(PAYER["account"])
    page.locator("form button[type=submit].primary").click()

    # Back at the invoices, the same two ticked: one press makes the file.
    expect(page).to_have_url(re.compile(r"/settlements/\?invoice=i1&invoice=i2(#invoices-title)?$"))
    expect(page.locator(".message-success")).to_be_visible()
    expect(ticks(page).nth(0)).to_be_checked()
    expect(ticks(page).nth(1)).to_be_checked()
    expect(ticks(page).nth(2)).not_to_be_checked()
    check(page, viewport)
    name, text = download_orders(page)
    assert name == payment_orders_file_name(timezone.localdate())
    assert text.count("СекцияДокумент=") == 2
    assert "Сумма=1000000.00" in text and "Сумма=49000.50" in text and "ПК-32/26" not in text

    page.locator(".invoice-pay a").nth(1).click()
    expect(page.locator(".payment-qr h1")).to_contain_text("ПК-31/26")
    image = page.locator(".payment-qr-code img")
    expect(image).to_be_visible()
    page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    check(page, viewport)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(image).to_be_visible()
    page.emulate_media(media="screen")

    taken = list(DocumentDownload.objects.filter(client=client_org).values_list("what", flat=True))
    assert taken.count(DocumentDownload.What.PAYMENT_ORDERS) == 1
    assert DocumentDownload.What.PAYMENT_QR in taken


def test_nothing_ticked_says_so_and_the_account_once_entered_is_not_asked_again(page, client_org, password, to_pay):
    from apps.payments.services import payer_account_save

    payer_account_save(client=client_org, user=client_org.user, **PAYER)
    login(page, client_org.inn, password)
    page.goto("/settlements/")
    page.locator(".payment-actions button[type=submit]").click()
    expect(page.locator(".message-error")).to_contain_text("Отметьте счета")
    axe_check(page)
    ticks(page).nth(2).check()
    _name, text = download_orders(page)
    assert text.count("СекцияДокумент=") == 1 and "Сумма=7000.00" in text
    expect(page).to_have_url(re.compile(r"/settlements/$"))

"""Paying open invoices from «Взаиморасчёты» (issue 23): the ticks, one payment-order file for
the ticked invoices, the payer's account entered once, a QR page and image per invoice. Nothing
to pay from kept figures of an unreachable 1C or without the payee's settings, and only the
client's own open invoices, whatever the form says."""

from datetime import timedelta
from decimal import Decimal
from urllib.parse import urlencode

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header

from apps.documents.models import DocumentDownload
from apps.onec.client import OpenInvoice
from apps.payments.exchange import payment_orders_file_name
from apps.payments.models import PayerAccount
from apps.payments.purpose import payment_purpose
from apps.payments.services import payer_account_save

pytestmark = pytest.mark.django_db

# A payee and a payer whose accounts match their BICs by the Bank of Russia's key (weights 7, 1, 3).
PAYEE = {
    "PAYEE_NAME": 'АО "Подольскогнеупор"',
    "PAYEE_INN": "5036000557",
    "PAYEE_KPP": "503601001",
    "PAYEE_BANK_NAME": "ПАО Сбербанк",
    "PAYEE_BIC": "044525225",
    "PAYEE_ACCOUNT": "40702810200000012345",
    "PAYEE_CORR_ACCOUNT": "30101810400000000225",
}
PAYER = {
    "account": "40702810300000067890",
    "bic": "044525593",
    "bank_name": "АО «Альфа-Банк»",
    "corr_account": "30101810200000000593",
}
WRONG_KEY = "40702810000000067890"  # PAYER's account with another control digit


def use_payee(settings) -> None:
    for name, value in PAYEE.items():
        setattr(settings, name, value)


def open_invoice(invoice_id: str, number: str, *, ago: int, due_in: int, amount: str, paid: str = "0", vat=None):
    today = timezone.localdate()
    vat = None if vat is None else Decimal(vat)
    day, due = today - timedelta(days=ago), today + timedelta(days=due_in)
    return OpenInvoice(invoice_id, number, day, due, Decimal(amount), Decimal(paid), vat)


@pytest.fixture
def payee_set(settings):
    use_payee(settings)


@pytest.fixture
def invoices(fake_onec, client_org, outsider_org, payee_set):
    """Three open invoices of the owner (one partly paid, one with VAT, an id with a slash) and
    one of the outsider, whose id a forged form might send."""
    own = [
        open_invoice("inv/27", "ПК-27/26", ago=40, due_in=-10, amount="100000.00", paid="40000.00", vat="16666.67"),
        open_invoice("inv/31", "ПК-31/26", ago=5, due_in=9, amount="1000.50"),
        open_invoice("inv/32", "ПК-32/26", ago=2, due_in=12, amount="49000.00", vat="8166.67"),
    ]
    fake_onec.set_settlements(client_org.inn, "110000.50", open_invoices=own)
    fake_onec.set_settlements(
        outsider_org.inn, "5000.00", open_invoices=[open_invoice("out/1", "ЧУЖОЙ-1", ago=3, due_in=7, amount="5000")]
    )
    return {invoice.id: invoice for invoice in own}


@pytest.fixture
def payer(client_org):
    return payer_account_save(client=client_org, user=client_org.user, **PAYER)


def orders(http, ids, **extra):
    return http.post(reverse("cabinet:payment_orders"), {"invoice": ids}, **extra)


def qr_urls(invoice_id: str) -> list[str]:
    return [reverse(name, args=[invoice_id]) for name in ("cabinet:payment_qr", "cabinet:payment_qr_png")]


def settlements_html(http, query: str = "") -> str:
    return http.get(reverse("cabinet:settlements") + query).content.decode()


def went_stale(fake_onec) -> time_machine.travel:
    """1C down once the kept figures are no longer fresh: the page shows them, marked with their time."""
    fake_onec.set_down()
    return time_machine.travel(timezone.now() + timedelta(minutes=10), tick=False)


# --- The settlements page --------------------------------------------------------------------


def test_each_open_invoice_can_be_ticked_and_has_its_qr_link(logged_in, invoices):
    html = settlements_html(logged_in)
    assert html.count('type="checkbox" name="invoice"') == 3
    assert 'value="inv/27"' in html and "ЧУЖОЙ" not in html
    assert f'action="{reverse("cabinet:payment_orders")}"' in html
    assert "Скачать платёжные поручения" in html
    for invoice_id in invoices:
        assert f'href="{qr_urls(invoice_id)[0]}"' in html
    assert f'href="{reverse("cabinet:payer_account")}"' in html  # enter the account, before the first file


def test_ticks_come_back_from_the_query(logged_in, invoices):
    html = settlements_html(logged_in, "?" + urlencode([("invoice", "inv/31"), ("invoice", "inv/32")]))
    assert html.count(" checked aria-label=") == 2
    assert 'value="inv/31" id="pay-2" checked' in html


def test_without_the_payee_settings_nothing_to_pay_is_shown_and_the_urls_are_404(logged_in, invoices, settings, payer):
    for name in PAYEE:
        setattr(settings, name, "")
    html = settlements_html(logged_in)
    assert "ПК-27/26" in html  # the invoices are still listed
    assert 'name="invoice"' not in html and "Скачать платёжные поручения" not in html
    assert reverse("cabinet:payer_account") not in html and "/qr/" not in html
    assert orders(logged_in, ["inv/27"]).status_code == 404
    assert logged_in.get(reverse("cabinet:payer_account")).status_code == 404
    assert all(logged_in.get(url).status_code == 404 for url in qr_urls("inv/27"))
    assert not DocumentDownload.objects.exists()


def test_kept_figures_of_an_unreachable_1c_offer_nothing_to_pay(logged_in, invoices, payer, fake_onec):
    settlements_html(logged_in)  # the figures are kept
    with went_stale(fake_onec):
        html = settlements_html(logged_in)
        assert "Сервис 1С временно недоступен" in html and "ПК-27/26" in html
        assert 'name="invoice"' not in html and "Скачать платёжные поручения" not in html and "/qr/" not in html
        responses = [orders(logged_in, ["inv/27"])] + [logged_in.get(url) for url in qr_urls("inv/27")]
    for response in responses:
        assert response.status_code == 302 and response["Location"] == reverse("cabinet:settlements")
    page = logged_in.get(reverse("cabinet:settlements")).content.decode()
    assert "Сейчас нет свежих данных из 1С о неоплаченных счетах" in page
    assert not DocumentDownload.objects.exists()


def test_with_1c_down_and_nothing_kept_the_urls_go_back_with_a_message(logged_in, invoices, payer, fake_onec):
    fake_onec.set_down()
    for response in [orders(logged_in, ["inv/27"])] + [logged_in.get(url) for url in qr_urls("inv/27")]:
        assert response.status_code == 302 and response["Location"] == reverse("cabinet:settlements")
    assert not DocumentDownload.objects.exists()


# --- The payment-order file ------------------------------------------------------------------


def test_the_file_has_a_payment_order_per_ticked_invoice_for_what_is_still_due(logged_in, invoices, payer, client_org):
    response = orders(logged_in, ["inv/27", "inv/31"])
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=windows-1251"
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode("cp1251")
    assert text.startswith("1CClientBankExchange")
    assert text.count("СекцияДокумент=") == 2
    assert "Сумма=60000.00" in text and "Сумма=1000.50" in text  # Amount − Paid
    assert "ПК-27/26" in text and "ПК-31/26" in text and "ПК-32/26" not in text
    assert PAYER["account"] in text and PAYEE["PAYEE_ACCOUNT"] in text and client_org.inn in text


def test_the_file_is_named_by_the_day_and_recorded_in_the_journal(logged_in, invoices, payer, client_org):
    response = orders(logged_in, ["inv/32"])
    name = payment_orders_file_name(timezone.localdate())
    assert response["Content-Disposition"] == content_disposition_header(as_attachment=True, filename=name)
    entry = DocumentDownload.objects.get(client=client_org)
    assert entry.what == DocumentDownload.What.PAYMENT_ORDERS
    assert (entry.title, entry.size, entry.user) == (name, len(response.content), client_org.user)


def test_nothing_ticked_goes_back_with_a_message(logged_in, invoices, payer):
    response = orders(logged_in, [], follow=True)
    assert "Отметьте счета, по которым нужны платёжные поручения." in response.content.decode()
    assert not DocumentDownload.objects.exists()


def test_another_organisations_invoice_never_reaches_the_file(logged_in, invoices, payer):
    response = orders(logged_in, ["inv/27", "out/1"])
    assert response.status_code == 302  # refused, the own invoice still ticked
    assert response["Location"] == reverse("cabinet:settlements") + "?invoice=inv%2F27#invoices-title"
    html = logged_in.get(response["Location"]).content.decode()
    assert "Часть отмеченных счетов уже не числится неоплаченной" in html
    assert 'value="inv/27" id="pay-1" checked' in html
    assert orders(logged_in, ["out/1"]).status_code == 302
    assert not DocumentDownload.objects.exists()


def test_ids_sent_twice_make_one_order(logged_in, invoices, payer):
    text = orders(logged_in, ["inv/31", "inv/31"]).content.decode("cp1251")
    assert text.count("СекцияДокумент=") == 1


# --- The payer's account ---------------------------------------------------------------------


def test_without_an_account_the_download_leads_to_it_and_back_to_the_ticks(logged_in, invoices, client_org):
    response = orders(logged_in, ["inv/27", "inv/31"])
    ticks = "?invoice=inv%2F27&invoice=inv%2F31"
    assert response["Location"] == reverse("cabinet:payer_account") + ticks
    form = logged_in.get(response["Location"]).content.decode()
    assert "Укажите расчётный счёт вашей организации" in form
    assert '<input type="hidden" name="invoice" value="inv/27">' in form
    saved = logged_in.post(reverse("cabinet:payer_account"), {**PAYER, "invoice": ["inv/27", "inv/31"]})
    assert saved["Location"] == reverse("cabinet:settlements") + ticks + "#invoices-title"
    account = PayerAccount.objects.get(client=client_org)
    assert (account.account, account.bic, account.updated_by) == (PAYER["account"], PAYER["bic"], client_org.user)
    html = settlements_html(logged_in, ticks)
    assert "Расчётный счёт сохранён." in html and 'value="inv/31" id="pay-2" checked' in html
    assert orders(logged_in, ["inv/27", "inv/31"]).status_code == 200


def test_a_wrong_account_key_is_refused_and_what_was_typed_is_kept(logged_in, invoices):
    response = logged_in.post(reverse("cabinet:payer_account"), {**PAYER, "account": WRONG_KEY})
    assert response.status_code == 200
    assert response.context["form"].errors["account"]
    html = response.content.decode()
    assert f'value="{WRONG_KEY}"' in html and 'aria-invalid="true"' in html
    assert "Проверьте поля формы." in html
    assert not PayerAccount.objects.exists()


def test_the_account_is_shown_and_can_be_changed(logged_in, invoices, payer, client_org):
    form = logged_in.get(reverse("cabinet:payer_account")).content.decode()
    assert f'value="{PAYER["account"]}"' in form and f'value="{PAYER["bic"]}"' in form
    new = {"account": "40702810200000012345", "bic": "044525225", "bank_name": "", "corr_account": ""}
    assert logged_in.post(reverse("cabinet:payer_account"), new).status_code == 302
    assert PayerAccount.objects.get(client=client_org).account == new["account"]
    assert new["account"] in settlements_html(logged_in)


# --- The QR code -----------------------------------------------------------------------------


def test_the_qr_page_shows_the_payee_the_amount_due_and_the_purpose(logged_in, invoices):
    response = logged_in.get(qr_urls("inv/27")[0])
    assert response.status_code == 200
    html = response.content.decode()
    assert f'src="{qr_urls("inv/27")[1]}"' in html
    assert "60\xa0000,00\xa0₽" in html  # 100 000 − 40 000
    assert PAYEE["PAYEE_INN"] in html and PAYEE["PAYEE_BIC"] in html and PAYEE["PAYEE_ACCOUNT"] in html
    assert response.context["purpose"] == payment_purpose(invoices["inv/27"])
    assert "ПК-27/26" in html
    assert not DocumentDownload.objects.exists()  # the page is not the QR: the image is


def test_the_qr_image_is_a_private_png_and_each_one_served_is_journaled(logged_in, invoices, client_org):
    for _time in range(2):
        response = logged_in.get(qr_urls("inv/31")[1])
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert response.content.startswith(b"\x89PNG") and response["Cache-Control"] == "private, no-store"
    entries = DocumentDownload.objects.filter(client=client_org, what=DocumentDownload.What.PAYMENT_QR)
    assert entries.count() == 2
    entry = entries.first()
    assert entry.document_id == "inv/31" and "ПК-31/26" in entry.title and entry.user == client_org.user


def test_another_organisations_invoice_in_the_qr_urls_is_404(logged_in, invoices):
    for invoice_id in ("out/1", "inv/99"):
        assert [logged_in.get(url).status_code for url in qr_urls(invoice_id)] == [404, 404]
    assert not DocumentDownload.objects.exists()

"""Paying open invoices from «Взаиморасчёты» (issue 23): one payment-order file for the bank's
client, the payer's account it needs (entered once), and a payment QR code per invoice.

Only the client's own open invoices, as `settlements_for_client` reads them, are paid: the ticked
ids are looked up there, nothing else is taken from the form. Only fresh figures are paid from:
with 1C down the page shows the kept ones but offers nothing to pay. Without the payee's
settings every URL here is a 404, as if the feature did not exist.
"""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.cabinet.decorators import client_required
from apps.clients.roles import Can
from apps.documents.downloads import record_download
from apps.documents.models import DocumentDownload
from apps.payments.exchange import payment_orders_file, payment_orders_file_name
from apps.payments.forms import PayerAccountForm
from apps.payments.models import PayerAccount
from apps.payments.payee import Payee, payee
from apps.payments.purpose import payment_purpose
from apps.payments.qr import qr_payload, qr_png
from apps.payments.selectors import payer_account_for_client
from apps.payments.services import payer_account_save
from apps.settlements.selectors import InvoiceRow, SettlementsState, settlements_for_client

NOTHING_TICKED = _("Отметьте счета, по которым нужны платёжные поручения.")
NOT_FRESH = _(
    "Сейчас нет свежих данных из 1С о неоплаченных счетах, поэтому оплату подготовить нельзя. Попробуйте позже."
)
NOT_OPEN = _("Часть отмеченных счетов уже не числится неоплаченной. Проверьте отметки и скачайте поручения ещё раз.")
ENTER_ACCOUNT = _("Укажите расчётный счёт вашей организации: он нужен для платёжных поручений.")
ACCOUNT_SAVED = _("Расчётный счёт сохранён.")
CP1251_TEXT = "text/plain; charset=windows-1251"
MAX_IDS = 500  # far more than a person ticks; a longer list is not from our page
NO_STORE = "private, no-store"


@dataclass(frozen=True)
class PaymentOffer:
    """What the settlements page offers for payment: the payer's account (None until entered)
    and the invoices ticked before (kept in the query across the account page)."""

    payer: PayerAccount | None
    ticked: frozenset[str]


def payable_rows(state: SettlementsState) -> list[InvoiceRow] | None:
    """The invoices one may pay now; None when the figures are missing or kept from an unreachable 1C."""
    if state.settlements is None or state.problem:
        return None
    return [row for row in state.invoices if row.outstanding > 0]


def payment_offer(*, client, state: SettlementsState, query) -> PaymentOffer | None:
    """None: nothing to offer (no payee settings, or figures not fresh), so no checkbox, button or QR."""
    if payee() is None or payable_rows(state) is None:
        return None
    return PaymentOffer(payer=payer_account_for_client(client=client), ticked=frozenset(_ticked(query)))


def _payee_or_404() -> Payee:
    found = payee()
    if found is None:
        raise Http404
    return found


def _ticked(data) -> list[str]:
    """The ticked invoice ids, once each, in the order sent."""
    ids = [value for value in data.getlist("invoice")[:MAX_IDS] if value and len(value) <= 100]
    return list(dict.fromkeys(ids))


def _with_ticks(url_name: str, ids, anchor: str = "") -> str:
    query = urlencode([("invoice", value) for value in ids])
    return reverse(url_name) + (f"?{query}" if query else "") + anchor


def _back(ids=()) -> str:
    return _with_ticks("cabinet:settlements", ids, "#invoices-title" if ids else "")


@client_required(can=Can.SETTLEMENTS)
@require_POST
def payment_orders(request, *, client):
    """The ticked invoices as one 1CClientBankExchange file, a payment order for what is still due on each."""
    the_payee = _payee_or_404()
    ids = _ticked(request.POST)
    rows = payable_rows(settlements_for_client(client=client))
    if rows is None:
        messages.error(request, NOT_FRESH)
        return redirect(_back())
    if not ids:
        messages.error(request, NOTHING_TICKED)
        return redirect(_back())
    by_id = {row.invoice.id: row.invoice for row in rows}
    chosen = [by_id[value] for value in ids if value in by_id]
    if len(chosen) < len(ids):  # paid meanwhile, or an id that was never this client's
        messages.error(request, NOT_OPEN)
        return redirect(_back([invoice.id for invoice in chosen]))
    payer = payer_account_for_client(client=client)
    if payer is None:
        messages.info(request, ENTER_ACCOUNT)
        return redirect(_with_ticks("cabinet:payer_account", ids))
    on = timezone.localdate()
    data = payment_orders_file(client=client, payer=payer, payee=the_payee, invoices=chosen, on=on)
    name = payment_orders_file_name(on)
    record_download(
        client=client, user=request.user, what=DocumentDownload.What.PAYMENT_ORDERS, title=name, size=len(data)
    )
    response = HttpResponse(data, content_type=CP1251_TEXT)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    response["Cache-Control"] = NO_STORE
    return response


@client_required(can=Can.SETTLEMENTS)
def payer_account(request, *, client):
    """The organisation's settlement account and BIC, entered once for every payment order; the
    ticked invoices ride along in the query and come back ticked."""
    _payee_or_404()
    current = payer_account_for_client(client=client)
    ids = _ticked(request.POST if request.method == "POST" else request.GET)
    if request.method == "POST":
        form = PayerAccountForm(request.POST)
        if form.is_valid():
            payer_account_save(client=client, user=request.user, **form.cleaned_data)
            messages.success(request, ACCOUNT_SAVED)
            return redirect(_back(ids))
    else:
        fields = ("account", "bic", "bank_name", "corr_account")
        form = PayerAccountForm(initial={name: getattr(current, name) for name in fields} if current else None)
    context = {"client": client, "form": form, "current": current, "ticked": ids, "back": _back(ids)}
    return render(request, "cabinet/payments_payer_account.html", context)


def _invoice_to_pay(request, client, invoice_id: str) -> InvoiceRow | None:
    """The client's own open invoice by id (404 for any other id); None, with a message, when the
    figures are not fresh enough to pay from."""
    state = settlements_for_client(client=client)
    if state.settlements is None:
        messages.error(request, NOT_FRESH)
        return None
    row = next((row for row in state.invoices if row.invoice.id == invoice_id and row.outstanding > 0), None)
    if row is None:
        raise Http404
    if state.problem:
        messages.error(request, NOT_FRESH)
        return None
    return row


@client_required(can=Can.SETTLEMENTS)
def payment_qr(request, invoice_id: str, *, client):
    """A printable page: the QR code, the payee, the amount still due and the purpose."""
    the_payee = _payee_or_404()
    row = _invoice_to_pay(request, client, invoice_id)
    if row is None:
        return redirect(_back())
    context = {
        "client": client,
        "payee": the_payee,
        "row": row,
        "purpose": payment_purpose(row.invoice),
        "back": _back(),
    }
    return render(request, "cabinet/payments_qr.html", context)


@client_required(can=Can.SETTLEMENTS)
def payment_qr_png(request, invoice_id: str, *, client):
    """The QR image itself; each one served is a QR taken, so it goes into the download journal."""
    the_payee = _payee_or_404()
    row = _invoice_to_pay(request, client, invoice_id)
    if row is None:
        return redirect(_back())
    data = qr_png(qr_payload(payee=the_payee, invoice=row.invoice, client=client))
    record_download(
        client=client,
        user=request.user,
        what=DocumentDownload.What.PAYMENT_QR,
        title=_qr_title(row),
        document_id=row.invoice.id,
        size=len(data),
    )
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = NO_STORE
    return response


def _qr_title(row: InvoiceRow) -> str:
    # The journal's title is read by staff in Russian, like the other entries' file names.
    return f"QR-код для оплаты счёта № {row.invoice.number} от {row.invoice.date:%d.%m.%Y}"

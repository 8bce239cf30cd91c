"""Contract v1.1 answers computed from the ledger: settlements, shipments, changed documents.

Settlements follow the reconciliation act: the balance is shipments (debit) less payments
(credit) up to the day, so it equals the act's closing balance for a period ending that day.
"""

import uuid
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from apps.onec.emulator.data import MOSCOW, Document, Ledger, Profile, ShipmentRecord, profile_of

_WORKDAY = 9 * 3600  # documents are created within nine hours of the working day's start
VAT_RATE = Decimal(20)  # percent, included in the invoice's amount


@dataclass(frozen=True)
class OpenInvoiceRow:
    invoice: Document
    due_date: date
    paid: Decimal
    vat: Decimal | None  # contract v1.2: the VAT included in the amount; None: «Без НДС»


@dataclass(frozen=True)
class SettlementsRow:
    balance: Decimal
    overdue: Decimal
    credit_limit: Decimal | None
    open_invoices: list[OpenInvoiceRow]


def settlements(ledger: Ledger, inn: str, on_date: date) -> SettlementsRow:
    profile = profile_of(inn)
    with ledger._lock:
        documents = [d for d in ledger.documents.values() if d.inn == inn and d.date <= on_date]
        paid_by_invoice = {d.id: list(ledger.invoice_payments.get(d.id, ())) for d in documents}
        payments = list(ledger.payments.get(inn, ()))
    debit = sum((d.amount for d in documents if d.kind == "Closing"), Decimal("0.00"))
    credit = sum((amount for day, _, amount in payments if day <= on_date), Decimal("0.00"))
    open_invoices = []
    for invoice in sorted((d for d in documents if d.kind == "Invoice"), key=lambda d: (d.date, d.number)):
        paid = sum((amount for day, amount in paid_by_invoice[invoice.id] if day <= on_date), Decimal("0.00"))
        if paid < invoice.amount:
            due = invoice.date + timedelta(days=profile.due_days)
            open_invoices.append(OpenInvoiceRow(invoice, due, paid, vat_of(profile, invoice.amount)))
    overdue = sum((o.invoice.amount - o.paid for o in open_invoices if o.due_date < on_date), Decimal("0.00"))
    return SettlementsRow(debit - credit, overdue, profile.credit_limit, open_invoices)


def vat_of(profile: Profile, amount: Decimal) -> Decimal | None:
    """The VAT included in `amount` at 20 %, to the kopeck, as 1C rounds it; None: «Без НДС»."""
    if not profile.vat:
        return None
    return (amount * VAT_RATE / (100 + VAT_RATE)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def shipments(ledger: Ledger, inn: str, date_from: date, date_to: date) -> list[ShipmentRecord]:
    found = [s for s in ledger.shipments.get(inn, ()) if date_from <= s.date <= date_to]
    return sorted(found, key=lambda s: (s.date, s.number))


def created_at(document: Document) -> datetime:
    """When 1C created the document: its date plus a few hours, fixed by its id."""
    seconds = uuid.UUID(document.id).int % _WORKDAY
    return datetime.combine(document.date, time(8, 30), MOSCOW) + timedelta(seconds=seconds)


def changes(ledger: Ledger, since: datetime, limit: int, kinds: tuple[str, ...]) -> list[tuple[datetime, Document]]:
    """Documents created or reprinted after `since`, oldest first, at most `limit`."""
    index = _index(ledger)
    start = bisect_right([moment for moment, _ in index], since)
    return [(moment, d) for moment, d in index[start:] if d.kind in kinds][: max(limit, 0)]


def _index(ledger: Ledger) -> list[tuple[datetime, Document]]:
    """Every document at its latest change, in order. Times are made unique (a second apart at
    least), so a page that ends at `Until` never splits documents changed at the same moment."""
    with ledger._lock:
        if ledger._changes is not None:
            return ledger._changes
        moments = [(ledger.reprints.get(d.id) or created_at(d), d.id, d) for d in ledger.documents.values()]
    index, previous = [], None
    for moment, _, document in sorted(moments, key=lambda row: row[:2]):
        if previous is not None and moment <= previous:
            moment = previous + timedelta(seconds=1)
        index.append((moment, document))
        previous = moment
    with ledger._lock:
        ledger._changes = index
    return index


def last_change(ledger: Ledger) -> datetime | None:
    """The moment of the latest change ListChangedDocuments reports (it may lie later today)."""
    index = _index(ledger)
    return index[-1][0] if index else None

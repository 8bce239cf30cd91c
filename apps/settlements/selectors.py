"""A client's settlements with the manufacturer, read from 1C and kept a few minutes per client.

Every page that shows them (the home panel, the full page, the XLSX) reads through
`settlements_for_client`, so opening the home page and then the invoices costs one 1C call.
The figures are kept longer than they are fresh: when 1C is down the client still sees the
last ones, marked with the time they were taken.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from apps.clients.models import Client
from apps.core.fresh import is_fresh
from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError, OpenInvoice, Settlements
from apps.onec.problems import onec_problem

FRESH_SECONDS = 5 * 60  # «a few minutes»: a balance does not change faster than a client pays
KEEP_SECONDS = 7 * 24 * 3600  # how long the last figures stand in for an unreachable 1C


@dataclass(frozen=True)
class InvoiceRow:
    invoice: OpenInvoice
    outstanding: Decimal
    days_overdue: int


@dataclass(frozen=True)
class SettlementsState:
    """What the page shows: the figures (None if there are none to show), when 1C gave them,
    and why they are not fresh ("" when they are)."""

    settlements: Settlements | None
    fetched_at: datetime | None
    problem: str = ""

    @property
    def balance_kind(self) -> str:
        """The wording's case: "debt" (the client owes), "prepaid" (we owe the client) or "none"."""
        balance = self.settlements.balance
        return "debt" if balance > 0 else "prepaid" if balance < 0 else "none"

    @property
    def balance_amount(self) -> Decimal:
        return abs(self.settlements.balance)

    @property
    def credit_left(self) -> Decimal | None:
        """What is left of the credit limit after the debt (never below zero); None: no limit."""
        limit = self.settlements.credit_limit
        if limit is None:
            return None
        return max(limit - max(self.settlements.balance, Decimal(0)), Decimal(0))

    @property
    def credit_exceeded(self) -> bool:
        limit = self.settlements.credit_limit
        return limit is not None and self.settlements.balance > limit

    @property
    def invoices(self) -> list[InvoiceRow]:
        """Open invoices, the most overdue first, each with its days overdue on the data's date."""
        on = self.settlements.on_date
        rows = [InvoiceRow(inv, inv.outstanding, inv.days_overdue(on)) for inv in self.settlements.open_invoices]
        return sorted(rows, key=lambda row: (row.invoice.due_date, row.invoice.date, row.invoice.number))

    @property
    def overdue_count(self) -> int:
        return sum(1 for row in self.invoices if row.days_overdue > 0)


def _key(client: Client) -> str:
    return f"settlements:v1:{client.pk}"


def settlements_for_client(*, client: Client, refresh: bool = False, today: date | None = None) -> SettlementsState:
    """The client's settlements: from the cache while fresh, else (or when `refresh`) from 1C.

    1C unreachable: the last figures, if any, with problem "unavailable". Any other failure
    (v1.0 base, client unknown to 1C) shows no figures: they would no longer be true.
    """
    kept = cache.get(_key(client))
    if kept and not refresh and is_fresh(kept["at"], FRESH_SECONDS):
        return SettlementsState(kept["data"], kept["at"])
    try:
        data = get_onec_client().get_settlements(client.inn, today or timezone.localdate())
    except OneCError as error:
        problem = onec_problem(error)
        if problem == "unavailable" and kept:
            return SettlementsState(kept["data"], kept["at"], problem)
        return SettlementsState(None, None, problem)
    now = timezone.now()
    cache.set(_key(client), {"data": data, "at": now}, timeout=KEEP_SECONDS)
    return SettlementsState(data, now)

"""A client's orders, read from 1C and kept a few minutes per client.

The list (every open order, and the finished ones of a period) is kept fresh for a few minutes
per client and period, so the home panel, the list and paging back cost one 1C call; the last
list is kept longer, and shown with the time it was taken while 1C is down. An order's page asks
1C for that order with the client's own INN, so an id that is not the client's is 1C's
DOCUMENT_NOT_FOUND, whatever the id in the URL says.
"""

import hashlib
from dataclasses import dataclass, replace
from datetime import date, datetime

from django.core.cache import cache
from django.utils import timezone

from apps.clients.models import Client
from apps.core.fresh import fresh_get, fresh_set, is_fresh
from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError, OneCErrorKind, Order
from apps.onec.problems import onec_problem
from apps.shipments.selectors import default_shipment_period

FRESH_SECONDS = 5 * 60  # an order moves in days; a client paging back and forth waits for nothing
KEEP_SECONDS = 7 * 24 * 3600  # how long the last list and orders stand in for an unreachable 1C
MAX_ID_LENGTH = 100  # 1C's ids are GUIDs or numbers; a longer one is no order, 1C is not asked


def default_order_period(today: date | None = None) -> tuple[date, date]:
    """The finished orders of the last three months (open ones come whatever their date): the
    shipments page's default, so the two pages show the same months."""
    return default_shipment_period(today)


def orders_sorted(orders: list[Order]) -> list[Order]:
    """Open orders first, then the finished ones; newest first within each."""
    newest_first = sorted(orders, key=lambda o: (o.date, o.number), reverse=True)
    return sorted(newest_first, key=lambda o: not o.is_open)


@dataclass(frozen=True)
class OrdersState:
    """What the list shows: the orders (None when there are none to show), when 1C gave them,
    why they are not fresh ("" when they are), and — for a kept list of another period — the
    period its finished orders are of."""

    orders: list[Order] | None
    fetched_at: datetime | None
    problem: str = ""
    kept_period: tuple[date, date] | None = None

    @property
    def open_orders(self) -> list[Order]:
        return [o for o in self.orders or () if o.is_open]


def _key(client: Client, *parts: str) -> str:
    # The INN is in the key as well as the id: a client whose INN was corrected sees no old list.
    return ":".join(("orders:v1", str(client.pk), client.inn, *parts))


def _period_key(client: Client, date_from: date, date_to: date) -> str:
    return _key(client, "list", date_from.isoformat(), date_to.isoformat())


def orders_for_client(*, client: Client, date_from: date, date_to: date) -> OrdersState:
    """Every open order of the client and the finished ones dated inside the period."""
    fresh = cache.get(_period_key(client, date_from, date_to))
    if fresh is not None and is_fresh(fresh["at"], FRESH_SECONDS):
        return OrdersState(orders_sorted(fresh["orders"]), fresh["at"])
    try:
        orders = get_onec_client().list_orders(client.inn, date_from, date_to)
    except OneCError as error:
        problem = onec_problem(error)
        kept = cache.get(_key(client, "last")) if problem == "unavailable" else None
        if kept is None:
            return OrdersState(None, None, problem)
        return _kept_state(kept, date_from, date_to, problem)
    value = {"orders": orders, "at": timezone.now(), "period": (date_from, date_to)}
    cache.set(_period_key(client, date_from, date_to), value, FRESH_SECONDS)
    cache.set(_key(client, "last"), value, KEEP_SECONDS)
    return OrdersState(orders_sorted(orders), value["at"])


def _kept_state(kept: dict, date_from: date, date_to: date, problem: str) -> OrdersState:
    """The last list, whatever period it was asked for: its open orders stand, its finished ones
    only inside the period asked now (the page names the period they were taken for)."""
    if kept["period"] == (date_from, date_to):
        return OrdersState(orders_sorted(kept["orders"]), kept["at"], problem)
    orders = [o for o in kept["orders"] if o.is_open or date_from <= o.date <= date_to]
    return OrdersState(orders_sorted(orders), kept["at"], problem, kept_period=kept["period"])


@dataclass(frozen=True)
class OrderState:
    """One order's page: the order (None when 1C gave none to show), when 1C gave it, and why it
    is not fresh. An order taken from the kept list has no lines."""

    order: Order | None
    fetched_at: datetime | None
    problem: str = ""


def _order_key(client: Client, order_id: str, kind: str) -> str:
    # Any character may be in 1C's id; a cache key takes only some, and not too many.
    return _key(client, kind, hashlib.sha256(order_id.encode()).hexdigest())


def order_id_plausible(order_id: str) -> bool:
    return 0 < len(order_id) <= MAX_ID_LENGTH and order_id.isprintable()


def order_for_client(*, client: Client, order_id: str) -> OrderState | None:
    """The client's order with its lines, or None when it is not the client's (1C's answer,
    remembered a few minutes, or an id no order has). Other failures come back as a problem,
    with the order as last seen when 1C is down."""
    if not order_id_plausible(order_id):
        return None
    kept = cache.get(_order_key(client, order_id, "order"))
    if kept and is_fresh(kept["at"], FRESH_SECONDS):
        return OrderState(kept["order"], kept["at"])
    if fresh_get(_order_key(client, order_id, "missing"), FRESH_SECONDS):
        return None
    try:
        order = get_onec_client().get_order(client.inn, order_id)
    except OneCError as error:
        if error.kind == OneCErrorKind.DOCUMENT_NOT_FOUND:
            fresh_set(_order_key(client, order_id, "missing"), True, FRESH_SECONDS)
            return None
        return _order_failure(client, order_id, kept, onec_problem(error))
    now = timezone.now()
    cache.set(_order_key(client, order_id, "order"), {"order": order, "at": now}, KEEP_SECONDS)
    return OrderState(order, now)


def _order_failure(client: Client, order_id: str, kept: dict | None, problem: str) -> OrderState:
    if problem != "unavailable":
        return OrderState(None, None, problem)
    if kept:
        return OrderState(kept["order"], kept["at"], problem)
    listed = cache.get(_key(client, "last"))
    found = next((o for o in listed["orders"] if o.id == order_id), None) if listed else None
    if found is None:
        return OrderState(None, None, problem)
    return OrderState(replace(found, lines=()), listed["at"], problem)

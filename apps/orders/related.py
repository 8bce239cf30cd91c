"""What an order names by id — its shipments and invoices — found in the client's own lists.

1C gives an order its shipments' and invoices' ids only. They are looked up in the lists 1C gives
for the client's INN over a period that covers the order (from its date to today), so a
shipment's pack and an invoice's file are then fetched through the pages that already check
that a document is the client's own, with that same period.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.utils import timezone

from apps.clients.models import Client
from apps.onec.client import OneCError, Order
from apps.onec.problems import onec_problem
from apps.shipments.selectors import shipments_for_client
from apps.shipments.status import ShipmentRow, shipment_rows


def order_period(order: Order, today: date | None = None) -> tuple[date, date]:
    """From the order's date to today, no longer than a period the portal's forms accept (so a
    link with it passes their check); an order older than that is covered from its last year."""
    today = today or timezone.localdate()
    earliest = today - timedelta(days=settings.PERIOD_MAX_DAYS - 1)
    return min(max(order.date, earliest), today), today


@dataclass(frozen=True)
class OrderShipments:
    rows: list[ShipmentRow]
    missing: int  # ids 1C named that are not in the client's list for the period
    period: tuple[date, date]  # the list's: the order's period, on to its planned date
    problem: str = ""


def order_shipments(*, client: Client, order: Order, today: date | None = None) -> OrderShipments:
    """The order's shipments from the client's shipment list, in the order's order of ids.

    The list runs on to the order's planned date, so a wagon planned for next week is there too
    (it has no documents yet: nothing of it needs the period a link carries)."""
    start, end = order_period(order, today)
    period = (start, max(end, order.planned_date or end))
    if not order.shipment_ids:
        return OrderShipments([], 0, period)
    try:
        listed = shipments_for_client(client=client, date_from=start, date_to=period[1])
    except OneCError as error:
        return OrderShipments([], len(order.shipment_ids), period, onec_problem(error))
    by_id = {s.id: s for s in listed}
    found = [by_id[i] for i in order.shipment_ids if i in by_id]
    return OrderShipments(shipment_rows(found), len(order.shipment_ids) - len(found), period)

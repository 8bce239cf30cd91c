"""A client's shipments and certificates, read from 1C and kept a few minutes per client.

A shipment a client may download is always looked up in *that client's* own list
(fetched with the client's INN), never taken on the word of an id in a URL: another client's id
is simply not there.
"""

from datetime import date

from django.utils import timezone

from apps.clients.models import Client
from apps.core.fresh import fresh_get, fresh_set
from apps.onec.backend import get_onec_client
from apps.onec.client import Shipment

LIST_SECONDS = 5 * 60  # paging and downloading a pack reuse the list instead of asking 1C again


def default_shipment_period(today: date | None = None) -> tuple[date, date]:
    """The last three months through today: long enough for a wagon to arrive and be paid."""
    today = today or timezone.localdate()
    month, year = today.month - 3, today.year
    if month < 1:
        month, year = month + 12, year - 1
    for day in (today.day, 30, 29, 28):  # 31 May → 28/29 Feb: the last day the month has
        try:
            return date(year, month, day), today
        except ValueError:
            continue
    raise AssertionError("unreachable")


def shipments_for_client(*, client: Client, date_from: date, date_to: date) -> list[Shipment]:
    """Shipments dated inside the period, newest first. Raises OneCError."""
    key = f"shipments:v2:{client.pk}:{date_from.isoformat()}:{date_to.isoformat()}"
    found = fresh_get(key, LIST_SECONDS)
    if found is None:
        found = get_onec_client().list_shipments(client.inn, date_from, date_to)
        fresh_set(key, found, LIST_SECONDS)
    return sorted(found, key=lambda s: (s.date, s.number), reverse=True)


def shipment_for_client(*, client: Client, shipment_id: str, date_from: date, date_to: date) -> Shipment | None:
    """The client's own shipment of that period, or None. Raises OneCError."""
    shipments = shipments_for_client(client=client, date_from=date_from, date_to=date_to)
    return next((s for s in shipments if s.id == shipment_id), None)

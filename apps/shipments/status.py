"""A shipment's status as the client reads it. 1C may one day send a word the contract does not
name yet: it is shown as 1C wrote it rather than hidden or turned into an error."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.onec.client import Shipment, ShipmentStatus

_LABELS = {
    ShipmentStatus.PLANNED: _("Планируется"),
    ShipmentStatus.SHIPPED: _("Отгружена"),
    ShipmentStatus.DELIVERED: _("Доставлена"),
}
# The badge colours of portal.css: not yet gone, on the way, arrived.
_TONES = {ShipmentStatus.PLANNED: "warn", ShipmentStatus.SHIPPED: "wait", ShipmentStatus.DELIVERED: "ok"}


def status_label(status: str) -> str:
    return str(_LABELS.get(status, status))


def status_tone(status: str) -> str:
    return _TONES.get(status, "wait")


@dataclass(frozen=True)
class ShipmentRow:
    shipment: Shipment
    label: str
    tone: str


def shipment_rows(shipments: list[Shipment]) -> list[ShipmentRow]:
    return [ShipmentRow(s, status_label(s.status), status_tone(s.status)) for s in shipments]

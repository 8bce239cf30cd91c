"""An order's status as the client reads it. 1C may one day send a word the contract does not
name yet: it is shown as 1C wrote it rather than hidden or turned into an error."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.onec.client import Order, OrderStatus
from apps.orders.selectors import order_id_plausible

_LABELS = {
    OrderStatus.ACCEPTED: _("Принят"),
    OrderStatus.IN_PRODUCTION: _("В производстве"),
    OrderStatus.READY_TO_SHIP: _("Готов к отгрузке"),
    OrderStatus.PARTLY_SHIPPED: _("Частично отгружен"),
    OrderStatus.SHIPPED: _("Отгружен"),
    OrderStatus.CLOSED: _("Выполнен"),
    OrderStatus.CANCELLED: _("Отменён"),
}
# The badge colours of portal.css: being made (wait), waiting on the wagon (warn), gone (ok).
# A cancelled order is no error of the client's: it takes the neutral colour, its word says it.
_TONES = {
    OrderStatus.ACCEPTED: "wait",
    OrderStatus.IN_PRODUCTION: "wait",
    OrderStatus.READY_TO_SHIP: "warn",
    OrderStatus.PARTLY_SHIPPED: "warn",
    OrderStatus.SHIPPED: "ok",
    OrderStatus.CLOSED: "ok",
    OrderStatus.CANCELLED: "wait",
}


def status_label(status: str) -> str:
    return str(_LABELS.get(status, status))


def status_tone(status: str) -> str:
    return _TONES.get(status, "wait")


@dataclass(frozen=True)
class OrderRow:
    order: Order
    label: str
    tone: str

    @property
    def has_page(self) -> bool:
        """An id no order page would open (too long, a line break) is listed without a link."""
        return order_id_plausible(self.order.id)


def order_rows(orders: list[Order]) -> list[OrderRow]:
    return [OrderRow(o, status_label(o.status), status_tone(o.status)) for o in orders]

"""An order as the client reads it: quantities with their units, and one sentence saying what is
still to ship and when. Built in the language of the page that shows it."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.onec.client import Order, OrderLine, OrderStatus


def quantity_label(value: Decimal, unit: str = "") -> str:
    """«10 т», «2,5 т», «1 200 шт» (in English "2.5 т"): no trailing zeros, grouped by the
    language, the unit as 1C prints it and never on a line of its own."""
    number = number_format(value.normalize(), use_l10n=True, force_grouping=True)
    return f"{number}\u00a0{unit}" if unit else number


@dataclass(frozen=True)
class LineRow:
    line: OrderLine
    quantity: str
    shipped: str
    to_ship: str


def line_rows(order: Order) -> list[LineRow]:
    return [
        LineRow(
            line,
            quantity_label(line.quantity, line.unit),
            quantity_label(line.shipped, line.unit),
            quantity_label(line.to_ship, line.unit),
        )
        for line in sorted(order.lines, key=lambda line: line.line_no)
    ]


def order_summary(order: Order) -> str:
    """One sentence on what is left to ship: «Осталось отгрузить 2 из 5 позиций, плановая дата
    отгрузки 15.12.2026.», «Всё отгружено.», «Заказ отменён.»"""
    if order.status == OrderStatus.CANCELLED:
        return _("Заказ отменён.")
    left = sum(1 for line in order.lines if line.to_ship > 0)
    if (order.lines and not left) or (not order.lines and order.status == OrderStatus.SHIPPED):
        return _("Всё отгружено.")
    if order.status == OrderStatus.CLOSED:
        return _("Заказ выполнен.")
    planned = date_format(order.planned_date, "d.m.Y") if order.planned_date else ""
    if not order.lines:  # 1C sent it without lines: its planned date is what is known
        if planned:
            return _("Плановая дата отгрузки — %(date)s.") % {"date": planned}
        return _("Плановая дата отгрузки ещё не назначена.")
    values = {"left": left, "total": len(order.lines), "date": planned}
    # «из 5 позиций», «из 21 позиции»: the noun follows the total.
    if planned:
        text = ngettext(
            "Осталось отгрузить %(left)d из %(total)d позиции, плановая дата отгрузки %(date)s.",
            "Осталось отгрузить %(left)d из %(total)d позиций, плановая дата отгрузки %(date)s.",
            len(order.lines),
        )
    else:
        text = ngettext(
            "Осталось отгрузить %(left)d из %(total)d позиции, плановая дата отгрузки ещё не назначена.",
            "Осталось отгрузить %(left)d из %(total)d позиций, плановая дата отгрузки ещё не назначена.",
            len(order.lines),
        )
    return text % values

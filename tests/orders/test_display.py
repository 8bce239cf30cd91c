"""An order in words: quantities without trailing zeros, and the one sentence at the top of its page."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from apps.onec.client import Order, OrderStatus
from apps.onec.fake_orders import order_line
from apps.orders.display import line_rows, order_summary, quantity_label
from apps.orders.status import status_label, status_tone

NBSP = "\u00a0"


def make_order(lines, status=OrderStatus.IN_PRODUCTION, planned=date(2026, 12, 15)) -> Order:
    return Order("o1", "12", date(2026, 11, 1), status, planned, Decimal(0), Decimal(0), "", tuple(lines), (), ())


FIVE_TWO_LEFT = [
    order_line(1, "a", "10", shipped="10"),
    order_line(2, "b", "2.5", shipped="1"),
    order_line(3, "c", "4", shipped="4"),
    order_line(4, "d", "3"),
    order_line(5, "e", "1", shipped="1"),
]


@pytest.mark.parametrize(
    ("value", "unit", "ru", "en"),
    [
        ("10.000", "т", f"10{NBSP}т", f"10{NBSP}т"),
        ("2.500", "т", f"2,5{NBSP}т", f"2.5{NBSP}т"),
        ("1200", "шт", f"1{NBSP}200{NBSP}шт", f"1,200{NBSP}шт"),
        ("0.000", "м³", f"0{NBSP}м³", f"0{NBSP}м³"),
        ("0.125", "", "0,125", "0.125"),
    ],
)
def test_quantities_drop_trailing_zeros_and_keep_their_unit(value, unit, ru, en):
    with translation.override("ru"):
        assert quantity_label(Decimal(value), unit) == ru
    with translation.override("en"):
        assert quantity_label(Decimal(value), unit) == en


def test_a_line_says_what_was_ordered_shipped_and_is_left():
    with translation.override("ru"):
        [row] = line_rows(make_order([order_line(1, "Кирпич", "2.500", shipped="1.000", unit="т")]))
    assert (row.quantity, row.shipped, row.to_ship) == (f"2,5{NBSP}т", f"1{NBSP}т", f"1,5{NBSP}т")


def test_lines_come_in_1cs_order():
    order = make_order([order_line(2, "second", "1"), order_line(1, "first", "1")])
    assert [row.line.product for row in line_rows(order)] == ["first", "second"]


@pytest.mark.parametrize(
    ("lines", "status", "planned", "said"),
    [
        (FIVE_TWO_LEFT, OrderStatus.PARTLY_SHIPPED, date(2026, 12, 15),
         "Осталось отгрузить 2 из 5 позиций, плановая дата отгрузки 15.12.2026."),
        (FIVE_TWO_LEFT, OrderStatus.PARTLY_SHIPPED, None,
         "Осталось отгрузить 2 из 5 позиций, плановая дата отгрузки ещё не назначена."),
        ([order_line(1, "a", "3")], OrderStatus.ACCEPTED, date(2026, 12, 15),
         "Осталось отгрузить 1 из 1 позиции, плановая дата отгрузки 15.12.2026."),
        ([order_line(1, "a", "3", shipped="3")], OrderStatus.SHIPPED, None, "Всё отгружено."),
        ([order_line(1, "a", "3", shipped="3")], OrderStatus.CLOSED, None, "Всё отгружено."),
        ([order_line(1, "a", "3", shipped="1")], OrderStatus.CLOSED, None, "Заказ выполнен."),
        (FIVE_TWO_LEFT, OrderStatus.CANCELLED, date(2026, 12, 15), "Заказ отменён."),
        ([], OrderStatus.SHIPPED, None, "Всё отгружено."),
        ([], OrderStatus.IN_PRODUCTION, date(2026, 12, 15), "Плановая дата отгрузки — 15.12.2026."),
        ([], OrderStatus.ACCEPTED, None, "Плановая дата отгрузки ещё не назначена."),
    ],
)  # fmt: skip
def test_the_order_is_summed_up_in_one_sentence(lines, status, planned, said):
    with translation.override("ru"):
        assert order_summary(make_order(lines, status, planned)) == said


def test_shipped_more_than_ordered_is_nothing_left_not_a_negative():
    order = make_order([replace(order_line(1, "a", "3"), shipped=Decimal("3.2"))], OrderStatus.SHIPPED)
    with translation.override("ru"):
        assert order_summary(order) == "Всё отгружено."
        assert line_rows(order)[0].to_ship == f"0{NBSP}шт"


@pytest.mark.parametrize(
    ("status", "label", "tone"),
    [
        ("Accepted", "Принят", "wait"),
        ("InProduction", "В производстве", "wait"),
        ("ReadyToShip", "Готов к отгрузке", "warn"),
        ("PartlyShipped", "Частично отгружен", "warn"),
        ("Shipped", "Отгружен", "ok"),
        ("Closed", "Выполнен", "ok"),
        ("Cancelled", "Отменён", "wait"),
        ("OnHold", "OnHold", "wait"),  # a word 1C may add: as 1C wrote it
    ],
)
def test_statuses_in_plain_russian_and_an_unknown_one_as_1c_wrote_it(status, label, tone):
    with translation.override("ru"):
        assert (status_label(status), status_tone(status)) == (label, tone)

"""Contract v1.2 through the portal's SOAP client against the emulator over HTTP: orders and the
VAT of open invoices, compared with what the emulator's 1C holds.

Dates come from the emulator's own `today` (its ledger's), never from the calendar."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from apps.onec.client import FINISHED_ORDER_STATUSES, OneCError, OneCErrorKind, OrderStatus
from apps.onec.emulator import orders
from tests.onec.helpers import soap_client

pytestmark = pytest.mark.integration
PROFKERAMIKA, METALLURG, OGNEUPOR_YUG, URALTEPLO, NEW_CLIENT = (
    "5036012344", "7728012340", "0105012349", "6612003457", "5036000010"
)  # fmt: skip
DEMO_CLIENTS = [PROFKERAMIKA, METALLURG, OGNEUPOR_YUG, URALTEPLO]
NO_VAT_CLIENT = METALLURG


@pytest.fixture
def onec(onec_emulator):
    return soap_client(onec_emulator.wsdl_url, timeout=15.0)


@pytest.fixture
def today(onec_emulator) -> date:
    return onec_emulator.ledger.today


def _history(today: date) -> tuple[date, date]:
    return today - timedelta(days=600), today


def _not_found(call) -> OneCErrorKind:
    with pytest.raises(OneCError) as caught:
        call()
    return caught.value.kind


# --- ListOrders -----------------------------------------------------------------------------


def test_listed_orders_are_1cs_orders_field_by_field_without_lines(onec, onec_emulator, today):
    period = (today - timedelta(days=120), today)
    listed = onec.list_orders(PROFKERAMIKA, *period)
    expected = orders.listed(onec_emulator.ledger, PROFKERAMIKA, *period)
    assert [o.id for o in listed] == [e.id for e in expected] and listed
    for got, want in zip(listed, expected, strict=True):
        assert (got.number, got.date, got.status, got.planned_date, got.amount, got.paid, got.contract) == (
            want.number, want.date, want.status, want.planned_date, want.amount, want.paid, want.contract
        )  # fmt: skip
        assert (got.shipment_ids, got.invoice_ids, got.lines) == (want.shipment_ids, want.invoice_ids, ())


@pytest.mark.parametrize("inn", DEMO_CLIENTS)
def test_every_demo_client_has_orders_in_every_status(onec, today, inn):
    assert {o.status for o in onec.list_orders(inn, *_history(today))} == set(OrderStatus)


def test_open_orders_come_whatever_their_date_and_finished_ones_only_of_the_period(onec, today):
    every = onec.list_orders(PROFKERAMIKA, *_history(today))
    long_ago = onec.list_orders(PROFKERAMIKA, date(2001, 1, 1), date(2001, 1, 31))
    assert long_ago and {o.id for o in long_ago} == {o.id for o in every if o.is_open}
    assert not {o.status for o in long_ago} & FINISHED_ORDER_STATUSES


def test_orders_come_newest_first(onec, today):
    listed = onec.list_orders(METALLURG, *_history(today))
    assert [(o.date, o.number) for o in listed] == sorted(((o.date, o.number) for o in listed), reverse=True)


def test_a_period_includes_both_its_ends(onec, today):
    finished = next(o for o in onec.list_orders(URALTEPLO, *_history(today)) if not o.is_open)
    assert finished.id in {o.id for o in onec.list_orders(URALTEPLO, finished.date, finished.date)}


def test_an_orders_shipments_and_invoices_are_the_clients_own(onec, today):
    history = _history(today)
    period = (history[0] - timedelta(days=30), today + timedelta(days=60))
    shipments = {s.id: s for s in onec.list_shipments(OGNEUPOR_YUG, *period)}
    invoices = {d.id: d for d in onec.list_documents(OGNEUPOR_YUG, "Invoice", *period)}
    for order in onec.list_orders(OGNEUPOR_YUG, *history):
        assert set(order.shipment_ids) <= set(shipments) and set(order.invoice_ids) <= set(invoices)
        if order.status in (OrderStatus.SHIPPED, OrderStatus.CLOSED):
            assert order.amount == sum(invoices[i].amount for i in order.invoice_ids)
            assert order.amount == sum(shipments[i].amount for i in order.shipment_ids)
            assert {shipments[i].status for i in order.shipment_ids} <= {"Shipped", "Delivered"}


# --- GetOrder -------------------------------------------------------------------------------


@pytest.mark.parametrize("status", list(OrderStatus))
def test_an_order_comes_with_its_lines(onec, onec_emulator, today, status):
    listed = next(o for o in onec.list_orders(PROFKERAMIKA, *_history(today)) if o.status == status)
    order = onec.get_order(PROFKERAMIKA, listed.id)
    want = orders.find(onec_emulator.ledger, PROFKERAMIKA, listed.id)
    assert order.lines and order == type(order)(**{**vars(listed), "lines": order.lines})
    got_lines = [(x.line_no, x.product, x.unit, x.quantity, x.shipped, x.price, x.amount) for x in order.lines]
    assert got_lines == [(x.line_no, x.product, x.unit, x.quantity, x.shipped, x.price, x.amount) for x in want.lines]
    assert order.amount == sum(line.amount for line in order.lines)
    assert all(line.price * line.quantity == line.amount for line in order.lines)
    to_ship = sum(line.to_ship for line in order.lines)
    assert (to_ship > 0) == (status not in (OrderStatus.SHIPPED, OrderStatus.CLOSED))


def test_another_clients_order_is_document_not_found(onec, today):
    foreign = onec.list_orders(METALLURG, *_history(today))[0]
    assert _not_found(lambda: onec.get_order(PROFKERAMIKA, foreign.id)) == OneCErrorKind.DOCUMENT_NOT_FOUND
    assert onec.get_order(METALLURG, foreign.id).id == foreign.id


def test_an_unknown_order_id_is_document_not_found(onec):
    kind = _not_found(lambda: onec.get_order(PROFKERAMIKA, "00000000-0000-0000-0000-000000000000"))
    assert kind == OneCErrorKind.DOCUMENT_NOT_FOUND


def test_orders_of_an_unknown_client_are_client_not_found(onec, today):
    assert _not_found(lambda: onec.list_orders(NEW_CLIENT, *_history(today))) == OneCErrorKind.CLIENT_NOT_FOUND
    assert _not_found(lambda: onec.get_order(NEW_CLIENT, "any")) == OneCErrorKind.CLIENT_NOT_FOUND


def test_orders_of_a_reversed_period_are_invalid_period(onec, today):
    kind = _not_found(lambda: onec.list_orders(PROFKERAMIKA, today, today - timedelta(days=1)))
    assert kind == OneCErrorKind.INVALID_PERIOD


# --- OpenInvoice.Vat ------------------------------------------------------------------------


@pytest.mark.parametrize("inn", [PROFKERAMIKA, URALTEPLO])
def test_open_invoices_carry_the_vat_included_at_20_percent(onec, today, inn):
    invoices = onec.get_settlements(inn, today).open_invoices
    assert invoices
    for invoice in invoices:
        assert invoice.vat == (invoice.amount * 20 / 120).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_the_no_vat_clients_open_invoices_have_none(onec, today):
    invoices = onec.get_settlements(NO_VAT_CLIENT, today).open_invoices
    assert invoices and all(invoice.vat is None for invoice in invoices)

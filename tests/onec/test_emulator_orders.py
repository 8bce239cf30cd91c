"""The emulator's v1.2 demo orders, read straight from its ledger: every status for every client
on any day, quantities and amounts that add up, links to the client's own shipments and invoices."""

import subprocess
import sys
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest

from apps.onec.emulator import orders, protocol, trade
from apps.onec.emulator.data import PRODUCTS, Ledger, Profile, load_clients
from apps.onec.emulator.server import DEFAULT_FIXTURE

DAY = date(2026, 11, 28)
DAYS = [DAY + timedelta(days=k) for k in range(0, 365, 29)]  # a year of days, month ends and starts among them
NO_VAT_CLIENT = "7728012340"
UNSHIPPED = {orders.ACCEPTED, orders.IN_PRODUCTION, orders.READY_TO_SHIP, orders.CANCELLED}


@pytest.fixture(scope="module", params=DAYS, ids=str)
def ledger(request) -> Ledger:
    return Ledger(load_clients(DEFAULT_FIXTURE), request.param)


def _all_orders(ledger: Ledger):
    return [(inn, order) for inn in ledger.clients for order in orders.orders_of(ledger, inn)]


def test_every_demo_client_has_orders_in_every_status(ledger):
    for inn in ledger.clients:
        assert {o.status for o in orders.orders_of(ledger, inn)} == set(orders.STATUSES), inn


def test_shipped_quantities_follow_the_status(ledger):
    for _, order in _all_orders(ledger):
        shipped = [line.shipped for line in order.lines]
        if order.status in UNSHIPPED:
            assert not any(shipped), order
        elif order.status == orders.PARTLY_SHIPPED:
            assert any(line.shipped > 0 for line in order.lines), order
            assert any(line.shipped < line.quantity for line in order.lines), order
        else:
            assert all(line.shipped == line.quantity for line in order.lines), order
        assert all(0 <= line.shipped <= line.quantity for line in order.lines)


def test_amounts_add_up_to_the_kopeck(ledger):
    for _, order in _all_orders(ledger):
        assert order.lines and [line.line_no for line in order.lines] == list(range(1, len(order.lines) + 1))
        for line in order.lines:
            assert line.price > 0 and line.quantity > 0 and line.quantity == int(line.quantity)
            assert line.amount == line.price * line.quantity and line.amount == line.amount.quantize(Decimal("0.01"))
        assert order.amount == sum(line.amount for line in order.lines)
        assert Decimal(0) <= order.paid <= order.amount


def test_an_order_is_worth_its_invoice_and_what_shipped_is_worth_its_shipment(ledger):
    for inn, order in _all_orders(ledger):
        invoiced = sum((ledger.documents[i].amount for i in order.invoice_ids), Decimal("0.00"))
        shipments = {s.id: s for s in ledger.shipments[inn]}
        gone = sum((shipments[i].amount for i in order.shipment_ids if shipments[i].status != "Planned"), Decimal(0))
        shipped_value = sum((line.price * line.shipped for line in order.lines), Decimal("0.00"))
        assert shipped_value == gone, order
        if order.invoice_ids and order.status != orders.PARTLY_SHIPPED:
            assert order.amount == invoiced
        if order.status == orders.PARTLY_SHIPPED:
            assert order.amount > invoiced == shipped_value  # the rest is invoiced when it ships


def test_paid_is_what_the_orders_invoices_were_paid(ledger):
    for _, order in _all_orders(ledger):
        payments = [amount for i in order.invoice_ids for _, amount in ledger.invoice_payments.get(i, ())]
        assert order.paid == sum(payments, Decimal("0.00"))
        if order.status == orders.CLOSED:
            assert order.paid == order.amount


def test_shipment_ids_are_the_clients_shipments_in_a_matching_state(ledger):
    for inn, order in _all_orders(ledger):
        listed = {s.id: s for s in trade.shipments(ledger, inn, DAY - timedelta(days=1000), DAY + timedelta(days=1000))}
        assert set(order.shipment_ids) <= set(listed)
        states = {listed[i].status for i in order.shipment_ids}
        if order.status in UNSHIPPED:
            assert states <= {"Planned"}
        elif order.status in (orders.PARTLY_SHIPPED, orders.SHIPPED, orders.CLOSED):
            assert states and "Planned" not in states


def test_invoice_ids_are_the_clients_invoices(ledger):
    for inn, order in _all_orders(ledger):
        invoices = {d.id for d in ledger.find(inn, "Invoice", DAY - timedelta(days=1000), DAY + timedelta(days=1000))}
        assert set(order.invoice_ids) <= invoices
        if order.shipment_ids:
            assert order.invoice_ids, "goods that are shipped or planned were invoiced"


def test_lines_are_the_manufacturers_products_in_their_units(ledger):
    for inn in ledger.clients:
        lines = [line for order in orders.orders_of(ledger, inn) for line in order.lines]
        assert {line.product for line in lines} <= set(PRODUCTS)
        assert {line.unit for line in lines} == {"шт", "т", "м³"}


def test_open_orders_have_a_planned_date_finished_ones_none(ledger):
    for _, order in _all_orders(ledger):
        if order.status in orders.FINISHED:
            assert order.planned_date is None
        else:
            assert order.planned_date is not None
        if order.status in (orders.ACCEPTED, orders.IN_PRODUCTION, orders.READY_TO_SHIP, orders.PARTLY_SHIPPED):
            assert order.planned_date > ledger.today
            assert order.date <= ledger.today


def test_ids_numbers_and_contract(ledger):
    every = _all_orders(ledger)
    assert len({order.id for _, order in every}) == len(every)
    for inn in ledger.clients:
        found = orders.orders_of(ledger, inn)
        assert [o.number for o in found] == [f"ЗК-{k:05d}" for k in range(1, len(found) + 1)]
        assert [o.date for o in found] == sorted(o.date for o in found)
        [contract] = {o.contract for o in found}
        assert contract.startswith("Договор поставки № ") and " от " in contract


def test_orders_are_the_same_on_every_call_and_every_start():
    first, again = (Ledger(load_clients(DEFAULT_FIXTURE), DAY) for _ in range(2))
    for inn in first.clients:
        assert orders.orders_of(first, inn) == orders.orders_of(first, inn) == orders.orders_of(again, inn)


def test_a_list_has_the_periods_orders_and_every_open_one_newest_first():
    ledger = Ledger(load_clients(DEFAULT_FIXTURE), DAY)
    every = orders.orders_of(ledger, "5036012344")
    period = (DAY - timedelta(days=60), DAY - timedelta(days=30))
    listed = orders.listed(ledger, "5036012344", *period)
    expected = {o.id for o in every if o.status not in orders.FINISHED or period[0] <= o.date <= period[1]}
    assert {o.id for o in listed} == expected
    assert [(o.date, o.number) for o in listed] == sorted(((o.date, o.number) for o in listed), reverse=True)
    assert orders.find(ledger, "5036012344", listed[0].id) == listed[0]
    assert orders.find(ledger, "7728012340", listed[0].id) is None


def test_open_invoices_carry_the_vat_included_but_the_no_vat_clients(ledger):
    for inn in ledger.clients:
        for row in trade.settlements(ledger, inn, ledger.today).open_invoices:
            if inn == NO_VAT_CLIENT:
                assert row.vat is None
            else:
                assert row.vat == (row.invoice.amount * 20 / 120).quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_the_no_vat_client_has_open_invoices_to_show_it():
    ledger = Ledger(load_clients(DEFAULT_FIXTURE), DAY)
    assert trade.settlements(ledger, NO_VAT_CLIENT, DAY).open_invoices


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_base_before_1_2_refuses_the_order_operations_and_writes_no_vat(version):
    ledger = Ledger(load_clients(DEFAULT_FIXTURE), DAY)
    for operation, params in [("ListOrders", {"INN": "5036012344", "DateFrom": "2026-01-01", "DateTo": "2026-11-28"}),
                              ("GetOrder", {"INN": "5036012344", "Id": "any"})]:  # fmt: skip
        with pytest.raises(protocol.SoapFault) as caught:
            protocol.answer(ledger, operation, params, version)
        assert caught.value.text.startswith("BAD_REQUEST")
    if version == "1.1":
        answer = protocol.answer(ledger, "GetSettlements", {"INN": "5036012344", "OnDate": DAY.isoformat()}, version)
        assert b"OpenInvoice>" in answer and b"Vat>" not in answer


def test_vat_is_rounded_half_up_to_the_kopeck_as_1c_does():
    assert trade.vat_of(Profile(), Decimal("828764.07")) == Decimal("138127.35")  # 138127.345
    assert trade.vat_of(Profile(), Decimal("120.00")) == Decimal("20.00")
    assert trade.vat_of(Profile(vat=False), Decimal("120.00")) is None


@pytest.mark.integration
def test_the_command_publishes_1_2_unless_told():
    command = [sys.executable, "manage.py", "onec_emulator", "--port", "0"]
    env = {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "project.settings", "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        wsdl_line, state_line = process.stdout.readline(), process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "ClientPortal.1cws?wsdl" in wsdl_line
    assert "contract v1.2" in state_line

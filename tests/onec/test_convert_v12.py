"""From zeep's answer objects to the v1.2 dataclasses: orders, their lines, the VAT of an open
invoice, and what a base publishes; answers that break the contract are refused."""

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace as Answer

import pytest

from apps.onec import convert, convert_orders
from apps.onec.client import OneCError, OneCErrorKind, OrderStatus
from apps.onec.published import Published

DAY = date(2026, 2, 5)
V10 = {"Ping", "GetClient", "ListDocuments", "GetDocumentFile", "GetReconciliationAct"}
V11 = V10 | {"GetSettlements", "ListShipments", "ListChangedDocuments"}
V12 = V11 | {"ListOrders", "GetOrder"}


def _line(**fields) -> Answer:
    values = dict(LineNo=1, Product="Кирпич шамотный ША-8, ГОСТ 390-96", Unit="т", Quantity=Decimal("12"),
                  Shipped=Decimal("8"), Price=Decimal("71329.21"), Amount=Decimal("855950.52"))  # fmt: skip
    return Answer(**{**values, **fields})


def _order(**fields) -> Answer:
    values = dict(Id="o1", Number="ЗК-00043", Date=DAY, Status="PartlyShipped", PlannedDate=DAY + timedelta(days=9),
                  Amount=Decimal("855950.52"), Paid=Decimal("100.00"),
                  Contract="Договор поставки № 17/2025 от 15.01.2025", Line=[_line()], ShipmentId=["s1"],
                  InvoiceId=["i1", "i2"])  # fmt: skip
    return Answer(**{**values, **fields})


def _invoice(**fields) -> Answer:
    values = dict(Id="i1", Number="12/3", Date=DAY, DueDate=DAY + timedelta(days=14), Amount=Decimal("120.00"),
                  Paid=Decimal("0.00"), Vat=Decimal("20.00"))  # fmt: skip
    return Answer(**{**values, **fields})


def _settlements(*invoices: Answer) -> Answer:
    return Answer(OnDate=DAY, Balance=Decimal(0), Overdue=Decimal(0), CreditLimit=None, OpenInvoice=list(invoices))


def _refused(call) -> OneCError:
    with pytest.raises(OneCError) as caught:
        call()
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE
    return caught.value


def test_an_order_with_its_lines_and_links():
    order = convert_orders.order(_order())
    assert (order.id, order.number, order.date, order.status) == ("o1", "ЗК-00043", DAY, OrderStatus.PARTLY_SHIPPED)
    assert (order.planned_date, order.amount, order.paid) == (DAY + timedelta(days=9), Decimal("855950.52"), 100)
    assert order.contract == "Договор поставки № 17/2025 от 15.01.2025"
    assert (order.shipment_ids, order.invoice_ids) == (("s1",), ("i1", "i2"))
    [line] = order.lines
    assert (line.line_no, line.unit, line.quantity, line.shipped, line.to_ship) == (1, "т", 12, 8, 4)
    assert line.price * line.quantity == line.amount


def test_an_order_without_its_optional_fields_has_empty_ones():
    bare = _order(PlannedDate=None, Contract=None, Line=[], ShipmentId=None, InvoiceId=[])
    order = convert_orders.order(bare)
    assert (order.planned_date, order.contract, order.lines, order.shipment_ids, order.invoice_ids) == (
        None, "", (), (), ()
    )  # fmt: skip


def test_an_unknown_status_is_kept_as_1c_wrote_it():
    assert convert_orders.order(_order(Status="OnHold")).status == "OnHold"


def test_a_list_of_orders_arrives_unwrapped_wrapped_or_empty_and_without_lines():
    assert convert_orders.order_list(None) == [] and convert_orders.order_list([]) == []
    [order] = convert_orders.order_list([_order()])
    assert order.lines == () and order.invoice_ids == ("i1", "i2")
    # A list that brought lines anyway is read without them: only GetOrder's lines are read.
    [wrapped] = convert_orders.order_list(Answer(Order=[_order(Line=[_line(LineNo="x")])]))
    assert wrapped.lines == ()


@pytest.mark.parametrize(
    "broken",
    [{"Id": None}, {"Number": None}, {"Date": None}, {"Date": "2026-02-05"}, {"Status": None}, {"Amount": None},
     {"Amount": "855950.52"}, {"Paid": None}, {"PlannedDate": "soon"}, {"Contract": 17}, {"ShipmentId": [None]},
     {"InvoiceId": "i1"}, {"Line": Answer(LineNo=1)}],
)  # fmt: skip
def test_an_order_that_breaks_the_contract_is_unavailable(broken):
    error = _refused(lambda: convert_orders.order(_order(**broken)))
    assert "breaks the contract" in error.message


@pytest.mark.parametrize(
    "broken",
    [{"LineNo": None}, {"LineNo": "1"}, {"LineNo": True}, {"Product": None}, {"Unit": None}, {"Quantity": 12},
     {"Shipped": None}, {"Price": None}, {"Amount": "1.00"}],
)  # fmt: skip
def test_a_line_that_breaks_the_contract_is_unavailable(broken):
    _refused(lambda: convert_orders.order(_order(Line=[_line(), _line(**broken)])))


def test_no_order_at_all_is_unavailable():
    _refused(lambda: convert_orders.order(None))


def test_a_broken_order_in_a_list_fails_the_list():
    _refused(lambda: convert_orders.order_list([_order(), _order(Amount=None)]))


def test_an_open_invoice_carries_its_vat():
    [invoice] = convert.settlements(_settlements(_invoice())).open_invoices
    assert invoice.vat == Decimal("20.00")


def test_an_invoice_without_vat_or_of_a_v1_1_base_has_none():
    v11 = Answer(**{k: v for k, v in vars(_invoice()).items() if k != "Vat"})  # zeep's object has no Vat at all
    found = convert.settlements(_settlements(_invoice(Vat=None), v11)).open_invoices
    assert [i.vat for i in found] == [None, None]


def test_a_vat_that_is_not_a_decimal_is_unavailable():
    _refused(lambda: convert.settlements(_settlements(_invoice(Vat="20"))))


@pytest.mark.parametrize(
    ("operations", "version"),
    [(V12, "1.2"), (V11, "1.1"), (V10, "1.0"), (V10 | {"ListOrders", "GetOrder"}, "1.2"), (V11 | {"ListOrders"}, "1.1"),
     (V10 | {"GetSettlements"}, "1.0")],
)  # fmt: skip
def test_the_version_a_base_publishes(operations, version):
    assert Published(frozenset(operations), frozenset(), 0.0).version == version


@pytest.mark.parametrize("operation", ["ListOrders", "GetOrder"])
def test_a_v1_2_operation_is_missing_on_a_base_of_1_1_or_1_0(operation):
    for operations in (V11, V10):
        assert Published(frozenset(operations), frozenset(), 0.0).missing(operation, {}) == operation
    assert Published(frozenset(V12), frozenset(), 0.0).missing(operation, {}) == ""


def test_a_base_of_1_2_without_a_kind_enumeration_has_certificates():
    certificate = {"Kind": "Certificate"}
    assert Published(frozenset(V12), frozenset(), 0.0).missing("ListDocuments", certificate) == ""
    assert Published(frozenset(V12), frozenset({"Invoice", "Closing"}), 0.0).missing("ListDocuments", certificate)
    assert Published(frozenset(V10), frozenset(), 0.0).missing("ListDocuments", certificate)

"""Contract v1.2's orders, from zeep's answer objects to `Order` and `OrderLine`.

Like apps/onec/convert.py (whose helpers it uses): attribute access only, and an answer that
breaks the contract is `OneCError(UNAVAILABLE)` here, never a half-read order above the seam.
"""

from apps.onec.client import Order, OrderLine
from apps.onec.convert import _broken, _date, _decimal, _optional, _repeated, _required


def order_list(answer) -> list[Order]:
    """ListOrders' orders, without lines: the contract sends none in a list, and one that came
    anyway would be read nowhere (an order's page asks GetOrder)."""
    return [order(item, with_lines=False) for item in _repeated(answer, "Order")]


def order(item, *, with_lines: bool = True) -> Order:
    if item is None:
        raise _broken("no Order")
    lines = tuple(order_line(line) for line in _list(item, "Line")) if with_lines else ()
    return Order(
        id=_text(item, "Id"),
        number=_text(item, "Number"),
        date=_date(item, "Date"),
        status=_text(item, "Status"),  # an unknown word is shown as 1C wrote it, not refused
        planned_date=_optional_date(item, "PlannedDate"),
        amount=_decimal(item, "Amount"),
        paid=_decimal(item, "Paid"),
        contract=_optional(item, "Contract", str) or "",
        lines=lines,
        shipment_ids=tuple(_ids(item, "ShipmentId")),
        invoice_ids=tuple(_ids(item, "InvoiceId")),
    )


def order_line(item) -> OrderLine:
    line_no = _required(item, "LineNo")
    if not isinstance(line_no, int) or isinstance(line_no, bool):
        raise _broken("LineNo is not an int")
    return OrderLine(
        line_no=line_no,
        product=_text(item, "Product"),
        unit=_text(item, "Unit"),
        quantity=_decimal(item, "Quantity"),
        shipped=_decimal(item, "Shipped"),
        price=_decimal(item, "Price"),
        amount=_decimal(item, "Amount"),
    )


def _text(obj, field: str) -> str:
    value = _required(obj, field)
    if not isinstance(value, str):
        raise _broken(f"{field} is not a string")
    return value


def _optional_date(obj, field: str):
    value = getattr(obj, field, None)
    return None if value is None else _date(obj, field)


def _list(obj, field: str) -> list:
    """A repeated element (minOccurs 0): zeep gives a list, empty or None when there is none."""
    items = getattr(obj, field, None)
    if items is not None and not isinstance(items, list):
        raise _broken(f"{field} is not a repeated element")
    return items or []


def _ids(obj, field: str) -> list[str]:
    ids = _list(obj, field)
    if not all(isinstance(value, str) and value for value in ids):
        raise _broken(f"a {field} is empty or not a string")
    return ids

"""The fake 1C's orders (contract v1.2), kept apart so fake.py stays one screen of rules."""

import uuid
from dataclasses import replace
from datetime import date
from decimal import Decimal

from apps.onec.client import OneCError, OneCErrorKind, Order, OrderLine, OrderStatus


def order_line(
    line_no: int, product: str, quantity: str, shipped: str = "0", price: str = "100.00", unit: str = "шт"
) -> OrderLine:
    """A line for tests: its amount is quantity × price, as 1C prints it."""
    amount = (Decimal(quantity) * Decimal(price)).quantize(Decimal("0.01"))
    return OrderLine(line_no, product, unit, Decimal(quantity), Decimal(shipped), Decimal(price), amount)


def check_period(date_from: date, date_to: date) -> None:
    if date_to < date_from:
        raise OneCError(OneCErrorKind.INVALID_PERIOD, "DateTo is before DateFrom")


class FakeOrders:
    """Mixed into FakeOneC: uses its lock, state, call log and rules."""

    def add_order(
        self,
        inn: str,
        date: date,
        *,
        number: str = "",
        status: str = OrderStatus.IN_PRODUCTION,
        planned_date: date | None = None,
        amount: Decimal | str | None = None,
        paid: Decimal | str = "0.00",
        contract: str = "",
        lines: list[OrderLine] = (),
        shipment_ids: list[str] = (),
        invoice_ids: list[str] = (),
        order_id: str = "",
    ) -> Order:
        """Store an order (and its client, if new); returns what get_order will show."""
        order_id = order_id or str(uuid.uuid4())
        lines = tuple(lines)
        total = Decimal(amount) if amount is not None else sum((line.amount for line in lines), Decimal("0.00"))
        order = Order(
            order_id, number or order_id[:6], date, str(status), planned_date, total, Decimal(paid), contract,
            lines, tuple(shipment_ids), tuple(invoice_ids),
        )  # fmt: skip
        with self._lock:
            if inn not in self._state.clients:
                self.add_client(inn)
            self._state.orders.setdefault(inn, []).append(order)
        return order

    def list_orders(self, inn: str, date_from: date, date_to: date) -> list[Order]:
        with self._lock:
            self._enter("ListOrders", inn, date_from, date_to)
            self._require_v12("ListOrders")
            self._client(inn)
            check_period(date_from, date_to)
            found = [o for o in self._state.orders.get(inn, []) if o.is_open or date_from <= o.date <= date_to]
        return [replace(o, lines=()) for o in sorted(found, key=lambda o: (o.date, o.number), reverse=True)]

    def get_order(self, inn: str, order_id: str) -> Order:
        with self._lock:
            self._enter("GetOrder", inn, order_id)
            self._require_v12("GetOrder")
            self._client(inn)
            found = next((o for o in self._state.orders.get(inn, []) if o.id == order_id), None)
        if found is None:
            raise OneCError(OneCErrorKind.DOCUMENT_NOT_FOUND, f"no order {order_id} for INN {inn}")
        return found

    def _require_v12(self, operation: str) -> None:
        if self._state.version in ("1.0", "1.1"):
            raise OneCError(OneCErrorKind.NOT_SUPPORTED, f"{operation} is not published by this 1C base (v1.1)")

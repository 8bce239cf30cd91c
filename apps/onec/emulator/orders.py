"""Contract v1.2's orders, computed from the ledger: what each client ordered, what of it has
shipped, and what it has paid.

Each of the ledger's orders (an invoice, its shipment, its closing document once shipped, its
payments) is one 1C order of the invoice's amount, linked to that invoice and that shipment; its
status follows what happened to them:
- shipment still ahead: ReadyToShip when it is due within three days, else InProduction;
- the latest shipped: PartlyShipped — more was ordered than this shipment took, and the rest (not
  invoiced yet: 1C invoices each shipment) is still to ship;
- the next two: Shipped (1C closes an order some time after it ships);
- older ones: Closed once their invoice is paid in full, else Shipped (still owed for).
Besides, orders 1C has no documents for yet: one just Accepted, two Cancelled, and an InProduction
or ReadyToShip one where no shipment ahead makes one. So every client has every status, whatever
the day. A stream of its own: the v1.0/v1.1 documents, shipments and payments stay as they were.
"""

import random
import uuid
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from math import gcd

from apps.onec.emulator.data import HISTORY_DAYS, PRODUCTS, Ledger
from apps.onec.emulator.data import Order as LedgerOrder

ACCEPTED, IN_PRODUCTION, READY_TO_SHIP = "Accepted", "InProduction", "ReadyToShip"
PARTLY_SHIPPED, SHIPPED, CLOSED, CANCELLED = "PartlyShipped", "Shipped", "Closed", "Cancelled"
STATUSES = (ACCEPTED, IN_PRODUCTION, READY_TO_SHIP, PARTLY_SHIPPED, SHIPPED, CLOSED, CANCELLED)
FINISHED = (CLOSED, CANCELLED)
UNITS = dict(zip(PRODUCTS, ["шт", "т", "т", "шт", "м³", "шт"], strict=True))  # as 1C prints them
PRICES = {"шт": (60_00, 450_00), "т": (28_000_00, 95_000_00), "м³": (35_000_00, 120_000_00)}  # kopecks a unit
READY_DAYS = 3  # goods due to leave within this many days are made and waiting
_ID_NAMESPACE = uuid.UUID("5e7d3c1a-6a1e-11ee-8c99-0242ac120002")


@dataclass(frozen=True)
class LineRow:
    line_no: int
    product: str
    quantity: Decimal
    shipped: Decimal
    price: Decimal

    @property
    def unit(self) -> str:
        return UNITS[self.product]

    @property
    def amount(self) -> Decimal:
        return self.price * self.quantity


@dataclass(frozen=True)
class OrderRow:
    id: str
    number: str
    date: date
    status: str
    planned_date: date | None  # when the rest ships; None for a closed or cancelled order
    paid: Decimal
    contract: str
    lines: tuple[LineRow, ...]
    shipment_ids: tuple[str, ...]
    invoice_ids: tuple[str, ...]

    @property
    def amount(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal("0.00"))


def listed(ledger: Ledger, inn: str, date_from: date, date_to: date) -> list[OrderRow]:
    """ListOrders: orders of the period and every one not finished, newest first."""
    found = [o for o in orders_of(ledger, inn) if o.status not in FINISHED or date_from <= o.date <= date_to]
    return sorted(found, key=lambda o: (o.date, o.number), reverse=True)


def find(ledger: Ledger, inn: str, order_id: str) -> OrderRow | None:
    return next((o for o in orders_of(ledger, inn) if o.id == order_id), None)


def orders_of(ledger: Ledger, inn: str) -> list[OrderRow]:
    """Every order of the client, numbered in date order; the same on every call."""
    today = ledger.today
    rng = random.Random(f"{inn}/{today.isoformat()}/v1.2")  # noqa: S311  (demo data, reproducible)
    contract_day = today - timedelta(days=HISTORY_DAYS + rng.randint(10, 200))
    contract = f"Договор поставки № {rng.randint(3, 95)}/{contract_day:%Y} от {contract_day:%d.%m.%Y}"
    with ledger._lock:
        records = list(ledger.orders.get(inn, ()))
        shipments = [s.id for s in ledger.shipments.get(inn, ())[: len(records)]]  # one per order, in order
        paid = {r.invoice.id: sum((a for _, a in ledger.invoice_payments.get(r.invoice.id, ())), Decimal("0.00"))
                for r in records}  # fmt: skip
    shipped = [r.n for r in records if r.closing is not None]
    drafts = [
        _from_record(rng, record, shipment_id, paid[record.invoice.id], shipped, today)
        for record, shipment_id in zip(records, shipments, strict=True)
    ]
    drafts += _without_documents(rng, {d.status for d in drafts}, today)
    drafts.sort(key=lambda d: (d.date, d.id))
    return [
        replace(d, id=str(uuid.uuid5(_ID_NAMESPACE, f"{inn}/Order/{d.id}")), number=f"ЗК-{k:05d}", contract=contract)
        for k, d in enumerate(drafts, start=1)
    ]


def _from_record(rng: random.Random, record: LedgerOrder, shipment_id: str, paid: Decimal, shipped: list[int],
                 today: date) -> OrderRow:  # fmt: skip
    status = _status(record, paid, shipped, today)
    lines = _lines(rng, int(record.invoice.amount * 100), gone=status in (PARTLY_SHIPPED, SHIPPED, CLOSED))
    planned = None if status == CLOSED else record.shipped
    if status == PARTLY_SHIPPED:
        lines = _rest_to_ship(rng, lines)
        planned = today + timedelta(days=rng.randint(3, 30))
    key = f"{record.n}/{record.invoice.date}"
    return OrderRow(
        key, "", record.invoice.date, status, planned, paid, "", lines, (shipment_id,), (record.invoice.id,)
    )


def _status(record: LedgerOrder, paid: Decimal, shipped: list[int], today: date) -> str:
    if record.closing is None:
        return READY_TO_SHIP if (record.shipped - today).days <= READY_DAYS else IN_PRODUCTION
    rank = len(shipped) - 1 - shipped.index(record.n)  # 0: the latest shipped
    if rank == 0:
        return PARTLY_SHIPPED
    return SHIPPED if rank <= 2 or paid < record.invoice.amount else CLOSED


def _without_documents(rng: random.Random, present: set[str], today: date) -> list[OrderRow]:
    """Orders with no invoice or shipment yet (or ever): (status, days ago, days ahead)."""
    wanted = [(ACCEPTED, rng.randint(0, 3), rng.randint(14, 45)), (CANCELLED, rng.randint(20, 120), None),
              (CANCELLED, rng.randint(150, 500), None)]  # fmt: skip
    if IN_PRODUCTION not in present:
        wanted.append((IN_PRODUCTION, rng.randint(4, 20), rng.randint(READY_DAYS + 1, 30)))
    if READY_TO_SHIP not in present:
        wanted.append((READY_TO_SHIP, rng.randint(10, 30), rng.randint(1, READY_DAYS)))
    drafts = []
    for k, (status, ago, ahead) in enumerate(wanted):
        day, total = today - timedelta(days=ago), rng.randrange(50_000_00, 3_000_000_00)
        planned = None if ahead is None else today + timedelta(days=ahead)
        lines = _lines(rng, total, gone=False)
        drafts.append(OrderRow(f"new/{k}/{day}", "", day, status, planned, Decimal("0.00"), "", lines, (), ()))
    return drafts


def _lines(rng: random.Random, total: int, *, gone: bool) -> tuple[LineRow, ...]:
    """Lines worth exactly `total` kopecks, each its price × quantity: all shipped, or none."""
    count = rng.randint(2, 4) if total >= 500_000_00 else 2
    heavy = rng.choice([p for p in PRODUCTS if UNITS[p] != "шт"])  # sold by the tonne or m³: see _last_two
    products = [*rng.sample([p for p in PRODUCTS if p != heavy], count - 1), heavy]
    weights = [rng.uniform(1, 3) for _ in products]
    shares = [int(total * w / sum(weights)) for w in weights]
    rows, rest = [], total
    for product, share in zip(products[:-2], shares[:-2], strict=True):
        quantity = _quantity(rng, product, share)
        rows.append((product, quantity, share // quantity))
        rest -= quantity * (share // quantity)
    rows += _last_two(rng, products[-2], heavy, rest, shares[-2])
    return tuple(
        LineRow(k, product, Decimal(quantity), Decimal(quantity if gone else 0), Decimal(price).scaleb(-2))
        for k, (product, quantity, price) in enumerate(rows, start=1)
    )


def _last_two(rng: random.Random, product: str, heavy: str, rest: int, share: int) -> list[tuple[str, int, int]]:
    """Two lines worth exactly `rest`: the heavy one's price is set, to the kopeck, so that the
    other's price × quantity makes up the rest. Their quantities are coprime, so such a price lies
    within the other's quantity in kopecks of its fair one — a rounding on a price per tonne."""
    quantity = _quantity(rng, product, share)
    heavy_quantity = _quantity(rng, heavy, rest - share)
    while gcd(quantity, heavy_quantity) != 1:
        quantity += 1
    fair = (rest - share) // heavy_quantity
    heavy_price = fair - (fair - rest * pow(heavy_quantity, -1, quantity)) % quantity
    price, left = divmod(rest - heavy_price * heavy_quantity, quantity)
    assert left == 0 and price > 0 and heavy_price > 0, (rest, share, quantity, heavy_quantity)
    return [(product, quantity, price), (heavy, heavy_quantity, heavy_price)]


def _quantity(rng: random.Random, product: str, share: int) -> int:
    low, high = PRICES[UNITS[product]]
    return max(1, round(share / rng.randint(low, high)))


def _rest_to_ship(rng: random.Random, lines: tuple[LineRow, ...]) -> tuple[LineRow, ...]:
    """A shipped order of which more is to come: its last line only in part, one line not at all."""
    *first, last = lines
    more = max(1, int(last.quantity * rng.randint(20, 80) / 100))
    others = [p for p in PRODUCTS if p not in {line.product for line in lines}]
    product = rng.choice(others)
    low, high = PRICES[UNITS[product]]
    quantity = max(1, round(int(sum(line.amount for line in lines) * 100) * rng.uniform(0.2, 0.6) / high))
    extra = LineRow(len(lines) + 1, product, Decimal(quantity), Decimal(0), Decimal(rng.randint(low, high)).scaleb(-2))
    return (*first, replace(last, quantity=last.quantity + more), extra)

"""The emulator's accounting data: demo clients, their documents, payments and acts.

Deterministic: the same INN and day give the same documents (ids, numbers, amounts), so a demo
and a test see stable data. Dates are relative to `today`: the last 18 months. Each order is an
invoice, a shipment (with its closing document once shipped) and usually a payment; contract
v1.1 adds quality certificates for shipped goods, partial and late payments and an advance
(see trade.py for the settlements, shipments and changes computed from them).
"""

import json
import random
import threading
import uuid
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

from apps.onec.emulator import pdf

UNKNOWN_TO_1C = {"5036000010"}  # the demo's "new client" that 1C has never heard of
_ID_NAMESPACE = uuid.UUID("0b5d6f1e-6a1e-11ee-8c99-0242ac120002")
CLOSING_TYPES = ["УПД", "УПД", "УПД", "Счёт-фактура", "ТОРГ-12", "Акт"]
HISTORY_DAYS = 548  # 18 months
MOSCOW = ZoneInfo("Europe/Moscow")  # the base's local time: 1C writes its dateTimes without an offset
CERTIFICATE_TYPES = [("Сертификат качества", "СК"), ("Сертификат качества", "СК"), ("Паспорт качества", "ПК")]
PRODUCTS = [
    "Кирпич шамотный ШБ-5, ГОСТ 390-96",
    "Кирпич шамотный ША-8, ГОСТ 390-96",
    "Мертель шамотный МШ-39, ГОСТ 6137-97",
    "Изделия муллитокремнезёмистые МКРП-340, ГОСТ 23619-79",
    "Бетон огнеупорный ЖСБ-45, ГОСТ 20910-2019",
    "Кирпич динасовый ДН, ГОСТ 8691-2018",
]
PLATE_LETTERS = "АВЕКМНОРСТУХ"  # the letters a Russian number plate may hold
REGIONS = ["50", "77", "150", "750", "66", "23", "01"]


@dataclass(frozen=True)
class Profile:
    """How 1C settles with the client: payment terms, credit limit, whether it pays in advance."""

    due_days: int = 14
    credit_limit: Decimal | None = None
    prepaid: bool = False
    pays_after: int = 0  # days the client adds before paying an invoice (late ones are overdue)
    vat: bool = True  # False: its invoices are «Без НДС» (contract v1.2's OpenInvoice.Vat is absent)


PROFILES = {
    "5036012344": Profile(14, Decimal("3000000.00"), pays_after=10),
    "7728012340": Profile(30, Decimal("10000000.00"), pays_after=14, vat=False),  # «Без НДС»
    "0105012349": Profile(14, None, prepaid=True),  # its balance is negative: an advance
    "6612003457": Profile(30, None, pays_after=25),
}


def profile_of(inn: str) -> Profile:
    return PROFILES.get(inn, Profile())


@dataclass(frozen=True)
class Client:
    inn: str
    kpp: str
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class Document:
    id: str
    inn: str
    kind: str  # "Invoice" | "Closing" | "Certificate"
    type: str
    number: str
    date: date
    amount: Decimal
    padding: int = 0  # extra bytes embedded in the PDF (bulk documents for benchmarks)
    product: str = ""  # certificates: the goods they certify
    basis: str = ""  # certificates: the closing document of the shipment

    @property
    def file_name(self) -> str:
        # 1C writes "Счет" without ё in printed-form names; numbers may hold a slash.
        title = "Счет" if self.kind == "Invoice" else self.type
        return f"{title} {self.number} от {self.date:%d.%m.%Y}.pdf"


@dataclass(frozen=True)
class Order:
    n: int
    invoice: "Document"
    shipped: date  # planned, when in the future
    closing: "Document | None"  # None until shipped
    payment: tuple[date, str] | None  # when and by what the client pays the invoice in full


@dataclass(frozen=True)
class ShipmentRecord:
    id: str
    number: str
    date: date
    status: str
    vehicle: str
    amount: Decimal
    document_ids: tuple[str, ...]


def _shipment(inn: str, order: Order, certificates: list, today: date, rng: random.Random) -> ShipmentRecord:
    age = (today - order.shipped).days
    status = "Planned" if age < 0 else "Shipped" if age <= 7 else "Delivered"  # a week on the way
    if rng.random() < 0.35:
        vehicle = f"вагон № 5{rng.randint(2_000_000, 9_999_999)}"
    else:
        letters = "".join(rng.choice(PLATE_LETTERS) for _ in range(3))
        vehicle = f"а/м {letters[0]}{rng.randint(1, 999):03d}{letters[1:]} {rng.choice(REGIONS)}"
    if status == "Planned" and rng.random() < 0.5:
        vehicle = ""  # the carrier is not known yet
    documents = ([order.closing.id] if order.closing else []) + [c.id for c in certificates]
    shipment_id = str(uuid.uuid5(_ID_NAMESPACE, f"{inn}/Shipment/{order.n}/{order.shipped}"))
    number = f"ОТ-{order.n:04d}/{order.shipped:%y}"
    return ShipmentRecord(shipment_id, number, order.shipped, status, vehicle, order.invoice.amount, tuple(documents))


def load_clients(fixture: Path) -> dict[str, Client]:
    """The demo clients, read from the fixture file itself (the emulator has no database)."""
    rows = json.loads(fixture.read_text(encoding="utf-8"))
    clients = {}
    for row in rows:
        if row.get("model") != "clients.client":
            continue
        f = row["fields"]
        if f["inn"] not in UNKNOWN_TO_1C:
            clients[f["inn"]] = Client(f["inn"], f.get("kpp", ""), f["name"], f.get("email", ""), f.get("phone", ""))
    return clients


class Ledger:
    """Everything 1C knows, plus printed forms rendered on first request and kept."""

    def __init__(self, clients: dict[str, Client], today: date):
        self.clients = clients
        self.today = today
        self.documents: dict[str, Document] = {}
        self.payments: dict[str, list[tuple[date, str, Decimal]]] = {}
        self.invoice_payments: dict[str, list[tuple[date, Decimal]]] = {}  # invoice id -> its payments
        self.shipments: dict[str, list[ShipmentRecord]] = {}  # one per order, in the orders' order
        self.orders: dict[str, list[Order]] = {}  # contract v1.2's orders are computed from them (orders.py)
        self.reprints: dict[str, datetime] = {}  # document id -> when 1C printed it again
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()
        self._changes: list | None = None  # trade.py's index, rebuilt when documents change
        for inn in sorted(clients):
            self.orders[inn] = orders = self._generate(inn)
            self._generate_v11(inn, orders)

    def _generate(self, inn: str) -> list[Order]:
        rng = random.Random(f"{inn}/{self.today.isoformat()}")  # noqa: S311  (demo data, reproducible)
        self.payments.setdefault(inn, [])
        orders = []
        day, n = self.today - timedelta(days=HISTORY_DAYS), 0
        while day <= self.today:
            n += 1
            amount = Decimal(rng.randrange(1_500_000, 250_000_000)) / 100
            invoice = self._add(inn, "Invoice", "Счёт на оплату", f"{rng.randint(10, 99)}{n:03d}", day, amount)
            shipped = day + timedelta(days=rng.randint(2, 20))
            kind = rng.choice(CLOSING_TYPES)
            number = f"{n}/{shipped:%y}" if kind == "Акт" else f"{rng.randint(10, 99)}{n:03d}"
            closing = self._add(inn, "Closing", kind, number, shipped, amount) if shipped <= self.today else None
            paid = day + timedelta(days=rng.randint(1, 15) + profile_of(inn).pays_after)
            payment = (paid, f"Платёжное поручение {rng.randint(100, 999)}") if rng.random() < 0.85 else None
            orders.append(Order(n, invoice, shipped, closing, payment))
            day += timedelta(days=rng.randint(6, 21))
        return orders

    def _generate_v11(self, inn: str, orders: list[Order]) -> None:
        """What contract v1.1 shows besides: certificates and shipments of each order, partial and
        late payments of some unpaid invoices, the advance of a prepaying client, a few reprints.
        Its own random stream, so the v1.0 documents stay exactly what they were."""
        rng = random.Random(f"{inn}/{self.today.isoformat()}/v1.1")  # noqa: S311
        profile = profile_of(inn)
        shipped = [order for order in orders if order.closing is not None]
        # A client on credit always owes for its latest shipment, so the demo has a debt to show.
        owing = shipped[-1] if shipped and profile.credit_limit is not None else None
        for order in orders:
            if order.payment and order is not owing:
                self._pay_order(inn, order, order.payment[0], order.payment[1], order.invoice.amount)
            self._settle(inn, order, profile.prepaid, rng)
            certificates = []  # goods not shipped yet have no certificate yet
            if order.closing is not None:
                certificates = [self._certify(inn, order, rng) for _ in range(1 + (rng.random() < 0.25))]
            self.shipments.setdefault(inn, []).append(_shipment(inn, order, certificates, self.today, rng))
        if profile.prepaid:
            advance = Decimal(rng.randrange(150, 400) * 1000)
            self._pay(inn, None, self.today - timedelta(days=rng.randint(1, 4)), "Платёжное поручение (аванс)", advance)
        recent = [d for d in self.documents.values() if d.inn == inn and 5 < (self.today - d.date).days < 60]
        for document in rng.sample(recent, min(3, len(recent))):
            self.reprints[document.id] = datetime.combine(
                self.today - timedelta(days=rng.randint(1, 4)), time(rng.randint(9, 17), rng.randint(0, 59)), MOSCOW
            )

    def _settle(self, inn: str, order: Order, prepaid: bool, rng: random.Random) -> None:
        invoice = order.invoice
        if self.invoice_payments.get(invoice.id):
            return
        age = (self.today - invoice.date).days
        if prepaid and age >= 1:  # a prepaying client pays every invoice the next day
            self._pay(
                inn, invoice, invoice.date + timedelta(days=1), f"Платёжное поручение {invoice.number}", invoice.amount
            )
        elif age > 90 and rng.random() < 0.7:  # paid, but late
            late = invoice.date + timedelta(days=rng.randint(30, 60))
            self._pay_order(inn, order, late, f"Платёжное поручение {rng.randint(100, 999)}", invoice.amount)
        elif age >= 3 and rng.random() < 0.6:  # paid in part
            part = (invoice.amount * rng.choice((30, 40, 50, 60, 70)) / 100).quantize(Decimal("0.01"))
            day = invoice.date + timedelta(days=rng.randint(1, min(age, 10)))
            text = f"Платёжное поручение {rng.randint(100, 999)} (частичная оплата)"
            self._pay_order(inn, order, day, text, part)

    def _pay_order(self, inn: str, order: Order, day: date, text: str, amount: Decimal) -> None:
        """A client on credit pays after the goods have left, never before (nor after today)."""
        if profile_of(inn).credit_limit is not None:
            day = max(day, order.shipped + timedelta(days=1))
        if day <= self.today:
            self._pay(inn, order.invoice, day, text, amount)

    def _pay(self, inn: str, invoice: Document | None, day: date, text: str, amount: Decimal) -> None:
        self.payments[inn].append((day, text, amount))
        if invoice is not None:
            self.invoice_payments.setdefault(invoice.id, []).append((day, amount))

    def _certify(self, inn: str, order: Order, rng: random.Random) -> Document:
        type_, prefix = rng.choice(CERTIFICATE_TYPES)
        number = f"{prefix}-{rng.randint(1000, 9999)}/{order.shipped:%y}"
        basis = (
            f"{order.closing.type} № {order.closing.number} от {order.closing.date:%d.%m.%Y}" if order.closing else ""
        )
        return self._add(inn, "Certificate", type_, number, order.shipped, Decimal("0.00"),
                         product=rng.choice(PRODUCTS), basis=basis)  # fmt: skip

    def _add(self, inn, kind, type_, number, day, amount, padding=0, **extra) -> Document:
        doc_id = str(uuid.uuid5(_ID_NAMESPACE, f"{inn}/{kind}/{number}/{day}/{len(self.documents)}"))
        document = Document(doc_id, inn, kind, type_, number, day, amount, padding, **extra)
        self.documents[doc_id] = document
        self._changes = None
        return document

    def add_bulk(self, inn: str, count: int, size_kb: int, kind: str = "Closing") -> list[Document]:
        """`count` documents of about `size_kb` KB each, one a day back from today (benchmarks)."""
        rng = random.Random(f"bulk/{inn}/{count}/{size_kb}")  # noqa: S311
        with self._lock:
            return [
                self._add(inn, kind, "УПД" if kind == "Closing" else "Счёт на оплату", f"Б-{i + 1}",
                          self.today - timedelta(days=i % HISTORY_DAYS),
                          Decimal(rng.randrange(100_000, 10_000_000)) / 100, padding=size_kb * 1024)
                for i in range(count)
            ]  # fmt: skip

    def find(self, inn: str, kind: str, date_from: date, date_to: date) -> list[Document]:
        with self._lock:
            found = [d for d in self.documents.values() if d.inn == inn and d.kind == kind]
        found = [d for d in found if date_from <= d.date <= date_to]
        return sorted(found, key=lambda d: (d.date, d.number))

    def file(self, document: Document) -> bytes:
        """The printed form; rendered once, so the Size a list reports is the size of the file."""
        with self._lock:
            data = self._files.get(document.id)
        if data is None:
            client = self.clients[document.inn]
            if document.kind == "Certificate":
                data = pdf.certificate_pdf(document, client.name)
            else:
                data = pdf.document_pdf(document, client.name, padding=document.padding)
            with self._lock:
                data = self._files.setdefault(document.id, data)
        return data

    def act(self, inn: str, date_from: date, date_to: date) -> tuple[Decimal, Decimal, list[tuple]]:
        """Balances from the manufacturer's side: shipments are debit, payments credit."""
        lines = [(d.date, f"{d.type} № {d.number}", d.amount, Decimal(0)) for d in self.documents.values()
                 if d.inn == inn and d.kind == "Closing"]  # fmt: skip
        lines += [(day, text, Decimal(0), amount) for day, text, amount in self.payments.get(inn, [])]
        lines.sort()
        opening = sum((debit - credit for day, _, debit, credit in lines if day < date_from), Decimal("0.00"))
        period = [line for line in lines if date_from <= line[0] <= date_to]
        closing = opening + sum((debit - credit for _, _, debit, credit in period), Decimal("0.00"))
        return opening, closing, period

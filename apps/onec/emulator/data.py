"""The emulator's accounting data: demo clients, their documents, payments and acts.

Deterministic: the same INN and day give the same documents (ids, numbers, amounts), so a demo
and a test see stable data. Dates are relative to `today`: the last 18 months.
"""

import json
import random
import threading
import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from apps.onec.emulator import pdf

UNKNOWN_TO_1C = {"5036000010"}  # the demo's "new client" that 1C has never heard of
_ID_NAMESPACE = uuid.UUID("0b5d6f1e-6a1e-11ee-8c99-0242ac120002")
CLOSING_TYPES = ["УПД", "УПД", "УПД", "Счёт-фактура", "ТОРГ-12", "Акт"]
HISTORY_DAYS = 548  # 18 months


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
    kind: str  # "Invoice" | "Closing"
    type: str
    number: str
    date: date
    amount: Decimal
    padding: int = 0  # extra bytes embedded in the PDF (bulk documents for benchmarks)

    @property
    def file_name(self) -> str:
        # 1C writes "Счет" without ё in printed-form names; numbers may hold a slash.
        title = "Счет" if self.kind == "Invoice" else self.type
        return f"{title} {self.number} от {self.date:%d.%m.%Y}.pdf"


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
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()
        for inn in sorted(clients):
            self._generate(inn)

    def _generate(self, inn: str) -> None:
        rng = random.Random(f"{inn}/{self.today.isoformat()}")  # noqa: S311  (demo data, reproducible)
        payments = self.payments.setdefault(inn, [])
        day, n = self.today - timedelta(days=HISTORY_DAYS), 0
        while day <= self.today:
            n += 1
            amount = Decimal(rng.randrange(1_500_000, 250_000_000)) / 100
            self._add(inn, "Invoice", "Счёт на оплату", f"{rng.randint(10, 99)}{n:03d}", day, amount)
            shipped = day + timedelta(days=rng.randint(2, 20))
            kind = rng.choice(CLOSING_TYPES)
            number = f"{n}/{shipped:%y}" if kind == "Акт" else f"{rng.randint(10, 99)}{n:03d}"
            if shipped <= self.today:
                self._add(inn, "Closing", kind, number, shipped, amount)
            paid = day + timedelta(days=rng.randint(1, 15))
            if paid <= self.today and rng.random() < 0.85:
                payments.append((paid, f"Платёжное поручение {rng.randint(100, 999)}", amount))
            day += timedelta(days=rng.randint(6, 21))

    def _add(self, inn, kind, type_, number, day, amount, padding=0) -> Document:
        doc_id = str(uuid.uuid5(_ID_NAMESPACE, f"{inn}/{kind}/{number}/{day}/{len(self.documents)}"))
        document = Document(doc_id, inn, kind, type_, number, day, amount, padding)
        self.documents[doc_id] = document
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

"""An in-memory 1C for unit tests (ONEC_BACKEND="fake"), steerable from any app's tests.

It follows the contract's rules (unknown INN, foreign document, reversed period) and can be
told to fail: down, fail after N calls, fail for one INN, lose one document; `set_version("1.0")`
or `("1.1")` makes it a base without the later operations (orders: fake_orders.py). It is shared by
the whole process (`fake_onec_instance`) and locked, because archive building calls it from a
thread pool.
"""

import threading
import uuid
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal

from apps.onec.client import (
    CERTIFICATE,
    ChangeList,
    DocumentChange,
    DocumentFile,
    DocumentInfo,
    OneCClient,
    OneCClientInfo,
    OneCError,
    OneCErrorKind,
    OpenInvoice,
    Order,
    ReconciliationActData,
    Settlements,
    Shipment,
    check_kind,
)
from apps.onec.fake_orders import FakeOrders, check_period

PDF_MIME = "application/pdf"


@dataclass
class _StoredDocument:
    inn: str
    kind: str
    info: DocumentInfo
    data: bytes
    changed: datetime


@dataclass
class _State:
    clients: dict[str, OneCClientInfo] = field(default_factory=dict)
    documents: dict[str, _StoredDocument] = field(default_factory=dict)
    acts: dict[str, tuple[Decimal, Decimal, bytes]] = field(default_factory=dict)
    down: bool = False
    fail_after: int | None = None
    fail_inns: set[str] = field(default_factory=set)
    missing: set[str] = field(default_factory=set)
    calls: list[tuple] = field(default_factory=list)
    version: str = "1.2"
    settlements: dict[str, Settlements] = field(default_factory=dict)
    shipments: dict[str, list[Shipment]] = field(default_factory=dict)
    orders: dict[str, list[Order]] = field(default_factory=dict)


class FakeOneC(FakeOrders, OneCClient):
    def __init__(self):
        self._lock = threading.RLock()
        self._state = _State()

    # --- steering, for tests --------------------------------------------------------------
    def reset(self) -> None:
        with self._lock:
            self._state = _State()

    def add_client(
        self, inn: str, name: str = "", *, kpp: str = "", email: str = "", phone: str = ""
    ) -> OneCClientInfo:
        info = OneCClientInfo(inn=inn, kpp=kpp, name=name or f"ООО «Клиент {inn}»", email=email, phone=phone)
        with self._lock:
            self._state.clients[inn] = info
        return info

    def add_document(
        self,
        inn: str,
        kind: str,
        date: date,
        *,
        number: str = "",
        amount: Decimal | str = "1000.00",
        type: str = "",
        file_name: str = "",
        data: bytes | None = None,
        document_id: str = "",
        changed: datetime | None = None,
    ) -> DocumentInfo:
        """Store a document (and its client, if new); returns what list_documents will show.
        `changed` (default: now) is when ListChangedDocuments reports it created."""
        check_kind(kind)
        document_id = document_id or str(uuid.uuid4())
        number = number or document_id[:6]
        type = type or {"Invoice": "Счёт на оплату", CERTIFICATE: "Сертификат качества"}.get(kind, "УПД")
        data = data if data is not None else _pdf_stub(type, number, date)
        file_name = file_name or f"{type} {number} от {date:%d.%m.%Y}.pdf"
        info = DocumentInfo(document_id, type, number, date, Decimal(amount), file_name, len(data))
        with self._lock:
            if inn not in self._state.clients:
                self.add_client(inn)
            changed = changed or datetime.now(UTC)
            self._state.documents[document_id] = _StoredDocument(inn, kind, info, data, changed)
        return info

    def reprint(self, document_id: str, at: datetime | None = None) -> None:
        """1C reprinted the document: ListChangedDocuments reports it again."""
        with self._lock:
            self._state.documents[document_id].changed = at or datetime.now(UTC)

    def set_version(self, version: str) -> None:
        """ "1.0": the v1.1 and v1.2 operations and the Certificate kind answer NOT_SUPPORTED;
        "1.1": the v1.2 ones, and open invoices come without their VAT."""
        with self._lock:
            self._state.version = version

    def set_settlements(
        self,
        inn: str,
        balance: Decimal | str,
        *,
        overdue: Decimal | str = "0.00",
        credit_limit: Decimal | str | None = None,
        open_invoices: list[OpenInvoice] = (),
    ) -> None:
        """What GetSettlements answers for this INN (default: zero balance, nothing open)."""
        with self._lock:
            if inn not in self._state.clients:
                self.add_client(inn)
            limit = None if credit_limit is None else Decimal(credit_limit)
            self._state.settlements[inn] = Settlements(
                date.min, Decimal(balance), Decimal(overdue), limit, tuple(open_invoices)
            )

    def add_shipment(
        self,
        inn: str,
        date: date,
        *,
        number: str = "",
        status: str = "Shipped",
        vehicle: str = "",
        amount: Decimal | str = "1000.00",
        document_ids: list[str] = (),
        shipment_id: str = "",
    ) -> Shipment:
        shipment_id = shipment_id or str(uuid.uuid4())
        shipment = Shipment(
            shipment_id, number or shipment_id[:6], date, status, vehicle, Decimal(amount), tuple(document_ids)
        )
        with self._lock:
            if inn not in self._state.clients:
                self.add_client(inn)
            self._state.shipments.setdefault(inn, []).append(shipment)
        return shipment

    def set_act(self, inn: str, opening: Decimal | str, closing: Decimal | str, data: bytes = b"") -> None:
        """Fix the balances (and file) acts for this INN return (default 0 and 0); adds the client."""
        with self._lock:
            if inn not in self._state.clients:
                self.add_client(inn)
            self._state.acts[inn] = (Decimal(opening), Decimal(closing), data)

    def set_down(self, down: bool = True) -> None:
        """Every call raises UNAVAILABLE, as when 1C cannot be reached."""
        with self._lock:
            self._state.down = down

    def fail_after(self, calls: int | None) -> None:
        """Let `calls` more calls succeed, then every call raises UNAVAILABLE (None: never)."""
        with self._lock:
            self._state.fail_after = calls

    def fail_inn(self, inn: str) -> None:
        """1C fails (UNAVAILABLE) for every call about this INN."""
        with self._lock:
            self._state.fail_inns.add(inn)

    def lose_document(self, document_id: str) -> None:
        """Keep the document in lists but answer DOCUMENT_NOT_FOUND for its file."""
        with self._lock:
            self._state.missing.add(document_id)

    @property
    def calls(self) -> list[tuple]:
        """(operation, inn, …) of every call made, in order, including failed ones."""
        with self._lock:
            return list(self._state.calls)

    # --- the interface --------------------------------------------------------------------
    def ping(self) -> str:
        self._enter("Ping", "")
        return "Фейковая 1С (тесты), 1.0"

    def get_client(self, inn: str) -> OneCClientInfo:
        with self._lock:
            self._enter("GetClient", inn)
            return self._client(inn)

    def list_documents(self, inn: str, kind: str, date_from: date, date_to: date) -> list[DocumentInfo]:
        check_kind(kind)
        with self._lock:
            self._enter("ListDocuments", inn, kind, date_from, date_to)
            if kind == CERTIFICATE:
                self._require_v11("ListDocuments(Certificate)")
            self._client(inn)
            check_period(date_from, date_to)
            found = [
                stored.info
                for stored in self._state.documents.values()
                if stored.inn == inn and stored.kind == kind and date_from <= stored.info.date <= date_to
            ]
        return sorted(found, key=lambda info: (info.date, info.number))

    def get_document_file(self, inn: str, document_id: str) -> DocumentFile:
        with self._lock:
            self._enter("GetDocumentFile", inn, document_id)
            self._client(inn)
            stored = self._state.documents.get(document_id)
            if stored is None or stored.inn != inn or document_id in self._state.missing:
                raise OneCError(OneCErrorKind.DOCUMENT_NOT_FOUND, f"no document {document_id} for INN {inn}")
            return DocumentFile(stored.info.file_name, PDF_MIME, stored.data)

    def get_reconciliation_act(self, inn: str, date_from: date, date_to: date) -> ReconciliationActData:
        with self._lock:
            self._enter("GetReconciliationAct", inn, date_from, date_to)
            self._client(inn)
            check_period(date_from, date_to)
            opening, closing, data = self._state.acts.get(inn, (Decimal("0.00"), Decimal("0.00"), b""))
        name = f"Акт сверки {date_from:%d.%m.%Y}-{date_to:%d.%m.%Y}.pdf"
        data = data or _pdf_stub("Акт сверки", inn, date_to)
        return ReconciliationActData(opening, closing, DocumentFile(name, PDF_MIME, data))

    def get_settlements(self, inn: str, on_date: date) -> Settlements:
        with self._lock:
            self._enter("GetSettlements", inn, on_date)
            self._require_v11("GetSettlements")
            self._client(inn)
            known = self._state.settlements.get(inn)
        if known is None:
            return Settlements(on_date, Decimal("0.00"), Decimal("0.00"), None, ())
        invoices = known.open_invoices
        if self._state.version == "1.1":  # OpenInvoice.Vat is v1.2
            invoices = tuple(replace(invoice, vat=None) for invoice in invoices)
        return Settlements(on_date, known.balance, known.overdue, known.credit_limit, invoices)

    def list_shipments(self, inn: str, date_from: date, date_to: date) -> list[Shipment]:
        with self._lock:
            self._enter("ListShipments", inn, date_from, date_to)
            self._require_v11("ListShipments")
            self._client(inn)
            check_period(date_from, date_to)
            found = [s for s in self._state.shipments.get(inn, []) if date_from <= s.date <= date_to]
        return sorted(found, key=lambda s: (s.date, s.number))

    def list_changed_documents(self, since: datetime, limit: int) -> ChangeList:
        with self._lock:
            self._enter("ListChangedDocuments", "", since, limit)
            self._require_v11("ListChangedDocuments")
            newer = sorted((s for s in self._state.documents.values() if s.changed > since), key=lambda s: s.changed)[
                :limit
            ]
        changes = tuple(DocumentChange(s.inn, s.kind, s.changed, s.info) for s in newer)
        until = changes[-1].changed if changes else since
        return ChangeList(changes, until)

    # --- rules ----------------------------------------------------------------------------
    def _require_v11(self, operation: str) -> None:
        if self._state.version == "1.0":
            raise OneCError(OneCErrorKind.NOT_SUPPORTED, f"{operation} is not published by this 1C base (v1.0)")

    def _enter(self, operation: str, inn: str, *args) -> None:
        with self._lock:
            state = self._state
            state.calls.append((operation, inn, *args))
            if state.down or inn in state.fail_inns:
                raise OneCError(OneCErrorKind.UNAVAILABLE, "the fake 1C is down")
            if state.fail_after is not None:
                if state.fail_after <= 0:
                    raise OneCError(OneCErrorKind.UNAVAILABLE, "the fake 1C failed after the allowed calls")
                state.fail_after -= 1

    def _client(self, inn: str) -> OneCClientInfo:
        client = self._state.clients.get(inn)
        if client is None:
            raise OneCError(OneCErrorKind.CLIENT_NOT_FOUND, f"no counterparty with INN {inn}")
        return client


def _pdf_stub(title: str, number: str, day: date) -> bytes:
    """Not a renderable PDF, but starts like one and names the document, which tests can check."""
    return f"%PDF-1.4\n% fake 1C: {title} {number} {day:%d.%m.%Y}\n%%EOF\n".encode()


fake_onec_instance = FakeOneC()

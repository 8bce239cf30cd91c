"""The 1C seam: the interface the rest of the portal codes against.

Everything above this module sees plain dataclasses and `OneCError`; nothing above it knows
SOAP or zeep. The implementation is chosen by `settings.ONEC_BACKEND` in apps/onec/backend.py,
the way Django picks an e-mail backend: "soap" talks to 1C (apps/onec/soap.py), "fake" is in memory
(apps/onec/fake.py). This module imports neither.
"""

from abc import ABC, abstractmethod
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

INVOICE = "Invoice"  # счета на оплату
CLOSING = "Closing"  # закрывающие документы: УПД, счёт-фактура, ТОРГ-12, акт
CERTIFICATE = "Certificate"  # v1.1: сертификаты качества, паспорта на продукцию
DOCUMENT_KINDS = (INVOICE, CLOSING, CERTIFICATE)
ARCHIVE_KINDS = (INVOICE, CLOSING)  # what the guide's archive requests may ask for

# v1.1 operations: a base that publishes only v1.0 lacks them (and the Certificate kind).
V11_OPERATIONS = ("GetSettlements", "ListShipments", "ListChangedDocuments")
# v1.2 operations: a base that publishes 1.0 or 1.1 lacks them.
V12_OPERATIONS = ("ListOrders", "GetOrder")


class OneCErrorKind(StrEnum):
    UNAVAILABLE = "unavailable"
    CLIENT_NOT_FOUND = "client_not_found"
    DOCUMENT_NOT_FOUND = "document_not_found"
    INVALID_PERIOD = "invalid_period"
    # The base does not publish the operation (contract v1.0 or v1.1): the page says the
    # information is not available yet.
    NOT_SUPPORTED = "not_supported"


class OneCError(Exception):
    """A failure of a 1C call, already sorted into one of the kinds the portal acts upon."""

    def __init__(self, kind: OneCErrorKind, message: str = ""):
        super().__init__(kind, message)
        self.kind = OneCErrorKind(kind)
        self.message = message

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}" if self.message else str(self.kind)


@dataclass(frozen=True)
class OneCClientInfo:
    inn: str
    kpp: str  # "" when 1C has none (KPP, Email and Phone are optional in the contract)
    name: str
    email: str
    phone: str


@dataclass(frozen=True)
class DocumentInfo:
    id: str
    type: str
    number: str
    date: date
    amount: Decimal
    file_name: str  # as 1C prints it, e.g. "Счет 12/3 от 05.02.2026.pdf": not safe as a path
    size: int


@dataclass(frozen=True)
class DocumentFile:
    file_name: str
    mime_type: str
    data: bytes

    def __repr__(self) -> str:
        # Never let a file's bytes end up in a log line or a test failure message.
        return f"DocumentFile(file_name={self.file_name!r}, mime_type={self.mime_type!r}, size={len(self.data)})"


@dataclass(frozen=True)
class ReconciliationActData:
    opening_balance: Decimal
    closing_balance: Decimal
    file: DocumentFile


@dataclass(frozen=True)
class OpenInvoice:
    id: str  # the invoice's DocumentInfo.id: its PDF comes from get_document_file
    number: str
    date: date
    due_date: date
    amount: Decimal
    paid: Decimal
    vat: Decimal | None = None  # v1.2: the VAT included in `amount`; None: «Без НДС» (or a 1.1 base)

    @property
    def outstanding(self) -> Decimal:
        return self.amount - self.paid

    def days_overdue(self, on: date) -> int:
        return max((on - self.due_date).days, 0)


@dataclass(frozen=True)
class Settlements:
    on_date: date
    balance: Decimal  # > 0: the client owes the manufacturer; < 0: the manufacturer owes (prepaid)
    overdue: Decimal
    credit_limit: Decimal | None  # None: 1C has no limit for this client
    open_invoices: tuple[OpenInvoice, ...]


class ShipmentStatus(StrEnum):
    PLANNED = "Planned"
    SHIPPED = "Shipped"
    DELIVERED = "Delivered"


@dataclass(frozen=True)
class Shipment:
    id: str
    number: str
    date: date
    status: str  # a ShipmentStatus value; kept a str so an unknown word from 1C is not a crash
    vehicle: str  # "" when 1C has none
    amount: Decimal
    document_ids: tuple[str, ...]  # closing documents and certificates, for get_document_file


class OrderStatus(StrEnum):
    ACCEPTED = "Accepted"
    IN_PRODUCTION = "InProduction"
    READY_TO_SHIP = "ReadyToShip"
    PARTLY_SHIPPED = "PartlyShipped"
    SHIPPED = "Shipped"
    CLOSED = "Closed"
    CANCELLED = "Cancelled"


# ListOrders returns these of the period only; every other order whatever its date.
FINISHED_ORDER_STATUSES = frozenset({OrderStatus.CLOSED, OrderStatus.CANCELLED})


@dataclass(frozen=True)
class OrderLine:
    line_no: int
    product: str
    unit: str  # as 1C prints it: шт, т, м³
    quantity: Decimal
    shipped: Decimal
    price: Decimal
    amount: Decimal

    @property
    def to_ship(self) -> Decimal:
        return max(self.quantity - self.shipped, Decimal(0))


@dataclass(frozen=True)
class Order:
    id: str
    number: str
    date: date
    status: str  # an OrderStatus value; kept a str so an unknown word from 1C is not a crash
    planned_date: date | None  # when the rest is expected to ship; None when 1C has none
    amount: Decimal
    paid: Decimal
    contract: str  # "" when 1C has none
    lines: tuple[OrderLine, ...]  # empty in a list: ListOrders sends orders without lines
    shipment_ids: tuple[str, ...]  # Shipment.id of ListShipments
    invoice_ids: tuple[str, ...]  # DocumentInfo.id of kind Invoice

    @property
    def is_open(self) -> bool:
        return self.status not in FINISHED_ORDER_STATUSES


@dataclass(frozen=True)
class DocumentChange:
    inn: str
    kind: str
    changed: datetime  # aware
    document: DocumentInfo


@dataclass(frozen=True)
class ChangeList:
    changes: tuple[DocumentChange, ...]
    until: datetime  # aware; the next call's `since`


class OneCClient(ABC):
    """What the portal may ask 1C. Every method raises only `OneCError` for 1C's failures."""

    @abstractmethod
    def ping(self) -> str:
        """The 1C base's name and version."""

    @abstractmethod
    def get_client(self, inn: str) -> OneCClientInfo: ...

    @abstractmethod
    def list_documents(self, inn: str, kind: str, date_from: date, date_to: date) -> list[DocumentInfo]:
        """Documents of one kind ("Invoice" or "Closing") dated inside the period, ends included."""

    @abstractmethod
    def get_document_file(self, inn: str, document_id: str) -> DocumentFile: ...

    @abstractmethod
    def get_reconciliation_act(self, inn: str, date_from: date, date_to: date) -> ReconciliationActData: ...

    # --- contract v1.1: each raises OneCError(NOT_SUPPORTED) on a base that publishes only v1.0
    # (so does list_documents for CERTIFICATE there). The defaults are that v1.0 answer.

    def get_settlements(self, inn: str, on_date: date) -> Settlements:
        raise OneCError(OneCErrorKind.NOT_SUPPORTED, "GetSettlements")

    def list_shipments(self, inn: str, date_from: date, date_to: date) -> list[Shipment]:
        """Shipments dated inside the period, ends included."""
        raise OneCError(OneCErrorKind.NOT_SUPPORTED, "ListShipments")

    def list_changed_documents(self, since: datetime, limit: int) -> ChangeList:
        """Documents of every client created or reprinted after `since`, oldest first."""
        raise OneCError(OneCErrorKind.NOT_SUPPORTED, "ListChangedDocuments")

    # --- contract v1.2: NOT_SUPPORTED on a base that publishes 1.0 or 1.1.

    def list_orders(self, inn: str, date_from: date, date_to: date) -> list[Order]:
        """Orders dated inside the period and every order not Closed or Cancelled whatever its
        date; newest first; without their lines."""
        raise OneCError(OneCErrorKind.NOT_SUPPORTED, "ListOrders")

    def get_order(self, inn: str, order_id: str) -> Order:
        """One order with its lines; DOCUMENT_NOT_FOUND for an id that is not this client's."""
        raise OneCError(OneCErrorKind.NOT_SUPPORTED, "GetOrder")


def check_kind(kind: str) -> None:
    """A wrong kind is our programming error, not 1C's: say so before any call is made."""
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"document kind must be one of {DOCUMENT_KINDS}, got {kind!r}")


def is_not_supported(exc: BaseException) -> bool:
    return isinstance(exc, OneCError) and exc.kind == OneCErrorKind.NOT_SUPPORTED

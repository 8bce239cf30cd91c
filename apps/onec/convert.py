"""From zeep's answer objects to our dataclasses, refusing answers that break the contract.

Works on attribute access only, so it needs no zeep import; a missing or mistyped field raises
`OneCError(UNAVAILABLE)` here rather than an AttributeError somewhere above the seam.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone

from apps.onec.client import (
    ChangeList,
    DocumentChange,
    DocumentFile,
    DocumentInfo,
    OneCClientInfo,
    OneCError,
    OneCErrorKind,
    OpenInvoice,
    ReconciliationActData,
    Settlements,
    Shipment,
)


def _broken(what: str) -> OneCError:
    return OneCError(OneCErrorKind.UNAVAILABLE, f"1C's answer breaks the contract: {what}")


def _required(obj, field: str):
    value = getattr(obj, field, None)
    if value is None:
        raise _broken(f"{field} is missing")
    return value


def text(answer) -> str:
    if not isinstance(answer, str):
        raise _broken("Ping returned no text")
    return answer


def client_info(answer) -> OneCClientInfo:
    return OneCClientInfo(
        inn=str(_required(answer, "INN")),
        kpp=answer.KPP or "",
        name=str(_required(answer, "Name")),
        email=answer.Email or "",
        phone=answer.Phone or "",
    )


def document_list(answer) -> list[DocumentInfo]:
    # zeep unwraps a wrapper with one repeated child: a DocumentList arrives as the plain list of
    # its Documents, and an empty one as None or [].
    return [document_info(item) for item in _repeated(answer, "Document")]


def document_info(item) -> DocumentInfo:
    day, amount = _required(item, "Date"), _required(item, "Amount")
    if not isinstance(day, date) or not isinstance(amount, Decimal):
        raise _broken("a document's Date or Amount has the wrong type")
    return DocumentInfo(
        id=str(_required(item, "Id")),
        type=str(_required(item, "Type")),
        number=str(_required(item, "Number")),
        date=day,
        amount=amount,
        # Optional in practice: a 1C printed form without a name is named by the portal from the
        # document's type, number and date; it must not fail the whole list.
        file_name=str(item.FileName or ""),
        size=int(_required(item, "Size")),
    )


def document_file(answer) -> DocumentFile:
    """A File without Data is never success: zeep and lxml can both turn a broken or oversized
    base64 text into None, and a missing document must not look like an empty one."""
    if answer is None:
        raise _broken("no File")
    data = answer.Data
    if not isinstance(data, bytes) or not data:
        raise _broken("the File has no Data")
    return DocumentFile(
        file_name=str(answer.FileName or ""),
        mime_type=str(answer.MimeType or "application/octet-stream"),
        data=data,
    )


def reconciliation_act(answer) -> ReconciliationActData:
    if answer is None:
        raise _broken("no ReconciliationAct")
    opening, closing = _required(answer, "OpeningBalance"), _required(answer, "ClosingBalance")
    if not isinstance(opening, Decimal) or not isinstance(closing, Decimal):
        raise _broken("a balance is not a decimal")
    return ReconciliationActData(opening_balance=opening, closing_balance=closing, file=document_file(answer.File))


def _moment(value, what: str) -> datetime:
    """An xs:dateTime, aware: 1C writes its local time without an offset, which is TIME_ZONE."""
    if not isinstance(value, datetime):
        raise _broken(f"{what} is not a dateTime")
    return value if timezone.is_aware(value) else timezone.make_aware(value, timezone.get_default_timezone())


def to_1c_moment(value: datetime) -> datetime:
    """`value` as 1C reads a dateTime: naive, in the base's local time (TIME_ZONE), whole seconds.
    Cut down, never up, so a `since` never skips a change."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value, timezone.get_default_timezone())
    return timezone.localtime(value, timezone.get_default_timezone()).replace(tzinfo=None, microsecond=0)


def _decimal(obj, field: str) -> Decimal:
    value = _required(obj, field)
    if not isinstance(value, Decimal):
        raise _broken(f"{field} is not a decimal")
    return value


def _date(obj, field: str) -> date:
    value = _required(obj, field)
    if not isinstance(value, date):
        raise _broken(f"{field} is not a date")
    return value


def _repeated(answer, field: str) -> list:
    """A wrapper with one repeated child arrives from zeep as the plain list (None when empty)."""
    items = answer if isinstance(answer, list) or answer is None else getattr(answer, field, None)
    return list(items or [])


def _optional(obj, field: str, kind: type):
    """An optional field (minOccurs 0): None when absent, or when the base's version has no such
    field at all (zeep's objects then lack the attribute); of `kind` when present."""
    value = getattr(obj, field, None)
    if value is not None and not isinstance(value, kind):
        raise _broken(f"{field} is not a {kind.__name__}")
    return value


def settlements(answer) -> Settlements:
    if answer is None:
        raise _broken("no Settlements")
    return Settlements(
        on_date=_date(answer, "OnDate"),
        balance=_decimal(answer, "Balance"),
        overdue=_decimal(answer, "Overdue"),
        credit_limit=_optional(answer, "CreditLimit", Decimal),
        open_invoices=tuple(open_invoice(item) for item in answer.OpenInvoice or []),
    )


def open_invoice(item) -> OpenInvoice:
    return OpenInvoice(
        id=str(_required(item, "Id")),
        number=str(_required(item, "Number")),
        date=_date(item, "Date"),
        due_date=_date(item, "DueDate"),
        amount=_decimal(item, "Amount"),
        paid=_decimal(item, "Paid"),
        vat=_optional(item, "Vat", Decimal),  # v1.2; None: «Без НДС», or a base of 1.1
    )


def shipment_list(answer) -> list[Shipment]:
    return [shipment(item) for item in _repeated(answer, "Shipment")]


def shipment(item) -> Shipment:
    return Shipment(
        id=str(_required(item, "Id")),
        number=str(_required(item, "Number")),
        date=_date(item, "Date"),
        status=str(_required(item, "Status")),
        vehicle=str(item.Vehicle or ""),
        amount=_decimal(item, "Amount"),
        document_ids=tuple(str(document_id) for document_id in item.DocumentId or []),
    )


def change_list(answer) -> ChangeList:
    if answer is None:
        raise _broken("no ChangeList")
    changes = tuple(
        DocumentChange(
            inn=str(_required(item, "INN")),
            kind=str(_required(item, "Kind")),
            changed=_moment(_required(item, "Changed"), "Changed"),
            document=document_info(item),
        )
        for item in answer.Change or []
    )
    return ChangeList(changes=changes, until=_moment(_required(answer, "Until"), "Until"))

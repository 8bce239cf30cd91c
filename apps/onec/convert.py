"""From zeep's answer objects to our dataclasses, refusing answers that break the contract.

Works on attribute access only, so it needs no zeep import; a missing or mistyped field raises
`OneCError(UNAVAILABLE)` here rather than an AttributeError somewhere above the seam.
"""

from datetime import date
from decimal import Decimal

from apps.onec.client import (
    DocumentFile,
    DocumentInfo,
    OneCClientInfo,
    OneCError,
    OneCErrorKind,
    ReconciliationActData,
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
    documents = answer if isinstance(answer, list) or answer is None else getattr(answer, "Document", None)
    return [document_info(item) for item in documents or []]


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

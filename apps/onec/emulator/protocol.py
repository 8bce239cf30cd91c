"""The emulator's SOAP side, in plain lxml: read a request, answer it as 1C would.

Deliberately not zeep: the emulator must honour the contract on the wire, so that the portal's
zeep client is tested against XML it did not write itself.
"""

import base64
from collections.abc import Callable
from datetime import date
from decimal import Decimal

from lxml import etree
from lxml.builder import ElementMaker

from apps.onec.emulator.data import Ledger
from apps.onec.emulator.pdf import act_pdf
from apps.onec.emulator.wsdl import NS

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
E = ElementMaker(namespace=NS, nsmap={"m": NS})
BASE_NAME = "Подольскогнеупор: Управление производственным предприятием (эмулятор), 1.3.220.1 / ClientPortal 1.0"
MAX_PERIOD_DAYS = 5 * 366  # 1C refuses an act or list over more than five years


class SoapFault(Exception):
    def __init__(self, code: str, text: str):
        super().__init__(text)
        self.code, self.text = code, text


def parse_request(body: bytes) -> tuple[str, dict[str, str]]:
    """(operation, {child: text}) of a SOAP 1.1 document/literal request."""
    try:
        root = etree.fromstring(body, _SAFE_PARSER)
    except etree.XMLSyntaxError as error:
        raise SoapFault("soap:Client", f"BAD_REQUEST not XML: {error}") from None
    if root.getroottree().docinfo.doctype:
        raise SoapFault("soap:Client", "BAD_REQUEST DTDs are not accepted")
    request = root.find(f"{{{SOAP_ENV}}}Body/*")
    if request is None or etree.QName(request).namespace != NS:
        raise SoapFault("soap:Client", "BAD_REQUEST no operation of ClientPortal in the Body")
    params = {etree.QName(child).localname: (child.text or "").strip() for child in request}
    return etree.QName(request).localname, params


def envelope(payload: etree._Element) -> bytes:
    soap = ElementMaker(namespace=SOAP_ENV, nsmap={"soap": SOAP_ENV, "m": NS})
    return etree.tostring(soap.Envelope(soap.Body(payload)), xml_declaration=True, encoding="UTF-8")


def fault_envelope(fault: SoapFault) -> bytes:
    soap = ElementMaker(namespace=SOAP_ENV, nsmap={"soap": SOAP_ENV})
    plain = ElementMaker()
    node = soap.Fault(plain.faultcode(fault.code), plain.faultstring(fault.text))
    return etree.tostring(soap.Envelope(soap.Body(node)), xml_declaration=True, encoding="UTF-8")


def answer(ledger: Ledger, operation: str, params: dict[str, str]) -> bytes:
    handler = HANDLERS.get(operation)
    if handler is None:
        raise SoapFault("soap:Client", f"BAD_REQUEST unknown operation {operation}")
    return envelope(getattr(E, f"{operation}Response")(E("return", *handler(ledger, params))))


def _client(ledger: Ledger, params: dict[str, str]):
    client = ledger.clients.get(params.get("INN", ""))
    if client is None:
        raise SoapFault("soap:Client", f"CLIENT_NOT_FOUND Контрагент с ИНН {params.get('INN', '')} не найден")
    return client


def _period(params: dict[str, str]) -> tuple[date, date]:
    try:
        date_from, date_to = (date.fromisoformat(params[key][:10]) for key in ("DateFrom", "DateTo"))
    except (KeyError, ValueError):
        raise SoapFault("soap:Client", "INVALID_PERIOD Неверный формат даты") from None
    if date_to < date_from:
        raise SoapFault("soap:Client", "INVALID_PERIOD Дата окончания раньше даты начала")
    if (date_to - date_from).days > MAX_PERIOD_DAYS:
        raise SoapFault("soap:Client", "INVALID_PERIOD Период больше пяти лет")
    return date_from, date_to


def _amount(value: Decimal) -> str:
    return f"{value:.2f}"


def _file(name: str, data: bytes) -> list:
    return [E.FileName(name), E.MimeType("application/pdf"), E.Data(base64.b64encode(data).decode("ascii"))]


def _ping(ledger: Ledger, params: dict[str, str]) -> list:
    return [BASE_NAME]


def _get_client(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    return [E.INN(client.inn), E.KPP(client.kpp), E.Name(client.name), E.Email(client.email), E.Phone(client.phone)]


def _list_documents(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    if params.get("Kind") not in ("Invoice", "Closing"):
        raise SoapFault("soap:Client", f"BAD_REQUEST unknown Kind {params.get('Kind')!r}")
    found = ledger.find(client.inn, params["Kind"], *_period(params))
    return [
        E.Document(E.Id(d.id), E.Type(d.type), E.Number(d.number), E.Date(d.date.isoformat()),
                   E.Amount(_amount(d.amount)), E.FileName(d.file_name), E.Size(str(len(ledger.file(d)))))
        for d in found
    ]  # fmt: skip


def _get_document_file(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    document = ledger.documents.get(params.get("Id", ""))
    if document is None or document.inn != client.inn:
        raise SoapFault("soap:Client", f"DOCUMENT_NOT_FOUND Документ {params.get('Id')} не найден у контрагента")
    return _file(document.file_name, ledger.file(document))


def _get_reconciliation_act(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    date_from, date_to = _period(params)
    opening, closing, lines = ledger.act(client.inn, date_from, date_to)
    data = act_pdf(client.name, date_from, date_to, opening, closing, lines)
    name = f"Акт сверки {date_from:%d.%m.%Y}-{date_to:%d.%m.%Y}.pdf"
    return [E.OpeningBalance(_amount(opening)), E.ClosingBalance(_amount(closing)), E.File(*_file(name, data))]


HANDLERS: dict[str, Callable[[Ledger, dict[str, str]], list]] = {
    "Ping": _ping,
    "GetClient": _get_client,
    "ListDocuments": _list_documents,
    "GetDocumentFile": _get_document_file,
    "GetReconciliationAct": _get_reconciliation_act,
}

"""The emulator's SOAP side, in plain lxml: read a request, answer it as 1C would.

Deliberately not zeep: the emulator must honour the contract on the wire, so that the portal's
zeep client is tested against XML it did not write itself.
"""

import base64
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal

from lxml import etree
from lxml.builder import ElementMaker

from apps.onec.emulator import orders, trade
from apps.onec.emulator.data import MOSCOW, Document, Ledger
from apps.onec.emulator.pdf import act_pdf
from apps.onec.emulator.wsdl import LATEST, NS, document_kinds, operations, publishes_v12

SOAP_ENV = "http://schemas.xmlsoap.org/soap/envelope/"
_SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
E = ElementMaker(namespace=NS, nsmap={"m": NS})
BASE_NAME = "Подольскогнеупор: Управление производственным предприятием (эмулятор), 1.3.220.1 / ClientPortal {}"
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


def answer(ledger: Ledger, operation: str, params: dict[str, str], version: str = LATEST) -> bytes:
    """The answer of a base publishing that contract version: a v1.0 base knows neither the
    v1.1 operations nor the Certificate kind, and has no certificates; a v1.1 base knows no
    order operation and writes no VAT."""
    handler = HANDLERS.get(operation)
    if handler is None or operation not in operations(version):
        raise SoapFault("soap:Client", f"BAD_REQUEST unknown operation {operation}")
    params = {**params, "_version": version, "_kinds": document_kinds(version)}
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


def _day(params: dict[str, str], key: str) -> date:
    try:
        return date.fromisoformat(params[key][:10])
    except (KeyError, ValueError):
        raise SoapFault("soap:Client", "INVALID_PERIOD Неверный формат даты") from None


def _moment(value: datetime) -> str:
    """As 1C writes an xs:dateTime: the base's local time, no offset."""
    return value.astimezone(MOSCOW).strftime("%Y-%m-%dT%H:%M:%S")


def _document_fields(d: Document, ledger: Ledger) -> list:
    return [E.Id(d.id), E.Type(d.type), E.Number(d.number), E.Date(d.date.isoformat()), E.Amount(_amount(d.amount)),
            E.FileName(d.file_name), E.Size(str(len(ledger.file(d))))]  # fmt: skip


def _file(name: str, data: bytes) -> list:
    return [E.FileName(name), E.MimeType("application/pdf"), E.Data(base64.b64encode(data).decode("ascii"))]


def _ping(ledger: Ledger, params: dict[str, str]) -> list:
    return [BASE_NAME.format(params["_version"])]


def _get_client(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    return [E.INN(client.inn), E.KPP(client.kpp), E.Name(client.name), E.Email(client.email), E.Phone(client.phone)]


def _list_documents(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    if params.get("Kind") not in params["_kinds"]:
        raise SoapFault("soap:Client", f"BAD_REQUEST unknown Kind {params.get('Kind')!r}")
    found = ledger.find(client.inn, params["Kind"], *_period(params))
    return [E.Document(*_document_fields(d, ledger)) for d in found]


def _get_document_file(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    document = ledger.documents.get(params.get("Id", ""))
    if document is None or document.inn != client.inn or document.kind not in params["_kinds"]:
        raise SoapFault("soap:Client", f"DOCUMENT_NOT_FOUND Документ {params.get('Id')} не найден у контрагента")
    return _file(document.file_name, ledger.file(document))


def _get_reconciliation_act(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    date_from, date_to = _period(params)
    opening, closing, lines = ledger.act(client.inn, date_from, date_to)
    data = act_pdf(client.name, date_from, date_to, opening, closing, lines)
    name = f"Акт сверки {date_from:%d.%m.%Y}-{date_to:%d.%m.%Y}.pdf"
    return [E.OpeningBalance(_amount(opening)), E.ClosingBalance(_amount(closing)), E.File(*_file(name, data))]


def _get_settlements(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    on_date = _day(params, "OnDate")
    found = trade.settlements(ledger, client.inn, on_date)
    limit = [] if found.credit_limit is None else [E.CreditLimit(_amount(found.credit_limit))]
    with_vat = publishes_v12(params["_version"])
    invoices = [
        E.OpenInvoice(E.Id(o.invoice.id), E.Number(o.invoice.number), E.Date(o.invoice.date.isoformat()),
                      E.DueDate(o.due_date.isoformat()), E.Amount(_amount(o.invoice.amount)), E.Paid(_amount(o.paid)),
                      *([E.Vat(_amount(o.vat))] if with_vat and o.vat is not None else []))
        for o in found.open_invoices
    ]  # fmt: skip
    return [E.OnDate(on_date.isoformat()), E.Balance(_amount(found.balance)), E.Overdue(_amount(found.overdue)),
            *limit, *invoices]  # fmt: skip


def _list_shipments(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    answer = []
    for s in trade.shipments(ledger, client.inn, *_period(params)):
        vehicle = [E.Vehicle(s.vehicle)] if s.vehicle else []
        ids = [E.DocumentId(document_id) for document_id in s.document_ids]
        answer.append(E.Shipment(E.Id(s.id), E.Number(s.number), E.Date(s.date.isoformat()), E.Status(s.status),
                                 *vehicle, E.Amount(_amount(s.amount)), *ids))  # fmt: skip
    return answer


def _list_changed_documents(ledger: Ledger, params: dict[str, str]) -> list:
    try:
        since = datetime.fromisoformat(params["Since"])
        limit = int(params["Limit"])
    except (KeyError, ValueError):
        raise SoapFault("soap:Client", "BAD_REQUEST Since must be an xs:dateTime and Limit an xs:int") from None
    since = since if since.tzinfo else since.replace(tzinfo=MOSCOW)  # 1C reads a bare time as its own
    found = trade.changes(ledger, since, limit, tuple(params["_kinds"]))
    changes = [
        E.Change(E.INN(d.inn), E.Kind(d.kind), E.Changed(_moment(moment)), *_document_fields(d, ledger))
        for moment, d in found
    ]
    return [*changes, E.Until(_moment(found[-1][0] if found else since))]


def _list_orders(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    return [E.Order(*_order_fields(o, ())) for o in orders.listed(ledger, client.inn, *_period(params))]


def _get_order(ledger: Ledger, params: dict[str, str]) -> list:
    client = _client(ledger, params)
    found = orders.find(ledger, client.inn, params.get("Id", ""))
    if found is None:
        raise SoapFault("soap:Client", f"DOCUMENT_NOT_FOUND Заказ {params.get('Id')} не найден у контрагента")
    lines = [
        E.Line(E.LineNo(str(line.line_no)), E.Product(line.product), E.Unit(line.unit), E.Quantity(str(line.quantity)),
               E.Shipped(str(line.shipped)), E.Price(_amount(line.price)), E.Amount(_amount(line.amount)))
        for line in found.lines
    ]  # fmt: skip
    return _order_fields(found, lines)


def _order_fields(o: orders.OrderRow, lines: list) -> list:
    """An Order's children in the contract's order; a list's orders come without their lines."""
    planned = [E.PlannedDate(o.planned_date.isoformat())] if o.planned_date else []
    contract = [E.Contract(o.contract)] if o.contract else []
    return [E.Id(o.id), E.Number(o.number), E.Date(o.date.isoformat()), E.Status(o.status), *planned,
            E.Amount(_amount(o.amount)), E.Paid(_amount(o.paid)), *contract, *lines,
            *(E.ShipmentId(i) for i in o.shipment_ids), *(E.InvoiceId(i) for i in o.invoice_ids)]  # fmt: skip


HANDLERS: dict[str, Callable[[Ledger, dict[str, str]], list]] = {
    "Ping": _ping,
    "GetClient": _get_client,
    "ListDocuments": _list_documents,
    "GetDocumentFile": _get_document_file,
    "GetReconciliationAct": _get_reconciliation_act,
    "GetSettlements": _get_settlements,
    "ListShipments": _list_shipments,
    "ListChangedDocuments": _list_changed_documents,
    "ListOrders": _list_orders,
    "GetOrder": _get_order,
}

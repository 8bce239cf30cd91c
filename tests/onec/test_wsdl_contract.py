"""The emulator's WSDL, read by a plain zeep client that knows only docs/onec-contract.md."""

import pytest
import requests
import zeep
from lxml import etree

pytestmark = pytest.mark.integration
NS = "urn:clientportal:1c:v1"
XS = "http://www.w3.org/2001/XMLSchema"
# From the contract's tables: operation -> (request children, type of `return`)
OPERATIONS = {
    "Ping": ([], "string"),
    "GetClient": ([("INN", "string")], "Client"),
    "ListDocuments": ([("INN", "string"), ("Kind", "DocumentKind"), ("DateFrom", "date"), ("DateTo", "date")],
                      "DocumentList"),
    "GetDocumentFile": ([("INN", "string"), ("Id", "string")], "File"),
    "GetReconciliationAct": ([("INN", "string"), ("DateFrom", "date"), ("DateTo", "date")], "ReconciliationAct"),
    # v1.1
    "GetSettlements": ([("INN", "string"), ("OnDate", "date")], "Settlements"),
    "ListShipments": ([("INN", "string"), ("DateFrom", "date"), ("DateTo", "date")], "ShipmentList"),
    "ListChangedDocuments": ([("Since", "dateTime"), ("Limit", "int")], "ChangeList"),
    # v1.2
    "ListOrders": ([("INN", "string"), ("DateFrom", "date"), ("DateTo", "date")], "OrderList"),
    "GetOrder": ([("INN", "string"), ("Id", "string")], "Order"),
}  # fmt: skip
V11_OPERATIONS = {"GetSettlements", "ListShipments", "ListChangedDocuments"}
V12_OPERATIONS = {"ListOrders", "GetOrder"}
TYPES = {
    "Client": [("INN", "string"), ("KPP", "string"), ("Name", "string"), ("Email", "string"), ("Phone", "string")],
    "DocumentInfo": [("Id", "string"), ("Type", "string"), ("Number", "string"), ("Date", "date"),
                     ("Amount", "decimal"), ("FileName", "string"), ("Size", "long")],
    "DocumentList": [("Document", "DocumentInfo")],
    "File": [("FileName", "string"), ("MimeType", "string"), ("Data", "base64Binary")],
    "ReconciliationAct": [("OpeningBalance", "decimal"), ("ClosingBalance", "decimal"), ("File", "File")],
    # v1.1
    "OpenInvoice": [("Id", "string"), ("Number", "string"), ("Date", "date"), ("DueDate", "date"),
                    ("Amount", "decimal"), ("Paid", "decimal"), ("Vat", "decimal")],  # Vat: v1.2
    "Settlements": [("OnDate", "date"), ("Balance", "decimal"), ("Overdue", "decimal"), ("CreditLimit", "decimal"),
                    ("OpenInvoice", "OpenInvoice")],
    "Shipment": [("Id", "string"), ("Number", "string"), ("Date", "date"), ("Status", "string"),
                 ("Vehicle", "string"), ("Amount", "decimal"), ("DocumentId", "string")],
    "ShipmentList": [("Shipment", "Shipment")],
    "DocumentChange": [("INN", "string"), ("Kind", "DocumentKind"), ("Changed", "dateTime"), ("Id", "string"),
                       ("Type", "string"), ("Number", "string"), ("Date", "date"), ("Amount", "decimal"),
                       ("FileName", "string"), ("Size", "long")],
    "ChangeList": [("Change", "DocumentChange"), ("Until", "dateTime")],
    # v1.2
    "OrderLine": [("LineNo", "int"), ("Product", "string"), ("Unit", "string"), ("Quantity", "decimal"),
                  ("Shipped", "decimal"), ("Price", "decimal"), ("Amount", "decimal")],
    "Order": [("Id", "string"), ("Number", "string"), ("Date", "date"), ("Status", "string"), ("PlannedDate", "date"),
              ("Amount", "decimal"), ("Paid", "decimal"), ("Contract", "string"), ("Line", "OrderLine"),
              ("ShipmentId", "string"), ("InvoiceId", "string")],
    "OrderList": [("Order", "Order")],
}  # fmt: skip
# (type, field) -> (minOccurs, maxOccurs) where the contract makes a field optional or repeated
OCCURS = {
    ("Client", "KPP"): (0, 1), ("Client", "Email"): (0, 1), ("Client", "Phone"): (0, 1),
    ("DocumentList", "Document"): (0, "unbounded"),
    ("Settlements", "CreditLimit"): (0, 1), ("Settlements", "OpenInvoice"): (0, "unbounded"),
    ("Shipment", "Vehicle"): (0, 1), ("Shipment", "DocumentId"): (0, "unbounded"),
    ("ShipmentList", "Shipment"): (0, "unbounded"),
    ("ChangeList", "Change"): (0, "unbounded"),
    ("OpenInvoice", "Vat"): (0, 1),
    ("Order", "PlannedDate"): (0, 1), ("Order", "Contract"): (0, 1), ("Order", "Line"): (0, "unbounded"),
    ("Order", "ShipmentId"): (0, "unbounded"), ("Order", "InvoiceId"): (0, "unbounded"),
    ("OrderList", "Order"): (0, "unbounded"),
}  # fmt: skip


def _plain_client(emulator) -> zeep.Client:
    session = requests.Session()
    session.auth = ("portal", "portal")
    return zeep.Client(emulator.wsdl_url, transport=zeep.Transport(session=session))


@pytest.fixture
def plain_client(onec_emulator):
    return _plain_client(onec_emulator)


def _fields(xsd_type) -> list[tuple[str, str]]:
    return [(name, element.type.qname.localname) for name, element in xsd_type.elements]


def _soap11_operations(client) -> set[str]:
    [binding] = [b for b in client.wsdl.bindings.values() if "soap12" not in type(b).__name__.lower()]
    return set(binding.all())


def _document_kinds(emulator) -> list[str]:
    # zeep keeps no enumeration facets, so they are read from the WSDL's XML itself.
    wsdl = etree.fromstring(requests.get(emulator.wsdl_url, auth=("portal", "portal"), timeout=5).content)
    return wsdl.xpath(
        "//xs:simpleType[@name='DocumentKind']/xs:restriction[@base='xs:string']/xs:enumeration/@value",
        namespaces={"xs": XS},
    )


def test_the_soap_11_binding_has_exactly_the_ten_operations_of_v1_2(plain_client):
    assert _soap11_operations(plain_client) == set(OPERATIONS)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_each_operation_has_the_contracts_request_and_response(plain_client, operation):
    children, returns = OPERATIONS[operation]
    request = plain_client.get_element(f"{{{NS}}}{operation}")
    response = plain_client.get_element(f"{{{NS}}}{operation}Response")
    assert _fields(request.type) == children
    assert _fields(response.type) == [("return", returns)]


@pytest.mark.parametrize("name", TYPES)
def test_each_type_has_the_contracts_fields_in_order(plain_client, name):
    assert _fields(plain_client.get_type(f"{{{NS}}}{name}")) == TYPES[name]


def test_optional_and_repeated_fields_are_as_the_contract_says(plain_client):
    found = {
        (name, field): (element.min_occurs, element.max_occurs)
        for name in TYPES
        for field, element in plain_client.get_type(f"{{{NS}}}{name}").elements
        if (element.min_occurs, element.max_occurs) != (1, 1)
    }
    assert found == OCCURS


def test_document_kind_enumerates_invoice_closing_and_certificate(onec_emulator):
    assert _document_kinds(onec_emulator) == ["Invoice", "Closing", "Certificate"]


def test_a_v1_1_base_publishes_no_order_operation_and_no_vat(onec_emulator):
    onec_emulator.set_version("1.1")
    client = _plain_client(onec_emulator)
    assert _soap11_operations(client) == set(OPERATIONS) - V12_OPERATIONS
    assert _document_kinds(onec_emulator) == ["Invoice", "Closing", "Certificate"]
    assert _fields(client.get_type(f"{{{NS}}}OpenInvoice")) == TYPES["OpenInvoice"][:-1]
    for name in ("Order", "OrderLine", "OrderList"):
        with pytest.raises(zeep.exceptions.LookupError):
            client.get_type(f"{{{NS}}}{name}")


def test_a_v1_0_base_publishes_the_five_operations_and_two_kinds_only(onec_emulator):
    onec_emulator.set_version("1.0")
    client = _plain_client(onec_emulator)
    assert _soap11_operations(client) == set(OPERATIONS) - V11_OPERATIONS - V12_OPERATIONS
    assert _document_kinds(onec_emulator) == ["Invoice", "Closing"]
    for name in ("Settlements", "Order"):
        with pytest.raises(zeep.exceptions.LookupError):
            client.get_type(f"{{{NS}}}{name}")


def test_a_plain_client_can_call_through_the_wsdl(plain_client):
    assert plain_client.service.Ping()
    assert plain_client.service.GetClient(INN="5036012344").Name == "ООО «Профкерамика»"


def test_a_plain_client_reads_orders_through_the_wsdl(plain_client):
    listed = plain_client.service.ListOrders(INN="5036012344", DateFrom="2001-01-01", DateTo="2001-01-31")
    assert listed and all(order.Line == [] for order in listed)  # open orders, whatever their date; no lines
    order = plain_client.service.GetOrder(INN="5036012344", Id=listed[0].Id)
    assert order.Line and order.Amount == sum(line.Amount for line in order.Line)

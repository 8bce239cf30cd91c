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
}  # fmt: skip
TYPES = {
    "Client": [("INN", "string"), ("KPP", "string"), ("Name", "string"), ("Email", "string"), ("Phone", "string")],
    "DocumentInfo": [("Id", "string"), ("Type", "string"), ("Number", "string"), ("Date", "date"),
                     ("Amount", "decimal"), ("FileName", "string"), ("Size", "long")],
    "DocumentList": [("Document", "DocumentInfo")],
    "File": [("FileName", "string"), ("MimeType", "string"), ("Data", "base64Binary")],
    "ReconciliationAct": [("OpeningBalance", "decimal"), ("ClosingBalance", "decimal"), ("File", "File")],
}  # fmt: skip


@pytest.fixture
def plain_client(onec_emulator):
    session = requests.Session()
    session.auth = ("portal", "portal")
    return zeep.Client(onec_emulator.wsdl_url, transport=zeep.Transport(session=session))


def _fields(xsd_type) -> list[tuple[str, str]]:
    return [(name, element.type.qname.localname) for name, element in xsd_type.elements]


def test_the_soap_11_binding_has_exactly_the_five_operations(plain_client):
    [binding] = [b for b in plain_client.wsdl.bindings.values() if "soap12" not in type(b).__name__.lower()]
    assert set(binding._operations) == set(OPERATIONS)


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
    client = dict(plain_client.get_type(f"{{{NS}}}Client").elements)
    assert [n for n, e in client.items() if e.min_occurs == 0] == ["KPP", "Email", "Phone"]
    document = dict(plain_client.get_type(f"{{{NS}}}DocumentList").elements)["Document"]
    assert (document.min_occurs, document.max_occurs) == (0, "unbounded")


def test_document_kind_enumerates_invoice_and_closing(onec_emulator):
    # zeep keeps no enumeration facets, so this one is read from the WSDL's XML itself.
    wsdl = etree.fromstring(requests.get(onec_emulator.wsdl_url, auth=("portal", "portal"), timeout=5).content)
    values = wsdl.xpath(
        "//xs:simpleType[@name='DocumentKind']/xs:restriction[@base='xs:string']/xs:enumeration/@value",
        namespaces={"xs": XS},
    )
    assert values == ["Invoice", "Closing"]


def test_a_plain_client_can_call_through_the_wsdl(plain_client):
    assert plain_client.service.Ping()
    assert plain_client.service.GetClient(INN="5036012344").Name == "ООО «Профкерамика»"

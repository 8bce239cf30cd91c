"""The WSDL a 1C base publishes for the contract's `ClientPortal` service.

Written the way 1C writes it: one service with a SOAP 1.1 and a SOAP 1.2 port, soapActions of
the form `<namespace>#ClientPortal:<Operation>`. Tests of the portal's client read it as a
stranger would, so every name here comes from docs/onec-contract.md. `render_wsdl(..., "1.0")`
is what a base that has not been upgraded publishes: no v1.1 operation, no Certificate kind;
`"1.1"`: no order operation and no `OpenInvoice.Vat`. The default is the latest, 1.2.
"""

from xml.sax.saxutils import quoteattr

NS = "urn:clientportal:1c:v1"

# operation -> request element's children (name, type); the answer is `return` of RETURNS[op]
OPERATIONS = {
    "Ping": [],
    "GetClient": [("INN", "xs:string")],
    "ListDocuments": [
        ("INN", "xs:string"),
        ("Kind", "tns:DocumentKind"),
        ("DateFrom", "xs:date"),
        ("DateTo", "xs:date"),
    ],
    "GetDocumentFile": [("INN", "xs:string"), ("Id", "xs:string")],
    "GetReconciliationAct": [("INN", "xs:string"), ("DateFrom", "xs:date"), ("DateTo", "xs:date")],
    # v1.1
    "GetSettlements": [("INN", "xs:string"), ("OnDate", "xs:date")],
    "ListShipments": [("INN", "xs:string"), ("DateFrom", "xs:date"), ("DateTo", "xs:date")],
    "ListChangedDocuments": [("Since", "xs:dateTime"), ("Limit", "xs:int")],
    # v1.2
    "ListOrders": [("INN", "xs:string"), ("DateFrom", "xs:date"), ("DateTo", "xs:date")],
    "GetOrder": [("INN", "xs:string"), ("Id", "xs:string")],
}
V11_OPERATIONS = ("GetSettlements", "ListShipments", "ListChangedDocuments")
V12_OPERATIONS = ("ListOrders", "GetOrder")
VERSIONS = ("1.0", "1.1", "1.2")
LATEST = VERSIONS[-1]
# What a base of each older version lacks.
_HIDDEN = {"1.0": V11_OPERATIONS + V12_OPERATIONS, "1.1": V12_OPERATIONS}
RETURNS = {
    "Ping": "xs:string",
    "GetClient": "tns:Client",
    "ListDocuments": "tns:DocumentList",
    "GetDocumentFile": "tns:File",
    "GetReconciliationAct": "tns:ReconciliationAct",
    "GetSettlements": "tns:Settlements",
    "ListShipments": "tns:ShipmentList",
    "ListChangedDocuments": "tns:ChangeList",
    "ListOrders": "tns:OrderList",
    "GetOrder": "tns:Order",
}

_TYPES = """
   <xs:complexType name="Client"><xs:sequence>
    <xs:element name="INN" type="xs:string"/>
    <xs:element name="KPP" type="xs:string" minOccurs="0"/>
    <xs:element name="Name" type="xs:string"/>
    <xs:element name="Email" type="xs:string" minOccurs="0"/>
    <xs:element name="Phone" type="xs:string" minOccurs="0"/>
   </xs:sequence></xs:complexType>
   <xs:simpleType name="DocumentKind"><xs:restriction base="xs:string">
    {kinds}
   </xs:restriction></xs:simpleType>
   <xs:complexType name="DocumentInfo"><xs:sequence>
    <xs:element name="Id" type="xs:string"/>
    <xs:element name="Type" type="xs:string"/>
    <xs:element name="Number" type="xs:string"/>
    <xs:element name="Date" type="xs:date"/>
    <xs:element name="Amount" type="xs:decimal"/>
    <xs:element name="FileName" type="xs:string"/>
    <xs:element name="Size" type="xs:long"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="DocumentList"><xs:sequence>
    <xs:element name="Document" type="tns:DocumentInfo" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="File"><xs:sequence>
    <xs:element name="FileName" type="xs:string"/>
    <xs:element name="MimeType" type="xs:string"/>
    <xs:element name="Data" type="xs:base64Binary"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="ReconciliationAct"><xs:sequence>
    <xs:element name="OpeningBalance" type="xs:decimal"/>
    <xs:element name="ClosingBalance" type="xs:decimal"/>
    <xs:element name="File" type="tns:File"/>
   </xs:sequence></xs:complexType>"""
_TYPES_V11 = """
   <xs:complexType name="OpenInvoice"><xs:sequence>
    <xs:element name="Id" type="xs:string"/>
    <xs:element name="Number" type="xs:string"/>
    <xs:element name="Date" type="xs:date"/>
    <xs:element name="DueDate" type="xs:date"/>
    <xs:element name="Amount" type="xs:decimal"/>
    <xs:element name="Paid" type="xs:decimal"/>{vat}
   </xs:sequence></xs:complexType>
   <xs:complexType name="Settlements"><xs:sequence>
    <xs:element name="OnDate" type="xs:date"/>
    <xs:element name="Balance" type="xs:decimal"/>
    <xs:element name="Overdue" type="xs:decimal"/>
    <xs:element name="CreditLimit" type="xs:decimal" minOccurs="0"/>
    <xs:element name="OpenInvoice" type="tns:OpenInvoice" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="Shipment"><xs:sequence>
    <xs:element name="Id" type="xs:string"/>
    <xs:element name="Number" type="xs:string"/>
    <xs:element name="Date" type="xs:date"/>
    <xs:element name="Status" type="xs:string"/>
    <xs:element name="Vehicle" type="xs:string" minOccurs="0"/>
    <xs:element name="Amount" type="xs:decimal"/>
    <xs:element name="DocumentId" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="ShipmentList"><xs:sequence>
    <xs:element name="Shipment" type="tns:Shipment" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="DocumentChange"><xs:sequence>
    <xs:element name="INN" type="xs:string"/>
    <xs:element name="Kind" type="tns:DocumentKind"/>
    <xs:element name="Changed" type="xs:dateTime"/>
    <xs:element name="Id" type="xs:string"/>
    <xs:element name="Type" type="xs:string"/>
    <xs:element name="Number" type="xs:string"/>
    <xs:element name="Date" type="xs:date"/>
    <xs:element name="Amount" type="xs:decimal"/>
    <xs:element name="FileName" type="xs:string"/>
    <xs:element name="Size" type="xs:long"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="ChangeList"><xs:sequence>
    <xs:element name="Change" type="tns:DocumentChange" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element name="Until" type="xs:dateTime"/>
   </xs:sequence></xs:complexType>"""
_VAT = '\n    <xs:element name="Vat" type="xs:decimal" minOccurs="0"/>'
_TYPES_V12 = """
   <xs:complexType name="OrderLine"><xs:sequence>
    <xs:element name="LineNo" type="xs:int"/>
    <xs:element name="Product" type="xs:string"/>
    <xs:element name="Unit" type="xs:string"/>
    <xs:element name="Quantity" type="xs:decimal"/>
    <xs:element name="Shipped" type="xs:decimal"/>
    <xs:element name="Price" type="xs:decimal"/>
    <xs:element name="Amount" type="xs:decimal"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="Order"><xs:sequence>
    <xs:element name="Id" type="xs:string"/>
    <xs:element name="Number" type="xs:string"/>
    <xs:element name="Date" type="xs:date"/>
    <xs:element name="Status" type="xs:string"/>
    <xs:element name="PlannedDate" type="xs:date" minOccurs="0"/>
    <xs:element name="Amount" type="xs:decimal"/>
    <xs:element name="Paid" type="xs:decimal"/>
    <xs:element name="Contract" type="xs:string" minOccurs="0"/>
    <xs:element name="Line" type="tns:OrderLine" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element name="ShipmentId" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element name="InvoiceId" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType>
   <xs:complexType name="OrderList"><xs:sequence>
    <xs:element name="Order" type="tns:Order" minOccurs="0" maxOccurs="unbounded"/>
   </xs:sequence></xs:complexType>"""


def operations(version: str = LATEST) -> list[str]:
    """The operations a base of that contract version publishes."""
    return [op for op in OPERATIONS if op not in _HIDDEN.get(version, ())]


def document_kinds(version: str = LATEST) -> list[str]:
    return ["Invoice", "Closing"] if version == "1.0" else ["Invoice", "Closing", "Certificate"]


def publishes_v12(version: str = LATEST) -> bool:
    """Whether a base of that version has v1.2's orders and `OpenInvoice.Vat`."""
    return version not in _HIDDEN


def _types(version: str) -> str:
    kinds = "".join(f'<xs:enumeration value="{kind}"/>' for kind in document_kinds(version))
    if version == "1.0":
        return _TYPES.replace("{kinds}", kinds)
    v11 = _TYPES_V11.replace("{vat}", _VAT if publishes_v12(version) else "")
    return _TYPES.replace("{kinds}", kinds) + v11 + (_TYPES_V12 if publishes_v12(version) else "")


def _elements(version: str) -> str:
    parts = []
    for operation in operations(version):
        children = OPERATIONS[operation]
        fields = "".join(f'<xs:element name="{name}" type="{kind}"/>' for name, kind in children)
        parts.append(f'   <xs:element name="{operation}"><xs:complexType><xs:sequence>{fields}</xs:sequence>')
        parts.append("   </xs:complexType></xs:element>")
        answer = f'<xs:element name="return" type="{RETURNS[operation]}"/>'
        parts.append(f'   <xs:element name="{operation}Response"><xs:complexType><xs:sequence>{answer}')
        parts.append("   </xs:sequence></xs:complexType></xs:element>")
    return "\n".join(parts)


def _messages_and_port_type(version: str) -> str:
    messages, port_operations = [], []
    for op in operations(version):
        messages.append(f'<message name="{op}RequestMessage"><part name="parameters" element="tns:{op}"/></message>')
        messages.append(
            f'<message name="{op}ResponseMessage"><part name="parameters" element="tns:{op}Response"/></message>'
        )
        port_operations.append(
            f'<operation name="{op}"><input message="tns:{op}RequestMessage"/>'
            f'<output message="tns:{op}ResponseMessage"/></operation>'
        )
    port_type = '\n <portType name="ClientPortalPortType">' + "".join(port_operations) + "</portType>"
    return "\n ".join(messages) + port_type


def _binding(name: str, prefix: str, version: str) -> str:
    bound = "".join(
        f'<operation name="{op}"><{prefix}:operation soapAction="{NS}#ClientPortal:{op}" style="document"/>'
        f'<input><{prefix}:body use="literal"/></input><output><{prefix}:body use="literal"/></output></operation>'
        for op in operations(version)
    )
    return (
        f'<binding name="{name}" type="tns:ClientPortalPortType">'
        f'<{prefix}:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>{bound}</binding>'
    )


def render_wsdl(endpoint_url: str, version: str = LATEST) -> bytes:
    """The WSDL of that contract version with `endpoint_url` as both ports' soap:address."""
    location = quoteattr(endpoint_url)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/"
 xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:tns="{NS}" name="ClientPortal" targetNamespace="{NS}">
 <types>
  <xs:schema targetNamespace="{NS}" elementFormDefault="qualified" attributeFormDefault="unqualified">{_types(version)}
{_elements(version)}
  </xs:schema>
 </types>
 {_messages_and_port_type(version)}
 {_binding("ClientPortalSoapBinding", "soap", version)}
 {_binding("ClientPortalSoap12Binding", "soap12", version)}
 <service name="ClientPortal">
  <port name="ClientPortalSoap" binding="tns:ClientPortalSoapBinding"><soap:address location={location}/></port>
  <port name="ClientPortalSoap12" binding="tns:ClientPortalSoap12Binding"><soap12:address location={location}/></port>
 </service>
</definitions>
""".encode()

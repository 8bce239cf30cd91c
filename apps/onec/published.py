"""What a 1C base publishes, read from its WSDL: which v1.1 and v1.2 operations, which kinds.

Contracts v1.1 and v1.2 are additive, so a base that was not upgraded keeps publishing 1.0 or
1.1; the SOAP client asks this before a call and answers NOT_SUPPORTED itself instead of sending it.
"""

from dataclasses import dataclass

from lxml import etree

from apps.onec.client import CERTIFICATE, V11_OPERATIONS, V12_OPERATIONS

NS = "urn:clientportal:1c:v1"
XS = "http://www.w3.org/2001/XMLSchema"
_WSDL_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@dataclass(frozen=True)
class Published:
    """What the base's WSDL publishes, beyond v1.0."""

    operations: frozenset[str]
    kinds: frozenset[str]  # DocumentKind's enumeration; empty if the WSDL lists none
    read_at: float  # time.monotonic()

    @property
    def certificates(self) -> bool:
        # A DocumentKind without an enumeration says nothing: then the operations decide (a base of
        # 1.2 is one of 1.1 upgraded, so it has the kind too).
        return CERTIFICATE in self.kinds if self.kinds else self.version != "1.0"

    @property
    def version(self) -> str:
        """ "1.2" when both v1.2 operations are published, "1.1" when every v1.1 one is, else "1.0"."""
        if set(V12_OPERATIONS) <= self.operations:
            return "1.2"
        return "1.1" if set(V11_OPERATIONS) <= self.operations else "1.0"

    def missing(self, operation: str, params: dict) -> str:
        """What of this call the base does not publish ("" when it publishes all of it)."""
        if operation in (*V11_OPERATIONS, *V12_OPERATIONS) and operation not in self.operations:
            return operation
        if operation == "ListDocuments" and params.get("Kind") == CERTIFICATE and not self.certificates:
            return "ListDocuments(Certificate)"
        return ""


def document_kinds(documents: list[bytes]) -> frozenset[str]:
    """DocumentKind's enumeration, read from the WSDL's own XML: zeep keeps no facets. zeep has
    already parsed these bytes with DTDs and entities refused."""
    kinds = set()
    for content in documents:
        root = etree.fromstring(content, _WSDL_PARSER)
        kinds.update(
            root.xpath(
                "//xs:schema[@targetNamespace=$ns]/xs:simpleType[@name='DocumentKind']//xs:enumeration/@value",
                namespaces={"xs": XS},
                ns=NS,
            )
        )
    return frozenset(kinds)

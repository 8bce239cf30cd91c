"""What each role may open in the cabinet: the one place that says it.

Views declare what they need (`@client_required(can=Can.SETTLEMENTS)`); a page, fragment or
file beyond the person's role answers 404, as if it did not exist.

Archives (the invoice and closing-document ZIPs) are accounting work: «Снабжение» does not get
them; it sees the documents' register, shipments with their certificates, and the notices of new
documents (certificates are what it waits for). Notices are one setting per organisation, so
every role may set them. Orders are everyone's (accounting asks what is paid, procurement what
is still to ship); quality claims are filed from a shipment, so they go with the shipments.
"""

from enum import StrEnum

from apps.clients.models import Role


class Can(StrEnum):
    ARCHIVES = "archives"  # the two archive forms, their requests and ZIPs
    REGISTER = "register"  # the documents' register, its files and selections
    SETTLEMENTS = "settlements"  # settlements, open invoices (.xlsx)
    ACTS = "acts"  # reconciliation acts
    SHIPMENTS = "shipments"  # shipments, their packs and quality certificates
    QUESTIONS = "questions"
    NOTICES = "notices"  # notices of new documents
    PEOPLE = "people"  # the company's people and invitations
    ORDERS = "orders"  # orders and their lines (contract v1.2)
    CLAIMS = "claims"  # quality claims filed from a shipment, their files and decisions


ALLOWED: dict[str, frozenset[Can]] = {
    Role.ACCOUNTANT: frozenset(
        {Can.ARCHIVES, Can.REGISTER, Can.SETTLEMENTS, Can.ACTS, Can.QUESTIONS, Can.NOTICES, Can.ORDERS}
    ),
    Role.PROCUREMENT: frozenset({Can.REGISTER, Can.SHIPMENTS, Can.QUESTIONS, Can.NOTICES, Can.ORDERS, Can.CLAIMS}),
    Role.ADMIN: frozenset(Can),
}


def role_allows(role: str, can: str | None) -> bool:
    """True when `role` may open what needs `can`; None needs only membership (the home page)."""
    return can is None or can in ALLOWED.get(role, frozenset())

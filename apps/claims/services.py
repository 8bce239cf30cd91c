"""Claims (writes): the client files one from a shipment; staff take it into work and decide.

Every step is an entry in the portal's journal (apps/core/audit.py), as an act's steps are, and
each e-mail is an outbox row with a key of its own, so a retried call never sends it twice.
"""

import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from apps.claims.mail import claim_decision_email, claim_staff_email
from apps.claims.models import Claim, ClaimFile, ClaimLine
from apps.claims.numbering import claim_number_take, claim_year
from apps.claims.states import DECISIONS, TAKE, MoveNotAllowed, state_after
from apps.claims.storage import claim_files_delete, claim_upload_store
from apps.claims.uploads import ClaimUpload
from apps.clients.models import Client
from apps.core.audit import audit_log
from apps.onec.client import Shipment, ShipmentStatus

HANDLE_PERMISSION = "claims.handle_claim"
CLAIMABLE = frozenset({ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED})
DESCRIPTION_MAX_LENGTH = 4000
FILES_MAX = 10
LINES_MAX = 10


@dataclass(frozen=True)
class ClaimLineData:
    product: str
    quantity: Decimal
    unit: str


class ShipmentNotClaimable(Exception):
    """The shipment has not left the plant yet: there is nothing to claim about."""


class ClaimNotOpen(Exception):
    """Someone already took or decided this claim (or the move skips a step)."""


def claim_create(
    *,
    client: Client,
    shipment: Shipment,
    user,
    description: str,
    outcome: str,
    lines: list[ClaimLineData],
    uploads: list[ClaimUpload],
    token: uuid.UUID | None = None,
) -> Claim:
    """File a claim: store its files, number it, write the journal and tell staff.

    `token` is the form's key: the same form sent again returns the claim it filed.
    """
    description = description.strip()
    _check_content(shipment=shipment, description=description, outcome=outcome, lines=lines, uploads=uploads)
    if token is not None and (existing := Claim.objects.filter(client=client, token=token).first()):
        return existing
    stored = _store(client, uploads)
    fields = {"description": description, "outcome": outcome, "token": token, "lines": lines}
    try:
        with transaction.atomic():
            files = list(zip(uploads, stored, strict=True))
            return _record(client=client, shipment=shipment, user=user, files=files, **fields)
    except IntegrityError:
        claim_files_delete([name for pair in stored for name in pair])
        existing = Claim.objects.filter(client=client, token=token).first() if token else None
        if existing is None:
            raise
        return existing  # the same form, sent twice at once: the other request filed it
    except BaseException:
        claim_files_delete([name for pair in stored for name in pair])
        raise


def _store(client: Client, uploads: list[ClaimUpload]) -> list[tuple[str, str]]:
    """Every file in the storage, or none: one refused by the storage takes the others back out."""
    stored: list[tuple[str, str]] = []
    try:
        for upload in uploads:
            stored.append(claim_upload_store(client_id=client.id, upload=upload))
    except BaseException:
        claim_files_delete([name for pair in stored for name in pair])
        raise
    return stored


def _check_content(*, shipment: Shipment, description: str, outcome: str, lines, uploads) -> None:
    """What the form already said, said again for any other caller: nothing half-filed is stored."""
    if shipment.status not in CLAIMABLE:
        raise ShipmentNotClaimable(shipment.status)
    if not description or len(description) > DESCRIPTION_MAX_LENGTH:
        raise ValidationError("a claim needs a description within the limit", code="description")
    if outcome not in Claim.Outcome.values:
        raise ValidationError("unknown outcome", code="outcome")
    if not 1 <= len(lines) <= LINES_MAX or any(line.quantity <= 0 for line in lines):
        raise ValidationError("a claim names at least one product with a quantity", code="lines")
    if not 1 <= len(uploads) <= FILES_MAX:
        raise ValidationError("a claim carries 1 to 10 files", code="files")


def _record(*, client, shipment: Shipment, user, lines, files, description, outcome, token) -> Claim:
    now = timezone.now()
    year = claim_year(now)
    claim = Claim.objects.create(
        client=client, year=year, sequence=claim_number_take(year=year), token=token,
        shipment_id=shipment.id, shipment_number=shipment.number, shipment_date=shipment.date,
        description=description, outcome=outcome, filed_at=now,
        filed_by=user if getattr(user, "is_authenticated", False) else None,
    )  # fmt: skip
    ClaimLine.objects.bulk_create(
        ClaimLine(claim=claim, position=n, product=line.product, quantity=line.quantity, unit=line.unit)
        for n, line in enumerate(lines, start=1)
    )
    ClaimFile.objects.bulk_create(
        ClaimFile(
            claim=claim,
            position=n,
            file_path=path,
            preview_path=preview,
            file_name=upload.name,
            file_size=len(upload.data),
            content_type=upload.content_type,
        )
        for n, (upload, (path, preview)) in enumerate(files, start=1)
    )
    audit_log(
        obj=claim,
        action="claims.claim.filed",
        actor=claim.filed_by,
        number=claim.number,
        shipment=shipment.number,
        outcome=outcome,
        lines=len(lines),
        files=len(files),
    )
    claim_staff_email(claim=claim)
    return claim


# --- Staff ---------------------------------------------------------------------------------------


def handler_check(actor) -> None:
    """Only active staff with the claims permission take claims into work and decide them."""
    if not (actor.is_active and actor.is_staff and actor.has_perm(HANDLE_PERMISSION)):
        raise PermissionDenied("only staff who handle claims may do this")


def claim_take(*, claim: Claim, actor) -> Claim:
    """Take a new claim into work: the client sees it being looked at."""
    handler_check(actor)
    with transaction.atomic():
        locked = _locked(claim, TAKE)
        changes = {"status": Claim.Status.IN_WORK, "taken_at": timezone.now(), "taken_by": actor}
        _apply(locked, claim, changes)
        audit_log(obj=locked, action="claims.claim.taken", actor=actor)
    return claim


def claim_decide(*, claim: Claim, actor, decision: str, answer: str) -> Claim:
    """Decide a claim in work and e-mail the decision with the answer to the client, once."""
    handler_check(actor)
    answer = answer.strip()
    if decision not in DECISIONS:
        raise ValidationError("unknown decision", code="decision")
    if not answer:
        raise ValidationError("a decision needs an answer the client can read", code="required")
    with transaction.atomic():
        locked = _locked(claim, decision)
        changes = {"status": decision, "answer": answer, "decided_at": timezone.now(), "decided_by": actor}
        _apply(locked, claim, changes)
        email = claim_decision_email(claim=locked)
        _apply(locked, claim, {"decision_email": email})
        audit_log(obj=locked, action="claims.claim.decided", actor=actor, decision=decision, email=email.to)
    return claim


def _locked(claim: Claim, move: str) -> Claim:
    # The row lock serialises two members of staff (or two clicks) moving the same claim.
    locked = Claim.objects.select_for_update().select_related("client").get(id=claim.id)
    try:
        state_after(locked.status, move)
    except MoveNotAllowed:
        raise ClaimNotOpen from None
    return locked


def _apply(locked: Claim, claim: Claim, changes: dict) -> None:
    Claim.objects.filter(id=locked.id).update(**changes)
    for target in (locked, claim):
        for field, value in changes.items():
            setattr(target, field, value)

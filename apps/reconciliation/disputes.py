"""Staff answer a client's dispute about a sent act (writes): with an explanation, or with a
corrected act.

The answer closes the dispute (states.py: disputed → resolved) and goes to the client by e-mail
in their language, once: the outbox key is the resolution's, and a second answer to the same
dispute (a double click, a colleague at the same moment) is refused under the act's row lock. A
corrected act becomes the act's file, so its page downloads the corrected one, and is attached.
"""

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.core.audit import audit_log
from apps.reconciliation.client_mail import act_attachment, act_client_email
from apps.reconciliation.models import ReconciliationAct, ReconciliationActResolution
from apps.reconciliation.services import reviewer_check
from apps.reconciliation.states import RESOLVE, MoveNotAllowed, act_state, state_after
from apps.reconciliation.storage import act_file_delete, act_file_store, pdf_validate


class DisputeNotOpen(Exception):
    """No dispute is open on the act: it was answered a moment ago, or never disputed."""


def act_dispute_resolve(
    *, act: ReconciliationAct, actor, text: str, corrected_pdf: bytes | None = None
) -> ReconciliationActResolution:
    """Answer the open dispute, e-mail the answer (and the corrected act) to the client."""
    reviewer_check(actor)
    text = text.strip()
    if not text:
        raise ValidationError("an answer to a dispute needs a text the client can read", code="required")
    if corrected_pdf is not None:
        pdf_validate(corrected_pdf)
    # Stored before the row that points to it, and removed again if the row is not written.
    path = act_file_store(act_id=act.id, data=corrected_pdf) if corrected_pdf is not None else ""
    try:
        with transaction.atomic():
            resolution = _record(act=act, actor=actor, text=text, path=path)
    except BaseException:
        if path:
            act_file_delete(path)
        raise
    return resolution


def _record(*, act: ReconciliationAct, actor, text: str, path: str) -> ReconciliationActResolution:
    locked = ReconciliationAct.objects.select_for_update().select_related("client").get(id=act.id)
    before = act_state(locked)
    try:
        after = state_after(before, RESOLVE, corrected=bool(path))
    except MoveNotAllowed:
        raise DisputeNotOpen from None
    resolution = ReconciliationActResolution.objects.create(act=locked, text=text, file_path=path, created_by=actor)
    changes = {"client_answer": after.answer, "dispute_opened_at": None}
    if not after.signed:
        changes["signed_copy_at"] = None  # the scan was of the act before its correction
    if path:
        changes.update(file_path=path, file_replaced=True)
    previous_file = locked.file_path
    ReconciliationAct.objects.filter(id=locked.id).update(**changes)
    for target in (locked, act):
        for field, value in changes.items():
            setattr(target, field, value)
    email = act_client_email(
        act=locked,
        key=f"reconciliation.act.{locked.id}.resolution.{resolution.id}",
        template="reconciliation/email/act-resolved",
        context={"resolution": resolution},
        attachments=[act_attachment(locked, path=path)] if path else [],
    )
    ReconciliationActResolution.objects.filter(id=resolution.id).update(outgoing_email=email)
    resolution.outgoing_email = email
    audit_log(
        obj=locked,
        action="reconciliation.act.dispute_resolved",
        actor=actor,
        resolution_id=resolution.id,
        text=text,
        corrected=bool(path),
        previous_file=previous_file if path else "",
        email=locked.email,
    )
    return resolution

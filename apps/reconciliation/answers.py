"""The client's answer to a sent act (writes): confirm it, dispute it, or send the signed copy.

Which answer may follow which is the table in states.py; the act keeps its state, and every
answer is kept for staff.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import audit_log
from apps.mail.services import outgoing_email_render
from apps.reconciliation.models import ReconciliationAct, ReconciliationActAnswer
from apps.reconciliation.scans import Scan
from apps.reconciliation.states import (
    CLIENT_MOVES,
    ActState,
    Answer,
    MoveNotAllowed,
    act_state,
    client_moves,
    state_after,
)
from apps.reconciliation.storage import act_file_delete, answer_file_store

Kind = ReconciliationActAnswer.Kind
_AUDIT_ACTION = {
    Kind.CONFIRM: "reconciliation.act.confirmed",
    Kind.DISPUTE: "reconciliation.act.disputed",
    Kind.SIGNED_COPY: "reconciliation.act.signed_copy_received",
}


class ActNotAnswerable(Exception):
    """The act has not been sent (or was rejected): there is nothing for the client to answer."""


# This answer cannot follow the act's state (a second confirmation, a confirmation during a dispute).
AnswerNotAllowed = MoveNotAllowed


def answers_allowed(*, act: ReconciliationAct) -> frozenset[str]:
    """The answers the client may give to the act now; none unless it was sent."""
    return client_moves(act)


def act_answer_create(
    *, act: ReconciliationAct, user, kind: str, comment: str = "", scan: Scan | None = None
) -> ReconciliationActAnswer:
    """Record the client's answer, move the act's state, write the journal and tell staff by e-mail."""
    comment = comment.strip()
    _check_content(kind=kind, comment=comment, scan=scan)
    # Stored before the row that points to it, and removed again if the row is not written.
    path = answer_file_store(act_id=act.id, data=scan.data, extension=scan.extension) if scan else ""
    try:
        with transaction.atomic():
            answer = _record(act=act, user=user, kind=kind, comment=comment, scan=scan, path=path)
    except BaseException:
        if path:
            act_file_delete(path)
        raise
    return answer


def _check_content(*, kind: str, comment: str, scan: Scan | None) -> None:
    if kind not in CLIENT_MOVES:
        raise ValidationError("unknown answer kind", code="invalid")
    if kind == Kind.DISPUTE and not comment:
        raise ValidationError("a dispute needs a comment staff can act on", code="required")
    if kind == Kind.SIGNED_COPY and scan is None:
        raise ValidationError("a signed copy needs its file", code="required")
    if kind == Kind.CONFIRM and (comment or scan):
        raise ValidationError("a confirmation carries no comment or file", code="invalid")


def _record(*, act, user, kind: str, comment: str, scan: Scan | None, path: str) -> ReconciliationActAnswer:
    # The row lock serialises two answers sent at once (two tabs, a double click).
    locked = ReconciliationAct.objects.select_for_update().select_related("client").get(id=act.id)
    if locked.status != ReconciliationAct.Status.SENT:
        raise ActNotAnswerable
    before = act_state(locked)
    after = state_after(before, kind)
    answer = ReconciliationActAnswer.objects.create(
        act=locked,
        kind=kind,
        comment=comment,
        file_path=path,
        file_name=scan.name if scan else "",
        file_size=len(scan.data) if scan else None,
        content_type=scan.content_type if scan else "",
        created_by=user if getattr(user, "is_authenticated", False) else None,
    )
    changes = _changes(kind=kind, before=before, after=after, now=timezone.now())
    ReconciliationAct.objects.filter(id=locked.id).update(**changes)
    for target in (locked, act):
        for field, value in changes.items():
            setattr(target, field, value)
    audit_log(
        obj=locked,
        action=_AUDIT_ACTION[kind],
        actor=answer.created_by,
        answer_id=answer.id,
        comment=comment,
        file_name=answer.file_name,
        size=answer.file_size,
    )
    _notify_staff(act=locked, answer=answer)
    return answer


def _changes(*, kind: str, before: ActState, after: ActState, now) -> dict:
    changes = {"client_answer": after.answer, "client_answered_at": now}
    if kind == Kind.SIGNED_COPY:
        changes["signed_copy_at"] = now  # the latest scan
    if after.answer == Answer.DISPUTED and before.answer != Answer.DISPUTED:
        changes["dispute_opened_at"] = now  # a dispute opens; more detail keeps its start
    return changes


def _notify_staff(*, act: ReconciliationAct, answer: ReconciliationActAnswer) -> None:
    """One e-mail per answer, to the address told of acts waiting for review."""
    path = reverse("admin:reconciliation_reconciliationact_review", args=[act.id])
    outgoing_email_render(
        key=f"reconciliation.act.{act.id}.answer.{answer.id}.staff",
        to=settings.STAFF_NOTIFY_EMAIL,
        template="reconciliation/email/staff-answer",
        context={"act": act, "client": act.client, "answer": answer, "review_url": settings.PORTAL_BASE_URL + path},
        language=settings.LANGUAGE_CODE,
    )

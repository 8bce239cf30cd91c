"""The client's answer to a sent act (writes): confirm it, dispute it, or send the signed copy.

Which answer may follow which is what an accountant does with a paper act:
- a sent act, not answered yet, takes any answer;
- after a confirmation the signed copy usually follows, and a dispute is still heard (the chief
  accountant found a difference after all); a second confirmation adds nothing and is refused;
- after a dispute anything goes: another dispute with more detail, a confirmation once the
  difference is explained, or the copy signed with a note of disagreement;
- once the signed copy is here the act is settled on paper: only another scan (a clearer one)
  is taken; anything else about it goes through a question.
The act shows the latest answer's state; every answer is kept for staff.
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
from apps.reconciliation.storage import act_file_delete, answer_file_store

Kind = ReconciliationActAnswer.Kind
Answer = ReconciliationAct.Answer

ALLOWED_AFTER: dict[str, frozenset[str]] = {
    Answer.NONE: frozenset({Kind.CONFIRM, Kind.DISPUTE, Kind.SIGNED_COPY}),
    Answer.CONFIRMED: frozenset({Kind.DISPUTE, Kind.SIGNED_COPY}),
    Answer.DISPUTED: frozenset({Kind.CONFIRM, Kind.DISPUTE, Kind.SIGNED_COPY}),
    Answer.SIGNED: frozenset({Kind.SIGNED_COPY}),
}
_STATE_AFTER = {Kind.CONFIRM: Answer.CONFIRMED, Kind.DISPUTE: Answer.DISPUTED, Kind.SIGNED_COPY: Answer.SIGNED}
_AUDIT_ACTION = {
    Kind.CONFIRM: "reconciliation.act.confirmed",
    Kind.DISPUTE: "reconciliation.act.disputed",
    Kind.SIGNED_COPY: "reconciliation.act.signed_copy_received",
}


class ActNotAnswerable(Exception):
    """The act has not been sent (or was rejected): there is nothing for the client to answer."""


class AnswerNotAllowed(Exception):
    """This answer cannot follow the act's current state (a second confirmation, a dispute after the signed copy)."""


def answers_allowed(*, act: ReconciliationAct) -> frozenset[str]:
    """The answers the client may give to the act now; none unless it was sent."""
    if act.status != ReconciliationAct.Status.SENT:
        return frozenset()
    return ALLOWED_AFTER.get(act.client_answer, frozenset())


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
    if kind not in _STATE_AFTER:
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
    if kind not in ALLOWED_AFTER.get(locked.client_answer, frozenset()):
        raise AnswerNotAllowed
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
    state, now = _STATE_AFTER[kind], timezone.now()
    ReconciliationAct.objects.filter(id=locked.id).update(client_answer=state, client_answered_at=now)
    locked.client_answer, locked.client_answered_at = state, now
    act.client_answer, act.client_answered_at = state, now
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

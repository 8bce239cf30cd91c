"""Reconciliation acts: the client's order, the 1C fetch, staff review, and sending.

The fetch is a `Job` (apps.core.jobs) like the archives; once 1C has answered, the act is parked
in `in_review` and only a person with the `review_reconciliationact` permission moves it on.
"""

import logging
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_q.tasks import async_task

from apps.clients.models import Client
from apps.core.audit import audit_log
from apps.core.jobs import UNAVAILABLE, job_claim, job_crashed, job_finish, job_park, job_retry_later, jobs_sweep
from apps.core.metrics import job_outcome_count
from apps.core.private_files import PrivateFileUnavailable
from apps.mail.services import outgoing_email_render
from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError, OneCErrorKind, ReconciliationActData
from apps.reconciliation.client_mail import act_attachment, act_client_email
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.selectors import acts_ordered_recently
from apps.reconciliation.storage import act_file_delete, act_file_store, pdf_validate

logger = logging.getLogger(__name__)
Status = ReconciliationAct.Status
REVIEW_PERMISSION = "reconciliation.review_reconciliationact"

_FINAL_FOR_KIND = {
    OneCErrorKind.CLIENT_NOT_FOUND: Status.NOT_FOUND,
    OneCErrorKind.INVALID_PERIOD: Status.INVALID_PERIOD,
}


_PENDING = (Status.QUEUED, Status.RUNNING, Status.RETRYING, Status.IN_REVIEW)


class ActRateLimited(Exception):
    """The client ordered ACTS_PER_HOUR acts in the last hour."""


class ActNotInReview(Exception):
    """Someone else already approved or rejected this act (or it never reached review)."""


# --- Ordering and fetching ---------------------------------------------------------------------


def act_order_create(
    *, client: Client, date_from: date, date_to: date, email: str, language: str, requested_by=None
) -> ReconciliationAct:
    """Accept an order, or return the identical one still being fetched or reviewed (a double click)."""
    with transaction.atomic():
        # Serialises one client's orders, so two quick submits cannot both slip past the checks.
        Client.objects.select_for_update().filter(id=client.id).first()
        existing = ReconciliationAct.objects.filter(
            client=client, date_from=date_from, date_to=date_to, email__iexact=email, status__in=_PENDING
        ).first()
        if existing:
            return existing
        if acts_ordered_recently(client=client) >= settings.ACTS_PER_HOUR:
            raise ActRateLimited
        act = ReconciliationAct.objects.create(
            client=client, date_from=date_from, date_to=date_to, email=email, language=language, status=Status.QUEUED
        )
        audit_log(
            obj=act,
            action="reconciliation.act.ordered",
            actor=requested_by or client.user,  # the person who ordered; the INN login when not told
            date_from=date_from.isoformat(),
            date_to=date_to.isoformat(),
            email=email,
        )
        transaction.on_commit(lambda: act_queue(act_id=act.id))
    return act


def act_queue(*, act_id: int) -> None:
    async_task("apps.reconciliation.tasks.fetch_act", act_id, task_name=f"act-{act_id}")


def act_fetch(*, act_id: int) -> str | None:
    """One attempt to get the act from 1C. Returns the status it left the act in, None if not claimed."""
    act = job_claim(ReconciliationAct, act_id)
    if act is None:
        return None
    try:
        data = get_onec_client().get_reconciliation_act(act.client.inn, act.date_from, act.date_to)
    except OneCError as error:
        return _after_onec_error(act, error)
    except Exception as error:
        logger.exception("act fetch crashed id=%s", act.id)
        return job_crashed(act, f"{type(error).__name__}: {error}"[:2000])
    try:
        return _park_for_review(act, data)
    except PrivateFileUnavailable as error:
        # The storage did not take the PDF: try again shortly, as after a crash (apps/core/jobs.py).
        logger.warning("act file not stored id=%s error=%s", act.id, error)
        return job_crashed(act, f"PrivateFileUnavailable: {error}"[:2000])


def _after_onec_error(act: ReconciliationAct, error: OneCError) -> str:
    if error.kind == OneCErrorKind.UNAVAILABLE:
        window = timedelta(minutes=settings.ONEC_RETRY_WINDOW_MINUTES)
        status = job_retry_later(act, str(error), window=window)
        if status != UNAVAILABLE:
            return status
    else:
        status = _FINAL_FOR_KIND.get(error.kind, Status.FAILED)
        if not job_finish(act, status, last_error=str(error)):
            return act.status
    with transaction.atomic():
        audit_log(obj=act, action=f"reconciliation.act.{status}", error=str(error))
        _notify_staff(act, event="failed", template="reconciliation/email/staff-failed")
    return status


def _park_for_review(act: ReconciliationAct, data: ReconciliationActData) -> str | None:
    path = act_file_store(act_id=act.id, data=data.file.data)
    with transaction.atomic():
        parked = job_park(
            act,
            Status.IN_REVIEW,
            opening_balance=data.opening_balance,
            closing_balance=data.closing_balance,
            file_path=path,
            file_name=_attachment_name(act),
            review_started_at=timezone.now(),
            last_error="",
        )
        if not parked:
            # A newer attempt owns the act now (this one was presumed dead): leave it to that one.
            act_file_delete(path)
            return None
        act.refresh_from_db()
        audit_log(
            obj=act,
            action="reconciliation.act.in_review",
            opening_balance=_money(act.opening_balance),
            closing_balance=_money(act.closing_balance),
        )
        _notify_staff(act, event="review", template="reconciliation/email/staff-review")
    return Status.IN_REVIEW


def _attachment_name(act: ReconciliationAct) -> str:
    """«Акт сверки 5036012344 01.01.2026-31.03.2026.pdf», in the client's language."""
    with translation.override(act.language):
        title = gettext("Акт сверки")
    return f"{title} {act.client.inn} {act.date_from:%d.%m.%Y}-{act.date_to:%d.%m.%Y}.pdf"


def _money(value: Decimal | None) -> str:
    return "" if value is None else f"{value:.2f}"


def _notify_staff(act: ReconciliationAct, *, event: str, template: str) -> None:
    path = reverse("admin:reconciliation_reconciliationact_review", args=[act.id])
    outgoing_email_render(
        key=f"reconciliation.act.{act.id}.staff.{event}",
        to=settings.STAFF_NOTIFY_EMAIL,
        template=template,
        context={"act": act, "client": act.client, "review_url": settings.PORTAL_BASE_URL + path},
        language=settings.LANGUAGE_CODE,
    )


def acts_sweep() -> dict[str, int]:
    return jobs_sweep(ReconciliationAct, lambda act_id: act_queue(act_id=act_id))


# --- Staff review ------------------------------------------------------------------------------


def reviewer_check(actor) -> None:
    """Only active staff with the review permission approve, reject or answer for acts."""
    if not (actor.is_active and actor.is_staff and actor.has_perm(REVIEW_PERMISSION)):
        raise PermissionDenied("only reviewers of reconciliation acts may do this")


def act_file_replace(*, act: ReconciliationAct, actor, data: bytes) -> ReconciliationAct:
    """Swap the act's PDF for a reviewer's corrected one; the act stays in review until approved."""
    reviewer_check(actor)
    pdf_validate(data)
    path = act_file_store(act_id=act.id, data=data)
    previous = act.file_path
    with transaction.atomic():
        updated = ReconciliationAct.objects.filter(id=act.id, status=Status.IN_REVIEW).update(
            file_path=path, file_replaced=True
        )
        if updated != 1:
            act_file_delete(path)
            raise ActNotInReview
        audit_log(obj=act, action="reconciliation.act.file_replaced", actor=actor, previous=previous, size=len(data))
    act.refresh_from_db()
    return act


def act_approve(*, act: ReconciliationAct, actor) -> ReconciliationAct:
    """Approve the act as it is now and send it to the client through the outbox."""
    reviewer_check(actor)
    now = timezone.now()
    with transaction.atomic():
        updated = ReconciliationAct.objects.filter(id=act.id, status=Status.IN_REVIEW).update(
            status=Status.SENT, reviewed_by=actor, reviewed_at=now, finished_at=now
        )
        if updated != 1:
            raise ActNotInReview
        job_outcome_count(ReconciliationAct, Status.SENT)
        act.refresh_from_db()
        email = act_client_email(
            act=act,
            key=f"reconciliation.act.{act.id}.sent",
            template="reconciliation/email/act-sent",
            attachments=[act_attachment(act, path=act.file_path)],
        )
        ReconciliationAct.objects.filter(id=act.id).update(outgoing_email=email)
        act.outgoing_email = email
        audit_log(obj=act, action="reconciliation.act.approved", actor=actor, email=act.email)
    return act


def act_reject(*, act: ReconciliationAct, actor, reason: str) -> ReconciliationAct:
    """Reject the act; the client is told the reason by e-mail and sees it in the cabinet."""
    reviewer_check(actor)
    reason = reason.strip()
    if not reason:
        raise ValidationError("a rejection needs a reason the client can read", code="required")
    now = timezone.now()
    with transaction.atomic():
        updated = ReconciliationAct.objects.filter(id=act.id, status=Status.IN_REVIEW).update(
            status=Status.REJECTED, reject_reason=reason, reviewed_by=actor, reviewed_at=now, finished_at=now
        )
        if updated != 1:
            raise ActNotInReview
        job_outcome_count(ReconciliationAct, Status.REJECTED)
        act.refresh_from_db()
        email = act_client_email(
            act=act, key=f"reconciliation.act.{act.id}.rejected", template="reconciliation/email/act-rejected"
        )
        ReconciliationAct.objects.filter(id=act.id).update(outgoing_email=email)
        act.outgoing_email = email
        audit_log(obj=act, action="reconciliation.act.rejected", actor=actor, reason=reason)
    return act

"""Archive requests: accept a request, build the archive, e-mail it once."""

import logging
import time
from collections.abc import Callable, Iterable
from datetime import date, timedelta

from django.conf import settings
from django.core.files.storage import storages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from apps.clients.models import Client
from apps.core import jobs
from apps.core.audit import audit_log
from apps.core.private_files import PrivateFileUnavailable
from apps.documents import notices
from apps.documents.archive import PRIVATE_STORAGE, archive_store, build_archive, scratch_file
from apps.documents.models import DocumentKind, DocumentRequest
from apps.documents.naming import EntryNamer
from apps.documents.register import documents_selected
from apps.mail.services import outgoing_email_render, stored_attachment
from apps.onec.backend import get_onec_client
from apps.onec.client import DocumentInfo, OneCClient, OneCError, OneCErrorKind

logger = logging.getLogger(__name__)
Status = DocumentRequest.Status

# The cabinet polls every 2 s; one UPDATE per document would cost more than the page shows.
PROGRESS_INTERVAL_SECONDS = 0.5


ARCHIVE_EXPIRED_MESSAGE = _("Срок хранения архива истёк. Запросите документы ещё раз.")


class RequestLimitExceeded(Exception):
    """The client asked for more archives in the last hour than settings.REQUESTS_PER_HOUR."""

    message = _("Слишком много запросов за час. Пожалуйста, повторите позже.")


def document_request_create(
    *,
    client: Client,
    kind: str,
    date_from: date,
    date_to: date,
    email: str,
    document_ids: Iterable[str] = (),
    requested_by=None,
) -> tuple[DocumentRequest, bool]:
    """Accept a request, or return the identical one still in progress. (request, created).

    `document_ids`: for DocumentKind.SELECTED, the register rows the client ticked.
    `requested_by`: the person who asked (the journal's actor: the administrator's «who asked what»).
    """
    document_ids = sorted(set(document_ids))
    with transaction.atomic():
        # Serialises one client's submissions, so a double click cannot slip past the checks;
        # the locked row also gives the default address as it is now, not as the session saw it.
        client = Client.objects.select_for_update().get(id=client.id)
        existing = DocumentRequest.objects.filter(
            client=client, kind=kind, date_from=date_from, date_to=date_to, email__iexact=email, status__in=jobs.ACTIVE
        )
        existing = next((r for r in existing if r.document_ids == document_ids), None)
        if existing:
            return existing, False
        hour_ago = timezone.now() - timedelta(hours=1)
        if (
            DocumentRequest.objects.filter(client=client, created_at__gte=hour_ago).count()
            >= settings.REQUESTS_PER_HOUR
        ):
            raise RequestLimitExceeded
        request = DocumentRequest.objects.create(
            client=client,
            kind=kind,
            date_from=date_from,
            date_to=date_to,
            email=email,
            language=client.language,
            status=Status.QUEUED,
            document_ids=document_ids,
        )
        audit_log(obj=request, action="documents.request.created", actor=requested_by, kind=kind, email=email)
        notices.owner_notice_other_address(request, client)
        transaction.on_commit(lambda: document_request_queue(request_id=request.id))
    return request, True


def document_request_queue(*, request_id: int) -> None:
    async_task("apps.documents.tasks.process_document_request", request_id, task_name=f"documents-{request_id}")


def document_request_process(*, request_id: int) -> None:
    """One attempt at a request. Safe to run twice: only the attempt that claims it works."""
    request = jobs.job_claim(DocumentRequest, request_id)
    if request is None:
        return
    audit_log(obj=request, action="documents.request.attempt", attempt=request.attempts)
    try:
        _build_and_send(request)
    except OneCError as error:
        _after_onec_error(request, error)
    except Exception as error:
        status = jobs.job_crashed(request, f"{type(error).__name__}: {error}")
        audit_log(obj=request, action="documents.request.crashed", error=str(error)[:500], status=status)
        if not isinstance(error, PrivateFileUnavailable):
            raise
        # The storage did not take the archive: an outage outside, retried the same way, no traceback.
        logger.warning("archive not stored id=%s status=%s error=%s", request.id, status, error)


def _build_and_send(request: DocumentRequest) -> None:
    onec = get_onec_client()
    documents = _documents_of(onec, request)
    documents.sort(key=lambda doc: (doc.date, doc.number, doc.id))
    if not documents:
        _finish(request, Status.EMPTY, documents_total=0)
        return
    jobs.job_heartbeat(request, documents_total=len(documents), documents_fetched=0)
    storage = storages[PRIVATE_STORAGE]
    with scratch_file(storage) as path:
        result = build_archive(
            onec=onec,
            inn=request.client.inn,
            documents=documents,
            path=path,
            parallel=settings.ONEC_MAX_CONNECTIONS,
            on_progress=_progress_reporter(request),
            namer=EntryNamer(language=request.language),
        )
        if result.written == 0:
            _finish(request, Status.EMPTY, documents_total=len(documents), documents_missing=len(result.missing))
            return
        name = archive_store(path=path, name=archive_storage_name(request))
    request.documents_total, request.documents_fetched = len(documents), len(documents)
    request.documents_missing, request.archive_size = len(result.missing), result.size
    _send(request, name=name, missing=result.missing)


def _documents_of(onec: OneCClient, request: DocumentRequest) -> list[DocumentInfo]:
    inn, date_from, date_to = request.client.inn, request.date_from, request.date_to
    if request.kind == DocumentKind.SELECTED:
        return documents_selected(onec=onec, inn=inn, date_from=date_from, date_to=date_to, ids=request.document_ids)
    return onec.list_documents(inn, request.kind, date_from, date_to)


def archive_storage_name(request: DocumentRequest) -> str:
    """One name per attempt: an attempt presumed dead that still gets as far as storing its
    archive never writes over, or deletes, the file of the attempt that replaced it."""
    return f"archives/{request.client_id}/{request.id}-{request.attempts}.zip"


def _progress_reporter(request: DocumentRequest) -> Callable[[int], None]:
    """Heartbeat with the count fetched, at most every PROGRESS_INTERVAL_SECONDS."""
    last = 0.0

    def report(done: int) -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= PROGRESS_INTERVAL_SECONDS:
            last = now
            jobs.job_heartbeat(request, documents_fetched=done)

    return report


_ARCHIVE_PREFIX = {"Invoice": _("Счета"), "Closing": _("Закрывающие документы"), "Selected": _("Документы")}


def archive_filename(request: DocumentRequest) -> str:
    """Kind and period in the client's language: «Счета 01.01.2026-31.03.2026.zip»."""
    with translation.override(request.language):
        prefix = str(_ARCHIVE_PREFIX[request.kind])
    return f"{prefix} {request.date_from:%d.%m.%Y}-{request.date_to:%d.%m.%Y}.zip"


def _send(request: DocumentRequest, *, name: str, missing: list) -> None:
    """Put the e-mail in the outbox and finish the request in one transaction, then send it.

    The e-mail is sent from this task once the transaction commits, not by a task of its own:
    the archive is ready now, and a second trip through the queue would only add the broker's
    delay. Sending claims the outbox row as any send does, so it leaves once; if this worker
    dies before or during the send, the mail sweep finds the row and sends it.
    """
    expires = timezone.now() + timedelta(days=settings.ARCHIVE_TTL_DAYS)
    attach = request.archive_size <= settings.EMAIL_MAX_ATTACHMENT_MB * 1024 * 1024
    filename = archive_filename(request)
    context = {
        "request": request,
        # The lazy label, rendered in the client's language (get_kind_display() would freeze
        # it in the worker's).
        "kind": DocumentKind(request.kind).label,
        "attached": attach,
        "download_url": settings.PORTAL_BASE_URL + reverse("cabinet:archive_download", args=[request.id]),
        "expires": expires,
        "missing": missing,
    }
    attachment = stored_attachment(storage=PRIVATE_STORAGE, name=name, filename=filename, mimetype="application/zip")
    with transaction.atomic():
        email = outgoing_email_render(
            key=f"documents.request.{request.id}.sent",
            to=request.email,
            template="documents/email/archive",
            context=context,
            language=request.language,
            attachments=[attachment] if attach else [],
            send_inline=True,
        )
        done = _finish(
            request,
            Status.SENT,
            documents_total=request.documents_total,
            documents_fetched=request.documents_fetched,
            documents_missing=request.documents_missing,
            archive_path=name,
            archive_name=filename,
            archive_size=request.archive_size,
            archive_expires_at=expires,
            outgoing_email=email,
        )
        if not done:
            # Another attempt owns the request now (the watchdog revived it): roll the e-mail
            # back, and drop this attempt's archive, which nothing will point to.
            transaction.set_rollback(True)
    if not done:
        storages[PRIVATE_STORAGE].delete(name)


def _finish(request: DocumentRequest, status: str, **fields) -> bool:
    done = jobs.job_finish(request, status, **fields)
    if done:
        audit_log(obj=request, action=f"documents.request.{status}", **_jsonable(fields))
    return done


def _jsonable(fields: dict) -> dict:
    return {k: v for k, v in fields.items() if isinstance(v, int | str)}


def _after_onec_error(request: DocumentRequest, error: OneCError) -> None:
    if error.kind == OneCErrorKind.CLIENT_NOT_FOUND:
        _finish(request, Status.NOT_FOUND, last_error=str(error))
    elif error.kind == OneCErrorKind.INVALID_PERIOD:
        _finish(request, Status.INVALID_PERIOD, last_error=str(error))
    else:
        window = timedelta(minutes=settings.ONEC_RETRY_WINDOW_MINUTES)
        # One transaction: a request that gave up is never left without its two e-mails.
        with transaction.atomic():
            status = jobs.job_retry_later(request, str(error), window=window)
            audit_log(obj=request, action=f"documents.request.{status}", error=str(error)[:500])
            if request.status == Status.UNAVAILABLE:  # only when this attempt did finish it
                notices.unavailable_notices(request)


def document_requests_sweep() -> dict[str, int]:
    """The scheduled watchdog for archive requests (see apps.core.jobs.jobs_sweep)."""
    return jobs.jobs_sweep(DocumentRequest, lambda request_id: document_request_queue(request_id=request_id))


def document_request_retry(*, request: DocumentRequest, actor) -> bool:
    """Staff's «retry» on a request that ended without documents sent."""
    retryable = [Status.UNAVAILABLE, Status.FAILED, Status.NOT_FOUND, Status.INVALID_PERIOD]
    with transaction.atomic():
        updated = DocumentRequest.objects.filter(id=request.id, status__in=retryable).update(
            status=Status.QUEUED, next_attempt_at=None, first_failure_at=None, finished_at=None, last_error=""
        )
        if updated:
            audit_log(obj=request, action="documents.request.retried", actor=actor)
            transaction.on_commit(lambda: document_request_queue(request_id=request.id))
    return bool(updated)


def archives_expire() -> int:
    """Delete archives past their expiry date from the storage (scheduled daily)."""
    now = timezone.now()
    expired = DocumentRequest.objects.filter(archive_expires_at__lt=now, archive_deleted_at__isnull=True).exclude(
        archive_path=""
    )
    storage = storages[PRIVATE_STORAGE]
    count = 0
    for request in expired.iterator():
        # A row from before the storage API holds an absolute path inside the private folder,
        # which FileSystemStorage also accepts.
        storage.delete(request.archive_path)
        DocumentRequest.objects.filter(id=request.id).update(archive_deleted_at=now)
        count += 1
    return count

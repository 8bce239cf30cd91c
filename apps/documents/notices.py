"""The e-mails a request sends besides its archive: to the organisation's own address when the
archive goes elsewhere, and to the client and staff when 1C never answered."""

from django.conf import settings
from django.urls import reverse

from apps.clients.models import Client
from apps.core.audit import audit_log
from apps.documents.models import DocumentKind, DocumentRequest
from apps.mail.services import outgoing_email_render


def owner_notice_other_address(request: DocumentRequest, client: Client) -> None:
    """Tell the organisation's default address that its documents go to another address.

    Queued with the request itself rather than with the archive: the owner learns of a request
    made from a stolen session even when 1C is down or the archive fails, and learns it before
    the archive can arrive. Keyed on the request, so it is one e-mail however often the request
    is processed, retried or resubmitted.
    """
    if not client.email or request.email.strip().casefold() == client.email.strip().casefold():
        return
    notice = outgoing_email_render(
        key=f"documents.request.{request.id}.notice",
        to=client.email,
        template="documents/email/notice",
        context={
            "client": client,
            "request": request,
            "kind": DocumentKind(request.kind).label,
            "requested_at": request.created_at,
            "company_phones": settings.COMPANY_PHONES,
            "company_email": settings.COMPANY_EMAIL,
            "reset_url": settings.PORTAL_BASE_URL + reverse("account_reset_password"),
        },
        language=request.language,
    )
    audit_log(obj=request, action="documents.request.owner_notified", to=client.email, email_id=notice.id)


def unavailable_notices(request: DocumentRequest) -> None:
    """Tell the client, and staff, that 1C stayed out of reach for the whole retry window.

    The client's e-mail goes to the request's address: that is the mailbox where the person who
    asked is waiting for the documents (the organisation's default address already hears of a
    request to another address). Both e-mails are keyed on the request, so once each.
    """
    again_url = settings.PORTAL_BASE_URL + reverse("cabinet:document_request_again", args=[request.id])
    context = {"request": request, "kind": DocumentKind(request.kind).label, "again_url": again_url}
    client_email = outgoing_email_render(
        key=f"documents.request.{request.id}.unavailable",
        to=request.email,
        template="documents/email/unavailable",
        context=context,
        language=request.language,
    )
    staff_email = outgoing_email_render(
        key=f"documents.request.{request.id}.unavailable.staff",
        to=settings.STAFF_NOTIFY_EMAIL,
        template="documents/email/staff-unavailable",
        context={
            **context,
            "client": request.client,
            "admin_url": settings.PORTAL_BASE_URL
            + reverse("admin:documents_documentrequest_change", args=[request.id]),
        },
        language=settings.LANGUAGE_CODE,
    )
    audit_log(
        obj=request,
        action="documents.request.unavailable_notified",
        to=request.email,
        email_id=client_email.id,
        staff_email_id=staff_email.id,
    )

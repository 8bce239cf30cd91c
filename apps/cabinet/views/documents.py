from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone

from apps.cabinet.decorators import client_required
from apps.clients.roles import Can
from apps.core.forms import default_period
from apps.core.private_files import UNAVAILABLE_MESSAGE, PrivateFileUnavailable, private_file_response
from apps.documents import selectors, services
from apps.documents.forms import DocumentRequestForm
from apps.documents.models import DocumentKind

_KINDS = {"invoice": DocumentKind.INVOICE, "closing": DocumentKind.CLOSING}


@client_required(can=Can.ARCHIVES)
def request_form(request, kind_slug: str, *, client):
    kind = _KINDS[kind_slug]
    if request.method == "POST":
        form = DocumentRequestForm(request.POST)
        if form.is_valid():
            try:
                created, _ = services.document_request_create(
                    client=client, kind=kind, requested_by=request.user, **form.cleaned_data
                )
            except services.RequestLimitExceeded as error:
                form.add_error(None, error.message)
            else:
                return redirect("cabinet:document_request", request_id=created.id)
    else:
        start, end = default_period()
        form = DocumentRequestForm(initial={"date_from": start, "date_to": end, "email": client.email})
    recent = selectors.document_requests_recent(client=client, kind=kind)
    return render(
        request, "cabinet/documents/form.html", {"form": form, "kind": kind, "client": client, "recent": recent}
    )


@client_required(can=Can.ARCHIVES)
def request_detail(request, request_id: int, *, client):
    document_request = selectors.document_request_get(client=client, request_id=request_id)
    if document_request is None:
        raise Http404
    template = "cabinet/documents/_status.html" if request.htmx else "cabinet/documents/detail.html"
    return render(request, template, {"document_request": document_request, "client": client})


@client_required(can=Can.ARCHIVES)
def archive_download(request, request_id: int, *, client):
    """The archive of a large request, behind the client's own login; another client gets 404."""
    document_request = selectors.document_request_get(client=client, request_id=request_id)
    if document_request is None or not document_request.archive_path or document_request.archive_deleted_at:
        raise Http404
    if document_request.archive_expires_at and document_request.archive_expires_at < timezone.now():
        messages.info(request, services.ARCHIVE_EXPIRED_MESSAGE)
        return redirect("cabinet:document_request", request_id=request_id)
    try:
        archive = selectors.document_request_archive_stream(request=document_request)
    except FileNotFoundError:
        raise Http404 from None
    except PrivateFileUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect("cabinet:document_request", request_id=request_id)
    # Streamed from the storage as the client takes it: neither held in memory nor put on disk.
    return private_file_response(archive, filename=document_request.archive_name, content_type="application/zip")

"""«Документы»: the register of a client's documents, each file straight from 1C, and a ZIP of
the ticked rows through the archive requests."""

import io
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.cabinet.decorators import client_required
from apps.clients.roles import Can
from apps.documents import register as documents_register
from apps.documents import services
from apps.documents.downloads import record_download
from apps.documents.forms import RegisterForm, register_default_period
from apps.documents.models import DocumentDownload, DocumentKind
from apps.documents.naming import EntryNamer
from apps.onec.client import CERTIFICATE, OneCError, OneCErrorKind

PER_PAGE = 25
MAX_SELECTED = 100  # a page holds 25; more than this is not a person ticking boxes
# What a browser may show in place; any other file is saved, never rendered from our origin.
_INLINE_TYPES = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}
NOTHING_SELECTED = _("Отметьте документы, которые нужно собрать в архив.")
TOO_MANY_SELECTED = _("За один раз можно собрать не больше %(count)d документов.")


def _period_data(source) -> dict:
    start, end = register_default_period()
    data = {"date_from": start.isoformat(), "date_to": end.isoformat()}
    data.update({key: source.get(key) for key in ("date_from", "date_to", "kind", "type", "number") if key in source})
    return data


@client_required(can=Can.REGISTER)
def register_page(request, *, client):
    form = RegisterForm(_period_data(request.GET))
    context = {
        "client": client,
        "form": form,
        "can_archive": request.access.can(Can.ARCHIVES),
        "max_selected": MAX_SELECTED,  # ticks kept across pages are counted against it (static/js/register.js)
        "selection_limit": TOO_MANY_SELECTED % {"count": MAX_SELECTED},
    }
    if form.is_valid():
        period = {"date_from": form.cleaned_data["date_from"], "date_to": form.cleaned_data["date_to"]}
        found = documents_register.register_read(client=client, **period)
        if not found.certificates_supported:
            form.fields["kind"].choices = [c for c in form.fields["kind"].choices if c[0] != CERTIFICATE]
        form.offer_types(found.types)
        rows = found.filtered(
            kind=form.cleaned_data["kind"], type=form.cleaned_data["type"], number=form.cleaned_data["number"]
        )
        context.update(
            register=found,
            page_obj=Paginator(rows, PER_PAGE).get_page(request.GET.get("page")),
            period=period,
            period_query=urlencode({k: v.isoformat() for k, v in period.items()}),
            certificates_asked=form.cleaned_data["kind"] == CERTIFICATE,
        )
    return render(request, "cabinet/register.html", context)


@client_required(can=Can.REGISTER)
def register_file(request, document_id: str, *, client):
    """One document's file, inline or as an attachment; only an id from this client's own list."""
    form = RegisterForm(_period_data(request.GET))
    if not form.is_valid():
        raise Http404
    try:
        found = documents_register.register_document_file(
            client=client,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            document_id=document_id,
        )
    except OneCError as error:
        if error.kind == OneCErrorKind.CLIENT_NOT_FOUND:
            raise Http404 from None
        return render(request, "cabinet/register_unavailable.html", {"client": client}, status=503)
    if found is None:
        raise Http404
    row, file = found
    name = EntryNamer().name(row.document, file)
    extension = name.rpartition(".")[2]
    inline = extension in _INLINE_TYPES and not request.GET.get("download")
    record_download(
        client=client,
        user=request.user,
        what=DocumentDownload.What.DOCUMENT,
        title=name,
        document_id=row.id,
        size=len(file.data),
    )
    response = FileResponse(
        io.BytesIO(file.data),
        as_attachment=not inline,
        filename=name,
        content_type=_INLINE_TYPES.get(extension, "application/octet-stream"),
    )
    response["Cache-Control"] = "private, no-store"
    return response


@client_required(can=Can.ARCHIVES)
@require_POST
def register_archive(request, *, client):
    """The ticked rows as a ZIP by e-mail: an archive request of the kind SELECTED."""
    form = RegisterForm(_period_data(request.POST))
    ids = [value for value in request.POST.getlist("document") if value and len(value) <= 100]
    back = reverse("cabinet:register") + "?" + urlencode({k: request.POST.get(k, "") for k in ("date_from", "date_to")})
    if not form.is_valid() or not ids:
        messages.error(request, NOTHING_SELECTED)
        return redirect(back)
    if len(set(ids)) > MAX_SELECTED:
        messages.error(request, TOO_MANY_SELECTED % {"count": MAX_SELECTED})
        return redirect(back)
    try:
        created, _created = services.document_request_create(
            client=client,
            kind=DocumentKind.SELECTED,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            email=client.email,
            document_ids=ids,
            requested_by=request.user,
        )
    except services.RequestLimitExceeded as error:
        messages.error(request, error.message)
        return redirect(back)
    return redirect("cabinet:document_request", request_id=created.id)

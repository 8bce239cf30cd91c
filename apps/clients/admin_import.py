"""The admin page «Импорт из Excel»: upload, preview, confirm.

The uploaded file waits between preview and confirmation in the private storage (a bucket when
web hosts are several: the confirmation may reach another host) under a random token remembered
in the staff member's session, so nobody can confirm someone else's upload or name a path.
Confirming reads the file again and imports in one transaction.
"""

import secrets
from datetime import timedelta

from django import forms
from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.clients.access import client_access_queue
from apps.clients.importing import ImportFileError, ImportReport, clients_import, limits
from apps.clients.importing.sample import XLSX_MIME, import_sample_name, import_sample_xlsx
from apps.clients.models import Client
from apps.core.private_files import (
    PRIVATE_STORAGE,
    UNAVAILABLE_MESSAGE,
    PrivateFileUnavailable,
    private_file_read,
    private_file_save,
)

PREVIEW_ROWS = 500
_SESSION_KEY = "clients_import_tokens"
_STALE_SECONDS = 24 * 3600
_FOLDER = "client-imports"


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Файл Excel (.xlsx)"),
        help_text=_(
            "Столбцы находятся по заголовку в любом порядке: ИНН, КПП, Наименование, Email, Телефон "
            "(по-русски или по-английски); остальные столбцы не читаются."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            # Before the upload is read into memory; Django has spooled a big one to a temporary file.
            limits.check_file_size(upload.size)
        except ImportFileError as error:
            raise forms.ValidationError(error.message) from None
        return upload


def import_view(request, model_admin):
    if request.method == "GET" and "sample" in request.GET:
        return _sample()
    if request.method == "POST" and "token" in request.POST:
        return _confirm(request, model_admin)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        try:
            report = clients_import(data=data, dry_run=True)
        except ImportFileError as error:
            form.add_error("file", error.message)
        else:
            try:
                token = _store(request, data)
            except PrivateFileUnavailable:
                form.add_error("file", UNAVAILABLE_MESSAGE)
            else:
                return _render(request, model_admin, {"report": report, "token": token, **_preview(report)})
    return _render(request, model_admin, {"form": form})


def _sample() -> HttpResponse:
    response = HttpResponse(import_sample_xlsx(), content_type=XLSX_MIME)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=import_sample_name())
    return response


def _confirm(request, model_admin):
    again = redirect(reverse("admin:clients_client_import_excel"))
    name = _take(request, request.POST["token"])
    try:
        data = private_file_read(name) if name else None
    except FileNotFoundError:
        data = None
    except PrivateFileUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return again
    if data is None:
        messages.error(request, gettext("Файл для импорта не найден: загрузите его снова."))
        return again
    try:
        report = clients_import(data=data, imported_by=request.user)
    except ImportFileError as error:
        messages.error(request, error.message)
        return again
    finally:
        storages[PRIVATE_STORAGE].delete(name)
    messages.success(request, _summary(report))
    if request.POST.get("send_access") and request.user.has_perm("clients.send_access"):
        queued = client_access_queue(clients=Client.objects.filter(id__in=report.created_ids), sent_by=request.user)
        messages.info(request, gettext("Письма с доступом поставлены в очередь: %(count)d.") % {"count": queued})
    return redirect(reverse("admin:clients_client_changelist"))


def _summary(report: ImportReport) -> str:
    counts = report.counts
    return (
        gettext(
            "Импорт выполнен: новых %(new)d, изменено %(updated)d, без изменений %(unchanged)d, с ошибками %(error)d."
        )
        % counts
    )


def _preview(report: ImportReport) -> dict:
    # Errors first: they are what staff must act on. Unchanged rows are only counted.
    order = {"error": 0, "updated": 1, "new": 2}
    shown = sorted((row for row in report.rows if row.status in order), key=lambda row: order[row.status])
    return {"rows": shown[:PREVIEW_ROWS], "hidden_rows": max(len(shown) - PREVIEW_ROWS, 0)}


def _render(request, model_admin, context: dict):
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": gettext("Импорт клиентов из Excel"),
        "can_send_access": request.user.has_perm("clients.send_access"),
        "max_file_mb": limits.MAX_FILE_MB,
        "max_rows": limits.number(limits.MAX_ROWS),
        **context,
    }
    return TemplateResponse(request, "admin/clients/client/import.html", context)


def _store(request, data: bytes) -> str:
    """Keep the upload until it is confirmed, in the private storage: the confirmation may reach
    another web host, and the file (INNs, e-mail addresses) must not stay on this one's disk."""
    token = secrets.token_hex(16)
    name = private_file_save(f"{_FOLDER}/{token}.xlsx", ContentFile(data))
    storage = storages[PRIVATE_STORAGE]
    stale = timezone.now() - timedelta(seconds=_STALE_SECONDS)
    # Abandoned previews. The times are the store's clock, not ours: never the file just stored.
    for old in _stored_names(storage):
        if old != name and storage.get_modified_time(old) < stale:
            storage.delete(old)
    request.session[_SESSION_KEY] = [*request.session.get(_SESSION_KEY, [])[-9:], token]
    return token


def _stored_names(storage) -> list[str]:
    try:
        return [f"{_FOLDER}/{name}" for name in storage.listdir(_FOLDER)[1] if name.endswith(".xlsx")]
    except FileNotFoundError:  # a local folder not made yet
        return []


def _take(request, token: str) -> str | None:
    """The stored file's name if this session uploaded it, once."""
    tokens = request.session.get(_SESSION_KEY, [])
    if token not in tokens:
        return None
    request.session[_SESSION_KEY] = [t for t in tokens if t != token]
    return f"{_FOLDER}/{token}.xlsx"

"""«Отгрузки»: the client's shipments for a period, each one's pack as a ZIP, and the search of
quality certificates by number with a download for each."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from apps.cabinet.decorators import client_required
from apps.clients.roles import Can
from apps.documents.downloads import record_download
from apps.documents.models import DocumentDownload
from apps.documents.naming import entry_stem, extension_for
from apps.onec.client import OneCError, OneCErrorKind
from apps.onec.problems import onec_problem
from apps.shipments import certificates, selectors
from apps.shipments.forms import ShipmentPeriodForm
from apps.shipments.pack import PackEmpty, shipment_pack_build
from apps.shipments.status import shipment_rows

UNAVAILABLE = _("Сервис 1С временно недоступен")
NOT_AVAILABLE = _("Информация об отгрузках пока недоступна")
PACK_EMPTY = _("Документы этой отгрузки ещё не готовы в 1С. Попробуйте позже.")
CERTIFICATE_LOST = _("1С не нашла файл этого сертификата. Сообщите нам, и мы пришлём его отдельно.")


def _period_form(request) -> ShipmentPeriodForm:
    if "date_from" in request.GET or "date_to" in request.GET:
        return ShipmentPeriodForm(request.GET)
    start, end = selectors.default_shipment_period()
    return ShipmentPeriodForm({"date_from": start.isoformat(), "date_to": end.isoformat()})


def _problem(error: OneCError) -> str:
    return onec_problem(error)


def _failure_message(error: OneCError):
    return NOT_AVAILABLE if error.kind == OneCErrorKind.NOT_SUPPORTED else UNAVAILABLE


@client_required(can=Can.SHIPMENTS)
def shipment_list(request, *, client):
    form = _period_form(request)
    query = request.GET.get("certificate", "").strip()[:60]
    context = {"client": client, "form": form, "query": query, "problem": ""}
    if form.is_valid():
        period = {key: form.cleaned_data[key] for key in ("date_from", "date_to")}
        context["period_query"] = urlencode({key: value.isoformat() for key, value in period.items()})
        try:
            context["rows"] = shipment_rows(selectors.shipments_for_client(client=client, **period))
        except OneCError as error:
            context["problem"] = _problem(error)
    if query and context["problem"] not in ("not_supported", "not_found"):
        try:
            context["certificates"] = certificates.certificates_search(client=client, query=query)
        except OneCError as error:
            context["certificate_problem"] = _problem(error)
    return render(request, "cabinet/shipments.html", context)


@client_required(can=Can.SHIPMENTS)
def shipment_pack(request, shipment_id: str, *, client):
    """The ZIP of a shipment that this client's own list for the period holds; else 404."""
    form = _period_form(request)
    if not form.is_valid():
        raise Http404
    period = {key: form.cleaned_data[key] for key in ("date_from", "date_to")}
    back = reverse("cabinet:shipments") + "?" + urlencode({key: value.isoformat() for key, value in period.items()})
    try:
        shipment = selectors.shipment_for_client(client=client, shipment_id=shipment_id, **period)
        if shipment is None:
            raise Http404
        pack = shipment_pack_build(inn=client.inn, shipment=shipment)
    except PackEmpty:
        messages.error(request, PACK_EMPTY)
        return redirect(back)
    except OneCError as error:
        messages.error(request, _failure_message(error))
        return redirect(back)
    record_download(
        client=client,
        user=request.user,
        what=DocumentDownload.What.SHIPMENT_PACK,
        title=pack.name,
        document_id=shipment.id,
        size=pack.size,
    )
    return FileResponse(pack.file, as_attachment=True, filename=pack.name, content_type="application/zip")


@client_required(can=Can.SHIPMENTS)
def certificate_download(request, document_id: str, *, client):
    """One certificate's file, if the id is among this client's own certificates; else 404."""
    try:
        document = certificates.certificate_for_client(client=client, document_id=document_id)
        if document is None:
            raise Http404
        file = certificates.certificate_file(client=client, document=document)
    except OneCError as error:
        lost = error.kind == OneCErrorKind.DOCUMENT_NOT_FOUND
        messages.error(request, CERTIFICATE_LOST if lost else _failure_message(error))
        return redirect("cabinet:shipments")
    extension = extension_for(file.mime_type, file.data)
    name = f"{entry_stem(document)}.{extension}"
    record_download(
        client=client,
        user=request.user,
        what=DocumentDownload.What.DOCUMENT,
        title=name,
        document_id=document.id,
        size=len(file.data),
    )
    # The type follows the extension the allowlist chose, never 1C's word: no HTML from a PDF.
    response = HttpResponse(
        file.data, content_type="application/pdf" if extension == "pdf" else "application/octet-stream"
    )
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response

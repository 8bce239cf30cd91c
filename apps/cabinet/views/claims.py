"""«Претензии»: a quality claim filed from a shipment, the organisation's claims, a claim's page
and the files the client attached.

The shipment is always looked up in the client's own list for the period the shipments page
showed (the link carries it), never taken on the word of an id: another client's id is a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from apps.cabinet.decorators import client_required
from apps.cabinet.views.shipments import NOT_AVAILABLE, UNAVAILABLE
from apps.claims import selectors, services
from apps.claims.forms import LINES_SHOWN, ClaimForm, ClaimLineFormSet
from apps.claims.storage import claim_file_download
from apps.clients.roles import Can
from apps.core.private_files import UNAVAILABLE_MESSAGE, PrivateFileUnavailable
from apps.onec.client import OneCError, OneCErrorKind
from apps.shipments.forms import ShipmentPeriodForm
from apps.shipments.selectors import shipment_for_client

CLAIMS_PER_PAGE = 50  # newest first; a year's claims of a large customer page back

FILED = _("Претензия № %(number)s подана. Мы рассмотрим её и ответим на %(email)s.")
NOT_CLAIMABLE = _("Претензию можно подать на отгрузку, которая уже отгружена или доставлена.")
NOT_CHECKED = _(
    "Сервис 1С временно недоступен, и мы не смогли проверить отгрузку: претензия не подана. "
    "Отправьте её ещё раз через несколько минут."
)
NOT_STORED = _("Хранилище файлов сейчас недоступно: претензия не подана. Отправьте её ещё раз через несколько минут.")


def _period(request) -> dict:
    form = ShipmentPeriodForm(request.GET)
    if not form.is_valid():
        raise Http404  # the link from the shipments page always carries a valid period
    return {key: form.cleaned_data[key] for key in ("date_from", "date_to")}


def _render_form(request, client, *, form, lines, back_url: str, shipment=None, status=200):
    context = {
        "client": client,
        "shipment": shipment,
        "form": form,
        "lines": lines,
        "lines_shown": LINES_SHOWN,
        "more_lines_used": any(not f.is_blank() or f.errors for f in lines.forms[LINES_SHOWN:]),
        "files_dropped": bool(request.FILES),
        "back_url": back_url,
    }
    return render(request, "cabinet/claim_new.html", context, status=status)


def _valid(form: ClaimForm, lines) -> bool:
    return all([form.is_valid(), lines.is_valid()])  # both, so every mistake is shown at once


@client_required(can=Can.CLAIMS)
def claim_new(request, shipment_id: str, *, client):
    period = _period(request)
    back_url = reverse("cabinet:shipments") + "?" + urlencode({k: v.isoformat() for k, v in period.items()})
    posted = request.method == "POST"
    form = ClaimForm(request.POST, request.FILES) if posted else ClaimForm()
    lines = ClaimLineFormSet(request.POST if posted else None, prefix="lines")
    page = {"form": form, "lines": lines, "back_url": back_url}
    try:
        shipment = shipment_for_client(client=client, shipment_id=shipment_id, **period)
    except OneCError as error:
        if not posted:
            messages.error(request, NOT_AVAILABLE if error.kind == OneCErrorKind.NOT_SUPPORTED else UNAVAILABLE)
            return redirect(back_url)
        _valid(form, lines)  # the typed words come back, with the reason nothing was filed
        form.add_error(None, NOT_CHECKED)
        return _render_form(request, client, **page, status=503)
    if shipment is None:
        raise Http404
    if shipment.status not in services.CLAIMABLE:
        messages.error(request, NOT_CLAIMABLE)
        return redirect(back_url)
    if not posted:
        return _render_form(request, client, **page, shipment=shipment)
    if not _valid(form, lines):
        return _render_form(request, client, **page, shipment=shipment, status=400)
    data = form.cleaned_data
    try:
        claim = services.claim_create(
            client=client, shipment=shipment, user=request.user, description=data["description"],
            outcome=data["outcome"], lines=lines.lines(), uploads=data["files"], token=data["token"],
        )  # fmt: skip
    except PrivateFileUnavailable:
        form.add_error(None, NOT_STORED)
        return _render_form(request, client, **page, shipment=shipment, status=503)
    messages.success(request, FILED % {"number": claim.number, "email": client.email})
    return redirect("cabinet:claim_detail", claim_id=claim.id)


@client_required(can=Can.CLAIMS)
@require_GET
def claim_list(request, *, client):
    page_obj = Paginator(selectors.claims_for_client(client=client), CLAIMS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "cabinet/claim_list.html", {"client": client, "claims": page_obj, "page_obj": page_obj})


@client_required(can=Can.CLAIMS)
@require_GET
def claim_detail(request, claim_id: int, *, client):
    claim = selectors.claim_for_client(client=client, claim_id=claim_id)
    if claim is None:
        raise Http404
    return render(request, "cabinet/claim_detail.html", {"client": client, "claim": claim})


@client_required(can=Can.CLAIMS)
@require_GET
def claim_file(request, claim_id: int, file_id: int, *, client):
    """A photo (as the portal re-encoded it) or a PDF of the client's own claim; else 404."""
    return _download(request, client, claim_id, file_id, preview=False)


@client_required(can=Can.CLAIMS)
@require_GET
def claim_file_preview(request, claim_id: int, file_id: int, *, client):
    return _download(request, client, claim_id, file_id, preview=True)


def _download(request, client, claim_id: int, file_id: int, *, preview: bool):
    file = selectors.claim_file_for_client(client=client, claim_id=claim_id, file_id=file_id)
    if file is None:
        raise Http404
    try:
        return claim_file_download(file, preview=preview)
    except PrivateFileUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect("cabinet:claim_detail", claim_id=file.claim_id)

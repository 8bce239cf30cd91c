"""«Взаиморасчёты»: the balance panel of the home page (loaded by htmx, so the home page never
waits for 1C), the full page with the open invoices, and their XLSX."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from apps.cabinet.decorators import client_required
from apps.cabinet.views.payments import payment_offer
from apps.clients.roles import Can
from apps.documents.downloads import record_download
from apps.documents.models import DocumentDownload
from apps.settlements.export import XLSX_MIME, open_invoices_file_name, open_invoices_xlsx
from apps.settlements.selectors import settlements_for_client

NO_FIGURES = _("Сейчас нет данных о взаиморасчётах для выгрузки. Попробуйте позже.")


def _wants_refresh(request) -> bool:
    return request.GET.get("refresh") == "1"


@client_required(can=Can.SETTLEMENTS)
def settlements_panel(request, *, client):
    """The home page's panel. Asked for without htmx (no JavaScript) it is the full page."""
    if not request.htmx:
        return redirect(reverse("cabinet:settlements") + ("?refresh=1" if _wants_refresh(request) else ""))
    state = settlements_for_client(client=client, refresh=_wants_refresh(request))
    return render(request, "cabinet/settlements_panel.html", {"client": client, "state": state})


@client_required(can=Can.SETTLEMENTS)
def settlements_page(request, *, client):
    # Rendered, not redirected: a refresh that found 1C down must say so, not show the kept figures
    # as if they were fresh.
    state = settlements_for_client(client=client, refresh=_wants_refresh(request))
    pay = payment_offer(client=client, state=state, query=request.GET)  # None: nothing to pay from these figures
    return render(request, "cabinet/settlements.html", {"client": client, "state": state, "pay": pay})


@client_required(can=Can.SETTLEMENTS)
def settlements_xlsx(request, *, client):
    state = settlements_for_client(client=client)
    if state.settlements is None:
        messages.error(request, NO_FIGURES)
        return redirect("cabinet:settlements")
    data = open_invoices_xlsx(client=client, state=state)
    name = open_invoices_file_name(state)
    record_download(
        client=client, user=request.user, what=DocumentDownload.What.OPEN_INVOICES, title=name, size=len(data)
    )
    response = HttpResponse(data, content_type=XLSX_MIME)
    # RFC 6266 with a UTF-8 name, as FileResponse writes it: the Cyrillic name survives.
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response

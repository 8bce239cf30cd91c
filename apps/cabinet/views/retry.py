from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from apps.cabinet.decorators import client_required
from apps.clients.roles import Can
from apps.documents import selectors, services


@client_required(can=Can.ARCHIVES)
def request_again(request, request_id: int, *, client):
    """The «ask again» link of the e-mail sent when 1C stayed unreachable.

    A link is followed by mail scanners and previews, so GET only shows what will be asked
    for; the new request is made by the page's POST button.
    """
    previous = selectors.document_request_get(client=client, request_id=request_id)
    if previous is None:
        raise Http404
    if request.method == "POST":
        try:
            created, _ = services.document_request_create(
                client=client,
                kind=previous.kind,
                date_from=previous.date_from,
                date_to=previous.date_to,
                email=previous.email,
                document_ids=previous.document_ids,  # a ticked selection asks for the same documents again
                requested_by=request.user,
            )
        except services.RequestLimitExceeded as error:
            messages.error(request, error.message)
        else:
            return redirect("cabinet:document_request", request_id=created.id)
    return render(request, "cabinet/documents/retry_confirm.html", {"previous": previous, "client": client})

from django.shortcuts import render
from django.utils.functional import SimpleLazyObject

from apps.cabinet.decorators import client_required
from apps.cabinet.tiles import tiles, tiles_heading
from apps.cabinet.views import acts, questions
from apps.clients.roles import Can
from apps.core.prepared import together
from apps.documents.selectors import document_requests_recent


@client_required
def home(request, *, client):
    # Every role opens the home page; each part of it shows only what the role may open.
    access = request.access
    # The tiles' HTML is cached per language and role, so the list is built only when it is not.
    context = {
        "client": client,
        "tiles": SimpleLazyObject(lambda: tiles(access)),
        "tiles_heading": tiles_heading(access),
    }
    with together():  # its short lists in one round trip to PostgreSQL
        if access.can(Can.ARCHIVES):
            context["document_requests"] = document_requests_recent(client=client, limit=5)
        if access.can(Can.ACTS):
            context.update(acts.home_context(client=client))
        if access.can(Can.QUESTIONS):
            context.update(questions.home_context(client=client))
    return render(request, "cabinet/home.html", context)

from django.shortcuts import render

from apps.cabinet.decorators import client_required
from apps.cabinet.tiles import tiles
from apps.cabinet.views import acts, questions
from apps.clients.roles import Can
from apps.documents.selectors import document_requests_recent


@client_required
def home(request, *, client):
    # Every role opens the home page; each part of it shows only what the role may open.
    access = request.access
    context = {"client": client, "tiles": tiles(access)}
    if access.can(Can.ARCHIVES):
        context["document_requests"] = document_requests_recent(client=client, limit=5)
    if access.can(Can.ACTS):
        context.update(acts.home_context(client=client))
    if access.can(Can.QUESTIONS):
        context.update(questions.home_context(client=client))
    return render(request, "cabinet/home.html", context)

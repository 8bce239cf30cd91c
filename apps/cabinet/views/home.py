from django.shortcuts import render

from apps.cabinet.decorators import client_required
from apps.cabinet.tiles import tiles
from apps.cabinet.views import acts, questions
from apps.documents.selectors import document_requests_recent


@client_required
def home(request, *, client):
    context = {
        "client": client,
        "tiles": tiles(),
        "document_requests": document_requests_recent(client=client, limit=5),
        **acts.home_context(client=client),
        **questions.home_context(client=client),
    }
    return render(request, "cabinet/home.html", context)

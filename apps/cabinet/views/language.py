from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from apps.clients.selectors import client_for_user
from apps.clients.services import client_set_language


@require_POST
def language_switch(request):
    """Django's set_language, plus remembering a client's choice for the e-mails it gets."""
    response = set_language(request)
    client = client_for_user(user=request.user)
    language = request.POST.get("language")
    if client is not None and language in dict(settings.LANGUAGES):
        client_set_language(client=client, language=language)
    return response

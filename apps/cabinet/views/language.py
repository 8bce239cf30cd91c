from django.conf import settings
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from apps.clients.adapter import LANGUAGE_CHOSEN_SESSION_KEY
from apps.clients.selectors import client_for_user
from apps.clients.services import client_set_language


@require_POST
def language_switch(request):
    """Django's set_language, plus remembering a client's choice for its e-mails and next login.

    A visitor not yet logged in has no client to save it to: the choice waits in the session,
    which survives the login, and the login saves it (PortalAccountAdapter.post_login).
    """
    response = set_language(request)
    language = request.POST.get("language")
    if language not in dict(settings.LANGUAGES):
        return response
    client = client_for_user(user=request.user)
    if client is not None:
        client_set_language(client=client, language=language)
    elif not request.user.is_authenticated:
        request.session[LANGUAGE_CHOSEN_SESSION_KEY] = language
    return response

"""Accepting an invitation: a newcomer sets a password; someone with a login logs in and accepts.

A person who already has a login accepts only while logged in as it: the login page asks the
password and, when they have an app, the code, under allauth's limits — this page never checks
a password itself. The invitation waits in the session meanwhile, which also lets a person whose
every other access was closed log in for it (apps/clients/adapter.py).
"""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from apps.clients import active, invitations
from apps.clients.invitations import INVITATION_SESSION_KEY, State
from apps.clients.people_forms import AcceptNewForm

BACKEND = "apps.clients.backends.ClientAuthenticationBackend"
PAGE = "cabinet/people_invitation.html"


def _enter(request, invitation) -> None:
    request.session.pop(INVITATION_SESSION_KEY, None)
    active.activate(request.session, client_id=invitation.client_id)
    count = request.session.get(active.ORGANISATIONS_SESSION_KEY, 0)
    request.session[active.ORGANISATIONS_SESSION_KEY] = count + 1
    messages.success(request, _("Добро пожаловать в кабинет организации %(name)s.") % {"name": invitation.client.name})


@never_cache
def invitation_accept(request, token: str):
    invitation, state = invitations.invitation_by_token(token)
    if state != State.VALID:
        return render(request, PAGE, {"state": state}, status=410 if invitation else 404)
    context = {"state": state, "invitation": invitation}
    if get_user_model().objects.filter(username=invitation.email).exists():
        return _accept_existing(request, invitation, context)
    form = AcceptNewForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitations.invitation_accept_new(invitation=invitation, password=form.cleaned_data["password1"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            login(request, user, backend=BACKEND)
            active.choose_at_login(request.session, user=user)
            _enter(request, invitation)
            return redirect("cabinet:home")
    return render(request, PAGE, {**context, "form": form, "mode": "new"})


def _accept_existing(request, invitation, context):
    """Logged in as the invited address: one click. Otherwise: log in first (or out, then in)."""
    user = request.user
    if not user.is_authenticated:
        request.session[INVITATION_SESSION_KEY] = invitation.id
        return render(request, PAGE, {**context, "mode": "login", "next": request.path})
    if user.get_username() != invitation.email:
        return render(request, PAGE, {**context, "mode": "other", "next": request.path})
    if request.method != "POST":
        return render(request, PAGE, {**context, "mode": "confirm"})
    try:
        invitations.invitation_accept_existing(invitation=invitation, user=user)
    except ValidationError as error:
        return render(request, PAGE, {**context, "mode": "refused", "error": error.messages[0]}, status=409)
    _enter(request, invitation)
    return redirect("cabinet:home")

"""Accepting an invitation: a newcomer sets a password; someone with a login adds the company."""

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from apps.clients import active, invitations
from apps.clients.invitations import State
from apps.clients.people_forms import AcceptNewForm
from apps.clients.selectors import person_user_for_email

BACKEND = "apps.clients.backends.ClientAuthenticationBackend"
MAX_ATTEMPTS = 10  # wrong passwords per invitation before it stops asking


def _enter(request, invitation) -> None:
    active.activate(request.session, client_id=invitation.client_id)
    count = request.session.get(active.ORGANISATIONS_SESSION_KEY, 0)
    request.session[active.ORGANISATIONS_SESSION_KEY] = count + 1
    messages.success(request, _("Добро пожаловать в кабинет организации %(name)s.") % {"name": invitation.client.name})


@never_cache
def invitation_accept(request, token: str):
    invitation, state = invitations.invitation_by_token(token)
    if state != State.VALID:
        return render(request, "cabinet/people_invitation.html", {"state": state}, status=410 if invitation else 404)
    context = {"state": state, "invitation": invitation}
    existing = person_user_for_email(email=invitation.email)
    if existing is not None or _taken(invitation.email):
        return _accept_existing(request, invitation, existing, context)
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
    return render(request, "cabinet/people_invitation.html", {**context, "form": form, "mode": "new"})


def _taken(email: str) -> bool:
    return get_user_model().objects.filter(username=email).exists()


def _accept_existing(request, invitation, existing, context):
    """Someone who already has a login: logged in as it, a click; otherwise its password here.

    The password is asked on this page rather than at the login, which would refuse a person
    whose every membership is disabled (invited back now). Failures are counted per invitation.
    """
    user = request.user
    signed_in = existing is not None and user.is_authenticated and user.pk == existing.pk
    if request.method != "POST":
        return render(
            request, "cabinet/people_invitation.html", {**context, "mode": "confirm" if signed_in else "login"}
        )
    if not signed_in:
        password = request.POST.get("password", "")
        if not _password_matches(invitation, existing, password):
            context["password_error"] = True
            return render(request, "cabinet/people_invitation.html", {**context, "mode": "login"}, status=400)
    try:
        invitations.invitation_accept_existing(invitation=invitation, user=existing)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("account_login")
    if not signed_in:
        login(request, existing, backend=BACKEND)
        active.choose_at_login(request.session, user=existing)
    _enter(request, invitation)
    return redirect("cabinet:home")


def _password_matches(invitation, existing, password: str) -> bool:
    key = f"invitation-attempts:{invitation.id}"
    if cache.get(key, 0) >= MAX_ATTEMPTS:
        return False
    if existing is not None and existing.is_active and existing.check_password(password):
        return True
    cache.set(key, cache.get(key, 0) + 1, timeout=24 * 3600)
    return False

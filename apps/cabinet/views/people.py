"""«Сотрудники»: the company administrator's people, invitations and log."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from apps.cabinet.decorators import client_required
from apps.cabinet.people_log import downloads_recent, requests_recent
from apps.clients import invitations, people
from apps.clients.models import Role
from apps.clients.people_forms import ActiveForm, EmailLanguageForm, InviteForm, RoleForm
from apps.clients.roles import Can
from apps.clients.selectors import membership_of_client, people_of_client
from apps.clients.services import client_set_language


def _page(request, client, *, invite_form=None, language_form=None, status=200):
    people.own_login_membership_ensure(client=client)
    pending = invitations.invitations_pending(client=client)
    context = {
        "client": client,
        "people": people_of_client(client=client),
        "invitations": pending,
        "invite_form": invite_form or InviteForm(),
        "language_form": language_form or EmailLanguageForm(initial={"language": client.language}),
        "role_choices": Role.choices,
        "downloads": downloads_recent(client=client),
        "requested": requests_recent(client=client),
    }
    return render(request, "cabinet/people.html", context, status=status)


@client_required(can=Can.PEOPLE)
def people_page(request, *, client):
    return _page(request, client)


@client_required(can=Can.PEOPLE)
@require_POST
def people_invite(request, *, client):
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            invitation, resent = invitations.invitation_create(
                client=client, email=form.cleaned_data["email"], role=form.cleaned_data["role"], invited_by=request.user
            )
        except ValidationError as error:
            form.add_error("email", error)
        except invitations.InvitationRateLimited:
            form.add_error(None, INVITATIONS_LIMITED)
        else:
            messages.success(request, (INVITATION_RESENT if resent else INVITATION_SENT) % {"email": invitation.email})
            return redirect("cabinet:people")
    return _page(request, client, invite_form=form, status=400)


def _invitation(client, invitation_id: int):
    invitation = invitations.invitation_of_client(client=client, invitation_id=invitation_id)
    if invitation is None:
        raise Http404
    return invitation


@client_required(can=Can.PEOPLE)
@require_POST
def people_invitation_resend(request, invitation_id: int, *, client):
    invitation = _invitation(client, invitation_id)
    try:
        sent = invitations.invitation_resend(invitation=invitation, by=request.user)
    except invitations.InvitationRateLimited:
        messages.error(request, INVITATIONS_LIMITED)
    else:
        if sent is None:
            messages.info(request, INVITATION_GONE % {"email": invitation.email})
        else:
            messages.success(request, INVITATION_RESENT % {"email": sent.email})
    return redirect("cabinet:people")


@client_required(can=Can.PEOPLE)
@require_POST
def people_invitation_revoke(request, invitation_id: int, *, client):
    invitation = _invitation(client, invitation_id)
    if invitations.invitation_revoke(invitation=invitation, by=request.user):
        messages.success(request, INVITATION_REVOKED % {"email": invitation.email})
    else:
        messages.info(request, INVITATION_GONE % {"email": invitation.email})
    return redirect("cabinet:people")


INVITATION_SENT = _("Приглашение отправлено на %(email)s.")
INVITATION_RESENT = _("Приглашение отправлено на %(email)s ещё раз; ссылка из прежнего письма больше не действует.")
INVITATION_REVOKED = _("Приглашение для %(email)s отменено: ссылка из письма больше не действует.")
INVITATION_GONE = _("Это приглашение для %(email)s уже принято, отменено или отправлено заново.")
INVITATIONS_LIMITED = _("Слишком много приглашений за час. Пожалуйста, повторите позже.")


def _membership(client, membership_id: int):
    membership = membership_of_client(client=client, membership_id=membership_id)
    if membership is None:
        raise Http404
    return membership


@client_required(can=Can.PEOPLE)
@require_POST
def people_role(request, membership_id: int, *, client):
    membership = _membership(client, membership_id)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Выберите роль из списка."))
        return redirect("cabinet:people")
    try:
        people.membership_set_role(membership=membership, role=form.cleaned_data["role"], by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(person)s: роль «%(role)s».")
            % {"person": membership.user.get_username(), "role": membership.get_role_display()},
        )
    return redirect("cabinet:people")


@client_required(can=Can.PEOPLE)
@require_POST
def people_active(request, membership_id: int, *, client):
    membership = _membership(client, membership_id)
    form = ActiveForm(request.POST)
    if not form.is_valid():
        return redirect("cabinet:people")
    try:
        people.membership_set_active(membership=membership, is_active=form.cleaned_data["is_active"], by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        text = _("%(person)s: доступ открыт.") if membership.is_active else _("%(person)s: доступ закрыт.")
        messages.success(request, text % {"person": membership.user.get_username()})
    return redirect("cabinet:people")


@client_required(can=Can.PEOPLE)
@require_POST
def people_two_factor(request, *, client):
    """The administrator requires (or stops requiring) two-factor login for every login of the company."""
    required = request.POST.get("required") == "1"
    people.client_require_two_factor(client=client, required=required, by=request.user)
    messages.success(request, TWO_FACTOR_REQUIRED if required else TWO_FACTOR_OPTIONAL)
    return redirect("cabinet:people")


TWO_FACTOR_REQUIRED = _("Теперь все сотрудники входят с кодом из приложения-аутентификатора.")
TWO_FACTOR_OPTIONAL = _("Двухфакторный вход больше не обязателен: каждый сотрудник решает сам.")


@client_required(can=Can.PEOPLE)
@require_POST
def people_language(request, *, client):
    """The organisation's e-mail language, for everyone's archives, acts and notices; a person's
    own pages follow the Rus/Eng switch instead (apps/cabinet/views/language.py)."""
    form = EmailLanguageForm(request.POST)
    if not form.is_valid():
        return _page(request, client, language_form=form, status=400)
    client_set_language(client=client, language=form.cleaned_data["language"], by=request.user)
    messages.success(request, EMAIL_LANGUAGE[client.language])
    return redirect("cabinet:people")


EMAIL_LANGUAGE = {
    "ru": _("Письма организации (архивы, акты, уведомления) приходят на русском."),
    "en": _("Письма организации (архивы, акты, уведомления) приходят на английском."),
}

"""Inviting a colleague: a single-use link that expires, sent through the outbox.

The link carries a random token; only its SHA-256 is stored, so the table (or a backup of it)
lets nobody in. Accepting marks the row used with a conditional update: a link works once,
even when it is clicked twice at the same moment.

An address has at most one live link per organisation: inviting it again (or «Отправить ещё
раз») revokes the earlier link and sends a new one, and closing a person's access or changing
their role revokes theirs. Accepting only ever adds a person who is not yet one of the
organisation's people: it never reopens access an administrator closed nor changes a role —
that is the administrator's own action on «Сотрудники».
"""

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client, Invitation, Membership, Role
from apps.clients.validators import normalize_email
from apps.core.audit import audit_log
from apps.mail.services import outgoing_email_render

INVITATION_TTL_DAYS = 7
# The invitation a visitor opened before logging in to accept it (apps/cabinet/views/invitation.py).
INVITATION_SESSION_KEY = "portal_invitation_id"
LINK_USED = _("Ссылка-приглашение уже использована или больше не действует.")
ACCESS_CLOSED = _(
    "Доступ %(email)s к кабинету организации закрыт. Откройте его в списке сотрудников — новое приглашение не нужно."
)
ACCESS_CLOSED_TO_YOU = _(
    "Администратор организации закрыл вам доступ к её кабинету: ссылка из письма его не откроет. "
    "Обратитесь к администратору."
)


class State(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    REVOKED = "revoked"
    UNKNOWN = "unknown"


class InvitationRateLimited(Exception):
    """Too many invitations an hour from this organisation, or to this address."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _pending(**filters):
    return Invitation.objects.filter(
        accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now(), **filters
    )


def invitations_pending(*, client: Client):
    """The organisation's links that can still be accepted, newest first."""
    return _pending(client=client).order_by("-created_at")


@transaction.atomic
def invitation_create(*, client: Client, email: str, role: str, invited_by) -> tuple[Invitation, bool]:
    """Invite `email` to `client` with `role`, in the organisation's language.

    Returns the invitation and whether it replaced a pending one (a resend): the earlier link
    stops working, so an address never holds two live links to one organisation.
    """
    email = normalize_email(email)
    if role not in Role.values:
        raise ValidationError(_("Нет такой роли."))
    User = get_user_model()
    if User.objects.filter(username=email).filter(is_staff=True).exists() or (
        User.objects.filter(username=email, is_superuser=True).exists()
    ):
        raise ValidationError(_("Этот адрес нельзя пригласить."))
    # Serialises one organisation's invitations, so a burst cannot slip past the hourly limit.
    Client.objects.select_for_update().filter(id=client.id).first()
    membership = Membership.objects.filter(client=client, user__username=email).first()
    if membership is not None and membership.is_active:
        raise ValidationError(_("Этот сотрудник уже имеет доступ к кабинету организации."))
    if membership is not None:
        raise ValidationError(ACCESS_CLOSED % {"email": email})
    _check_rate(client=client, email=email)
    replaced = invitations_revoke(client=client, email=email, by=invited_by)
    invitation, token = _new(client=client, email=email, role=role, invited_by=invited_by)
    action = "clients.invitation.resent" if replaced else "clients.invitation.sent"
    audit_log(obj=client, action=action, actor=invited_by, email=email, role=role)
    _send(invitation, token)
    return invitation, bool(replaced)


def _check_rate(*, client: Client, email: str) -> None:
    hour_ago = timezone.now() - timedelta(hours=1)
    if Invitation.objects.filter(client=client, created_at__gte=hour_ago).count() >= settings.INVITATIONS_PER_HOUR:
        raise InvitationRateLimited
    sent_to_address = Invitation.objects.filter(email=email, created_at__gte=hour_ago).count()
    if sent_to_address >= settings.INVITATIONS_PER_ADDRESS_PER_HOUR:
        raise InvitationRateLimited


def _new(*, client: Client, email: str, role: str, invited_by) -> tuple[Invitation, str]:
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        client=client,
        email=email,
        role=role,
        token_hash=_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_TTL_DAYS),
    )
    return invitation, token


def _send(invitation: Invitation, token: str) -> None:
    client = invitation.client
    outgoing_email_render(
        key=f"clients.invitation.{invitation.id}",
        to=invitation.email,
        template="clients/email/invitation",
        context={
            "client": client,
            "role": Role(invitation.role).label,
            "inviter": _inviter_name(invitation.invited_by, client),
            "accept_url": settings.PORTAL_BASE_URL + reverse("cabinet:invitation", args=[token]),
            "expires_at": invitation.expires_at,
            # A person who already logs in to the portal (another organisation's colleague) keeps
            # their password: the letter must not promise them a new one.
            "has_login": get_user_model().objects.filter(username=invitation.email).exists(),
            "reset_url": settings.PORTAL_BASE_URL + reverse("account_reset_password"),
            "company_email": settings.COMPANY_EMAIL,
            "company_phones": settings.COMPANY_PHONES,
        },
        language=client.language,
        sensitive=True,  # the link lets its reader in
    )


def _inviter_name(user, client: Client) -> str:
    """A person who invites on the organisation's behalf; empty when the organisation itself
    does (its own login), which the letter then names once, not as inviter and principal both."""
    if user is None or user.id == client.user_id:
        return ""
    return user.get_username()


def invitation_of_client(*, client: Client, invitation_id: int) -> Invitation | None:
    """One of the organisation's invitations, in any state (another organisation's: None)."""
    return Invitation.objects.filter(client=client, id=invitation_id).select_related("client").first()


def _is_pending(invitation: Invitation) -> bool:
    return invitation.accepted_at is None and invitation.revoked_at is None and invitation.expires_at > timezone.now()


def invitation_resend(*, invitation: Invitation, by) -> Invitation | None:
    """«Отправить ещё раз»: a new link (the old one stops working); None when the invitation was
    accepted, revoked or replaced meanwhile (a second click on the same button)."""
    if not _is_pending(invitation):
        return None
    return invitation_create(client=invitation.client, email=invitation.email, role=invitation.role, invited_by=by)[0]


def invitation_revoke(*, invitation: Invitation, by) -> bool:
    """«Отменить»: the link stops working; False when it already did."""
    if not _is_pending(invitation):
        return False
    invitations_revoke(client=invitation.client, email=invitation.email, by=by)
    audit_log(obj=invitation.client, action="clients.invitation.revoked", actor=by, email=invitation.email)
    return True


def invitations_revoke(*, client: Client, email: str, by=None) -> int:
    """Every pending link of `email` to `client` stops working; returns how many there were."""
    return _pending(client=client, email=normalize_email(email)).update(revoked_at=timezone.now(), revoked_by=by)


def invitation_by_token(token: str) -> tuple[Invitation | None, State]:
    """The invitation behind a link and whether it can still be accepted."""
    invitation = Invitation.objects.select_related("client").filter(token_hash=_hash(token)).first()
    if invitation is None or not invitation.client.is_active:
        return None, State.UNKNOWN
    if invitation.accepted_at is not None:
        return invitation, State.USED
    if invitation.revoked_at is not None:
        return invitation, State.REVOKED
    if invitation.expires_at <= timezone.now():
        return invitation, State.EXPIRED
    return invitation, State.VALID


def invitation_valid(invitation_id: int | None, *, email: str) -> Invitation | None:
    """The pending invitation `invitation_id` when it is addressed to `email` (the login's guard)."""
    if not isinstance(invitation_id, int):
        return None
    return _pending(id=invitation_id, email=email, client__is_active=True).select_related("client").first()


def _claim(invitation: Invitation, user) -> None:
    claimed = Invitation.objects.filter(
        id=invitation.id, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise ValidationError(LINK_USED)


def _join(invitation: Invitation, user) -> Membership:
    """Add the person; someone who is already one of the organisation's people keeps exactly
    the access and the role the administrator gave them."""
    membership = Membership.objects.filter(user=user, client=invitation.client).first()
    if membership is not None and not membership.is_active:
        raise ValidationError(ACCESS_CLOSED_TO_YOU)
    if membership is None:
        membership = Membership.objects.create(
            user=user, client=invitation.client, role=invitation.role, invited_by=invitation.invited_by
        )
    return membership


def invitation_accept_new(*, invitation: Invitation, password: str):
    """A newcomer: their login is the invited address (lowercased), with the password they chose.

    The link is claimed first, so two clicks at once make one login and one clear refusal."""
    User = get_user_model()
    try:
        with transaction.atomic():
            _claim(invitation, None)
            if User.objects.filter(username=invitation.email).exists():
                raise ValidationError(
                    _("Для этого адреса уже есть учётная запись: войдите, чтобы принять приглашение.")
                )
            user = User(username=invitation.email, email=invitation.email)
            user.set_password(password)
            user.save()
            Invitation.objects.filter(id=invitation.id).update(accepted_by=user)
            _join(invitation, user)
    except IntegrityError:  # the same address created by a click a moment earlier
        raise ValidationError(LINK_USED) from None
    return user


@transaction.atomic
def invitation_accept_existing(*, invitation: Invitation, user) -> Membership:
    """A person logged in with the invited address gets this organisation added."""
    if user.is_staff or user.is_superuser or user.get_username() != invitation.email:
        raise ValidationError(_("Приглашение адресовано другому e-mail."))
    _claim(invitation, user)
    return _join(invitation, user)

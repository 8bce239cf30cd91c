"""Inviting a colleague: a single-use link that expires, sent through the outbox.

The link carries a random token; only its SHA-256 is stored, so the table (or a backup of it)
lets nobody in. Accepting marks the row used with a conditional update: a link works once,
even when it is clicked twice at the same moment.
"""

import hashlib
import secrets
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client, Invitation, Membership, Role
from apps.clients.validators import normalize_email
from apps.mail.services import outgoing_email_render

INVITATION_TTL_DAYS = 7


class State(StrEnum):
    VALID = "valid"
    EXPIRED = "expired"
    USED = "used"
    UNKNOWN = "unknown"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, client: Client, email: str, role: str, invited_by) -> Invitation:
    """Invite `email` to `client` with `role`; the letter is in the organisation's language."""
    email = normalize_email(email)
    if role not in Role.values:
        raise ValidationError(_("Нет такой роли."))
    if get_user_model().objects.filter(username=email).filter(is_staff=True).exists() or (
        get_user_model().objects.filter(username=email, is_superuser=True).exists()
    ):
        raise ValidationError(_("Этот адрес нельзя пригласить."))
    if Membership.objects.filter(client=client, user__username=email, is_active=True).exists():
        raise ValidationError(_("Этот сотрудник уже имеет доступ к кабинету организации."))
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        client=client,
        email=email,
        role=role,
        token_hash=_hash(token),
        invited_by=invited_by,
        expires_at=timezone.now() + timedelta(days=INVITATION_TTL_DAYS),
    )
    outgoing_email_render(
        key=f"clients.invitation.{invitation.id}",
        to=email,
        template="clients/email/invitation",
        context={
            "client": client,
            "role": Role(role).label,
            "inviter": _inviter_name(invited_by, client),
            "accept_url": settings.PORTAL_BASE_URL + reverse("cabinet:invitation", args=[token]),
            "expires_at": invitation.expires_at,
            "company_email": settings.COMPANY_EMAIL,
            "company_phones": settings.COMPANY_PHONES,
        },
        language=client.language,
        sensitive=True,  # the link lets its reader in
    )
    return invitation


def _inviter_name(user, client: Client) -> str:
    if user is None or user.id == client.user_id:
        return client.name
    return user.get_username()


def invitation_by_token(token: str) -> tuple[Invitation | None, State]:
    """The invitation behind a link and whether it can still be accepted."""
    invitation = Invitation.objects.select_related("client").filter(token_hash=_hash(token)).first()
    if invitation is None or not invitation.client.is_active:
        return None, State.UNKNOWN
    if invitation.accepted_at is not None:
        return invitation, State.USED
    if invitation.expires_at <= timezone.now():
        return invitation, State.EXPIRED
    return invitation, State.VALID


def _claim(invitation: Invitation, user) -> None:
    claimed = Invitation.objects.filter(
        id=invitation.id, accepted_at__isnull=True, expires_at__gt=timezone.now()
    ).update(accepted_at=timezone.now(), accepted_by=user)
    if not claimed:
        raise ValidationError(_("Ссылка-приглашение уже использована или её срок истёк."))


def _join(invitation: Invitation, user) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user,
        client=invitation.client,
        defaults={"role": invitation.role, "invited_by": invitation.invited_by},
    )
    if not created:  # invited again after being disabled: the new invitation's role applies
        membership.role, membership.is_active = invitation.role, True
        membership.save(update_fields=["role", "is_active"])
    return membership


@transaction.atomic
def invitation_accept_new(*, invitation: Invitation, password: str):
    """A newcomer: their login is the invited address (lowercased), with the password they chose."""
    User = get_user_model()
    if User.objects.filter(username=invitation.email).exists():
        raise ValidationError(_("Для этого адреса уже есть учётная запись: войдите, чтобы принять приглашение."))
    user = User(username=invitation.email, email=invitation.email)
    user.set_password(password)
    user.save()
    _claim(invitation, user)
    _join(invitation, user)
    return user


@transaction.atomic
def invitation_accept_existing(*, invitation: Invitation, user) -> Membership:
    """A person who already has a login (the same address) gets this organisation added."""
    if user.is_staff or user.is_superuser or user.get_username() != invitation.email:
        raise ValidationError(_("Приглашение адресовано другому e-mail."))
    _claim(invitation, user)
    return _join(invitation, user)

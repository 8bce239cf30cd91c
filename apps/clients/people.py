"""The company administrator's work on its people: roles, disabling, enabling.

A disabled person's open sessions need no hunting down: the cabinet reads the membership on
every request (apps.clients.selectors.access_for), so the next request is refused. Closing
access or changing a role also revokes the person's pending invitation links.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from apps.clients.invitations import invitations_revoke
from apps.clients.models import Client, Membership, Role
from apps.core.audit import audit_log

OWN_LOGIN_FIXED = _("Логин организации (ИНН) — всегда администратор, его нельзя отключить или сменить ему роль.")
NOT_YOURSELF = _("Себя отключить или лишить прав администратора нельзя.")


def own_login_membership_ensure(*, client: Client) -> Membership:
    """The organisation's own login as its administrator (clients loaded from fixtures lack it)."""
    membership, _created = Membership.objects.get_or_create(
        user_id=client.user_id, client=client, defaults={"role": Role.ADMIN}
    )
    return membership


def _check_may_change(membership: Membership, *, by) -> None:
    if membership.user_id == membership.client.user_id:
        raise ValidationError(OWN_LOGIN_FIXED)
    if by is not None and membership.user_id == by.id:
        raise ValidationError(NOT_YOURSELF)


@transaction.atomic
def membership_set_role(*, membership: Membership, role: str, by=None) -> Membership:
    if role not in Role.values:
        raise ValidationError(_("Нет такой роли."))
    _check_may_change(membership, by=by)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    # A link sent earlier (with another role) must not undo this.
    invitations_revoke(client=membership.client, email=membership.user.get_username(), by=by)
    return membership


@transaction.atomic
def membership_set_active(*, membership: Membership, is_active: bool, by=None) -> Membership:
    """Disable or enable a person in this organisation, at once (the next request is refused)."""
    _check_may_change(membership, by=by)
    if membership.is_active != is_active:
        membership.is_active = is_active
        membership.save(update_fields=["is_active"])
    if not is_active:  # a link still in the person's mailbox must not reopen it
        invitations_revoke(client=membership.client, email=membership.user.get_username(), by=by)
    return membership


def memberships_close(*, memberships, by=None) -> int:
    """Staff close several people's access at once (the admin's action); the organisations' own
    INN logins are switched off with their client instead. Their pending links are revoked."""
    closing = list(memberships.filter(is_active=True).exclude(user_id=F("client__user_id")).select_related("user"))
    with transaction.atomic():
        Membership.objects.filter(id__in=[m.id for m in closing]).update(is_active=False)
        for membership in closing:
            invitations_revoke(client=membership.client, email=membership.user.get_username(), by=by)
    return len(closing)


def client_require_two_factor(*, client: Client, required: bool, by=None) -> Client:
    """The company administrator's switch: every login of the organisation must use two-factor
    login (apps/clients/two_factor.py sends those without an app to set one up)."""
    if client.require_two_factor != required:
        client.require_two_factor = required
        client.save(update_fields=["require_two_factor", "updated_at"])
        action = "clients.client.two_factor_required" if required else "clients.client.two_factor_optional"
        audit_log(obj=client, action=action, actor=by)
    return client

"""Who must log in with a second factor, and allauth's MFA told about it.

The second factor itself (TOTP secrets, recovery codes, the code step after the password) is
allauth.mfa's; this module only decides who may not go without it:

- staff who can review reconciliation acts, decide quality claims, or manage clients and their logins: such a
  password alone would hand over every organisation's documents;
- the logins of an organisation whose `Client.require_two_factor` staff switched on.

Enforcement is apps/clients/two_factor_middleware.py (set it up before anything else) and
the adapter below (who must keep it cannot switch it off).
"""

from dataclasses import dataclass

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client
from apps.clients.selectors import organisations_of

# Holding any of these makes a staff password worth a second factor. auth.change_user is among
# them: who can edit users can grant himself the rest.
STAFF_PERMISSIONS_NEEDING_TWO_FACTOR = (
    "reconciliation.review_reconciliationact",
    "reconciliation.change_reconciliationact",
    "claims.handle_claim",  # a claim's photos and the decision e-mailed to the client
    "clients.add_client",
    "clients.change_client",
    "clients.delete_client",
    "clients.send_access",
    "clients.import_clients",
    "auth.change_user",
)


def two_factor_required(user, *, acting_for: int | None = None) -> bool:
    """True when `user` may not use the portal or the admin without an authenticator app.

    `acting_for`: the organisation a colleague's session acts for (on every request only that
    one is read, one small query by key); without it all the person's organisations count.
    """
    if not user.is_authenticated or not user.is_active:
        return False
    if any(client.require_two_factor for client in _organisations(user, acting_for)):
        return True
    return user.is_staff and any(user.has_perm(perm) for perm in STAFF_PERMISSIONS_NEEDING_TWO_FACTOR)


def two_factor_enabled(user) -> bool:
    """True when `user` has an authenticator app set up (recovery codes alone are no factor)."""
    return is_mfa_enabled(user, [Authenticator.Type.TOTP])


@dataclass(frozen=True)
class TwoFactorStatus:
    """What a login's security page shows: its app, its unused recovery codes, the policy."""

    totp: Authenticator | None
    recovery_codes_left: int
    required: bool
    can_disable: bool


def two_factor_status(user) -> TwoFactorStatus:
    by_type = {auth.type: auth for auth in Authenticator.objects.filter(user_id=user.pk)}
    totp = by_type.get(Authenticator.Type.TOTP)
    codes = by_type.get(Authenticator.Type.RECOVERY_CODES)
    required = two_factor_required(user)
    return TwoFactorStatus(
        totp=totp,
        recovery_codes_left=len(codes.wrap().get_unused_codes()) if codes is not None else 0,
        required=required,
        can_disable=totp is not None and not required,
    )


def _organisations(user, acting_for: int | None = None) -> list:
    """The organisations whose policy binds `user`: an INN login's own, or a colleague's."""
    client = getattr(user, "client", None)
    if client is not None:
        return [client]  # already loaded with the login: no query on every request
    if not user.is_authenticated or user.is_staff:
        return []
    if acting_for is not None:
        return list(Client.objects.filter(pk=acting_for))
    return organisations_of(user=user)


class PortalMFAAdapter(DefaultMFAAdapter):
    """allauth's MFA in the portal's words, keeping the second factor on whoever must have it."""

    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "cannot_delete_authenticator": _("Двухфакторный вход для вас обязателен: отключить его нельзя."),
        "incorrect_code": _("Неверный код."),
    }

    def can_delete_authenticator(self, authenticator: Authenticator) -> bool:
        # Recovery codes go with the app they back up; the app stays while the policy holds.
        if authenticator.type != Authenticator.Type.TOTP:
            return True
        return not two_factor_required(authenticator.user)

from allauth.account.auth_backends import AuthenticationBackend
from django.contrib.auth import get_user_model
from django.utils import timezone

from apps.core.prepared import PreparedQuery

# Every request loads the login through here, so its query is compiled once (apps/core/prepared.py).
_user_with_client = PreparedQuery(
    get_user_model(), lambda user_id: get_user_model()._default_manager.select_related("client").filter(pk=user_id)
)


class ClientAuthenticationBackend(AuthenticationBackend):
    """allauth's backend that also refuses a client organisation switched off by staff.

    The refusal looks exactly like a wrong password, so the login page never tells a
    stranger which INNs exist. So does an access letter's password past its expiry.
    """

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and client_may_log_in(user)

    def get_user(self, user_id):
        # Its organisation comes in the same query, since the check below, the cabinet and the
        # middleware all need it (a staff login has none: the reverse relation is then cached as
        # missing, with no second query either).
        try:
            found = _user_with_client(user_id)
        except (TypeError, ValueError):
            return None  # not an id at all
        if not found:
            return None
        return found[0] if self.user_can_authenticate(found[0]) else None


def client_may_log_in(user) -> bool:
    """False for a switched-off organisation and for an access letter's password past its expiry."""
    client = getattr(user, "client", None)
    if client is None:
        return True
    expires_at = client.access_password_expires_at
    return client.is_active and (expires_at is None or expires_at > timezone.now())

from allauth.account.auth_backends import AuthenticationBackend


class ClientAuthenticationBackend(AuthenticationBackend):
    """allauth's backend that also refuses a client organisation switched off by staff.

    The refusal looks exactly like a wrong password, so the login page never tells a
    stranger which INNs exist.
    """

    def user_can_authenticate(self, user) -> bool:
        if not super().user_can_authenticate(user):
            return False
        client = getattr(user, "client", None)
        return client is None or client.is_active

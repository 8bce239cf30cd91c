from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _


class PortalAccountAdapter(DefaultAccountAdapter):
    """Clients are created by staff only; the login speaks of INN, not of usernames."""

    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "username_password_mismatch": _("Неверный ИНН или пароль."),
        "too_many_login_attempts": _("Слишком много попыток входа. Попробуйте позже."),
    }

    def is_open_for_signup(self, request) -> bool:
        return False

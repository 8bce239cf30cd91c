from allauth.account.forms import LoginForm
from django.utils.translation import gettext_lazy as _

from apps.clients.validators import normalize_inn


class InnLoginForm(LoginForm):
    """allauth's login form worded as the client guide shows it: «ИНН» and «Пароль»."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("ИНН")
        login.widget.attrs.update(
            {"placeholder": _("ИНН"), "autocomplete": "username", "inputmode": "numeric", "autofocus": True}
        )
        password = self.fields["password"]
        password.label = _("Пароль")
        password.widget.attrs.update({"placeholder": _("Ваш пароль")})
        password.help_text = ""

    def clean_login(self) -> str:
        return normalize_inn(super().clean_login())

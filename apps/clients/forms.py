from allauth.account.forms import LoginForm, ResetPasswordForm
from django.utils.translation import gettext_lazy as _

from apps.clients.selectors import users_by_client_email
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


class ClientResetPasswordForm(ResetPasswordForm):
    """«Забыли пароль?» finds logins by the organisation's own address (`Client.email`) only.

    allauth's form also looks in its EmailAddress table and at `User.email`, which a session
    or a staff account could hold: a reset link sent there would hand the account over. An
    address that is no active organisation's gets the same page and no e-mail at all.
    """

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        self.users = users_by_client_email(email=email)
        return email

    def save(self, request, **kwargs) -> str:
        if not self.users:
            return self.cleaned_data["email"]
        return super().save(request, **kwargs)

from allauth.account.forms import LoginForm, ResetPasswordForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from apps.clients.selectors import users_by_client_email
from apps.clients.validators import normalize_email, normalize_inn

EMAIL_PASSWORD_MISMATCH = _("Неверный e-mail или пароль.")


class InnLoginForm(LoginForm):
    """allauth's login form worded as the client guide shows it: «ИНН» and «Пароль».

    The organisation's own login is its INN; a colleague invited by e-mail logs in with that
    address (their username, lowercased), on the same form.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = _("ИНН или e-mail")
        login.help_text = _("Организация входит по ИНН, приглашённые сотрудники — по своему e-mail.")
        login.widget.attrs.update(
            {"placeholder": _("ИНН"), "autocomplete": "username", "autocapitalize": "none", "autofocus": True}
        )
        password = self.fields["password"]
        password.label = _("Пароль")
        password.widget.attrs.update({"placeholder": _("Ваш пароль")})
        password.help_text = ""

    def clean_login(self) -> str:
        login = super().clean_login()
        if "@" in login:
            return normalize_email(login)
        return normalize_inn(login)

    def clean(self):
        try:
            return super().clean()
        except ValidationError as error:
            # Someone who typed an e-mail hears of an e-mail, not of an INN; same vagueness.
            if error.code == "username_password_mismatch" and "@" in self.cleaned_data.get("login", ""):
                raise ValidationError(EMAIL_PASSWORD_MISMATCH, code=error.code) from None
            raise


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

"""allauth.mfa's code forms in the portal's words (MFA_FORMS in project/settings.py)."""

from allauth.core import context as allauth_context
from allauth.mfa.base.forms import AuthenticateForm, BaseAuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm, DeactivateTOTPForm
from django import forms
from django.utils.translation import gettext_lazy as _

# Six digits from the app or an eight-digit recovery code: digits either way, so phones show
# the number pad, and browsers may fill the code from an SMS-style autofill.
_CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "maxlength": 16}


def _portal_code_field(form, label, help_text="") -> None:
    field = form.fields["code"]
    field.label = label
    field.help_text = help_text
    field.widget.attrs = {**_CODE_ATTRS, "placeholder": ""}


class _AppOrRecoveryCode:
    """The code step of a login and of «confirm it is you»: either code is accepted there."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _portal_code_field(
            self,
            _("Код"),
            _("6 цифр из приложения-аутентификатора или один из кодов восстановления."),
        )


class CodeLoginForm(_AppOrRecoveryCode, AuthenticateForm):
    pass


class CodeReauthenticateForm(_AppOrRecoveryCode, ReauthenticateForm):
    pass


class ActivateAppForm(ActivateTOTPForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _portal_code_field(self, _("Код из приложения"), _("6 цифр, которые приложение показывает сейчас."))


class DeactivateAppForm(DeactivateTOTPForm):
    """Switching the app off takes a code from it (or a recovery code), never the password:
    a password alone — guessed, phished, or typed into an invitation page — must not undo the
    second factor that guards it."""

    code = forms.CharField(required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _portal_code_field(self, _("Код"), _("6 цифр из приложения-аутентификатора или один из кодов восстановления."))
        self.fields["code"].widget.attrs.pop("autofocus", None)

    def clean(self):
        cleaned = super().clean()
        # allauth binds the form to an empty payload on GET, to show a refusal at once: only a
        # POST switches anything off, so only a POST is asked for its code — an empty one too.
        if allauth_context.request.method == "POST":
            check = BaseAuthenticateForm(data={"code": cleaned.get("code", "")}, user=self.authenticator.user)
            if not check.is_valid():
                self.add_error("code", check.errors.get("code"))
        return cleaned

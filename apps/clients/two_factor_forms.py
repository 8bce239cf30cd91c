"""allauth.mfa's code forms in the portal's words (MFA_FORMS in project/settings.py)."""

from allauth.core import context as allauth_context
from allauth.mfa.base.forms import AuthenticateForm, BaseAuthenticateForm, ReauthenticateForm
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.forms import ActivateTOTPForm, DeactivateTOTPForm
from allauth.mfa.totp.internal.auth import validate_totp_code
from allauth.mfa.utils import decrypt
from django import forms
from django.utils.translation import gettext_lazy as _

CODE_USED = _("Этот код уже использован: дождитесь следующего кода в приложении.")

# Six digits from the app or an eight-digit recovery code: digits either way, so phones show
# the number pad, and browsers may fill the code from an SMS-style autofill.
_CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "one-time-code", "autofocus": True, "maxlength": 16}


def _portal_code_field(form, label, help_text="") -> None:
    field = form.fields["code"]
    field.label = label
    field.help_text = help_text
    field.widget.attrs = {**_CODE_ATTRS, "placeholder": ""}


def _code_was_used(user, code: str) -> bool:
    """A code that is right for this moment yet refused: allauth takes each app code once (a
    replay guard), so this one has been used already, a second ago in another tab or by
    a second press of the button."""
    app = Authenticator.objects.filter(user_id=user.pk, type=Authenticator.Type.TOTP).first()
    return app is not None and validate_totp_code(decrypt(app.data["secret"]), code)


class _UsedCodeNamed:
    """«Неверный код» for a used one would send the person to re-check the digits; say instead
    that it needs the app's next code."""

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            code = self.data.get(self.add_prefix("code"), "")
            if error.code == "incorrect_code" and code and _code_was_used(self.user, code):
                raise forms.ValidationError(CODE_USED, code="code_used") from None
            raise


class CodeCheckForm(_UsedCodeNamed, BaseAuthenticateForm):
    pass


class _AppOrRecoveryCode(_UsedCodeNamed):
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
            check = CodeCheckForm(data={"code": cleaned.get("code", "")}, user=self.authenticator.user)
            if not check.is_valid():
                self.add_error("code", check.errors.get("code"))
        return cleaned

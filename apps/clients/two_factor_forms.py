"""allauth.mfa's code forms in the portal's words (MFA_FORMS in project/settings.py)."""

from allauth.mfa.base.forms import AuthenticateForm, ReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm
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

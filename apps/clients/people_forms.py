from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Role


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail сотрудника"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    role = forms.ChoiceField(label=_("Роль"), choices=Role.choices, initial=Role.ACCOUNTANT)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Роль"), choices=Role.choices)


class ActiveForm(forms.Form):
    is_active = forms.TypedChoiceField(choices=[("1", "1"), ("0", "0")], coerce=lambda value: value == "1")


class EmailLanguageForm(forms.Form):
    """The organisation's e-mail language, which its administrator sets for everyone."""

    language = forms.ChoiceField(label=_("Язык писем"), choices=settings.LANGUAGES)


class SwitchForm(forms.Form):
    client_id = forms.IntegerField(label=_("Организация"), min_value=1)


class AcceptNewForm(forms.Form):
    """A newcomer's password, checked by Django's validators against the invited address."""

    password1 = forms.CharField(
        label=_("Пароль"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Не короче 8 символов, не из простых и не похожий на e-mail."),
    )
    password2 = forms.CharField(
        label=_("Пароль ещё раз"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, *args, email: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self) -> dict:
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Пароли не совпадают."))
        elif first:
            user = get_user_model()(username=self.email, email=self.email)
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned

from django import forms
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _


class NoticeSubscriptionForm(forms.Form):
    closing = forms.BooleanField(label=_("Закрывающие документы"), required=False)
    certificates = forms.BooleanField(label=_("Сертификаты качества"), required=False)
    email = forms.CharField(
        label=_("E-mail для уведомлений"),
        max_length=254,
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("По умолчанию — e-mail вашей организации."),
    )

    def clean(self) -> dict:
        data = super().clean()
        email = (data.get("email") or "").strip()
        if email:
            try:
                validate_email(email)
            except forms.ValidationError:
                self.add_error("email", _("Проверьте адрес e-mail: например, buh@company.ru."))
        elif data.get("closing") or data.get("certificates"):
            self.add_error("email", _("Укажите e-mail для уведомлений."))
        data["email"] = email
        return data

from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, validate_email
from django.utils.translation import gettext_lazy as _


class QuestionForm(forms.Form):
    name = forms.CharField(
        label=_("Имя/Организация"),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
        error_messages={"required": _("Укажите имя или организацию.")},
    )
    text = forms.CharField(
        label=_("Ваш вопрос"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Напишите ваш вопрос.")},
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Сюда придёт ответ."),
        error_messages={"required": _("Укажите e-mail для ответа.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        too_long = _("Не больше %(limit_value)d символов (сейчас %(show_value)d).")
        for name, limit in (
            ("name", settings.QUESTION_NAME_MAX_LENGTH),
            ("text", settings.QUESTION_TEXT_MAX_LENGTH),
        ):
            field = self.fields[name]
            field.max_length = limit
            field.widget.attrs["maxlength"] = str(limit)
            field.validators.append(MaxLengthValidator(limit))
            field.error_messages["max_length"] = too_long

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip()
        try:
            validate_email(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Проверьте адрес e-mail: например, buh@company.ru."), code="invalid"
            ) from None
        return value

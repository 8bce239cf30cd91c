from django import forms
from django.conf import settings
from django.core.validators import MaxLengthValidator, validate_email
from django.utils.formats import number_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

# The counter's words for the browser, one per plural form the language has (Russian: 1, 2, 5
# знак/знака/знаков); the script under the form fills in the number (templates/cabinet/question_form.html).
_COUNTER_FORMS = {"one": 1, "few": 2, "many": 5}


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
        name, limit = self.fields["name"], settings.QUESTION_NAME_MAX_LENGTH
        name.max_length = limit
        name.widget.attrs["maxlength"] = str(limit)
        name.validators.append(MaxLengthValidator(limit))
        name.error_messages["max_length"] = _("Не больше %(limit_value)d символов (сейчас %(show_value)d).")
        text, limit = self.fields["text"], settings.QUESTION_TEXT_MAX_LENGTH
        text.widget.attrs["maxlength"] = str(limit)  # checked by clean_text, in its own words
        # Said before typing, and counted down while typing: the browser's maxlength alone would
        # silently drop what does not fit, a long pasted question above all.
        text.help_text = gettext("Не больше %(limit)s знаков.") % {"limit": _grouped(limit)}
        left = {
            form: ngettext("Остался %(count)s знак", "Осталось %(count)s знаков", n)
            for form, n in _COUNTER_FORMS.items()
        }
        counter = {f"data-counter-{form}": words for form, words in left.items()}
        counter["data-counter-cut"] = gettext(
            "Вставленный текст не поместился: в вопросе не больше %(limit)s знаков, остальное не вошло."
        ) % {"limit": _grouped(limit)}
        text.widget.attrs.update(counter)

    def clean_text(self) -> str:
        # A browser sends a line break as CR LF but counts it (and its maxlength) as one.
        value = self.cleaned_data["text"].replace("\r\n", "\n")
        limit = settings.QUESTION_TEXT_MAX_LENGTH
        if len(value) > limit:
            # Refused whole rather than cut: the client decides what to leave out.
            raise forms.ValidationError(
                gettext("Вопрос длиннее %(limit)s знаков (сейчас %(count)s): сократите его или задайте два вопроса.")
                % {"limit": _grouped(limit), "count": _grouped(len(value))},
                code="max_length",
            )
        return value

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip()
        try:
            validate_email(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Проверьте адрес e-mail: например, buh@company.ru."), code="invalid"
            ) from None
        return value


def _grouped(number: int) -> str:
    """«3 000» (a non-breaking space in Russian, "3,000" in English), as the counter shows it."""
    return number_format(number, force_grouping=True)

"""The period-and-address form shared by every «Запросить» in the cabinet."""

from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class PeriodRequestForm(forms.Form):
    date_from = forms.DateField(
        label=_("Начало периода"),
        widget=DateInput(),
        error_messages={"required": _("Укажите дату начала периода."), "invalid": _("Введите дату начала периода.")},
    )
    date_to = forms.DateField(
        label=_("Конец периода"),
        widget=DateInput(),
        error_messages={"required": _("Укажите дату конца периода."), "invalid": _("Введите дату конца периода.")},
    )
    email = forms.CharField(
        label=_("E-mail"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Можно указать другой адрес для этого запроса."),
        error_messages={"required": _("Укажите e-mail, на который отправить документы.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The date pickers offer no day after today (the check below says so to a typed one).
        today = f"{timezone.localdate():%Y-%m-%d}"
        for name in ("date_from", "date_to"):
            self.fields[name].widget.attrs["max"] = today

    @property
    def fragment_name(self) -> str:
        """Names the form in the template fragment cache: subclasses word their fields apart."""
        return type(self).__name__

    def clean_email(self) -> str:
        value = self.cleaned_data["email"].strip()
        if any(sep in value for sep in ",; ") or value.count("@") > 1:
            raise forms.ValidationError(_("Укажите один адрес e-mail."), code="multiple")
        try:
            validate_email(value)
        except forms.ValidationError:
            raise forms.ValidationError(
                _("Проверьте адрес e-mail: например, buh@company.ru."), code="invalid"
            ) from None
        return value

    def clean(self) -> dict:
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start is None or end is None:
            return data
        today = timezone.localdate()
        if end < start:
            self.add_error("date_to", forms.ValidationError(_("Дата конца периода меньше даты начала"), code="order"))
        elif start > today:
            self.add_error(
                "date_from", forms.ValidationError(_("Период не может начинаться в будущем."), code="future")
            )
        elif end > today:
            # Not moved to today behind the client's back: they see why and pick the end themselves.
            self.add_error(
                "date_to",
                forms.ValidationError(
                    _("Документы есть только по сегодняшний день: укажите конец периода не позже %(today)s."),
                    code="future",
                    params={"today": f"{today:%d.%m.%Y}"},
                ),
            )
        elif (end - start).days + 1 > settings.PERIOD_MAX_DAYS:
            self.add_error(
                "date_to",
                forms.ValidationError(
                    _("Период не может быть длиннее %(days)d дней. Разбейте его на несколько запросов."),
                    code="too_long",
                    params={"days": settings.PERIOD_MAX_DAYS},
                ),
            )
        return data


def default_period(today: date | None = None) -> tuple[date, date]:
    """The previous calendar month through today: what accountants usually ask for."""
    today = today or timezone.localdate()
    first_of_month = today.replace(day=1)
    previous = (first_of_month - timedelta(days=1)).replace(day=1)
    return previous, today

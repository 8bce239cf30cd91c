import calendar
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.forms import PeriodRequestForm
from apps.onec.client import CERTIFICATE, CLOSING, INVOICE
from apps.onec.vocabulary import document_type_label


class DocumentRequestForm(PeriodRequestForm):
    """The archive request form: a period and the address to send the archive to."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said up front, so the notice to the default address surprises no one who asked.
        self.fields["email"].help_text = _(
            "Можно указать другой адрес для этого запроса — тогда мы сообщим об этом на адрес организации по умолчанию."
        )


class RegisterForm(PeriodRequestForm):
    """The register's filter (read by GET): the period checked as in every request form, a kind,
    a type among those present in the list (offered by the view), a part of a number."""

    kind = forms.ChoiceField(label=_("Вид"), required=False, choices=[("", _("Все документы"))])
    type = forms.CharField(label=_("Тип"), required=False, max_length=200, widget=forms.Select)
    number = forms.CharField(
        label=_("Номер"),
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"placeholder": _("например, 27/26")}),
    )

    def __init__(self, *args, certificates: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["email"]  # the register sends nothing: the period is all it shares
        kinds = [(INVOICE, _("Счета")), (CLOSING, _("Закрывающие документы"))]
        if certificates:
            kinds.append((CERTIFICATE, _("Сертификаты")))
        self.fields["kind"].choices = [("", _("Все документы")), *kinds]

    def offer_types(self, types: list[str]) -> None:
        """The type filter offers the types present in the client's list for the period, each
        under its label in the page's language; the value sent back is 1C's own type."""
        labelled = sorted(((t, document_type_label(t)) for t in types), key=lambda c: c[1].casefold())
        self.fields["type"].widget.choices = [("", _("Все типы")), *labelled]


def register_default_period(today: date | None = None) -> tuple[date, date]:
    """The last three months, ending today: 28.11 → 28.08 (a shorter month clamps the day)."""
    today = today or timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - 3, 12)
    month += 1
    day = min(today.day, calendar.monthrange(year, month)[1])
    return date(year, month, day), today

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminFileFieldWidget, UnfoldAdminTextareaWidget

from apps.core.forms import PeriodRequestForm
from apps.reconciliation.storage import pdf_validate


class ActOrderForm(PeriodRequestForm):
    """The archives' period-and-address form, with the same messages."""


class ActRejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина отклонения"),
        max_length=2000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 4}),
        help_text=_("Клиент получит этот текст по e-mail и увидит его в кабинете."),
        error_messages={"required": _("Напишите клиенту, почему акт отклонён.")},
    )


class ActReplaceForm(forms.Form):
    file = forms.FileField(
        label=_("Исправленный акт (PDF)"),
        widget=UnfoldAdminFileFieldWidget(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"required": _("Выберите PDF-файл.")},
    )

    def clean_file(self) -> bytes:
        upload = self.cleaned_data["file"]
        limit = settings.ACT_MAX_UPLOAD_MB * 1024 * 1024
        if upload.size > limit:
            raise forms.ValidationError(
                _("Файл больше %(mb)d МБ."), code="too_big", params={"mb": settings.ACT_MAX_UPLOAD_MB}
            )
        data = upload.read()
        pdf_validate(data)
        return data

from django import forms
from django.conf import settings
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminFileFieldWidget, UnfoldAdminTextareaWidget

from apps.core.forms import PeriodRequestForm
from apps.reconciliation.scans import SCAN_MAX_MB, Scan, scan_from_upload
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
        return _pdf_bytes(self.cleaned_data["file"])


def _pdf_bytes(upload) -> bytes:
    limit = settings.ACT_MAX_UPLOAD_MB * 1024 * 1024
    if upload.size > limit:
        raise forms.ValidationError(
            _("Файл больше %(mb)d МБ."), code="too_big", params={"mb": settings.ACT_MAX_UPLOAD_MB}
        )
    data = upload.read()
    pdf_validate(data)
    return data


class ActResolveForm(forms.Form):
    """Staff's answer to a client's dispute: the text, and a corrected act if there is one."""

    text = forms.CharField(
        label=_("Ответ клиенту"),
        max_length=4000,
        widget=UnfoldAdminTextareaWidget(attrs={"rows": 5}),
        help_text=_("Клиент получит этот текст по e-mail и увидит его в кабинете."),
        error_messages={"required": _("Напишите клиенту, что показала проверка расхождений.")},
    )
    file = forms.FileField(
        label=_("Исправленный акт (PDF), если акт исправлен"),
        required=False,
        widget=UnfoldAdminFileFieldWidget(attrs={"accept": "application/pdf,.pdf"}),
        help_text=_("Уйдёт клиенту вместе с ответом и заменит акт в кабинете; клиент ответит на него заново."),
    )

    def clean_file(self) -> bytes | None:
        upload = self.cleaned_data.get("file")
        return _pdf_bytes(upload) if upload else None


# --- The client's answer to a sent act (cabinet) --------------------------------------------------

_SCAN_ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"


def _scan_field(*, label, required: bool) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=required,
        widget=forms.FileInput(attrs={"accept": _SCAN_ACCEPT}),
        error_messages={"required": _("Выберите файл."), "empty": _("Файл пустой.")},
    )


class _ScanForm(forms.Form):
    scan_help = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Formatted here, in the request's language: a lazy string formatted at import is fixed in one.
        self.fields["file"].help_text = gettext(self.scan_help) % {"mb": SCAN_MAX_MB}

    def clean_file(self) -> Scan | None:
        upload = self.cleaned_data.get("file")
        return scan_from_upload(upload) if upload else None


class ActDisputeForm(_ScanForm):
    comment = forms.CharField(
        label=_("Что не совпадает"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Например: оплата от 12.03 на 150 000,00 ₽ в акте не учтена."),
        error_messages={"required": _("Опишите, что не совпадает с вашими данными.")},
    )
    file = _scan_field(label=_("Файл (необязательно)"), required=False)
    scan_help = gettext_noop("Ваш акт или платёжный документ: PDF, JPEG или PNG до %(mb)d МБ.")


class ActSignedCopyForm(_ScanForm):
    file = _scan_field(label=_("Подписанный экземпляр акта"), required=True)
    scan_help = gettext_noop("Скан или фото акта с подписью и печатью: PDF, JPEG или PNG до %(mb)d МБ.")

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client
from apps.core.models import Job
from apps.mail.models import OutgoingEmail


class DocumentKind(models.TextChoices):
    # INVOICE and CLOSING are the contract's DocumentKind enumeration, sent to 1C as they are.
    INVOICE = "Invoice", _("Архив счетов")
    CLOSING = "Closing", _("Архив закрывающих документов")
    # Not a 1C kind: the rows a client ticked in the register (DocumentRequest.document_ids).
    SELECTED = "Selected", _("Выбранные документы")


class DocumentRequest(Job):
    """A client's request for an archive of one kind of documents over a period."""

    metrics_kind = "archive"  # the `kind` label of its metrics (apps/core/metrics.py)

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("обработка")
        RETRYING = "retrying", _("1С недоступна, повторяем")
        SENT = "sent", _("отправлено")
        EMPTY = "empty", _("документов нет")
        NOT_FOUND = "not_found", _("организация не найдена в 1С")
        INVALID_PERIOD = "invalid_period", _("1С отклонила период")
        UNAVAILABLE = "unavailable", _("1С недоступна")
        FAILED = "failed", _("ошибка")

    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="document_requests", verbose_name=_("клиент")
    )
    kind = models.CharField(_("вид"), max_length=10, choices=DocumentKind.choices)
    # For SELECTED only: the 1C ids ticked in the register, sorted. The task still checks each
    # against what 1C lists for this client, since they came from the browser.
    document_ids = models.JSONField(_("выбранные документы"), default=list, blank=True)
    date_from = models.DateField(_("начало периода"))
    date_to = models.DateField(_("конец периода"))
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("язык"), max_length=5, default="ru")
    documents_total = models.PositiveIntegerField(_("документов найдено"), null=True, blank=True)
    documents_fetched = models.PositiveIntegerField(_("документов получено"), default=0)
    documents_missing = models.PositiveIntegerField(_("документов не выдано 1С"), default=0)
    archive_path = models.CharField(_("архив"), max_length=500, blank=True)
    archive_name = models.CharField(_("имя архива"), max_length=255, blank=True)
    archive_size = models.PositiveBigIntegerField(_("размер архива, байт"), null=True, blank=True)
    archive_expires_at = models.DateTimeField(_("архив хранится до"), null=True, blank=True)
    archive_deleted_at = models.DateTimeField(_("архив удалён"), null=True, blank=True)
    outgoing_email = models.ForeignKey(
        OutgoingEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("письмо")
    )

    class Meta:
        verbose_name = _("запрос документов")
        verbose_name_plural = _("запросы документов")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"]), models.Index(fields=["status", "next_attempt_at"])]
        permissions = [("retry_documentrequest", _("Может повторять запросы документов"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date_from:%d.%m.%Y}–{self.date_to:%d.%m.%Y} ({self.client.inn})"

    @property
    def is_final(self) -> bool:
        return self.status not in {self.Status.QUEUED, self.Status.RUNNING, self.Status.RETRYING}


class DocumentDownload(models.Model):
    """One file a client took from the cabinet: what, when, by whom (the staff's «who downloaded»)."""

    class What(models.TextChoices):
        DOCUMENT = "document", _("документ")
        SHIPMENT_PACK = "shipment_pack", _("комплект отгрузки")
        OPEN_INVOICES = "open_invoices", _("неоплаченные счета (XLSX)")
        ARCHIVE = "archive", _("архив")
        ACT = "act", _("акт сверки")
        PAYMENT_ORDERS = "payment_orders", _("платёжные поручения")
        PAYMENT_QR = "payment_qr", _("QR-код для оплаты")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="downloads", verbose_name=_("клиент"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто"),
    )
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)
    what = models.CharField(_("что"), max_length=20, choices=What.choices)
    document_id = models.CharField(_("id в 1С"), max_length=100, blank=True)
    title = models.CharField(_("файл"), max_length=255)
    size = models.PositiveBigIntegerField(_("размер, байт"), null=True, blank=True)

    class Meta:
        verbose_name = _("скачивание")
        verbose_name_plural = _("скачивания")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"])]

    def __str__(self) -> str:
        return self.title

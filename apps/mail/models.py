from django.db import models
from django.utils.translation import gettext_lazy as _


class OutgoingEmail(models.Model):
    """One e-mail, written here first and sent by a task (the outbox).

    `key` names the event the e-mail is about ("documents.request.42.sent"): creating the same
    key twice returns the existing row, so a task that runs twice still makes one e-mail.
    Sending claims the row (`sending`) before talking to SMTP, so a second run never sends it
    again; a reconciler resends what stayed `sending` too long (a worker died mid-send) under
    the same Message-ID, which lets mail systems drop the rare duplicate.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("ожидает отправки")
        SENDING = "sending", _("отправляется")
        SENT = "sent", _("отправлено")
        FAILED = "failed", _("не удалось отправить")
        CANCELLED = "cancelled", _("отменено")

    key = models.CharField(_("событие"), max_length=200, unique=True)
    status = models.CharField(_("статус"), max_length=16, choices=Status.choices, default=Status.PENDING)
    from_email = models.CharField(_("отправитель"), max_length=254)
    to = models.CharField(_("получатель"), max_length=254)
    subject = models.CharField(_("тема"), max_length=255)
    body_text = models.TextField(_("текст"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(
        _("вложения"), default=list, blank=True, help_text=_("Файлы на диске: путь, имя во вложении, тип.")
    )
    # Extra headers for this e-mail (e.g. RFC 8058 List-Unsubscribe on notices); Message-ID is set apart.
    headers = models.JSONField(_("заголовки"), default=dict, blank=True)
    sensitive = models.BooleanField(
        _("с секретом"),
        default=False,
        help_text=_("Пароль или ссылка для входа: текст стирается, как только письмо отправлено."),
    )
    message_id = models.CharField(_("Message-ID"), max_length=255, unique=True)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("взято в отправку"), null=True, blank=True)
    sent_at = models.DateTimeField(_("отправлено"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("письмо")
        verbose_name_plural = _("письма")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
        permissions = [("resend_outgoingemail", _("Может отправлять письма ещё раз"))]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

"""Notices of new documents: who wants them, where the poll of 1C stands, what was announced."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client
from apps.onec.client import CERTIFICATE, CLOSING


class NoticeSubscription(models.Model):
    """A client's choice of notices; no row, or both kinds off, means no e-mail."""

    client = models.OneToOneField(
        Client, on_delete=models.CASCADE, related_name="notice_subscription", verbose_name=_("клиент")
    )
    closing = models.BooleanField(_("закрывающие документы"), default=False)
    certificates = models.BooleanField(_("сертификаты качества"), default=False)
    # Empty follows the client's default address, so a change of that address by staff applies.
    email = models.EmailField(
        _("e-mail для уведомлений"), blank=True, help_text=_("Пусто: e-mail клиента по умолчанию.")
    )
    unsubscribed_at = models.DateTimeField(_("отписка по ссылке из письма"), null=True, blank=True)
    created_at = models.DateTimeField(_("создана"), auto_now_add=True)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    class Meta:
        verbose_name = _("подписка на уведомления")
        verbose_name_plural = _("подписки на уведомления")
        ordering = ["client__name"]

    def __str__(self) -> str:
        return str(self.client)

    @property
    def kinds(self) -> tuple[str, ...]:
        """The 1C document kinds this client wants to hear of (never invoices)."""
        return tuple(kind for kind, wanted in ((CLOSING, self.closing), (CERTIFICATE, self.certificates)) if wanted)

    @property
    def address(self) -> str:
        return self.email or self.client.email


class NoticeCursor(models.Model):
    """The one row that says up to when 1C's changes have been announced, and how the last poll went.

    `since` moves only in the transaction that writes the poll's notices, so a crash between the
    1C call and the e-mails makes the next poll ask again instead of losing documents.
    """

    class Outcome(models.TextChoices):
        OK = "ok", _("успешно")
        UNAVAILABLE = "unavailable", _("1С недоступна")
        NOT_SUPPORTED = "not_supported", _("1С не поддерживает (версия 1.0)")

    since = models.DateTimeField(_("изменения после"))
    polls = models.PositiveIntegerField(_("успешных опросов"), default=0)
    last_polled_at = models.DateTimeField(_("последний опрос"), null=True, blank=True)
    last_outcome = models.CharField(_("итог последнего опроса"), max_length=20, choices=Outcome.choices, blank=True)
    last_error = models.TextField(_("последняя ошибка"), blank=True)

    class Meta:
        verbose_name = _("опрос 1С о новых документах")
        verbose_name_plural = _("опросы 1С о новых документах")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="notices_cursor_singleton")]

    def __str__(self) -> str:
        return f"{self.since:%Y-%m-%d %H:%M}"


class AnnouncedDocument(models.Model):
    """A document one client was told of: never again, even when 1C reprints it."""

    client = models.ForeignKey(
        Client, on_delete=models.CASCADE, related_name="announced_documents", verbose_name=_("клиент")
    )
    document_id = models.CharField(_("id в 1С"), max_length=100)
    kind = models.CharField(
        _("вид"),
        max_length=20,
        choices=[(CLOSING, _("закрывающий документ")), (CERTIFICATE, _("сертификат качества"))],
    )
    type = models.CharField(_("тип"), max_length=255)
    number = models.CharField(_("номер"), max_length=100)
    date = models.DateField(_("дата"))
    amount = models.DecimalField(_("сумма"), max_digits=17, decimal_places=2)
    changed = models.DateTimeField(_("изменён в 1С"))
    email = models.ForeignKey(
        "mail.OutgoingEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("письмо"),
    )
    announced_at = models.DateTimeField(_("сообщено"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("сообщённый документ")
        verbose_name_plural = _("сообщённые документы")
        ordering = ["-announced_at"]
        constraints = [
            models.UniqueConstraint(fields=["client", "document_id"], name="notices_announced_once_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.number}"

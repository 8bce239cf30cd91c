from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client
from apps.mail.models import OutgoingEmail


class Question(models.Model):
    """A question a client asked in the cabinet, and staff's answer (new → answered)."""

    class Status(models.TextChoices):
        NEW = "new", _("новый")
        ANSWERED = "answered", _("отвечен")

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="questions", verbose_name=_("клиент"))
    name = models.CharField(_("имя/организация"), max_length=255)
    text = models.TextField(_("вопрос"))
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("язык"), max_length=5, default="ru")
    status = models.CharField(_("статус"), max_length=10, choices=Status.choices, default=Status.NEW, db_index=True)
    answer = models.TextField(_("ответ"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ответил"),
    )
    answered_at = models.DateTimeField(_("дата ответа"), null=True, blank=True)
    outgoing_email = models.ForeignKey(
        OutgoingEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("письмо")
    )
    created_at = models.DateTimeField(_("задан"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("вопрос")
        verbose_name_plural = _("вопросы")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"])]
        permissions = [("answer_question", _("Может отвечать на вопросы клиентов"))]

    def __str__(self) -> str:
        return f"{self.name}: {self.text[:50]}"

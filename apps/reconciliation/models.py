from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.clients.models import Client
from apps.core.models import Job
from apps.mail.models import OutgoingEmail


class ReconciliationAct(Job):
    """A client's order of an act of reconciliation: fetched from 1C, checked by staff, sent.

    queued → running → in_review → sent | rejected, with the shared 1C outcomes (retrying,
    unavailable, not_found, invalid_period, failed) on the way. `in_review` is not an active job
    status, so the job watchdog leaves acts waiting for a person alone.
    """

    metrics_kind = "act"  # the `kind` label of its metrics (apps/core/metrics.py)

    class Status(models.TextChoices):
        QUEUED = "queued", _("в очереди")
        RUNNING = "running", _("обработка")
        RETRYING = "retrying", _("1С недоступна, повторяем")
        IN_REVIEW = "in_review", _("на проверке")
        SENT = "sent", _("отправлен")
        REJECTED = "rejected", _("отклонён")
        NOT_FOUND = "not_found", _("организация не найдена в 1С")
        INVALID_PERIOD = "invalid_period", _("1С отклонила период")
        UNAVAILABLE = "unavailable", _("1С недоступна")
        FAILED = "failed", _("ошибка")

    class Answer(models.TextChoices):
        """Where the conversation about a sent act stands (the machine is in states.py).

        A signed scan is not one of these: it is a fact kept beside them (`signed_copy_at`), so
        a scan sent during a dispute never hides the dispute.
        """

        NONE = "", _("нет ответа")
        CONFIRMED = "confirmed", _("подтверждён")
        DISPUTED = "disputed", _("есть расхождения")
        RESOLVED = "resolved", _("расхождения разобраны")

    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="acts", verbose_name=_("клиент"))
    date_from = models.DateField(_("начало периода"))
    date_to = models.DateField(_("конец периода"))
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("язык"), max_length=5, default="ru")
    opening_balance = models.DecimalField(_("сальдо на начало"), max_digits=17, decimal_places=2, null=True, blank=True)
    closing_balance = models.DecimalField(_("сальдо на конец"), max_digits=17, decimal_places=2, null=True, blank=True)
    file_path = models.CharField(
        _("файл акта"), max_length=500, blank=True, help_text=_("Путь внутри закрытого хранилища.")
    )
    file_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    file_replaced = models.BooleanField(_("файл заменён сотрудником"), default=False)
    review_started_at = models.DateTimeField(_("ждёт проверки с"), null=True, blank=True, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("проверил"),
    )
    reviewed_at = models.DateTimeField(_("проверен"), null=True, blank=True)
    reject_reason = models.TextField(_("причина отклонения"), blank=True)
    outgoing_email = models.ForeignKey(
        OutgoingEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("письмо")
    )
    # Kept on the act, not derived from its answers, so every table of acts shows it without a join.
    client_answer = models.CharField(
        _("ответ клиента"), max_length=20, choices=Answer.choices, blank=True, default=Answer.NONE
    )
    client_answered_at = models.DateTimeField(_("ответ клиента получен"), null=True, blank=True)
    signed_copy_at = models.DateTimeField(_("подписанный экземпляр получен"), null=True, blank=True)
    # When the dispute still open began: the staff queue of disputes is oldest first.
    dispute_opened_at = models.DateTimeField(_("расхождения ждут ответа с"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("акт сверки")
        verbose_name_plural = _("акты сверки")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "-created_at"]), models.Index(fields=["status", "next_attempt_at"])]
        permissions = [("review_reconciliationact", _("Может проверять, отправлять и отклонять акты сверки"))]

    def __str__(self) -> str:
        return f"{_('Акт сверки')} {self.date_from:%d.%m.%Y}–{self.date_to:%d.%m.%Y} ({self.client.inn})"

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING, self.Status.RETRYING}


class ActInReview(ReconciliationAct):
    """The review queue in the admin: the same rows, only those waiting for a person."""

    class Meta:
        proxy = True
        verbose_name = _("акт на проверке")
        verbose_name_plural = _("акты на проверке")


class ReconciliationActAnswer(models.Model):
    """One answer of the client to a sent act: a confirmation, a dispute or the signed scan.

    Every answer is kept (a dispute, then a confirmation once the difference is found, then the
    signed copy), so staff read the whole conversation; the act carries only the latest state.
    """

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("подтверждение: сальдо сходится")
        DISPUTE = "dispute", _("есть расхождения")
        SIGNED_COPY = "signed_copy", _("подписанный экземпляр")

    act = models.ForeignKey(
        ReconciliationAct, on_delete=models.CASCADE, related_name="answers", verbose_name=_("акт сверки")
    )
    kind = models.CharField(_("ответ"), max_length=20, choices=Kind.choices)
    comment = models.TextField(_("комментарий"), blank=True)
    file_path = models.CharField(_("файл"), max_length=500, blank=True, help_text=_("Путь внутри закрытого хранилища."))
    file_name = models.CharField(_("имя файла"), max_length=255, blank=True)
    file_size = models.PositiveIntegerField(_("размер файла, байт"), null=True, blank=True)
    content_type = models.CharField(_("тип файла"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("получен"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто ответил"),
    )

    class Meta:
        verbose_name = _("ответ клиента на акт сверки")
        verbose_name_plural = _("ответы клиентов на акты сверки")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.created_at:%d.%m.%Y %H:%M})"


class ActDisputed(ReconciliationAct):
    """The staff queue of disputes: sent acts whose client reported a difference not yet answered."""

    class Meta:
        proxy = True
        verbose_name = _("акт с расхождениями")
        verbose_name_plural = _("расхождения в актах")


class ReconciliationActResolution(models.Model):
    """Staff's answer to a client's dispute, e-mailed to the client: an explanation, or a corrected act.

    Kept as a list beside the client's answers: an act may be disputed and answered more than once.
    """

    act = models.ForeignKey(
        ReconciliationAct, on_delete=models.CASCADE, related_name="resolutions", verbose_name=_("акт сверки")
    )
    text = models.TextField(_("ответ клиенту"))
    file_path = models.CharField(
        _("исправленный акт"), max_length=500, blank=True, help_text=_("Путь внутри закрытого хранилища.")
    )
    created_at = models.DateTimeField(_("отправлен"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("кто ответил"),
    )
    outgoing_email = models.ForeignKey(
        OutgoingEmail, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("письмо")
    )

    class Meta:
        verbose_name = _("ответ на расхождения в акте сверки")
        verbose_name_plural = _("ответы на расхождения в актах сверки")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{_('Ответ на расхождения')} ({self.created_at:%d.%m.%Y %H:%M})"

    @property
    def corrected(self) -> bool:
        return bool(self.file_path)

from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.audit_labels import audit_action_label


class Job(models.Model):
    """Long background work as a state machine on its own row.

    The database, not the queue, is the truth: django-q2's Redis broker loses a task whose
    worker dies and its ORM broker delivers twice, so a task only ever *claims* a job with a
    conditional update, and a watchdog (apps.core.jobs.jobs_sweep) re-queues jobs that are due
    or whose worker stopped sending heartbeats. Concrete models add their own final statuses
    next to the shared ones in apps.core.jobs.
    """

    status = models.CharField(_("статус"), max_length=20, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    last_error = models.TextField(_("последняя ошибка"), blank=True)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    first_failure_at = models.DateTimeField(_("первая неудача 1С"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("начало попытки"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("последний признак жизни"), null=True, blank=True)
    finished_at = models.DateTimeField(_("завершён"), null=True, blank=True)
    created_at = models.DateTimeField(_("создан"), auto_now_add=True, db_index=True)

    class Meta:
        abstract = True


class AuditEntry(models.Model):
    """Who did what to which object, and when: the timeline staff read in the admin.

    `action` is a dotted name ("documents.request.sent", "reconciliation.act.approved").
    """

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    action = models.CharField(_("действие"), max_length=100)
    actor = models.ForeignKey(
        "auth.User", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("кто")
    )
    data = models.JSONField(_("подробности"), default=dict, blank=True)
    created_at = models.DateTimeField(_("когда"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("запись журнала")
        verbose_name_plural = _("журнал действий")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%d.%m.%Y %H:%M} {audit_action_label(self.action)}"


class Heartbeat(models.Model):
    """When a worker of a django-q2 cluster last ran the heartbeat task (read by /healthz).

    A row rather than a cache key: it survives a Redis restart, and it proves that a worker took
    a task off the queue and reached the database, not merely that a process exists.
    """

    cluster = models.CharField(_("кластер"), max_length=50, primary_key=True)
    seen_at = models.DateTimeField(_("последний раз"))

    class Meta:
        verbose_name = _("пульс фоновых задач")
        verbose_name_plural = _("пульс фоновых задач")

    def __str__(self) -> str:
        return f"{self.cluster} {self.seen_at:%Y-%m-%d %H:%M:%S}"

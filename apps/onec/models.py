from django.db import models
from django.utils.translation import gettext_lazy as _


class OneCSessionSlot(models.Model):
    """One of the ONEC_MAX_SESSIONS sessions of 1C the portal may hold at once, counted in the
    database when there is no Redis to count them (apps/onec/sessions.py).

    Rows are made on first use, numbered from 0; a slot is free once its lease has ended, so a
    process killed in the middle of a call holds its slot no longer than the lease.
    """

    number = models.PositiveIntegerField(_("номер"), primary_key=True)
    holder = models.CharField(_("кто держит"), max_length=100, blank=True)
    lease_until = models.DateTimeField(_("занят до"))

    class Meta:
        db_table = "onec_session_slot"
        verbose_name = _("сеанс 1С")
        verbose_name_plural = _("сеансы 1С")

    def __str__(self) -> str:
        return f"{self.number}: {self.holder or '-'}"

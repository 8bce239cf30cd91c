"""When a reviewed act reaches the client: the promise the confirmation message makes."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import timezone

SATURDAY = 5


def next_working_day(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= SATURDAY:
        day += timedelta(days=1)
    return day


def act_delivery_date(*, ordered_at: datetime) -> date:
    """The same day when ordered on a working day before the cut-off hour, else the next working day.

    Public holidays are not known here; staff handle the rare order made on one.
    """
    local = timezone.localtime(ordered_at)
    today = local.date()
    if today.weekday() < SATURDAY and local.hour < settings.ACT_CUTOFF_HOUR:
        return today
    return next_working_day(today)

"""Values as people read them, the same in the cabinet and in the admin: amounts, waits, times."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _


def rubles(value: Decimal | None) -> str:
    """«1 962 874,27 ₽» (in English "1,962,874.27 ₽"): grouped by the language, kept on one line."""
    if value is None or value == "":
        return ""
    return f"{floatformat(value, '2g')}\u00a0₽"


def duration_label(delta: timedelta) -> str:
    """How long something has waited, as staff say it: «8 мин», «1 ч 05 мин», «2 дн 3 ч»."""
    minutes = max(int(delta.total_seconds() // 60), 0)
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        if hours:
            return _("%(days)d дн %(hours)d ч") % {"days": days, "hours": hours}
        return _("%(days)d дн") % {"days": days}
    if hours:
        if minutes:
            return _("%(hours)d ч %(minutes)02d мин") % {"hours": hours, "minutes": minutes}
        return _("%(hours)d ч") % {"hours": hours}
    if minutes:
        return _("%(minutes)d мин") % {"minutes": minutes}
    return _("меньше минуты")


def datetime_label(value: datetime | None) -> str:
    """A moment as the admin's lists show theirs («7 декабря 2026, 08:00»), in local time; «—» for none.

    For a display method: the admin formats a model's own date field, but prints a method's
    datetime as it is («2026-12-07 05:00:20.579819+00:00»)."""
    return date_format(localtime(value), "DATETIME_FORMAT") if value else "—"

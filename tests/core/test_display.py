from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from apps.core.display import datetime_label, duration_label, rubles


@pytest.mark.parametrize(
    ("waited", "said"),
    [
        (timedelta(seconds=20), "меньше минуты"),
        (timedelta(minutes=8, seconds=59), "8 мин"),
        (timedelta(minutes=59), "59 мин"),
        (timedelta(hours=1, minutes=5), "1 ч 05 мин"),
        (timedelta(hours=4), "4 ч"),
        (timedelta(hours=23, minutes=59), "23 ч 59 мин"),
        (timedelta(days=2), "2 дн"),
        (timedelta(days=1, hours=3, minutes=40), "1 дн 3 ч"),
        (timedelta(seconds=-5), "меньше минуты"),  # a clock a little ahead is no negative wait
    ],
)
def test_a_wait_is_said_as_staff_say_it(waited, said):
    with translation.override("ru"):
        assert duration_label(waited) == said


def test_a_wait_in_english():
    with translation.override("en"):
        assert duration_label(timedelta(hours=1, minutes=5)) == "1 h 05 min"
        assert duration_label(timedelta(days=2)) == "2 d"


@pytest.mark.parametrize(
    ("amount", "ru", "en"),
    [
        (Decimal("1962874.27"), "1\u00a0962\u00a0874,27\u00a0₽", "1,962,874.27\u00a0₽"),
        (Decimal("-250.5"), "-250,50\u00a0₽", "-250.50\u00a0₽"),
        (None, "", ""),
    ],
)
def test_amounts_are_grouped_by_the_language_and_kept_on_one_line(amount, ru, en):
    with translation.override("ru"):
        assert rubles(amount) == ru
    with translation.override("en"):
        assert rubles(amount) == en


def test_a_moment_is_local_and_formatted(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    with translation.override("ru"):
        assert datetime_label(datetime(2026, 11, 28, 6, 5, tzinfo=ZoneInfo("UTC"))) == "28 ноября 2026, 09:05"
        assert datetime_label(None) == "—"

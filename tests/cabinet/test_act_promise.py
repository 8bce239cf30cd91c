"""The act order form and the act's status page make one promise: the cut-off rule of schedule.py."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)
MSK = ZoneInfo("Europe/Moscow")
ORDER = {"date_from": "2026-10-01", "date_to": "2026-10-31", "email": "buh@profkeramika.example"}


def _form_and_status(logged_in, moment: datetime) -> tuple[str, str]:
    with time_machine.travel(moment, tick=False):
        form = logged_in.get(reverse("cabinet:act_order")).content.decode()
        status = logged_in.post(reverse("cabinet:act_order"), ORDER, follow=True).content.decode()
    return form, status


@pytest.fixture
def onec_with_client(fake_onec, client_org):
    fake_onec.add_client(client_org.inn)
    return fake_onec


def test_form_states_the_cutoff_rule_not_the_day_of_the_request(logged_in, settings):
    settings.ACT_CUTOFF_HOUR = 15
    form = logged_in.get(reverse("cabinet:act_order")).content.decode()
    assert "в день запроса" not in form
    assert "заказанные в рабочий день до 15:00 мы отправляем в тот же день" in form
    assert "позже или в выходной — в следующий рабочий день" in form


def test_friday_afternoon_order_is_promised_monday_on_the_form_and_the_status_page(logged_in, onec_with_client):
    form, status = _form_and_status(logged_in, datetime(2026, 11, 27, 16, 0, tzinfo=MSK))  # a Friday
    assert "Если заказать сейчас, письмо с актом придёт 30.11.2026." in form
    assert "в следующий рабочий день, поэтому письмо с актом придёт на buh@profkeramika.example 30.11.2026" in status


def test_morning_order_is_promised_today_on_the_form_and_the_status_page(logged_in, onec_with_client):
    form, status = _form_and_status(logged_in, datetime(2026, 11, 25, 10, 0, tzinfo=MSK))  # a Wednesday
    assert "Если заказать сейчас, письмо с актом придёт сегодня." in form
    assert "придёт на buh@profkeramika.example позже, сегодня" in status


def test_form_follows_the_cutoff_setting(logged_in, settings):
    settings.ACT_CUTOFF_HOUR = 17
    with time_machine.travel(datetime(2026, 11, 25, 16, 30, tzinfo=MSK), tick=False):
        form = logged_in.get(reverse("cabinet:act_order")).content.decode()
    assert "до 17:00" in form
    assert "придёт сегодня" in form

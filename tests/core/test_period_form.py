from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from apps.core.forms import PeriodRequestForm


def _errors(**data) -> dict:
    today = timezone.localdate()
    values = {"date_from": today - timedelta(days=30), "date_to": today, "email": "buh@example.com", **data}
    form = PeriodRequestForm(values)
    assert not form.is_valid()
    return {field: [str(e) for e in errors] for field, errors in form.errors.items()}


def test_a_good_period_passes():
    today = timezone.localdate()
    form = PeriodRequestForm({"date_from": today - timedelta(days=30), "date_to": today, "email": " buh@example.com "})
    assert form.is_valid()
    assert form.cleaned_data["email"] == "buh@example.com"


def test_end_before_start_has_the_guides_message():
    today = timezone.localdate()
    assert _errors(date_from=today, date_to=today - timedelta(days=1)) == {
        "date_to": ["Дата конца периода меньше даты начала"]
    }


@pytest.mark.parametrize(
    ("field", "message"), [("date_from", "Укажите дату начала периода."), ("date_to", "Укажите дату конца периода.")]
)
def test_a_missing_date_is_named(field, message):
    assert _errors(**{field: ""}) == {field: [message]}


def test_a_garbled_date_is_refused():
    assert _errors(date_from="31.02.2026") == {"date_from": ["Введите дату начала периода."]}


def test_a_period_starting_in_the_future_is_refused():
    today = timezone.localdate()
    assert _errors(date_from=today + timedelta(days=1), date_to=today + timedelta(days=5)) == {
        "date_from": ["Период не может начинаться в будущем."]
    }


def test_a_period_longer_than_the_limit_is_refused(settings):
    settings.PERIOD_MAX_DAYS = 31
    today = timezone.localdate()
    errors = _errors(date_from=today - timedelta(days=31), date_to=today)
    assert errors == {"date_to": ["Период не может быть длиннее 31 дней. Разбейте его на несколько запросов."]}


@pytest.mark.parametrize("email", ["a@b.example, c@d.example", "a@b.example; c@d.example", "a@b.example c@d.example"])
def test_several_addresses_are_refused(email):
    assert _errors(email=email) == {"email": ["Укажите один адрес e-mail."]}


@pytest.mark.parametrize("email", ["buh", "buh@", "@example.com", "buh@example"])
def test_a_malformed_address_is_refused(email):
    assert _errors(email=email) == {"email": ["Проверьте адрес e-mail: например, buh@company.ru."]}


def test_a_missing_address_is_named():
    assert _errors(email="") == {"email": ["Укажите e-mail, на который отправить документы."]}


# A future end date: said plainly rather than accepted into «За данный период документов нет».
MSK = ZoneInfo("Europe/Moscow")


@time_machine.travel(datetime(2026, 3, 15, 12, 0, tzinfo=MSK), tick=False)
def test_an_end_after_today_is_refused_with_the_last_day_there_are_documents_for():
    assert _errors(date_from=date(2026, 3, 1), date_to=date(2026, 3, 31)) == {
        "date_to": ["Документы есть только по сегодняшний день: укажите конец периода не позже 15.03.2026."]
    }


@time_machine.travel(datetime(2026, 3, 15, 23, 59, tzinfo=MSK), tick=False)
def test_today_itself_is_a_good_end_up_to_the_last_minute_of_the_day_in_moscow():
    form = PeriodRequestForm({"date_from": "2026-03-01", "date_to": "2026-03-15", "email": "buh@example.com"})
    assert form.is_valid(), form.errors


@time_machine.travel(datetime(2026, 3, 15, 12, 0, tzinfo=MSK), tick=False)
def test_a_reversed_period_keeps_the_guides_message_even_in_the_future():
    assert _errors(date_from=date(2026, 3, 31), date_to=date(2026, 3, 20)) == {
        "date_to": ["Дата конца периода меньше даты начала"]
    }


@time_machine.travel(datetime(2026, 3, 15, 12, 0, tzinfo=MSK), tick=False)
def test_the_date_pickers_offer_no_day_after_today():
    form = PeriodRequestForm()
    assert 'max="2026-03-15"' in str(form["date_from"]) and 'max="2026-03-15"' in str(form["date_to"])


@pytest.mark.parametrize("page", ["cabinet:documents_invoice", "cabinet:act_order"])
@time_machine.travel(datetime(2026, 3, 15, 12, 0, tzinfo=MSK), tick=False)
def test_an_archive_or_an_act_for_a_period_ending_next_week_is_not_requested(logged_in, page):
    from django.urls import reverse

    from apps.documents.models import DocumentRequest
    from apps.reconciliation.models import ReconciliationAct

    period = {"date_from": "2026-03-01", "date_to": "2026-03-22", "email": "buh@profkeramika.example"}
    html = logged_in.post(reverse(page), period).content.decode()
    assert "Документы есть только по сегодняшний день: укажите конец периода не позже 15.03.2026." in html
    assert not DocumentRequest.objects.exists() and not ReconciliationAct.objects.exists()

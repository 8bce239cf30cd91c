from datetime import timedelta

import pytest
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

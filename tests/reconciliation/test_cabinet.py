from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.reconciliation import services
from apps.reconciliation.models import ReconciliationAct
from tests.reconciliation.conftest import INN

pytestmark = pytest.mark.django_db(transaction=True)
MSK = ZoneInfo("Europe/Moscow")
ORDER = {"date_from": "2026-10-01", "date_to": "2026-10-31", "email": "buh@profkeramika.example"}


def _order_at(logged_in, moment: datetime) -> str:
    with time_machine.travel(moment, tick=False):
        response = logged_in.post(reverse("cabinet:act_order"), ORDER, follow=True)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def onec_with_client(fake_onec):
    fake_onec.add_client(INN)
    return fake_onec


def test_order_before_the_cutoff_promises_the_act_today(logged_in, onec_with_client):
    page = _order_at(logged_in, datetime(2026, 11, 25, 14, 59, tzinfo=MSK))  # a Wednesday
    assert "проверяются вручную, поэтому письмо с актом придёт на buh@profkeramika.example позже, сегодня" in page


def test_order_after_the_cutoff_promises_the_next_working_day(logged_in, onec_with_client):
    page = _order_at(logged_in, datetime(2026, 11, 25, 15, 0, tzinfo=MSK))
    assert "в следующий рабочий день" in page
    assert "26.11.2026" in page
    assert "сегодня" not in page


@pytest.mark.parametrize(
    "moment",
    [datetime(2026, 11, 27, 18, 30, tzinfo=MSK), datetime(2026, 11, 28, 10, 0, tzinfo=MSK)],
    ids=["friday-evening", "saturday-morning"],
)
def test_friday_evening_and_weekend_orders_are_promised_for_monday(logged_in, onec_with_client, moment):
    page = _order_at(logged_in, moment)
    assert "в следующий рабочий день" in page
    assert "30.11.2026" in page


def test_cutoff_hour_is_a_setting(logged_in, onec_with_client, settings):
    settings.ACT_CUTOFF_HOUR = 17
    page = _order_at(logged_in, datetime(2026, 11, 25, 16, 30, tzinfo=MSK))
    assert "позже, сегодня" in page


def test_reversed_period_gets_the_archives_message(logged_in, onec_with_client):
    data = {**ORDER, "date_from": "2026-10-31", "date_to": "2026-10-01"}
    response = logged_in.post(reverse("cabinet:act_order"), data)
    assert "Дата конца периода меньше даты начала" in response.content.decode()
    assert not ReconciliationAct.objects.exists()


def test_form_is_prefilled_with_the_clients_address(logged_in, client_org):
    page = logged_in.get(reverse("cabinet:act_order")).content.decode()
    assert 'value="buh@profkeramika.example"' in page


def test_rate_limit_is_explained(logged_in, onec_with_client, settings):
    settings.ACTS_PER_HOUR = 1
    logged_in.post(reverse("cabinet:act_order"), ORDER)
    response = logged_in.post(reverse("cabinet:act_order"), {**ORDER, "date_to": "2026-10-30"})
    assert "Слишком много заказов актов сверки за час" in response.content.decode()


def test_client_sees_the_rejection_reason_escaped(logged_in, onec_with_client, client_org, reviewer):
    logged_in.post(reverse("cabinet:act_order"), ORDER)
    act = ReconciliationAct.objects.get()
    services.act_reject(act=act, actor=reviewer, reason="<script>alert(1)</script> сальдо")
    home = logged_in.get(reverse("cabinet:home")).content.decode()
    detail = logged_in.get(reverse("cabinet:act_detail", args=[act.id])).content.decode()
    for page in (home, detail):
        assert "&lt;script&gt;alert(1)&lt;/script&gt; сальдо" in page
        assert "<script>alert(1)" not in page
    assert "Отклонён" in home


def test_client_cannot_see_another_clients_act(client, outsider_org, onec_with_client, client_org):
    act = services.act_order_create(
        client=client_org, date_from=ORDER_DATE[0], date_to=ORDER_DATE[1], email=client_org.email, language="ru"
    )
    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    assert client.get(reverse("cabinet:act_detail", args=[act.id])).status_code == 404
    assert reverse("cabinet:act_detail", args=[act.id]) not in client.get(reverse("cabinet:home")).content.decode()


ORDER_DATE = (datetime(2026, 10, 1).date(), datetime(2026, 10, 31).date())

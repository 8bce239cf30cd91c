"""The orders' reads: kept a few minutes per client and period, the last list and order standing
in while 1C is down, open orders first, another client's order never shown."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from apps.onec.client import OrderStatus
from apps.orders.selectors import default_order_period, order_for_client, orders_for_client
from tests.orders.conftest import days, onec_calls

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


def period() -> dict:
    return {"date_from": days(-90), "date_to": days(0)}


def test_the_list_is_asked_once_then_kept_a_few_minutes(onec, client_org, order):
    start, asked = timezone.now(), period()  # the same period however late it is: 23:59 + 4 min is tomorrow
    with time_machine.travel(start, tick=False):
        orders_for_client(client=client_org, **asked)
    with time_machine.travel(start + timedelta(minutes=4), tick=False):
        state = orders_for_client(client=client_org, **asked)
    assert onec_calls(onec, "ListOrders") == 1
    assert [o.id for o in state.orders] == [order.id] and state.problem == ""
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        orders_for_client(client=client_org, **asked)
    assert onec_calls(onec, "ListOrders") == 2


def test_another_period_is_another_1c_call(onec, client_org, order):
    orders_for_client(client=client_org, **period())
    orders_for_client(client=client_org, date_from=days(-30), date_to=days(0))
    assert onec_calls(onec, "ListOrders") == 2


def test_the_list_and_then_the_order_cost_one_call_each(onec, client_org, order):
    orders_for_client(client=client_org, **period())
    for _ in range(2):
        orders_for_client(client=client_org, **period())
        state = order_for_client(client=client_org, order_id=order.id)
    assert [call[0] for call in onec.calls] == ["ListOrders", "GetOrder"]
    assert len(state.order.lines) == 5


def test_open_orders_come_first_then_the_newest(onec, client_org):
    for number, day, status in [
        ("old-open", -60, OrderStatus.ACCEPTED),
        ("new-closed", -1, OrderStatus.CLOSED),
        ("new-open", -2, OrderStatus.IN_PRODUCTION),
        ("cancelled", -3, OrderStatus.CANCELLED),
        ("strange", -70, "OnHold"),  # a word 1C may add: not finished, so open
    ]:
        onec.add_order(client_org.inn, days(day), number=number, status=status)
    state = orders_for_client(client=client_org, **period())
    assert [o.number for o in state.orders] == ["new-open", "old-open", "strange", "new-closed", "cancelled"]
    assert [o.number for o in state.open_orders] == ["new-open", "old-open", "strange"]


def test_1c_down_gives_the_last_list_with_the_time_it_was_taken(onec, client_org, order):
    taken, asked = timezone.now(), period()
    with time_machine.travel(taken, tick=False):
        orders_for_client(client=client_org, **asked)
    onec.set_down()
    with time_machine.travel(taken + timedelta(hours=3), tick=False):
        state = orders_for_client(client=client_org, **asked)
    assert state.problem == "unavailable" and state.fetched_at == taken
    assert [o.id for o in state.orders] == [order.id] and state.kept_period is None


def test_1c_down_for_another_period_keeps_the_open_orders_and_names_the_kept_period(onec, client_org):
    onec.add_order(client_org.inn, days(-200), number="open", status=OrderStatus.ACCEPTED)
    onec.add_order(client_org.inn, days(-10), number="closed-recent", status=OrderStatus.CLOSED)
    onec.add_order(client_org.inn, days(-50), number="closed-older", status=OrderStatus.CLOSED)
    orders_for_client(client=client_org, **period())
    onec.set_down()
    state = orders_for_client(client=client_org, date_from=days(-30), date_to=days(0))
    assert [o.number for o in state.orders] == ["open", "closed-recent"]
    assert state.kept_period == (days(-90), days(0)) and state.problem == "unavailable"


def test_1c_down_with_nothing_kept_is_only_the_problem(onec, client_org):
    onec.set_down()
    state = orders_for_client(client=client_org, **period())
    assert (state.orders, state.problem) == (None, "unavailable")


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_base_without_orders_says_not_supported(onec, client_org, version):
    onec.set_version(version)
    assert orders_for_client(client=client_org, **period()).problem == "not_supported"
    assert order_for_client(client=client_org, order_id="any").problem == "not_supported"


def test_an_organisation_1c_does_not_know_is_not_found(fake_onec, client_org):
    assert orders_for_client(client=client_org, **period()).problem == "not_found"


def test_one_clients_kept_list_never_reaches_another(onec, client_org, outsider_org, order):
    onec.add_client(outsider_org.inn)
    orders_for_client(client=client_org, **period())
    assert orders_for_client(client=outsider_org, **period()).orders == []
    onec.set_down()
    assert orders_for_client(client=outsider_org, **period()).orders == []


def test_another_clients_order_is_none_and_1c_is_not_asked_again_for_a_while(onec, client_org, outsider_org, order):
    onec.add_client(outsider_org.inn)
    assert order_for_client(client=outsider_org, order_id=order.id) is None
    assert order_for_client(client=outsider_org, order_id=order.id) is None
    assert onec_calls(onec, "GetOrder") == 1
    assert order_for_client(client=client_org, order_id=order.id).order == order  # the owner is not blocked


@pytest.mark.parametrize("order_id", ["x" * 101, "line\nbreak", ""])
def test_an_id_no_order_has_is_none_without_a_1c_call(onec, client_org, order_id):
    assert order_for_client(client=client_org, order_id=order_id) is None
    assert onec.calls == []


def test_1c_down_gives_the_order_as_last_seen(onec, client_org, order):
    taken = timezone.now()
    with time_machine.travel(taken, tick=False):
        order_for_client(client=client_org, order_id=order.id)
    onec.set_down()
    with time_machine.travel(taken + timedelta(minutes=10), tick=False):
        state = order_for_client(client=client_org, order_id=order.id)
    assert (state.order, state.fetched_at, state.problem) == (order, taken, "unavailable")


def test_1c_down_gives_an_order_of_the_last_list_without_its_lines(onec, client_org, order):
    orders_for_client(client=client_org, **period())
    onec.set_down()
    state = order_for_client(client=client_org, order_id=order.id)
    assert state.problem == "unavailable" and state.order.number == order.number and state.order.lines == ()


def test_1c_down_and_an_order_never_seen_is_the_problem_not_a_404(onec, client_org):
    onec.set_down()
    state = order_for_client(client=client_org, order_id="never-seen")
    assert (state.order, state.problem) == (None, "unavailable")


def test_the_default_period_is_the_last_three_months():
    with time_machine.travel(datetime(2026, 5, 31, 12, 0, tzinfo=MSK), tick=False):
        assert default_order_period() == (date(2026, 2, 28), date(2026, 5, 31))
    assert default_order_period(date(2027, 1, 15)) == (date(2026, 10, 15), date(2027, 1, 15))

"""The admin speaks Russian to Russian-speaking staff: unfold's own words, counts, dates, journal, 1C.

The unfold strings that have no Russian upstream ("Filters", "Type to search", "Select action")
are translated in locale/ru; without that catalogue the first test fails, as it should.
"""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.utils.formats import reset_format_cache

from apps.core.audit import audit_log
from apps.questions.models import Question
from apps.reconciliation.models import ReconciliationAct
from tests.factories import make_client

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")


def _visible_text(html: str) -> str:
    """What a reader sees: no tags, scripts or attribute values (links carry filter keys)."""
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def staff(client, superuser):
    client.force_login(superuser)
    client.cookies["__Host-language"] = "ru"
    return client


@pytest.mark.parametrize(
    "page",
    [
        "/admin/",
        "/admin/clients/client/",
        "/admin/documents/documentrequest/",
        "/admin/mail/outgoingemail/",
        "/admin/core/auditentry/",
        "/admin/questions/question/?q=ничего-такого-нет",
    ],
)
def test_unfold_says_nothing_in_english(staff, client_org, page):
    html = staff.get(page, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    for english in ["Filters", "Type to search", "Select action", "No results found", "Apply Filters"]:
        assert english not in html, f"{english!r} on {page}"


def test_the_journal_names_actions_in_russian(staff, client_org):
    act = ReconciliationAct.objects.create(
        client=client_org, date_from=datetime(2026, 1, 1).date(), date_to=datetime(2026, 3, 31).date(), email="a@b.c"
    )
    audit_log(obj=act, action="reconciliation.act.ordered", actor=client_org.user)
    audit_log(obj=act, action="something.new.happened")

    text = _visible_text(staff.get("/admin/core/auditentry/").content.decode())
    assert "Акт сверки заказан" in text and "reconciliation.act.ordered" not in text
    assert "акт сверки" in text  # the kind of object, not "Reconciliation | reconciliation act"
    assert "something.new.happened" in text  # an action without a label is shown as it is, not hidden


def test_the_journal_filters_by_the_russian_name(staff, client_org):
    act = ReconciliationAct.objects.create(
        client=client_org, date_from=datetime(2026, 1, 1).date(), date_to=datetime(2026, 3, 31).date(), email="a@b.c"
    )
    audit_log(obj=act, action="reconciliation.act.ordered")
    audit_log(obj=act, action="reconciliation.act.rejected")
    response = staff.get("/admin/core/auditentry/", {"action__exact": "reconciliation.act.rejected"})
    assert [e.action for e in response.context["cl"].result_list] == ["reconciliation.act.rejected"]
    assert ContentType.objects.get_for_model(act) == response.context["cl"].result_list[0].content_type


def test_the_1c_health_page_is_russian(staff, fake_onec):
    fake_onec.set_down()
    text = _visible_text(staff.get("/admin/onec/health/").content.decode())
    assert "1С недоступна" in text and "1С не ответила или ответила ошибкой" in text
    assert "Подключение" in text and "учебная 1С" in text
    assert "Реализация" not in text and "fake" not in text.split("Подробности")[0]


@pytest.mark.parametrize(
    ("how_many", "says"), [(1, "1 клиент"), (5, "5 клиентов"), (2, "2 клиента"), (21, "21 клиент")]
)
def test_list_counts_use_russian_plural_forms(staff, how_many, says):
    for n in range(how_many):
        make_client(name=f"ООО «Клиент {n}»")
    text = _visible_text(staff.get("/admin/clients/client/").content.decode())
    assert re.search(rf"(?<!\d){says}(?![а-я])", text), text[-400:]


@pytest.fixture
def our_formats(settings):
    # Django forgets its cached format modules for FORMAT_SETTINGS only, not for this one.
    settings.FORMAT_MODULE_PATH = ["project.formats"]
    reset_format_cache()
    yield
    reset_format_cache()


def test_dates_in_lists_read_as_russian_day_and_month(staff, client_org, our_formats):
    with time_machine.travel(datetime(2026, 11, 28, 9, 5, tzinfo=MSK), tick=False):
        Question.objects.create(client=client_org, name="Ирина", text="Когда отгрузка?", email="a@b.example")
    text = _visible_text(staff.get("/admin/questions/question/").content.decode())
    assert "28 ноября 2026, 09:05" in text

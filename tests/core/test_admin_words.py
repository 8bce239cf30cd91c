"""What a new staff member reads in the admin: Russian words that agree, amounts and times as in the cabinet."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils.formats import reset_format_cache

from apps.notices.models import AnnouncedDocument
from tests.clients.people_helpers import make_person
from tests.core.test_admin_russian import _visible_text
from tests.factories import make_client

pytestmark = pytest.mark.django_db

MSK = ZoneInfo("Europe/Moscow")
NBSP = "\u00a0"


@pytest.fixture
def staff(client, superuser):
    client.force_login(superuser)
    client.cookies["__Host-language"] = "ru"
    return client


@pytest.fixture
def our_formats(settings):
    settings.FORMAT_MODULE_PATH = ["project.formats"]
    reset_format_cache()
    yield
    reset_format_cache()


def test_the_login_button_is_russian(client):
    text = _visible_text(client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode())
    assert "Войти" in text and "Log in" not in text


def test_the_index_names_every_section_in_russian(staff):
    text = _visible_text(staff.get("/admin/").content.decode())
    assert "Authenticators" not in text and "Axes" not in text
    assert "Способы двухфакторного входа" in text and "Защита входа сотрудников" in text


def test_deleting_clients_is_worded_for_people(staff):
    make_client(name="ООО «Лишний»", inn="7728012340")
    text = _visible_text(staff.get("/admin/clients/client/").content.decode())
    assert "Удалить выбранных клиентов" in text and "Удалить выбранные клиенты" not in text


def test_deleting_users_asks_and_tells_in_words_that_agree(staff, django_user_model):
    doomed = django_user_model.objects.create_user(username="stazher", password="x" * 20, is_staff=True)
    text = _visible_text(staff.get("/admin/auth/user/").content.decode())
    assert "Удалить выбранных пользователей" in text

    selected = {"action": "delete_selected", "_selected_action": [doomed.pk]}
    confirm = _visible_text(staff.post("/admin/auth/user/", selected).content.decode())
    assert "хотите удалить выбранных пользователей?" in confirm

    done = staff.post("/admin/auth/user/", {**selected, "post": "yes"}, follow=True)
    text = _visible_text(done.content.decode())
    assert "Удалено: 1 пользователь." in text and "Успешно удалены" not in text
    assert not django_user_model.objects.filter(pk=doomed.pk).exists()


def test_deleting_things_keeps_djangos_words_where_they_agree(staff):
    text = _visible_text(staff.get("/admin/mail/outgoingemail/").content.decode())
    assert "Удалить выбранные письма" in text


def test_amounts_in_lists_are_grouped_like_the_cabinets(staff, client_org):
    AnnouncedDocument.objects.create(
        client=client_org,
        document_id="upd-1",
        kind="Closing",
        type="УПД",
        number="27/26",
        date=date(2026, 11, 20),
        amount=Decimal("1962874.27"),
        changed=datetime(2026, 11, 20, 10, 0, tzinfo=MSK),
    )
    html = staff.get("/admin/notices/announceddocument/").content.decode()  # raw: the spaces are no-break ones
    assert f"1{NBSP}962{NBSP}874,27{NBSP}₽" in html and "1962874,27" not in html


def test_a_colleagues_last_login_reads_like_the_other_times(staff, client_org, our_formats):
    anna = make_person(client_org, email="anna@profkeramika.example", role="accountant")
    anna.last_login = datetime(2026, 11, 28, 9, 5, tzinfo=MSK)
    anna.save(update_fields=["last_login"])
    with time_machine.travel(datetime(2026, 11, 28, 12, 0, tzinfo=MSK), tick=False):
        text = _visible_text(staff.get(f"/admin/clients/client/{client_org.pk}/change/").content.decode())
    assert "28 ноября 2026, 09:05" in text
    assert "2026-11-28" not in text and "+00:00" not in text


def test_the_review_queue_says_waits_as_people_do(staff, client_org):
    from apps.reconciliation.models import ReconciliationAct

    now = datetime(2026, 11, 28, 12, 0, tzinfo=MSK)
    for waited in (timedelta(minutes=8), timedelta(hours=1, minutes=5), timedelta(days=2)):
        ReconciliationAct.objects.create(
            client=client_org,
            date_from=date(2026, 10, 1),
            date_to=date(2026, 10, 31),
            email="buh@profkeramika.example",
            status=ReconciliationAct.Status.IN_REVIEW,
            review_started_at=now - waited,
        )
    with time_machine.travel(now, tick=False):
        text = _visible_text(staff.get("/admin/reconciliation/actinreview/").content.decode())
    for said in ("8 мин", "1 ч 05 мин", "2 дн"):
        assert said in text, said
    assert " Ч " not in text and "МИН" not in text

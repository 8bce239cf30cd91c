"""Upsert by INN, the preview, and the import as one transaction."""

from unittest import mock

import pytest
from django.contrib.auth import get_user_model

from apps.clients.importing import bulk, clients_import
from apps.clients.models import Client, ClientEmailChange
from tests.clients.conftest import INN_A, INN_B, INN_C
from tests.factories import PASSWORD, make_client

pytestmark = pytest.mark.django_db


def _statuses(report):
    return {row.inn: row.status for row in report.rows}


@pytest.fixture
def existing(db):
    return make_client(inn=INN_A, name="ООО «Профкерамика»", email="buh@pk.example", kpp="503601001", phone="+7 495 1")


def test_new_client_gets_a_login_without_a_usable_password(make_xlsx):
    clients_import(data=make_xlsx([[INN_C, None, "ООО «Урал»", "u@u.example", None]]))
    client = Client.objects.select_related("user").get(inn=INN_C)
    assert client.user.username == INN_C
    assert client.user.email == "u@u.example"
    assert not client.user.has_usable_password()
    assert client.is_active and client.language == "ru"


def test_rows_are_matched_by_inn_existing_updated_password_untouched(make_xlsx, existing, staff_user):
    password_hash = existing.user.password
    report = clients_import(
        data=make_xlsx(
            [
                [INN_A, "503601001", "ООО «Профкерамика» (новое)", "new@pk.example", None],
                [INN_B, None, "АО «Металлург»", "a@m.example", None],
            ]
        ),
        imported_by=staff_user,
    )
    assert _statuses(report) == {INN_A: "updated", INN_B: "new"}
    assert report.rows[0].changes == ["name", "email"]
    existing.refresh_from_db()
    existing.user.refresh_from_db()
    assert existing.name == "ООО «Профкерамика» (новое)"
    assert existing.email == existing.user.email == "new@pk.example"
    assert existing.user.password == password_hash
    assert existing.user.check_password(PASSWORD)
    assert existing.phone == "+7 495 1"  # an empty cell keeps what is stored
    change = ClientEmailChange.objects.get(client=existing)
    assert (change.old_email, change.new_email, change.changed_by, change.source) == (
        "buh@pk.example",
        "new@pk.example",
        staff_user,
        "import",
    )


def test_unchanged_rows_stay_unchanged(make_xlsx, existing):
    report = clients_import(data=make_xlsx([[INN_A, "503601001", "ООО «Профкерамика»", "buh@pk.example", "+7 495 1"]]))
    assert _statuses(report) == {INN_A: "unchanged"}


def test_nobody_is_deactivated_for_being_absent(make_xlsx, existing):
    clients_import(data=make_xlsx([[INN_B, None, "АО «Металлург»", "a@m.example", None]]))
    existing.refresh_from_db()
    assert existing.is_active


def test_inactive_client_stays_inactive_when_updated(make_xlsx, existing):
    existing.is_active = False
    existing.save()
    clients_import(data=make_xlsx([[INN_A, None, "ООО «Новое имя»", "buh@pk.example", None]]))
    existing.refresh_from_db()
    assert not existing.is_active


def test_dry_run_reports_the_same_and_changes_nothing(make_xlsx, existing):
    data = make_xlsx(
        [
            [INN_A, None, "ООО «Профкерамика» (новое)", "buh@pk.example", None],
            [INN_B, None, "АО «Металлург»", "a@m.example", None],
            ["123", None, "ООО «Ошибка»", "e@e.example", None],
        ]
    )
    preview = clients_import(data=data, dry_run=True)
    assert _statuses(preview) == {INN_A: "updated", INN_B: "new", "123": "error"}
    assert preview.counts == {"new": 1, "updated": 1, "unchanged": 0, "error": 1}
    assert not preview.applied
    assert Client.objects.count() == 1
    assert Client.objects.get(inn=INN_A).name == "ООО «Профкерамика»"
    applied = clients_import(data=data)
    assert _statuses(applied) == _statuses(preview)


def test_a_login_taken_by_a_non_client_user_is_a_row_error(make_xlsx):
    get_user_model().objects.create_user(username=INN_B, password=PASSWORD)
    report = clients_import(data=make_xlsx([[INN_B, None, "АО «Металлург»", "a@m.example", None]]))
    assert report.rows[0].messages == ["Логин 7728012340 уже занят пользователем без клиента."]
    assert not Client.objects.exists()


def test_import_is_all_or_nothing(make_xlsx, existing):
    data = make_xlsx(
        [
            [INN_A, None, "ООО «Профкерамика» (новое)", "new@pk.example", None],
            [INN_B, None, "АО «Металлург»", "a@m.example", None],
        ]
    )
    users_before = get_user_model().objects.count()
    # The new clients and their logins are written before the updates; a failure there
    # must take them back too.
    with mock.patch.object(bulk, "update", side_effect=RuntimeError("disk full")):
        with pytest.raises(RuntimeError):
            clients_import(data=data)
    assert get_user_model().objects.count() == users_before
    assert list(Client.objects.values_list("inn", flat=True)) == [INN_A]
    assert Client.objects.get(inn=INN_A).email == "buh@pk.example"
    assert not ClientEmailChange.objects.exists()

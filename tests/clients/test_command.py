"""`manage.py import_clients FILE.xlsx [--dry-run] [--send-access]`."""

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from apps.clients.models import Client
from tests.clients.conftest import INN_A, INN_B

pytestmark = pytest.mark.django_db

ROWS = [
    [INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None],
    ["123", None, "ООО «Ошибка»", "e@e.example", None],
]


def test_dry_run_prints_the_report_and_changes_nothing(make_xlsx, tmp_path, capsys):
    make_xlsx(ROWS)
    call_command("import_clients", str(tmp_path / "clients.xlsx"), "--dry-run")
    out = capsys.readouterr().out
    assert "Строка 2, ИНН 5036012344: новый." in out
    assert "Строка 3, ИНН 123: ошибка." in out
    assert "ИНН 123: нужно 10 цифр (организация) или 12 (предприниматель), а здесь 3." in out
    assert "Пробный прогон, ничего не изменено: новых 1, изменено 0, без изменений 0, с ошибками 1." in out
    assert not Client.objects.exists()


def test_import_with_send_access_creates_and_sends(make_xlsx, tmp_path, capsys, django_capture_on_commit_callbacks):
    make_xlsx([[INN_B, None, "АО «Металлург»", "a@m.example", None]])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_clients", str(tmp_path / "clients.xlsx"), "--send-access")
    out = capsys.readouterr().out
    assert "Импорт выполнен: новых 1" in out
    assert "Письма с доступом поставлены в очередь: 1." in out
    assert [message.to for message in mail.outbox] == [["a@m.example"]]


def test_whole_file_problem_is_a_command_error(tmp_path):
    path = tmp_path / "clients.xlsx"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError, match=r"Это не файл Excel \(\.xlsx\)\."):
        call_command("import_clients", str(path))

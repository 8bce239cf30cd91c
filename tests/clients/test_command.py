"""`manage.py import_clients FILE.xlsx [--dry-run] [--send-access]`."""

import gc
import os
import subprocess
import sys
from pathlib import Path

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


def test_the_command_leaves_the_garbage_collector_as_it_found_it(make_xlsx, tmp_path):
    # It sets Django's start-up objects aside while it imports; called in a process that goes on, it gives them back.
    make_xlsx(ROWS)
    call_command("import_clients", str(tmp_path / "clients.xlsx"), "--dry-run")
    assert gc.get_freeze_count() == 0


_LOADS_ZEEP = "import sys; sys.argv = sys.argv[1:]; import django; django.setup(); print('zeep' in sys.modules)"


@pytest.mark.parametrize(("command", "loaded"), [("import_clients", False), ("migrate", False), ("qcluster", True)])
def test_only_the_processes_that_call_1c_load_its_soap_client_at_start_up(command, loaded):
    # zeep takes a twentieth of a second to import: the worker cluster loads it before it forks its
    # workers, a command that never calls 1C does not.
    env = {**os.environ, "ONEC_BACKEND": "soap", "DJANGO_SETTINGS_MODULE": "project.settings_test"}
    result = subprocess.run(
        [sys.executable, "-c", _LOADS_ZEEP, "manage.py", command],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.split() == [str(loaded)]

"""A hostile or absurd workbook is refused before it costs the server memory or time, with a
message staff can act on, and nothing in the database changes — in the admin and in
`import_clients` alike. Memory is measured in a separate process, as a worker would feel it.

The hostile files are written here, streamed through zipfile a megabyte at a time, so that a
gigabyte bomb costs the test no more than the import it attacks.
"""

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from apps.clients.importing import ImportFileError, clients_import, limits
from apps.clients.models import Client
from tests.clients.conftest import INN_A, INN_B
from tests.clients.xlsx import HEADER, Shared, row_xml, streamed_workbook, with_parts, workbook_bytes

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
NBSP = "\N{NO-BREAK SPACE}"
MEMORY_BUDGET_MB = 200
DAMAGED = "Файл повреждён или это не книга Excel (.xlsx)."
TOO_COMPLEX = (
    "Файл устроен слишком сложно для разбора (часть «xl/worksheets/sheet1.xml»). Откройте его в Excel, сохраните "
    "заново и загрузите снова; если не поможет — разделите список на несколько файлов."
)


def _rows_message(cap: str) -> str:
    return (
        f"На листе больше {cap} строк под заголовком — столько за один раз не импортируется. Разделите список "
        "на несколько файлов. Если клиентов меньше, удалите пустые строки с оформлением в конце листа "
        "(Ctrl+End покажет последнюю занятую ячейку)."
    )


# Hostile files -------------------------------------------------------------------------------


def _gigabyte_bomb(path: Path) -> None:
    """~1.5 MB that unpacks to 1 GB: one honest row, then the same row padded, over and over."""
    padded = row_xml(None, [INN_A, None, "ООО «Рога и копыта»", "buh@rk.example"]) + b" " * 4000

    def rows():
        yield row_xml(1, HEADER)
        for _ in range(1024 * MB // len(padded)):
            yield padded

    streamed_workbook(path, rows())


def _two_million_rows(path: Path) -> None:
    """~5 MB of two million short rows: compressed like a real sheet, so only the row count gives it away."""

    def rows():
        yield row_xml(1, HEADER)
        for number in range(2_000_000):
            yield b'<row><c t="inlineStr"><is><t>%d</t></is></c></row>' % (number % 1000)

    streamed_workbook(path, rows())


def _shared_strings_bomb(path: Path) -> None:
    """~5 MB whose two million distinct shared strings openpyxl would keep, every one, before any row."""
    header = iter([row_xml(1, HEADER), row_xml(2, [Shared(0), None, "ООО «А»", "a@a.example"])])
    streamed_workbook(path, header, strings=(b"<si><t>%d</t></si>" % number for number in range(2_000_000)))


def _rows_file(path: Path, count: int) -> None:
    """A header and `count` valid, distinct client rows."""

    def rows():
        yield row_xml(1, HEADER)
        for n in range(count):
            yield row_xml(n + 2, [_inn(n), None, f"ООО «Клиент {n}»", f"buh{n}@client{n}.example", None])

    streamed_workbook(path, rows())


def _inn(n: int) -> str:
    prefix = f"{n + 100_000_000:09d}"
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix + str(sum(int(d) * w for d, w in zip(prefix, weights, strict=True)) % 11 % 10)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("hostile")
    files = {}
    for name, build in [("bomb", _gigabyte_bomb), ("rows", _two_million_rows), ("strings", _shared_strings_bomb)]:
        files[name] = directory / f"{name}.xlsx"
        build(files[name])
    return files


# Where staff meet a refusal ---------------------------------------------------------------------


@pytest.fixture
def admin_http(client, superuser):
    client.force_login(superuser)
    return client


def _service_message(data: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        clients_import(data=data)
    return str(caught.value.message)


def _admin_shows(http, data: bytes, message: str) -> None:
    upload = SimpleUploadedFile("clients.xlsx", data, content_type="application/octet-stream")
    response = http.post(reverse("admin:clients_client_import_excel"), {"file": upload})
    assert response.status_code == 200
    assert "token" not in response.context  # no preview, nothing stored for a confirmation
    assert message in response.content.decode()


def _command_says(path: Path, message: str) -> None:
    with pytest.raises(CommandError) as caught:
        call_command("import_clients", str(path))
    assert str(caught.value) == message


def _refused_everywhere(admin_http, path: Path, message: str) -> None:
    assert _service_message(path.read_bytes()) == message
    _admin_shows(admin_http, path.read_bytes(), message)
    _command_says(path, message)
    assert not Client.objects.exists()


# The two files, and the classic shared-strings bomb -----------------------------------


def test_a_workbook_that_unpacks_to_a_gigabyte_is_refused_from_the_zip_directory(admin_http, hostile):
    assert hostile["bomb"].stat().st_size < 2 * MB
    message = _service_message(hostile["bomb"].read_bytes())
    assert message.startswith("Файл распаковывается в 1" + NBSP + "02")  # ~1,024 MB
    assert "МБ — это больше допустимых 100 МБ." in message
    _refused_everywhere(admin_http, hostile["bomb"], message)


def test_two_million_rows_are_refused_naming_the_cap_before_openpyxl_reads_them(admin_http, hostile):
    assert hostile["rows"].stat().st_size < 10 * MB
    _refused_everywhere(admin_http, hostile["rows"], _rows_message(f"20{NBSP}000"))


def test_a_shared_strings_bomb_is_refused(admin_http, hostile):
    message = (
        "В файле слишком много текста, чтобы его разобрать. Уберите из книги лишние листы и столбцы "
        "или разделите список на несколько файлов."
    )
    _refused_everywhere(admin_http, hostile["strings"], message)


# Memory, measured in a process of its own ---------------------------------------------------------


@pytest.fixture(scope="module")
def command_env(tmp_path_factory) -> dict[str, str]:
    """The environment for `manage.py` in a child process, with a migrated database of its own."""
    directory = tmp_path_factory.mktemp("command")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings_test",
        "DATABASE_URL": f"sqlite:///{directory / 'db.sqlite3'}",
        "VAR_DIR": str(directory),
        "REDIS_URL": "",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    return env


# Linux records a process's peak RSS across exec, so a child spawned straight from pytest would
# start with pytest's own peak. A small launcher spawns the command and reads its peak instead.
_LAUNCHER = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, timeout=300)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(code)
"""


def _command_peak_mb(env: dict[str, str], path: Path, *args: str) -> tuple[int, float, str]:
    """Run `import_clients` in a child: its exit code, its peak RSS in MB and its stderr."""
    command = [sys.executable, "manage.py", "import_clients", str(path), *args]
    result = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=330
    )
    return result.returncode, int(result.stdout.split()[-1]) / 1024, result.stderr


@pytest.fixture(scope="module")
def baseline_mb(command_env, tmp_path_factory) -> float:
    tiny = tmp_path_factory.mktemp("tiny") / "tiny.xlsx"
    tiny.write_bytes(workbook_bytes([[INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None]]))
    code, peak, errors = _command_peak_mb(command_env, tiny, "--dry-run")
    assert code == 0, errors
    return peak


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("bomb", "Файл распаковывается в"),
        ("rows", "На листе больше 20" + NBSP + "000 строк"),
        ("strings", "В файле слишком много текста"),
    ],
    ids=["bomb", "rows", "strings"],
)
def test_a_hostile_file_costs_the_command_little_memory(hostile, command_env, baseline_mb, name, message):
    code, peak, errors = _command_peak_mb(command_env, hostile[name], "--dry-run")
    print(f"{name}: peak RSS {peak:.0f} MB, a tiny valid file {baseline_mb:.0f} MB")
    assert code == 1 and message in errors
    assert peak - baseline_mb < MEMORY_BUDGET_MB


def test_a_file_at_the_row_cap_imports_within_the_memory_budget(command_env, baseline_mb, tmp_path):
    path = tmp_path / "cap.xlsx"
    _rows_file(path, limits.MAX_ROWS)
    code, peak, errors = _command_peak_mb(command_env, path)
    print(f"{limits.MAX_ROWS} rows imported: peak RSS {peak:.0f} MB, a tiny valid file {baseline_mb:.0f} MB")
    assert code == 0, errors
    assert peak - baseline_mb < MEMORY_BUDGET_MB


def test_the_upload_page_states_the_limits(admin_http):
    html = admin_http.get(reverse("admin:clients_client_import_excel")).content.decode()
    assert f"Не больше 10 МБ и 20{NBSP}000 строк под заголовком." in html


# Each limit ----------------------------------------------------------------------------------------


def test_rows_past_the_cap_are_refused_and_the_cap_itself_is_read(admin_http, tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROWS", 1000)
    path = tmp_path / "clients.xlsx"
    _rows_file(path, 1000)
    assert clients_import(data=path.read_bytes(), dry_run=True).counts["new"] == 1000
    _rows_file(path, 1001)
    _refused_everywhere(admin_http, path, _rows_message(f"1{NBSP}000"))


def test_the_default_row_cap_stops_the_reading(tmp_path):
    path = tmp_path / "clients.xlsx"
    _rows_file(path, limits.MAX_ROWS + 1)
    assert _service_message(path.read_bytes()) == _rows_message(f"20{NBSP}000")
    assert not Client.objects.exists()


def test_a_lone_cell_in_the_last_excel_row_counts_the_rows_above_it(tmp_path):
    path = tmp_path / "clients.xlsx"
    rows = [row_xml(1, HEADER), row_xml(2, [INN_A, None, "ООО", "a@a.example"]), row_xml(1_048_576, ["x"])]
    streamed_workbook(path, iter(rows))
    assert _service_message(path.read_bytes()) == _rows_message(f"20{NBSP}000")


def test_a_part_compressed_too_well_is_refused(tmp_path):
    path = tmp_path / "clients.xlsx"
    blank = b"<row/>" + b" " * 10_000
    streamed_workbook(path, iter([row_xml(1, HEADER), *[blank] * 5000]))
    message = _service_message(path.read_bytes())
    assert message.startswith("Часть файла «xl/worksheets/sheet1.xml» сжата с коэффициентом ")
    assert message.endswith(
        " — книги Excel так сильно не сжимаются. Файл испорчен или собран специально: откройте его в Excel, "
        "сохраните заново и загрузите снова."
    )


def test_too_many_parts_are_refused_before_zipfile_reads_them(tmp_path):
    path = tmp_path / "clients.xlsx"
    extra = {f"xl/media/{n}.bin": b"" for n in range(limits.MAX_PARTS)}
    streamed_workbook(path, iter([row_xml(1, HEADER)]), extra=extra)
    assert _service_message(path.read_bytes()) == (
        f"Внутри файла больше 1{NBSP}000 вложенных частей — книга со списком клиентов столько не содержит. "
        "Файл испорчен или собран специально."
    )


def test_an_upload_over_the_size_limit_is_refused_before_it_is_read(admin_http, tmp_path):
    message = (
        "Размер файла 10,0 МБ — больше допустимых 10 МБ. Уберите из книги лишние листы и картинки "
        "или разделите список на несколько файлов."
    )
    data = b"PK\x03\x04" + b"\0" * (10 * MB)
    assert _service_message(data) == message
    _admin_shows(admin_http, data, message)
    path = tmp_path / "big.xlsx"
    path.write_bytes(b"PK\x03\x04")
    os.truncate(path, 10 * MB + 4)  # sparse: the command must refuse it by its size, unread
    _command_says(path, message)
    assert not Client.objects.exists()


def test_a_cell_longer_than_excel_allows_refuses_the_file(tmp_path):
    path = tmp_path / "clients.xlsx"
    streamed_workbook(path, iter([row_xml(1, HEADER), row_xml(2, [INN_A, None, "Ж" * 40_000, "a@a.example"])]))
    assert _service_message(path.read_bytes()) == (
        f"В файле есть ячейка длиннее 32{NBSP}767 символов — Excel таких не создаёт. "
        "Файл испорчен или собран специально."
    )


def test_an_over_long_cell_is_a_row_error_that_does_not_quote_it(admin_http, tmp_path):
    path = tmp_path / "clients.xlsx"
    rows = [
        row_xml(1, HEADER),
        row_xml(2, [INN_A, None, "ООО «" + "Ж" * 1000 + "»", "buh@pk.example"]),
        row_xml(3, [INN_B, None, "АО «Металлург»", "a@m.example"]),
    ]
    streamed_workbook(path, iter(rows))
    message = f"Столбец «Наименование»: символов в ячейке — 1{NBSP}006, а допустимо не больше 1{NBSP}000."
    report = clients_import(data=path.read_bytes())
    assert [(row.status, row.messages) for row in report.rows] == [("error", [message]), ("new", [])]
    assert len(report.rows[0].name) <= 255
    assert list(Client.objects.values_list("inn", flat=True)) == [INN_B]


def test_a_long_wrong_value_is_quoted_only_in_part():
    report = clients_import(data=workbook_bytes([["1" * 900, None, "ООО", "@" * 900, None]]), dry_run=True)
    assert all(len(message) < 200 for message in report.rows[0].messages), report.rows[0].messages
    assert len(report.rows[0].inn) <= 60


def test_an_entity_bomb_is_refused(tmp_path):
    laughs = "".join(f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10))
    sheet = f'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY l0 "lol">{laughs}]><worksheet>&l9;</worksheet>'
    data = with_parts(workbook_bytes([[INN_A, None, "ООО", "a@a.example", None]]), {"xl/worksheets/sheet1.xml": sheet})
    assert _service_message(data) == DAMAGED


def test_a_part_compressed_with_anything_but_deflate_is_refused():
    data = workbook_bytes([[INN_A, None, "ООО", "a@a.example", None]])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    lzma = with_parts(data, {"xl/worksheets/sheet1.xml": sheet}, compress_type=zipfile.ZIP_LZMA)
    assert _service_message(lzma) == DAMAGED


def test_a_tag_too_long_to_be_real_is_refused(tmp_path):
    path = tmp_path / "clients.xlsx"
    attributes = " ".join(f'a{n}="{n}"' for n in range(200_000)).encode()
    streamed_workbook(path, iter([row_xml(1, HEADER), b"<row " + attributes + b"/>"]))
    assert _service_message(path.read_bytes()) == TOO_COMPLEX


def test_a_sheet_openpyxl_would_have_to_keep_whole_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_KEPT_MB", 1)
    path = tmp_path / "clients.xlsx"
    kept = [b"</sheetData><extra>", *[b'<x a="1"/>'] * 5000, b"</extra><sheetData>"]
    streamed_workbook(path, iter([row_xml(1, HEADER), row_xml(2, [INN_A, None, "ООО", "a@a.example"]), *kept]))
    assert _service_message(path.read_bytes()) == TOO_COMPLEX


def test_a_row_too_wide_to_hold_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ROW_NODES", 1000)
    path = tmp_path / "clients.xlsx"
    streamed_workbook(path, iter([row_xml(1, HEADER), row_xml(2, [1] * 600)]))
    assert _service_message(path.read_bytes()) == TOO_COMPLEX

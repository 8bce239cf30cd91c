"""Benchmark: import 10,000 clients from Excel, beside a bare openpyxl read of the same file.

    .venv/bin/python bench/import_clients.py [ROWS]

Runs on a fresh SQLite database in a temporary directory (the project's own settings,
WAL and all), so it never touches var/. Prints the timings; the issue asks for an import
well under 10 seconds. ROWS may not pass the import's own cap (apps/clients/importing/limits.py).
"""

import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def valid_inn(prefix9: str) -> str:
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix9 + str(sum(int(d) * w for d, w in zip(prefix9, weights, strict=True)) % 11 % 10)


def write_workbook(path: Path, rows: int) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Клиенты")
    sheet.append(["Список клиентов"])
    sheet.append(["ИНН", "КПП", "Наименование", "Email", "Телефон", "Менеджер"])
    for n in range(rows):
        inn = valid_inn(f"{n + 100000000:09d}"[-9:])
        # A realistic mix: most INNs as text, some as numbers, as exports from 1C and hand edits give.
        sheet.append(
            [
                int(inn) if n % 5 == 0 else inn,
                f"{random.randint(10**8, 10**9 - 1)}",
                f"ООО «Клиент {n}»",
                f"buh{n}@client{n}.example",
                f"+7 495 {n:07d}",
                "Иванова",
            ]
        )
    workbook.save(path)


def bare_read(path: Path) -> tuple[float, int]:
    from openpyxl import load_workbook

    start = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    count = sum(1 for _ in workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    return time.perf_counter() - start, count


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update({"DEBUG": "1", "VAR_DIR": tmp, "DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3"})
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
        os.environ["LOG_LEVEL"] = "WARNING"
        import django

        django.setup()
        from django.core.management import call_command

        from apps.clients.importing import clients_import, limits
        from apps.clients.importing.package import check_package

        if rows > limits.MAX_ROWS:
            sys.exit(f"{rows} rows: the import refuses more than limits.MAX_ROWS = {limits.MAX_ROWS}")
        call_command("migrate", verbosity=0)
        path = Path(tmp) / "clients.xlsx"
        write_workbook(path, rows)
        data = path.read_bytes()

        read_seconds, read_rows = bare_read(path)
        start = time.perf_counter()
        check_package(data)
        check_seconds = time.perf_counter() - start
        start = time.perf_counter()
        report = clients_import(data=data, dry_run=True)
        preview_seconds = time.perf_counter() - start
        start = time.perf_counter()
        report = clients_import(data=data)
        create_seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = clients_import(data=data)
        rerun_seconds = time.perf_counter() - start

        print(f"file: {rows} rows, {len(data) / 1024:.0f} KiB")
        print(f"bare openpyxl read (read-only):  {read_seconds:6.2f} s  ({read_rows} rows)")
        print(f"package checks (zip, XML scan):  {check_seconds:6.2f} s  (part of every import below)")
        print(f"import preview (dry run):        {preview_seconds:6.2f} s")
        print(f"import, all new:                 {create_seconds:6.2f} s  {report.counts}")
        print(f"import again, all unchanged:     {rerun_seconds:6.2f} s  {again.counts}")


if __name__ == "__main__":
    main()

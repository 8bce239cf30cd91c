"""Benchmark: `manage.py import_clients` of 10,000 rows as whole processes, beside a bare openpyxl read.

Run: .venv/bin/python bench/import_clients.py [--rows 10000] [--repeat 5]
                                              [--database-url postgres://postgres@127.0.0.1:5432/portal_bench_import]

Writes a workbook of --rows clients (a realistic mix: most INNs as text, some as numbers, an
extra column the import does not read), then times fresh processes, each from its start to its
exit, Django's start-up included:

- the floor: `python -c` that opens the file with openpyxl.load_workbook(read_only=True,
  data_only=True) and iterates every row's values;
- the portal's start-up alone (`manage.py import_clients --help`), to show what start-up costs;
- the import into an empty database (every client new);
- the preview (`--dry-run`) of the same file into an empty database;
- the re-import of the unchanged file into the database the import filled.

Every run gets a database of its own, migrated before the clock starts: SQLite files copied
from one migrated in a temporary folder, or PostgreSQL databases created from a migrated
template (`--database-url` names the database; it and `<name>_template` are dropped and created
afresh with dropdb/createdb, and dropped at the end). Production settings, DEBUG off, the 1C
backend left at its default.

Each of --repeat rounds runs the floor and then every portal process, so that a ratio compares
runs made under the same load (a shared machine's load moves by tens of percent within a
minute). Prints the median wall time of each process and the median of its ratios to the floor
of its round; the goal is 2× at most. The processes' own CPU time is printed beside, being less
disturbed by other work on the machine.
"""

import argparse
import os
import random
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOAL = 2.0
FLOOR = """
import sys
from openpyxl import load_workbook
workbook = load_workbook(sys.argv[1], read_only=True, data_only=True)
for row in workbook.worksheets[0].iter_rows(values_only=True):
    pass
workbook.close()
"""


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


class Databases:
    """A fresh, migrated database per run, made before the clock starts."""

    def __init__(self, work: Path, database_url: str) -> None:
        self.work, self.url = work, database_url
        self.name = database_url.rsplit("/", 1)[1] if database_url else ""
        self.runs = 0

    def prepare(self, env: dict[str, str]) -> None:
        if self.name:
            self._postgres("dropdb", "--if-exists", f"{self.name}_template")
            self._postgres("createdb", f"{self.name}_template")
            url = f"{self.url}_template"
        else:
            url = f"sqlite:///{self.work / 'template.sqlite3'}"
        manage(["migrate", "-v0"], {**env, "DATABASE_URL": url})

    def fresh(self) -> str:
        """The URL of a new database, as migrated and empty (the one before it is dropped)."""
        self.runs += 1
        if self.name:
            self._postgres("dropdb", "--if-exists", self.name)
            self._postgres("createdb", "-T", f"{self.name}_template", self.name)
            return self.url
        path = self.work / f"run-{self.runs}.sqlite3"
        shutil.copyfile(self.work / "template.sqlite3", path)
        return f"sqlite:///{path}"

    def drop(self) -> None:
        if self.name:
            self._postgres("dropdb", "--if-exists", self.name)
            self._postgres("dropdb", "--if-exists", f"{self.name}_template")

    @staticmethod
    def _postgres(tool: str, *args: str) -> None:
        subprocess.run([tool, "-h", "127.0.0.1", "-U", "postgres", *args], check=True)


def manage(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Run `manage.py` in a process of its own: its wall time from start to exit, and its CPU time."""
    return timed([sys.executable, "manage.py", *args], env)


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode:
        sys.exit(f"{' '.join(command[1:3])} failed:\n{result.stderr}")
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="", help="PostgreSQL, created afresh per run (default: SQLite)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="portal-import-bench-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG", "DATABASE_URL"))},
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "localhost",
        "PORTAL_BASE_URL": "https://localhost",
        "VAR_DIR": str(work),
        "REDIS_URL": "",
        "LOG_LEVEL": "WARNING",
    }
    databases = Databases(work, args.database_url)
    try:
        path = work / "clients.xlsx"
        write_workbook(path, args.rows)
        size = path.stat().st_size
        databases.prepare(env)
        rounds = [_round(databases, env, str(path)) for _ in range(args.repeat)]
    finally:
        databases.drop()
        shutil.rmtree(work, ignore_errors=True)
    _print(rounds, f"{args.rows:,} rows, {size / 1024:.0f} KiB", "PostgreSQL" if args.database_url else "SQLite")


def _round(databases: Databases, env: dict[str, str], file: str) -> dict[str, tuple[float, float]]:
    """One run of each process, back to back, so that each ratio compares runs under the same load."""
    times = {"floor": timed([sys.executable, "-c", FLOOR, file], env)}
    times["startup"] = manage(["import_clients", "--help"], {**env, "DATABASE_URL": databases.fresh()})
    imported = databases.fresh()
    times["import"] = manage(["import_clients", file], {**env, "DATABASE_URL": imported})
    times["reimport"] = manage(["import_clients", file], {**env, "DATABASE_URL": imported})
    times["preview"] = manage(["import_clients", "--dry-run", file], {**env, "DATABASE_URL": databases.fresh()})
    return times


_LABELS = {
    "floor": "bare openpyxl read-only pass (floor)",
    "startup": "portal start-up only (--help)",
    "import": "import, all new",
    "preview": "preview (--dry-run), all new",
    "reimport": "re-import, all unchanged",
}


def _print(rounds: list[dict[str, tuple[float, float]]], file: str, backend: str) -> None:
    print(f"{file}; {backend}; whole processes, median of {len(rounds)} rounds (ratio: to the floor of the same round)")
    print(f"{'':40} {'wall':>8} {'ratio':>7}   {'CPU':>7} {'ratio':>6}")
    for key, label in _LABELS.items():
        wall = statistics.median(r[key][0] for r in rounds)
        ratio = statistics.median(r[key][0] / r["floor"][0] for r in rounds)
        cpu = statistics.median(r[key][1] for r in rounds)
        cpu_ratio = statistics.median(r[key][1] / r["floor"][1] for r in rounds)
        verdict = "" if key in ("floor", "startup") else ("  ok" if ratio <= GOAL else f"  over {GOAL:g}×")
        print(f"{label:40} {wall:6.2f} s {ratio:6.2f}×   {cpu:5.2f} s {cpu_ratio:5.2f}×{verdict}")
    if backend == "PostgreSQL":
        print("(CPU: the processes' own; the PostgreSQL server's is not counted)")


if __name__ == "__main__":
    main()

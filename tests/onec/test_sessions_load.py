"""The cap on 1C sessions holds across processes, on either store.

Three processes of the portal (tests/onec/sessions_load.py), eight threads each, make real SOAP
calls through the portal's own client to an emulator that, like a 1C with SESSIONS licences,
refuses a call beyond that many in flight (100 ms each). Each process may have PER_PROCESS
calls in flight (ONEC_MAX_CONNECTIONS), fewer than SESSIONS: only processes together can pass
it, so only a count they share can keep them within it. With ONEC_MAX_SESSIONS at SESSIONS, 1C
never refuses; with it above the load, 1C runs out of licences.
"""

import json
import os
import subprocess
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection

from apps.onec.emulator.server import EmulatorHandle, start_emulator
from tests import clock
from tests.servers import RedisServer

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
SESSIONS, PER_PROCESS = 4, 3
PROCESSES, THREADS, CALLS = 3, 8, 6
ALL_CALLS = PROCESSES * THREADS * CALLS


@pytest.fixture
def emulator():
    handle = start_emulator(username="portal", password="portal", latency_ms=100, max_sessions=SESSIONS)
    yield handle
    handle.stop()


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


@contextmanager
def _store(name: str, folder: Path):
    """The environment that makes the processes count in the test's database or its own Redis."""
    if name == "database":
        yield {}
        return
    with RedisServer(folder / "redis") as redis:
        yield {"REDIS_URL": redis.url}


def _environment(emulator: EmulatorHandle, folder: Path, max_sessions: int, store: dict) -> dict:
    inherited = {name: value for name, value in os.environ.items() if name != "REDIS_URL"}
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "VAR_DIR": str(folder / "var"),
        "ONEC_BACKEND": "soap",
        "ONEC_WSDL_URL": emulator.wsdl_url,
        "ONEC_USERNAME": "portal",
        "ONEC_PASSWORD": "portal",
        "ONEC_TIMEOUT": "30",  # waiting for a slot counts against it: generous on a busy machine
        "ONEC_MAX_CONNECTIONS": str(PER_PROCESS),
        "ONEC_MAX_SESSIONS": str(max_sessions),
        **store,
    }


def _run(environment: dict, log: Path) -> Counter:
    """Start the processes, let them all go at once, and add up how their calls ended."""
    command = clock.python_command(str(ROOT / "tests" / "onec" / "sessions_load.py"), str(THREADS), str(CALLS))
    options = {"cwd": ROOT, "env": environment, "stdin": subprocess.PIPE, "stdout": subprocess.PIPE, "text": True}
    with log.open("ab") as errors:
        processes = [subprocess.Popen(command, stderr=errors, **options) for _ in range(PROCESSES)]
    try:
        for process in processes:
            assert process.stdout.readline().strip() == "ready", log.read_text()
        for process in processes:
            process.stdin.write("go\n")
            process.stdin.flush()
        outcomes: Counter = Counter()
        for process in processes:
            output, _ = process.communicate(timeout=180)
            assert process.returncode == 0, log.read_text()
            outcomes.update(json.loads(output))
        return outcomes
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait(timeout=10)


@pytest.mark.parametrize("store", ["database", "redis"])
def test_calls_of_several_processes_stay_within_the_sessions_1c_allows(store, emulator, tmp_path):
    with _store(store, tmp_path) as environment:
        outcomes = _run(_environment(emulator, tmp_path, SESSIONS, environment), tmp_path / "processes.log")
    assert outcomes == Counter(ok=ALL_CALLS)
    assert emulator.stats.refused == 0
    # Above what one process may hold: the processes did overlap, and were kept within it together.
    assert PER_PROCESS < emulator.stats.max_in_flight <= SESSIONS


def test_without_the_cap_1c_runs_out_of_licences(emulator, tmp_path):
    above_the_load = PROCESSES * THREADS + 1
    with _store("database", tmp_path) as environment:
        outcomes = _run(_environment(emulator, tmp_path, above_the_load, environment), tmp_path / "processes.log")
    assert emulator.stats.refused > 0
    assert outcomes["unavailable"] == emulator.stats.refused  # refused calls fail, to be retried
    assert outcomes["ok"] + outcomes["unavailable"] == ALL_CALLS

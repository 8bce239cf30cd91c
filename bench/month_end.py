"""Benchmark: the first working day of a month. 200 organisations ask for last month's closing
documents within 10 seconds; 1C answers each call in 200 ms and allows 8 sessions at once.

Run: .venv/bin/python bench/month_end.py [--organisations 200] [--spread 10] [--latency-ms 200]
     [--sessions 8] [--workers 8] [--postgres]

It builds a throwaway database (SQLite, or with --postgres a PostgreSQL cluster and a Redis of
its own, tests/servers.py), starts the 1C emulator with the organisations and the licence limit,
an SMTP server that notes when each e-mail arrives, and the worker cluster as production runs it
(`manage.py workers`, --workers processes, ONEC_MAX_SESSIONS = --sessions). Then the requests go
in through the cabinet's form, one every --spread/--organisations seconds.

The floor is what 1C itself allows: every call the requests make (one list and one file per
document) at --sessions in parallel, calls × latency / sessions. It prints the time from the
first request to the last e-mail, the time each client waited for its e-mail (p50, p95), the
ratio of the last e-mail to the floor, and checks that every client got exactly one e-mail and
that the emulator never refused a call for want of a licence: if not, it exits 1 (CI runs a small
month, tests/production/test_month_end.py, for that check alone; never for its times).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from statistics import median, quantiles

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="portal-month-end-"))
ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ARGS.add_argument("--organisations", type=int, default=200)
ARGS.add_argument("--spread", type=float, default=10.0, help="seconds over which the requests come in")
ARGS.add_argument("--latency-ms", type=int, default=200)
ARGS.add_argument("--sessions", type=int, default=8, help="1C's licences and ONEC_MAX_SESSIONS")
ARGS.add_argument("--workers", type=int, default=8, help="worker processes of the main cluster")
ARGS.add_argument("--postgres", action="store_true", help="PostgreSQL + Redis (of its own) instead of SQLite")
OPTIONS = ARGS.parse_args()

from tests.servers import PostgresServer, RedisServer  # noqa: E402
from tests.utils import free_port  # noqa: E402

SERVERS = []
if OPTIONS.postgres:
    SERVERS = [PostgresServer(WORK / "pg"), RedisServer(WORK / "redis")]
    for server in SERVERS:
        server.start()
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "1",
        "VAR_DIR": str(WORK),
        "DATABASE_URL": SERVERS[0].url if SERVERS else f"sqlite:///{WORK / 'bench.sqlite3'}",
        "REDIS_URL": SERVERS[1].url if SERVERS else "",
        "ONEC_BACKEND": "soap",
        "ONEC_MAX_SESSIONS": str(OPTIONS.sessions),
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        "REQUESTS_PER_HOUR": "1000",
    }
)

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client as WebClient  # noqa: E402

from apps.clients.services import client_create  # noqa: E402
from apps.documents.models import DocumentRequest  # noqa: E402
from apps.onec.emulator.server import start_emulator  # noqa: E402


def valid_inn(n: int) -> str:
    prefix = f"50{n:07d}"
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix + str(sum(int(d) * w for d, w in zip(prefix, weights, strict=True)) % 11 % 10)


class Inbox:
    def __init__(self):
        self.arrived: dict[str, list[float]] = {}

    async def handle_DATA(self, server, session, envelope):
        for address in envelope.rcpt_tos:
            self.arrived.setdefault(address, []).append(time.monotonic())
        return "250 OK"


def organisations_fixture(count: int) -> Path:
    rows = [
        {
            "model": "clients.client",
            "fields": {"inn": valid_inn(n), "name": f"ООО «Покупатель {n}»", "email": f"buh{n}@example.com"},
        }
        for n in range(1, count + 1)
    ]
    path = WORK / "organisations.json"
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path


def last_month(today):
    end = today.replace(day=1) - timedelta(days=1)
    return end.replace(day=1), end


def main() -> None:
    call_command("migrate", verbosity=0)
    emulator = start_emulator(username=settings.ONEC_USERNAME, password=settings.ONEC_PASSWORD,
                              fixture=organisations_fixture(OPTIONS.organisations))  # fmt: skip
    date_from, date_to = last_month(emulator.ledger.today)
    inns = sorted(emulator.ledger.clients)
    calls = 0
    for inn in inns:
        client_create(inn=inn, name=emulator.ledger.clients[inn].name, email=f"buh-{inn}@example.com",
                      password="bench-pass-123")  # fmt: skip
        found = emulator.ledger.find(inn, "Closing", date_from, date_to)
        for document in found:
            emulator.ledger.file(document)  # rendered now: 1C's own PDF rendering is not measured
        calls += 1 + len(found)
    floor = calls * OPTIONS.latency_ms / 1000 / OPTIONS.sessions
    inbox = Inbox()
    smtp = Controller(inbox, hostname="127.0.0.1", port=free_port())
    smtp.start()
    emulator.set_latency(OPTIONS.latency_ms)
    emulator.set_max_sessions(OPTIONS.sessions)
    env = {**os.environ, "ONEC_WSDL_URL": emulator.wsdl_url, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp.port),
           "Q_WORKERS": str(OPTIONS.workers), "PRIVATE_STORAGE_DIR": str(WORK / "private")}  # fmt: skip
    workers = [
        subprocess.Popen(
            [sys.executable, "manage.py", "workers", *cluster],
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=(WORK / f"workers{i}.log").open("wb"),
            stderr=subprocess.STDOUT,
        )
        for i, cluster in enumerate([[], ["--cluster", "portal-mail"]])
    ]
    try:
        time.sleep(5)  # the clusters start (and warm up) before the month begins
        submitted = submit_all(inns, date_from, date_to)
        expected = set(submitted)
        deadline = time.monotonic() + max(600, floor * 5)
        while expected - set(inbox.arrived) and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(3)  # a duplicate would arrive right after
        whole = report(submitted, inbox, floor, calls, emulator)
    finally:
        for process in workers:
            os.killpg(process.pid, 15)
        for process in workers:
            process.wait(timeout=30)
        smtp.stop()
        emulator.stop()
        for server in SERVERS:
            server.stop()
    if not whole:
        sys.exit("FAILED: an e-mail went missing or twice, or 1C refused a call for want of a licence")


def submit_all(inns: list[str], date_from, date_to) -> dict[str, float]:
    """Each organisation's «Запросить», evenly over the spread; when each went in, by address."""
    submitted, started = {}, time.monotonic()
    for n, inn in enumerate(inns):
        time.sleep(max(0.0, started + n * OPTIONS.spread / len(inns) - time.monotonic()))
        web = WebClient()
        web.force_login(_login(inn), backend="apps.clients.backends.ClientAuthenticationBackend")
        email = f"buh-{inn}@example.com"
        moment = time.monotonic()
        response = web.post("/documents/closing/", {"date_from": str(date_from), "date_to": str(date_to),
                                                    "email": email})  # fmt: skip
        assert response.status_code == 302, response.content[:500]
        submitted[email] = moment
    return submitted


def _login(inn: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=inn)


def report(submitted: dict[str, float], inbox: Inbox, floor: float, calls: int, emulator) -> bool:
    """Prints the figures; True when every client got exactly one e-mail and 1C refused nothing."""
    if not inbox.arrived:
        print(f"month-end: none of the {len(submitted)} e-mails arrived")
        return False
    first = min(submitted.values())
    waits = sorted(inbox.arrived[address][0] - submitted[address] for address in submitted if address in inbox.arrived)
    last = max(times[0] for times in inbox.arrived.values()) - first
    twice = [address for address, times in inbox.arrived.items() if len(times) > 1]
    statuses = dict.fromkeys(DocumentRequest.Status.values, 0)
    for status in DocumentRequest.objects.values_list("status", flat=True):
        statuses[status] += 1
    stats = emulator.server.stats
    backend = "PostgreSQL + Redis" if OPTIONS.postgres else "SQLite + ORM broker"
    print(
        f"month-end, {backend}: {len(submitted)} organisations within {OPTIONS.spread:.0f} s, 1C at "
        f"{OPTIONS.latency_ms} ms a call with {OPTIONS.sessions} licences, {OPTIONS.workers} worker processes"
    )
    print(f"  1C calls: {calls}; floor (calls × {OPTIONS.latency_ms / 1000} s / {OPTIONS.sessions}): {floor:.1f} s")
    print(f"  last e-mail {last:.1f} s after the first request: {last / floor:.2f}× the floor")
    p95 = quantiles(waits, n=20)[-1] if len(waits) > 1 else waits[0]
    print(f"  time to inbox: p50 {median(waits):.1f} s, p95 {p95:.1f} s")
    print(
        f"  e-mails: {sum(len(t) for t in inbox.arrived.values())} to {len(inbox.arrived)} addresses "
        f"(missing {len(set(submitted) - set(inbox.arrived))}, twice {len(twice)}); requests {statuses}"
    )
    refused = getattr(stats, "refused", 0)
    print(f"  1C: at most {stats.max_in_flight} calls at once, refused for licences: {refused}")
    return not twice and set(submitted) == set(inbox.arrived) and not refused


if __name__ == "__main__":
    main()

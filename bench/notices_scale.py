"""Benchmark: the notices poll at 10,000 organisations, the morning after 1C printed a closing
document for every one of them (the first working day of a month).

Run: .venv/bin/python bench/notices_scale.py [--organisations 10000] [--postgres]

It builds a throwaway database (SQLite, or with --postgres a PostgreSQL cluster of its own,
tests/servers.py) with the organisations, each subscribed to its notices, starts the 1C emulator
over SOAP holding one new closing document each, and runs one poll in this process, as the
worker would: the 1C calls it makes, the digests written to the outbox, the time and the
database queries. The floor, in the same run: the same 1C call with zeep alone and the same
digests rendered from their templates with no database at all.
"""

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="portal-notices-"))
ARGS = argparse.ArgumentParser(description=__doc__.splitlines()[0])
ARGS.add_argument("--organisations", type=int, default=10_000)
ARGS.add_argument("--postgres", action="store_true", help="PostgreSQL (of its own) instead of SQLite")
OPTIONS = ARGS.parse_args()

from tests.servers import PostgresServer  # noqa: E402

PG = PostgresServer(WORK / "pg") if OPTIONS.postgres else None
if PG is not None:
    PG.start()
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 60,
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_BASE_URL": "https://portal.example.com",
        "VAR_DIR": str(WORK),
        "DATABASE_URL": PG.url if PG else f"sqlite:///{WORK / 'bench.sqlite3'}",
        "ONEC_BACKEND": "soap",
        "ONEC_PASSWORD": "portal",
        "ONEC_TIMEOUT": "50",
        "LOG_LEVEL": "WARNING",
    }
)

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
import zeep  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

from apps.clients.models import Client, Membership, Role  # noqa: E402
from apps.mail.models import OutgoingEmail  # noqa: E402
from apps.mail.services import outgoing_email_rendered  # noqa: E402
from apps.notices import poll  # noqa: E402
from apps.notices.digest import digest_letter  # noqa: E402
from apps.notices.models import NoticeCursor, NoticeSubscription  # noqa: E402
from apps.onec.emulator.data import Client as OneCClient  # noqa: E402
from apps.onec.emulator.server import start_emulator  # noqa: E402
from apps.onec.soap import SoapConfig  # noqa: E402


def valid_inn(n: int) -> str:
    prefix = f"60{n:07d}"
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix + str(sum(int(d) * w for d, w in zip(prefix, weights, strict=True)) % 11 % 10)


def organisations(count: int) -> list[str]:
    """`count` organisations with their login, administrator and a subscription to both kinds."""
    inns = [valid_inn(n) for n in range(1, count + 1)]
    users = get_user_model().objects.bulk_create(get_user_model()(username=inn, password="!") for inn in inns)
    clients = Client.objects.bulk_create(
        Client(user=user, inn=inn, name=f"ООО «Покупатель {n}»", email=f"buh{n}@example.com",
               language="en" if n % 10 == 0 else "ru")
        for n, (inn, user) in enumerate(zip(inns, users, strict=True))
    )  # fmt: skip
    Membership.objects.bulk_create(Membership(user=c.user, client=c, role=Role.ADMIN) for c in clients)
    NoticeSubscription.objects.bulk_create(
        NoticeSubscription(client=c, closing=True, certificates=True, email=c.email) for c in clients
    )
    return inns


class Queries:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def floor(emulator, since: datetime) -> tuple[float, float]:
    """One ListChangedDocuments with zeep, and every digest rendered with no database."""
    started = time.monotonic()
    session = requests.Session()
    session.auth = ("portal", "portal")
    service = zeep.Client(emulator.wsdl_url, transport=zeep.Transport(session=session),
                          settings=zeep.Settings(xml_huge_tree=True)).bind("ClientPortal", "ClientPortalSoap")  # fmt: skip
    answer = service.ListChangedDocuments(Since=since, Limit=poll.PAGE_SIZE)
    call = time.monotonic() - started
    subscriptions = {s.client.inn: s for s in NoticeSubscription.objects.select_related("client")}
    changes = poll._fetch(since).changes  # the portal's own conversion, outside the timing
    started = time.monotonic()
    for change in changes:
        letter = digest_letter(subscription=subscriptions[change.inn], changes=[change])
        outgoing_email_rendered(letter.template, letter.context, letter.language)
    assert len(answer.Change) == len(changes)
    return call, time.monotonic() - started


def main() -> None:
    call_command("migrate", verbosity=0)
    made = time.monotonic()
    inns = organisations(OPTIONS.organisations)
    print(f"{len(inns)} organisations made in {time.monotonic() - made:.0f} s")
    emulator = start_emulator(username="portal", password="portal", fixture=WORK / "none.json")
    yesterday = emulator.ledger.today - timedelta(days=1)
    printed = None
    for n, inn in enumerate(inns):
        emulator.ledger.clients[inn] = OneCClient(inn, "", f"ООО «Покупатель {n}»", "", "")
        document = emulator.ledger._add(inn, "Closing", "УПД", f"{n + 1}/26", yesterday, Decimal("125000.00"))
        # 1C's own PDF rendering is not what is measured: one printed form stands for all.
        printed = printed or emulator.ledger.file(document)
        emulator.ledger._files[document.id] = printed
    since = datetime.combine(yesterday, datetime.min.time(), UTC) - timedelta(hours=6)
    NoticeCursor.objects.update_or_create(id=1, defaults={"since": since})
    with override_settings(ONEC_WSDL_URL=emulator.wsdl_url, ONEC_ENDPOINT_URL=""):
        SoapConfig.from_settings()  # the WSDL is read before the clock starts, as a worker does at its first poll
        poll._fetch(datetime.now(UTC) + timedelta(days=1))  # nothing is newer: warms zeep up
        floor_call, floor_render = floor(emulator, since)
        calls_before = emulator.server.stats.operations
        queries = Queries()
        started = time.monotonic()
        with connection.execute_wrapper(queries):
            digests = poll.notices_poll()
        seconds = time.monotonic() - started
    calls = emulator.server.stats.operations - calls_before
    backend = "PostgreSQL" if PG else "SQLite"
    print(f"notices poll, {backend}: {len(inns)} organisations, one new closing document each")
    print(
        f"  1C calls: {calls} (page size {poll.PAGE_SIZE}); digests written: {digests}; "
        f"in the outbox: {OutgoingEmail.objects.filter(key__startswith='notices.digest.').count()}"
    )
    pages = -(-digests // poll.ANNOUNCE_PAGE)
    print(
        f"  queries: {queries.count} for {pages} pages of {poll.ANNOUNCE_PAGE} organisations "
        f"({queries.count / max(pages, 1):.1f} a page)"
    )
    print(
        f"  poll: {seconds:.1f} s; floor: the 1C call with zeep {floor_call:.1f} s + the digests rendered "
        f"{floor_render:.1f} s = {floor_call + floor_render:.1f} s; ratio {seconds / (floor_call + floor_render):.2f}×"
    )
    emulator.stop()
    if PG is not None:
        PG.stop()


if __name__ == "__main__":
    (WORK / "none.json").write_text("[]", encoding="utf-8")
    main()

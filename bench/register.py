"""Benchmark: the «Документы» register's first page with 1C answering in 200 ms a call, next to its
bare floor, and paging through a 500-document period without another 1C call.

Run: .venv/bin/python bench/register.py [--documents 500] [--latency-ms 200] [--repeat 3]

It builds a throwaway SQLite database and starts the 1C emulator in this process (its
ONEC_EMULATOR_LATENCY_MS knob set to --latency-ms; its demo history for the client replaced by
--documents bulk documents, half invoices and half closing documents, one pair a day back from
today), then asks the register as a logged-in client through Django's test client:
- "first page": the register's cache empty, the SOAP client already built (its WSDL read), as on
  a running server — the bar is 1 s;
- "every page": all pages of the period, one after another, and the number of 1C calls they made
  (the emulator counts the operations it answers) — the bar is 0.

The floor is what the list costs with nothing but zeep: the three ListDocuments calls (invoices,
closing documents, certificates) made in parallel threads, as the register makes them.
"""

import argparse
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="portal-bench-"))
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "1",
        "VAR_DIR": str(WORK),
        "DATABASE_URL": f"sqlite:///{WORK / 'bench.sqlite3'}",
        "ONEC_BACKEND": "soap",
        "LOG_LEVEL": "WARNING",
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
    }
)

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
import zeep  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client as WebClient  # noqa: E402

from apps.clients.services import client_create  # noqa: E402
from apps.onec.backend import get_onec_client, reset_onec_clients  # noqa: E402
from apps.onec.emulator.server import start_emulator  # noqa: E402

INN = "5036012344"
KINDS = ("Invoice", "Closing", "Certificate")


def run_floor(emulator, period: tuple) -> float:
    session = requests.Session()
    session.auth = (settings.ONEC_USERNAME, settings.ONEC_PASSWORD)
    client = zeep.Client(emulator.wsdl_url, transport=zeep.Transport(session=session))
    service = client.bind("ClientPortal", "ClientPortalSoap")
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=len(KINDS)) as pool:
        lists = list(pool.map(lambda kind: service.ListDocuments(INN=INN, Kind=kind, DateFrom=period[0],
                                                                    DateTo=period[1]), KINDS))  # fmt: skip
    elapsed = time.monotonic() - started
    assert sum(len(found or []) for found in lists) > 0
    return elapsed


def run_portal(web: WebClient, emulator, period: tuple) -> dict:
    cache.clear()
    query = {"date_from": period[0].isoformat(), "date_to": period[1].isoformat()}
    started = time.monotonic()
    response = web.get("/documents/", query)
    first = time.monotonic() - started
    assert response.status_code == 200, response.content[:500]
    html = response.content.decode()
    count = int(re.search(r"Найдено документов: (\d+)", html).group(1))
    pages = int(re.search(r"Страница 1 из (\d+)", html).group(1))
    calls_before = emulator.stats.operations
    started = time.monotonic()
    for number in range(2, pages + 1):
        assert web.get("/documents/", {**query, "page": number}).status_code == 200
    paging = time.monotonic() - started
    return {
        "first": first,
        "documents": count,
        "pages": pages,
        "paging": paging,
        "paging_calls": emulator.stats.operations - calls_before,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    client_org = client_create(inn=INN, name="ООО «Профкерамика»", email="buh@example.com", password="bench-pass-123")
    emulator = start_emulator(username=settings.ONEC_USERNAME, password=settings.ONEC_PASSWORD)
    settings.ONEC_WSDL_URL = emulator.wsdl_url
    reset_onec_clients()
    for doc_id in [d.id for d in emulator.ledger.documents.values() if d.inn == INN]:
        del emulator.ledger.documents[doc_id]
    half = args.documents // 2
    emulator.add_bulk_documents(INN, half, 1, kind="Invoice")
    emulator.add_bulk_documents(INN, args.documents - half, 1, kind="Closing")
    today = emulator.ledger.today
    period = (today - timedelta(days=max(half, args.documents - half)), today)
    get_onec_client().ping()  # the WSDL is read once per process, not on a client's first page
    emulator.set_latency(args.latency_ms)
    web = WebClient()
    web.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    try:
        floors = [run_floor(emulator, period) for _ in range(args.repeat)]
        runs = [run_portal(web, emulator, period) for _ in range(args.repeat)]
    finally:
        emulator.stop()
    floor, first = median(floors), median(r["first"] for r in runs)
    last = runs[-1]
    print(f"ONEC_EMULATOR_LATENCY_MS={args.latency_ms}, period {period[0]:%d.%m.%Y}–{period[1]:%d.%m.%Y}, "
          f"medians of {args.repeat}")  # fmt: skip
    print(f"{'docs':>5} {'floor, s':>9} {'first page, s':>14} {'ratio':>6} {'pages':>6} {'every page, s':>14} "
          f"{'1C calls while paging':>22}")  # fmt: skip
    print(f"{last['documents']:>5} {floor:>9.3f} {first:>14.3f} {first / floor:>5.2f}× {last['pages']:>6} "
          f"{last['paging']:>14.3f} {max(r['paging_calls'] for r in runs):>22}")  # fmt: skip


if __name__ == "__main__":
    main()

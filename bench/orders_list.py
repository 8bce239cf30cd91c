"""Benchmark: «Заказы» — the list's first page and an order's page with 1C answering in 200 ms a
call, each next to its bare floor.

Run: .venv/bin/python bench/orders_list.py [--latency-ms 200] [--repeat 5]

It builds a throwaway SQLite database, starts the 1C emulator (contract 1.2, its demo orders) in
this process with ONEC_EMULATOR_LATENCY_MS set to --latency-ms, and asks the pages as a logged-in
client through Django's test client, the caches empty and the SOAP client already built (its
WSDL read), as on a running server:
- the list (/orders/, its default period): the floor is the one ListOrders call with nothing but
  zeep; the goal is 1.5× that;
- an open order's page: the floor is the calls it needs with nothing but zeep, made as the page
  makes them (GetOrder, then the shipments and the three kinds of the register in parallel).
"""

import argparse
import os
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
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
from django.urls import reverse  # noqa: E402

from apps.clients.services import client_create  # noqa: E402
from apps.onec.backend import get_onec_client, reset_onec_clients  # noqa: E402
from apps.onec.emulator.server import start_emulator  # noqa: E402
from apps.orders.selectors import default_order_period  # noqa: E402

INN = "5036012344"


def zeep_service(emulator):
    session = requests.Session()
    session.auth = (settings.ONEC_USERNAME, settings.ONEC_PASSWORD)
    client = zeep.Client(emulator.wsdl_url, transport=zeep.Transport(session=session))
    return client.bind("ClientPortal", "ClientPortalSoap")


def floor_list(service, period) -> float:
    started = time.monotonic()
    found = service.ListOrders(INN=INN, DateFrom=period[0], DateTo=period[1])
    elapsed = time.monotonic() - started
    assert found, "the demo client has orders"
    return elapsed


def floor_order(service, order_id: str, period) -> float:
    started = time.monotonic()
    service.GetOrder(INN=INN, Id=order_id)
    calls = [lambda: service.ListShipments(INN=INN, DateFrom=period[0], DateTo=period[1])] + [
        (lambda kind=kind: service.ListDocuments(INN=INN, Kind=kind, DateFrom=period[0], DateTo=period[1]))
        for kind in ("Invoice", "Closing", "Certificate")
    ]
    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        list(pool.map(lambda call: call(), calls))
    return time.monotonic() - started


def timed_page(web: WebClient, url: str, expect: str) -> float:
    cache.clear()
    started = time.monotonic()
    response = web.get(url)
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and expect in response.content.decode(), response.content[:500]
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    client_org = client_create(inn=INN, name="ООО «Профкерамика»", email="buh@example.com", password="bench-pass-123")
    emulator = start_emulator(username=settings.ONEC_USERNAME, password=settings.ONEC_PASSWORD)
    settings.ONEC_WSDL_URL = emulator.wsdl_url
    reset_onec_clients()
    get_onec_client().ping()  # the WSDL is read once per process, not on a client's first page
    service = zeep_service(emulator)
    period = default_order_period(emulator.ledger.today)
    orders = service.ListOrders(INN=INN, DateFrom=period[0], DateTo=period[1])
    order = next(o for o in orders if o.Status == "PartlyShipped")
    order_period = (order.Date, emulator.ledger.today)
    emulator.set_latency(args.latency_ms)
    web = WebClient()
    web.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    order_url = reverse("cabinet:order_detail", args=[order.Id])
    try:
        floors = [floor_list(service, period) for _ in range(args.repeat)]
        pages = [timed_page(web, reverse("cabinet:orders"), order.Number) for _ in range(args.repeat)]
        order_floors = [floor_order(service, order.Id, order_period) for _ in range(args.repeat)]
        order_pages = [timed_page(web, order_url, order.Number) for _ in range(args.repeat)]
    finally:
        emulator.stop()
    print(f"ONEC_EMULATOR_LATENCY_MS={args.latency_ms}, {len(orders)} orders, medians of {args.repeat}")
    print(f"{'page':<28} {'floor, s':>9} {'portal, s':>10} {'ratio':>6}")
    for name, floor, portal in (
        ("orders list (goal ≤ 1.5×)", median(floors), median(pages)),
        ("an order's page", median(order_floors), median(order_pages)),
    ):
        print(f"{name:<28} {floor:>9.3f} {portal:>10.3f} {portal / floor:>5.2f}×")


if __name__ == "__main__":
    main()

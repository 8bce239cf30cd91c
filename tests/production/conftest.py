"""Shared parts of the production tests: a mail catcher, the 1C emulator's address, a client of
the emulator's with a period that holds its invoices, and the pieces of a deployment."""

from dataclasses import dataclass

import pytest

from tests.deployment import Deployment
from tests.mailbox import Inbox
from tests.servers import PostgresServer, RedisServer

INN = "5036012344"  # in the emulator's demo data (fixtures/demo.json)
PASSWORD = "Shamot-Ogneupor-2026"
EMAIL = "buh@profkeramika.example"

pytestmark = pytest.mark.integration


@pytest.fixture
def inbox():
    with Inbox.running() as inbox:
        yield inbox


@dataclass(frozen=True)
class Period:
    date_from: str
    date_to: str
    invoices: int


@pytest.fixture
def period(onec_emulator_server) -> Period:
    """The month of the client's newest invoice, as the emulator holds it (never "this month",
    which is empty on the 1st)."""
    ledger = onec_emulator_server.ledger
    invoices = [d for d in ledger.documents.values() if d.inn == INN and d.kind == "Invoice" and d.date <= ledger.today]
    newest = max(d.date for d in invoices)
    first = newest.replace(day=1)
    count = sum(1 for d in invoices if first <= d.date <= ledger.today)
    return Period(first.isoformat(), ledger.today.isoformat(), count)


@pytest.fixture
def servers(tmp_path):
    """A PostgreSQL cluster and a Redis of this test's own."""
    with PostgresServer(tmp_path / "pg") as pg, RedisServer(tmp_path / "redis") as redis:
        yield pg, redis


@pytest.fixture
def deployment(tmp_path, servers, onec_emulator_server, inbox):
    pg, redis = servers
    onec_emulator_server.reset()
    deployment = Deployment(root=tmp_path / "deploy", database_url=pg.url, redis_url=redis.url,
                            wsdl_url=onec_emulator_server.wsdl_url, smtp_port=inbox.port)  # fmt: skip
    deployment.migrate()
    deployment.client_create(inn=INN, name="ООО «Профкерамика»", email=EMAIL, password=PASSWORD)
    yield deployment
    deployment.stop()

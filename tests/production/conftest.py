"""Shared parts of the production tests: a mail catcher, the 1C emulator's address, a client of
the emulator's with a period that holds its invoices, and the pieces of a deployment."""

from dataclasses import dataclass
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from tests.deployment import Deployment
from tests.servers import PostgresServer, RedisServer
from tests.utils import free_port

INN = "5036012344"  # in the emulator's demo data (fixtures/demo.json)
PASSWORD = "Shamot-Ogneupor-2026"
EMAIL = "buh@profkeramika.example"

pytestmark = pytest.mark.integration


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture
def inbox():
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


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

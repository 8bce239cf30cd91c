"""Redis goes away for a full minute under a running deployment (gunicorn, both worker
clusters, PostgreSQL, the 1C emulator), then comes back empty, as a restart leaves it.

Pages keep answering meanwhile — the cache and the sessions' read-through cache answer from the
database — a new login works, and an archive requested during the outage is not lost: the
database carries it, and once Redis is back the watchdog queues it and the client gets exactly
one e-mail. The Redis and the PostgreSQL are the test's own; the machine's are never touched.
"""

import time

import psycopg
import pytest

from tests.deployment import Visitor, wait_for
from tests.production.conftest import EMAIL, INN, PASSWORD

pytestmark = [pytest.mark.integration]
OUTAGE_SECONDS = 60


def _status(pg_url: str, request_id: int) -> str:
    with psycopg.connect(pg_url) as connection:
        row = connection.execute("SELECT status FROM documents_documentrequest WHERE id = %s", [request_id]).fetchone()
    return row[0] if row else ""


def test_a_minute_without_redis_loses_no_page_and_no_request(deployment, servers, period, inbox):
    pg, redis = servers
    web = deployment.web("a")
    deployment.workers("a")
    visitor = Visitor(web)
    visitor.log_in(INN, PASSWORD)
    assert "Здравствуйте, ООО «Профкерамика»!" in visitor.get("/").text

    redis.stop()
    started = time.monotonic()
    request_id = visitor.request_archive(kind="invoices", email=EMAIL, date_from=period.date_from,
                                         date_to=period.date_to)  # fmt: skip
    assert "Обработка" in visitor.get(f"/documents/requests/{request_id}/").text
    newcomer = Visitor(web)
    newcomer.log_in(INN, PASSWORD)  # allauth's limits count in the database meanwhile
    while time.monotonic() - started < OUTAGE_SECONDS:
        home = visitor.get("/")
        assert home.status_code == 200 and "Здравствуйте, ООО «Профкерамика»!" in home.text, deployment.logs()
        time.sleep(5)
    assert _status(pg.url, request_id) == "queued"  # waiting, not failed, not lost
    assert inbox.to(EMAIL) == []

    redis.start()  # empty, as a restart without persistence leaves it
    wait_for(lambda: _status(pg.url, request_id) == "sent", "the archive once Redis is back", timeout=240,
             explain=deployment.logs)  # fmt: skip
    wait_for(lambda: inbox.to(EMAIL), "the archive's e-mail")
    time.sleep(2)  # a second e-mail would come right after the first
    [letter] = inbox.to(EMAIL)
    assert any(part.get_filename() for part in letter.iter_attachments())
    assert "Здравствуйте, ООО «Профкерамика»!" in visitor.get("/").text  # the same session lives on

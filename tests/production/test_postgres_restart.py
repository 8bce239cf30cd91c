"""PostgreSQL restarts under a running deployment (its own cluster, tests/servers.py): the next
page answers — no worker serves a client a connection the restart broke — and queued work goes
on to its one e-mail. Both a clean restart and a crash (SIGKILL, then crash recovery)."""

import psycopg
import pytest

from tests.deployment import Visitor, wait_for
from tests.production.conftest import EMAIL, INN, PASSWORD

pytestmark = [pytest.mark.integration]
GREETING = "Здравствуйте, ООО «Профкерамика»!"


def _status(pg_url: str, request_id: int) -> str:
    with psycopg.connect(pg_url) as connection:
        row = connection.execute("SELECT status FROM documents_documentrequest WHERE id = %s", [request_id]).fetchone()
    return row[0] if row else ""


@pytest.mark.parametrize("crash", [False, True], ids=["restart", "crash"])
def test_after_a_postgres_restart_the_next_pages_answer_and_queued_work_goes_on(
    deployment, servers, period, inbox, crash
):
    pg, _redis = servers
    web = deployment.web("a", workers=2)
    deployment.workers("a")
    visitor = Visitor(web)
    visitor.log_in(INN, PASSWORD)
    for _ in range(6):  # every gunicorn worker holds an open connection now
        assert GREETING in visitor.get("/").text

    request_id = visitor.request_archive(kind="invoices", email=EMAIL, date_from=period.date_from,
                                         date_to=period.date_to)  # fmt: skip
    pg.stop(crash=crash)
    pg.start()

    pages = [visitor.get("/") for _ in range(6)]
    assert [page.status_code for page in pages] == [200] * 6, deployment.logs()
    assert all(GREETING in page.text for page in pages)
    wait_for(lambda: _status(pg.url, request_id) == "sent", "the archive queued before the restart",
             timeout=240, explain=deployment.logs)  # fmt: skip
    wait_for(lambda: inbox.to(EMAIL), "its e-mail")
    assert len(inbox.to(EMAIL)) == 1

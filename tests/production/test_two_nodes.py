"""Two web nodes and a worker host with no shared disk: each in a working folder of its own,
over one PostgreSQL, one Redis and one S3 bucket (all the test's own). An archive requested on
node A is built by the worker host and downloaded through node B, byte for byte what the
e-mail carried and what the bucket holds; no node keeps a private file on its disk."""

import hashlib

import psycopg
import pytest

from tests.deployment import Deployment, Visitor, wait_for
from tests.production.conftest import EMAIL, INN, PASSWORD
from tests.servers import S3Server

pytestmark = [pytest.mark.integration]
BUCKET = "portal-private"


def _archive(pg_url: str, request_id: int):
    with psycopg.connect(pg_url) as connection:
        return connection.execute(
            "SELECT status, archive_path FROM documents_documentrequest WHERE id = %s", [request_id]
        ).fetchone()


@pytest.fixture
def bucket_deployment(tmp_path, servers, onec_emulator_server, inbox):
    pg, redis = servers
    with S3Server(tmp_path / "s3") as s3:
        s3.create_bucket(BUCKET)
        deployment = Deployment(root=tmp_path / "deploy", database_url=pg.url, redis_url=redis.url,
                                wsdl_url=onec_emulator_server.wsdl_url, smtp_port=inbox.port,
                                extra=s3.environ(BUCKET))  # fmt: skip
        deployment.migrate()
        deployment.client_create(inn=INN, name="ООО «Профкерамика»", email=EMAIL, password=PASSWORD)
        yield deployment, s3
        deployment.stop()


def test_an_archive_requested_on_node_a_downloads_through_node_b(bucket_deployment, servers, period, inbox):
    deployment, s3 = bucket_deployment
    pg, _redis = servers
    node_a, node_b = deployment.web("node-a"), deployment.web("node-b")
    deployment.workers("worker-host")
    visitor = Visitor(node_a)
    visitor.log_in(INN, PASSWORD)
    request_id = visitor.request_archive(kind="invoices", email=EMAIL, date_from=period.date_from,
                                         date_to=period.date_to)  # fmt: skip
    wait_for(lambda: _archive(pg.url, request_id)[0] == "sent", "the archive", timeout=180, explain=deployment.logs)
    wait_for(lambda: inbox.to(EMAIL), "the e-mail")

    download = visitor.on(node_b).get(f"/documents/requests/{request_id}/archive/")  # the balancer chose B
    assert download.status_code == 200, deployment.logs()
    [attachment] = [part.get_content() for part in inbox.to(EMAIL)[0].iter_attachments()]
    stored = s3.client().get_object(Bucket=BUCKET, Key=_archive(pg.url, request_id)[1])["Body"].read()
    assert hashlib.sha256(download.content).digest() == hashlib.sha256(attachment).digest()
    assert download.content == stored and download.content.startswith(b"PK")

    for node in ("node-a", "node-b", "worker-host"):  # nothing at all in a node's working folder
        leftovers = [p for p in (deployment.root / node).rglob("*") if p.is_file()]
        assert leftovers == [], f"{node} kept files on its disk: {leftovers}"

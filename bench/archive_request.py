"""Benchmark: one archive request of 200 documents × 200 KB, from «Запросить» to SMTP accepting
the e-mail, with the 1C emulator answering at 0 and at 100 ms per call.

Run: .venv/bin/python bench/archive_request.py [--documents 200] [--size-kb 200] [--latency-ms 0 100]

It builds a throwaway SQLite database, starts the emulator and an SMTP server in this process and
a real django-q2 worker (`manage.py qcluster`, one worker) as a child process, then submits the
request through the cabinet's form as a logged-in client. The worker's peak memory is the
highest VmHWM among the worker's processes. The sequential floor is documents × latency: what
fetching one file at a time would cost in waiting alone.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

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

from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client as WebClient  # noqa: E402

from apps.clients.services import client_create  # noqa: E402
from apps.documents.models import DocumentRequest  # noqa: E402
from apps.mail.models import OutgoingEmail  # noqa: E402
from apps.onec.emulator.server import start_emulator  # noqa: E402

INN = "5036012344"


class Sink:
    def __init__(self):
        self.accepted_at = None
        self.size = 0

    async def handle_DATA(self, server, session, envelope):
        self.size = len(envelope.original_content)
        self.accepted_at = time.monotonic()
        return "250 OK"


def peak_memory_kb(root_pid: int) -> int:
    """The highest VmHWM (peak resident memory) among a process and its descendants."""
    pids = subprocess.run(["ps", "-o", "pid=", "--ppid", str(root_pid)], capture_output=True, text=True).stdout.split()
    peak = 0
    for pid in [str(root_pid), *pids]:
        for child in [
            pid,
            *subprocess.run(["ps", "-o", "pid=", "--ppid", pid], capture_output=True, text=True).stdout.split(),
        ]:
            try:
                for line in Path(f"/proc/{child}/status").read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak = max(peak, int(line.split()[1]))
            except FileNotFoundError:
                pass
    return peak


def run_once(emulator, documents: int, latency_ms: int, smtp_port: int, sink: Sink) -> dict:
    DocumentRequest.objects.all().delete()
    OutgoingEmail.objects.all().delete()
    emulator.set_latency(latency_ms)
    env = {
        **os.environ,
        "ONEC_WSDL_URL": emulator.wsdl_url,
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_HOST": "127.0.0.1",
        "Q_WORKERS": "1",
        "PRIVATE_STORAGE_DIR": str(WORK / "private"),
    }
    worker = subprocess.Popen([sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        time.sleep(3)  # let the cluster start, so its start-up is not timed
        web = WebClient()
        web.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
        sink.accepted_at = None
        today = emulator.ledger.today
        started = time.monotonic()
        response = web.post(
            "/documents/closing/",
            {"date_from": str(today - timedelta(days=300)), "date_to": str(today), "email": "bench@example.com"},
        )
        assert response.status_code == 302, response.content[:500]
        deadline = started + 600
        while sink.accepted_at is None and time.monotonic() < deadline:
            time.sleep(0.02)
        elapsed = sink.accepted_at - started
        request = DocumentRequest.objects.get()
        peak = peak_memory_kb(worker.pid)
    finally:
        os.killpg(worker.pid, 9)
        worker.wait()
    return {
        "latency_ms": latency_ms,
        "documents": request.documents_fetched,
        "seconds": elapsed,
        "floor": documents * latency_ms / 1000,
        "peak_mb": peak / 1024,
        "archive_mb": request.archive_size / 1024 / 1024,
        "message_mb": sink.size / 1024 / 1024,
    }


def main() -> None:
    global client_org
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--size-kb", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, nargs="+", default=[0, 100])
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    client_org = client_create(inn=INN, name="ООО «Профкерамика»", email="buh@example.com", password="bench-pass-123")
    emulator = start_emulator(username=settings.ONEC_USERNAME, password=settings.ONEC_PASSWORD)
    # Only the bulk documents: the demo history is emptied for this client.
    for doc_id in [d.id for d in emulator.ledger.documents.values() if d.inn == INN]:
        del emulator.ledger.documents[doc_id]
    bulk = emulator.add_bulk_documents(INN, args.documents, args.size_kb, kind="Closing")
    for doc in bulk:  # render the PDFs now, so 1C's own rendering time is not measured
        emulator.ledger.file(doc)
    sink = Sink()
    smtp = Controller(sink, hostname="127.0.0.1", port=0 or _free_port())
    smtp.start()
    try:
        print(f"{args.documents} documents × {args.size_kb} KB, ONEC_MAX_CONNECTIONS={settings.ONEC_MAX_CONNECTIONS}")
        print(
            f"{'latency':>9} {'docs':>5} {'to SMTP, s':>11} {'sequential floor, s':>20} {'worker peak, MB':>16} {'archive, MB':>12}"
        )
        for latency in args.latency_ms:
            r = run_once(emulator, args.documents, latency, smtp.port, sink)
            print(f"{r['latency_ms']:>7}ms {r['documents']:>5} {r['seconds']:>11.2f} {r['floor']:>20.2f} "
                  f"{r['peak_mb']:>16.1f} {r['archive_mb']:>12.1f}")  # fmt: skip
    finally:
        smtp.stop()
        emulator.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


if __name__ == "__main__":
    main()

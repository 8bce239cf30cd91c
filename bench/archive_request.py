"""Benchmark: one archive request of 200 documents × 200 KB, from «Запросить» to SMTP accepting
the e-mail, with the 1C emulator answering at 0 and at 100 ms per call, next to its bare floor.

Run: .venv/bin/python bench/archive_request.py [--documents 200] [--size-kb 200] [--latency-ms 0 100]
     [--repeat 3]

It builds a throwaway SQLite database, starts the emulator and an SMTP server in this process and
a real django-q2 worker (`manage.py qcluster`, one worker) as a child process, then submits the
request through the cabinet's form as a logged-in client, `--repeat` times on the same worker:
the first request after the worker starts ("first", which also pays for the worker's lazy imports
and reading 1C's WSDL) and the following ones ("next", the steady state; their median). The
worker's peak memory is the highest VmHWM among the worker's processes.

The bare floor runs in the same process against the same emulator and SMTP server, `--repeat`
times (the median is shown): a zeep client (its WSDL read each time) with ONEC_MAX_CONNECTIONS
calls in flight (threads), zipfile writing the PDFs stored to a temporary file and smtplib
sending the e-mail (the archive attached up to EMAIL_MAX_ATTACHMENT_MB, a link-sized e-mail
above it), timed from the start to SMTP accepting. That is what the work costs with no web
request, queue, database, outbox or storage; the ratios are the portal's times over it.
"""

import argparse
import os
import smtplib
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from email.message import EmailMessage
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
from aiosmtpd.controller import Controller  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client as WebClient  # noqa: E402

from apps.clients.services import client_create  # noqa: E402
from apps.documents.models import DocumentRequest  # noqa: E402
from apps.mail.models import OutgoingEmail  # noqa: E402
from apps.onec.emulator.server import start_emulator  # noqa: E402

INN = "5036012344"
# The organisation's own address: an archive to another address also e-mails the owner a notice,
# and the clock must stop at the archive's e-mail, not at that one.
EMAIL = "buh@example.com"


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


def run_portal(emulator, latency_ms: int, smtp_port: int, sink: Sink, repeat: int) -> dict:
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
        seconds = [_request_once(web, emulator, sink) for _ in range(repeat)]
        peak = peak_memory_kb(worker.pid)
    finally:
        os.killpg(worker.pid, 9)
        worker.wait()
    request = DocumentRequest.objects.latest("id")
    return {
        "documents": request.documents_fetched,
        "first": seconds[0],
        "next": median(seconds[1:]) if repeat > 1 else None,
        "peak_mb": peak / 1024,
        "archive_mb": request.archive_size / 1024 / 1024,
    }


def _request_once(web: WebClient, emulator, sink: Sink) -> float:
    sink.accepted_at = None
    today = emulator.ledger.today
    started = time.monotonic()
    response = web.post(
        "/documents/closing/", {"date_from": str(today - timedelta(days=300)), "date_to": str(today), "email": EMAIL}
    )
    assert response.status_code == 302, response.content[:500]
    deadline = started + 600
    while sink.accepted_at is None and time.monotonic() < deadline:
        time.sleep(0.02)
    elapsed = sink.accepted_at - started
    time.sleep(1)  # the worker finishes the task (its audit entries) before the next request
    return elapsed


def run_floor(emulator, latency_ms: int, smtp_port: int, sink: Sink) -> dict:
    """The same documents with nothing but zeep, threads, zipfile and smtplib."""
    emulator.set_latency(latency_ms)
    sink.accepted_at = None
    parallel = settings.ONEC_MAX_CONNECTIONS
    today = emulator.ledger.today
    started = time.monotonic()
    session = requests.Session()
    session.auth = (settings.ONEC_USERNAME, settings.ONEC_PASSWORD)
    session.mount("http://", requests.adapters.HTTPAdapter(pool_maxsize=parallel))
    client = zeep.Client(emulator.wsdl_url, transport=zeep.Transport(session=session),
                         settings=zeep.Settings(xml_huge_tree=True))  # fmt: skip
    service = client.bind("ClientPortal", "ClientPortalSoap")
    documents = service.ListDocuments(INN=INN, Kind="Closing", DateFrom=today - timedelta(days=300), DateTo=today)
    with tempfile.TemporaryFile() as file:
        with (
            ThreadPoolExecutor(max_workers=parallel) as pool,
            zipfile.ZipFile(file, "w", zipfile.ZIP_STORED) as archive,
        ):
            fetched = pool.map(lambda doc: service.GetDocumentFile(INN=INN, Id=doc.Id), documents)
            for doc, answer in zip(documents, fetched, strict=True):
                archive.writestr(f"{doc.Date} {doc.Type} {doc.Number}.pdf", answer.Data)
        size = file.tell()
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = "portal@example.com", EMAIL, "Отчет"
        if size <= settings.EMAIL_MAX_ATTACHMENT_MB * 1024 * 1024:
            message.set_content("Запрошенный вами отчет в прикрепленном архиве.")
            file.seek(0)
            message.add_attachment(file.read(), maintype="application", subtype="zip", filename="archive.zip")
        else:
            message.set_content(f"Архив по ссылке: {settings.PORTAL_BASE_URL}/documents/requests/1/archive/")
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as smtp:
            smtp.send_message(message)
    return {"seconds": sink.accepted_at - started, "documents": len(documents), "archive_mb": size / 1024 / 1024}


def main() -> None:
    global client_org
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--size-kb", type=int, default=200)
    parser.add_argument("--latency-ms", type=int, nargs="+", default=[0, 100])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    client_org = client_create(inn=INN, name="ООО «Профкерамика»", email=EMAIL, password="bench-pass-123")
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
        print(f"{args.documents} documents × {args.size_kb} KB, ONEC_MAX_CONNECTIONS={settings.ONEC_MAX_CONNECTIONS}, "
              f"EMAIL_MAX_ATTACHMENT_MB={settings.EMAIL_MAX_ATTACHMENT_MB}, medians of {args.repeat}")  # fmt: skip
        print(
            f"{'latency':>9} {'docs':>5} {'floor, s':>9} {'portal first, s':>16} {'ratio':>6} {'portal next, s':>15} "
            f"{'ratio':>6} {'worker peak, MB':>16} {'archive, MB':>12} {'floor archive, MB':>18}"
        )
        for latency in args.latency_ms:
            floors = [run_floor(emulator, latency, smtp.port, sink) for _ in range(args.repeat)]
            floor = median(f["seconds"] for f in floors)
            r = run_portal(emulator, latency, smtp.port, sink, args.repeat)
            assert floors[0]["documents"] == r["documents"], (floors[0]["documents"], r["documents"])
            after = f"{r['next']:>15.2f} {r['next'] / floor:>5.2f}×" if r["next"] else f"{'—':>15} {'':>6}"
            print(f"{latency:>7}ms {r['documents']:>5} {floor:>9.2f} {r['first']:>16.2f} {r['first'] / floor:>5.2f}× "
                  f"{after} {r['peak_mb']:>16.1f} {r['archive_mb']:>12.1f} {floors[0]['archive_mb']:>18.1f}")  # fmt: skip
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

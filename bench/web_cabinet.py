"""Benchmark: the logged-in cabinet under load, beside a bare Django floor, in the same run.

Run: .venv/bin/python bench/web_cabinet.py [--seconds 10] [--connections 16] [--database-url URL --redis-url URL]
                                          [--acts-questions 5]

Both sides are served by gunicorn with 2 workers under production-like settings (DEBUG off) and
loaded by wrk (apt-get install wrk) with a logged-in session cookie (the portal's also with the
CSRF cookie a browser holds once it has seen a form; the floor's view has none to make):
- the floor: bench/bare_floor.py, Django's default settings and middleware, database sessions,
  a login-required view returning HttpResponse;
- the portal: the cabinet's home page, the request form, the history and the status fragment
  that htmx polls, for a client with 20 requests in its history.
Absolute numbers drift with the machine's load; the ratio to the floor is what to compare.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
PORTAL_PAGES = [
    ("home", "/", {}),
    ("request form", "/documents/invoices/", {}),
    ("status fragment (htmx)", "/documents/requests/{request_id}/", {"HX-Request": "true"}),
]
PORTAL_SETUP = """
from datetime import date, timedelta
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from apps.clients.services import client_create
from apps.documents.models import DocumentKind, DocumentRequest

client = client_create(inn="5036012344", name="ООО «Профкерамика»", email="buh@example.com", password="bench-pass-123")
start = date(2026, 1, 1)
for n in range(20):
    last = DocumentRequest.objects.create(
        client=client, kind=[DocumentKind.INVOICE, DocumentKind.CLOSING][n % 2], date_from=start,
        date_to=start + timedelta(days=30), email=client.email, status=DocumentRequest.Status.SENT,
        documents_total=12, documents_fetched=12, finished_at=timezone.now())
from apps.questions.models import Question
from apps.reconciliation.models import ReconciliationAct
for n in range(EXTRA):  # --acts-questions: the home page's two other lists, as a client who uses them sees it
    ReconciliationAct.objects.create(client=client, date_from=start, date_to=start + timedelta(days=90), email=client.email,
        status="sent", client_answer=["confirmed", ""][n % 2])
    Question.objects.create(client=client, name="Анна", email=client.email, text=f"Вопрос {n} о поставке огнеупоров",
        status=["answered", "new"][n % 2], answer="Отгрузка завтра." if n % 2 == 0 else "")
session = SessionStore()
session[SESSION_KEY] = str(client.user.pk)
session[BACKEND_SESSION_KEY] = "apps.clients.backends.ClientAuthenticationBackend"
session[HASH_SESSION_KEY] = client.user.get_session_auth_hash()
session.create()
# A browser that has opened a page holds the CSRF cookie too: it is sent back, not made anew.
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
cookie = f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"
print("SESSION", cookie.replace(" ", ""), last.id)
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(args: list[str], env: dict, cwd: Path = ROOT) -> str:
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout.strip()


def serve(app: str, env: dict, chdir: Path, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), app, "--chdir", str(chdir), "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "--timeout", "60"],
        env=env, cwd=chdir, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.1)
    sys.exit(f"gunicorn {app} did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def load(url: str, headers: dict, seconds: int, connections: int) -> tuple[float, float, int]:
    """Requests a second, p99 latency in ms, and the number of non-2xx answers (must be 0)."""
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    args = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", *header_args]
    out = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)\b", out)
    p99_ms = float(p99.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return rps, p99_ms, int(bad.group(1)) if bad else 0


def warm(url: str, headers: dict) -> None:
    # Each worker imports lazily and compiles templates on its first requests.
    header_args = [arg for name, value in headers.items() for arg in ("-H", f"{name}: {value}")]
    subprocess.run(["wrk", "-t1", "-c4", "-d2s", *header_args, url], capture_output=True, check=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", default="", help="PostgreSQL for both sides (default: SQLite)")
    parser.add_argument("--redis-url", default="", help="the portal's cache and broker (default: none)")
    parser.add_argument("--acts-questions", type=int, default=0, help="acts and questions on the home page too")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    work = Path(tempfile.mkdtemp(prefix="portal-web-bench-"))
    portal_db = args.database_url or f"sqlite:///{work / 'portal.sqlite3'}"
    floor_db = args.database_url.rsplit("/", 1)[0] + "/bench_floor" if args.database_url else ""
    if args.database_url:  # fresh databases on each run
        for url in (portal_db, floor_db):
            name = url.rsplit("/", 1)[1]
            subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
            subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DEBUG"))}
    portal_env = {
        **base_env,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "PORTAL_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "VAR_DIR": str(work),
        "DATABASE_URL": portal_db,
        "REDIS_URL": args.redis_url,
        "ONEC_BACKEND": "fake",
        "ONEC_PASSWORD": "bench",
        "LOG_LEVEL": "WARNING",
        # The repo's gunicorn.conf.py, as deployed, but without the access log the floor lacks.
        "GUNICORN_ACCESS_LOG": "",
    }
    floor_env = {**base_env, "BARE_FLOOR_DIR": str(work), "BARE_FLOOR_DATABASE_URL": floor_db}

    python = sys.executable
    run([python, "manage.py", "migrate", "--no-input", "-v", "0"], portal_env)
    run([python, "manage.py", "createcachetable"], portal_env)
    run([python, "manage.py", "collectstatic", "--no-input", "-v", "0"], portal_env)
    run([python, "manage.py", "compilemessages", "--ignore=.venv", "-v", "0"], {**portal_env, "DEBUG": "1"})
    setup = PORTAL_SETUP.replace("EXTRA", str(args.acts_questions))
    out = run([python, "manage.py", "shell", "-c", setup], portal_env)
    portal_cookie, request_id = out.rsplit("SESSION", 1)[1].split()
    floor_session = run([python, "bench/bare_floor.py", "setup"], floor_env)

    rows = []
    port = free_port()
    server = serve("bare_floor:application", floor_env, ROOT / "bench", port)
    try:
        headers = {"Cookie": f"sessionid={floor_session}"}
        warm(f"http://127.0.0.1:{port}/", headers)
        floor = load(f"http://127.0.0.1:{port}/", headers, args.seconds, args.connections)
    finally:
        stop(server)
    port = free_port()
    server = serve("project.wsgi:application", portal_env, ROOT, port)
    try:
        for name, path, extra in PORTAL_PAGES:
            url = f"http://127.0.0.1:{port}{path.format(request_id=request_id)}"
            headers = {"Cookie": portal_cookie.replace(";", "; "), **extra}
            warm(url, headers)
            rows.append((name, *load(url, headers, args.seconds, args.connections)))
    finally:
        stop(server)
        shutil.rmtree(work, ignore_errors=True)

    database = "PostgreSQL" if args.database_url else "SQLite"
    cache = "Redis" if args.redis_url else "database cache"
    extra = f", {args.acts_questions} acts and questions" if args.acts_questions else ""
    print(f"gunicorn 2 workers, wrk {args.connections} connections × {args.seconds} s; {database}, {cache}{extra}")
    print(f"{'page':<26} {'req/s':>8} {'p99, ms':>8} {'× floor':>8} {'errors':>7}")
    print(f"{'bare Django floor':<26} {floor[0]:>8.0f} {floor[1]:>8.1f} {1:>8.2f} {floor[2]:>7}")
    for name, rps, p99, bad in rows:
        print(f"{name:<26} {rps:>8.0f} {p99:>8.1f} {rps / floor[0]:>8.2f} {bad:>7}")


if __name__ == "__main__":
    main()

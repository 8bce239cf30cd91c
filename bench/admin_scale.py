"""Benchmark: the staff admin's lists at 10,000 clients and 100,000 document requests.

Run: .venv/bin/python bench/admin_scale.py [--clients 10000] [--requests 100000] [--repeat 5]
                                            [--database-url postgres://postgres@127.0.0.1:5432/portal_bench_admin]
                                            [--show-queries]

Builds a throwaway database (SQLite in a temporary folder, or the PostgreSQL database named in
--database-url, dropped and created afresh with dropdb/createdb), fills it with bulk_create, logs
a superuser in with django.test.Client and times every list staff open at scale: its first page,
a search, a filter and a deep page (median of --repeat runs, production settings, DEBUG off).
Beside each model, in the same run and through the same middleware, a bare floor: a plain view
that fetches the first 100 rows with select_related and renders them into a table. The ratio to
the floor is the admin's own cost; the budget is 300 ms a page.
"""

import argparse
import os
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BUDGET_MS = 300


def _args() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database-url", default="", help="PostgreSQL, dropped and created afresh (default: SQLite)")
    parser.add_argument(
        "--show-queries",
        action="store_true",
        help="print each page's queries and their execute times (SQLite does most of its work later, while rows are fetched)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards, to EXPLAIN its queries")
    return parser.parse_args()


ARGS = _args()
WORK = Path(tempfile.mkdtemp(prefix="portal-admin-bench-"))
if ARGS.database_url:
    DB_NAME = ARGS.database_url.rsplit("/", 1)[1]
    subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
os.environ.update(
    {
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver",
        "PORTAL_BASE_URL": "https://testserver",
        "VAR_DIR": str(WORK),
        "DATABASE_URL": ARGS.database_url or f"sqlite:///{WORK / 'bench.sqlite3'}",
        "REDIS_URL": "",
        "ONEC_BACKEND": "fake",
        "LOG_LEVEL": "WARNING",
    }
)

import django  # noqa: E402

django.setup()

from django.contrib import admin  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.exceptions import PermissionDenied  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test import Client as WebClient  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.clients.models import AccessLetter, Client, ClientEmailChange  # noqa: E402
from apps.core.models import AuditEntry  # noqa: E402
from apps.documents.models import DocumentRequest  # noqa: E402
from apps.mail.models import OutgoingEmail  # noqa: E402
from apps.questions.models import Question  # noqa: E402
from apps.reconciliation.models import ReconciliationAct  # noqa: E402
from project import urls as project_urls  # noqa: E402

User = get_user_model()
BATCH = 2_000
WORDS = ["Огнеупор", "Металлург", "Керамика", "Теплоизоляция", "Стройматериалы", "Литейщик", "Сталь", "Энерго"]

# --- the data ---------------------------------------------------------------------------------


def valid_inn(prefix9: str) -> str:
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix9 + str(sum(int(d) * w for d, w in zip(prefix9, weights, strict=True)) % 11 % 10)


def bulk(model, objects) -> list:
    """bulk_create in batches, keeping the given created_at/changed_at (auto_now_add is off meanwhile)."""
    stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    for field in stamped:
        field.auto_now_add = False
    try:
        made = []
        objects = list(objects)
        for start in range(0, len(objects), BATCH):
            made += model.objects.bulk_create(objects[start : start + BATCH])
        return made
    finally:
        for field in stamped:
            field.auto_now_add = True


def ago(n: int, spread_days: int = 730) -> datetime:
    """The n-th row's time: spread over two years, the same in every run."""
    return timezone.now() - timedelta(days=(n * 7919) % spread_days, minutes=n % 1440)


def email(key: str, to: str, n: int, *, sensitive: bool = False) -> OutgoingEmail:
    return OutgoingEmail(
        key=key, message_id=f"<{key}@bench.example>", from_email="portal@example.com", to=to,
        subject="Архив документов" if not sensitive else "Доступ в личный кабинет", body_text="…",
        status=OutgoingEmail.Status.SENT if n % 50 else OutgoingEmail.Status.FAILED, attempts=1,
        sent_at=ago(n), created_at=ago(n), sensitive=sensitive,
    )  # fmt: skip


def make_clients(count: int, staff) -> list[Client]:
    """Organisations with their logins, an access letter each, and an address change for half."""
    users = bulk(User, (User(username=valid_inn(f"77{n:07d}"), password="!", last_login=ago(n)) for n in range(count)))
    orgs = bulk(
        Client,
        (
            Client(user=user, inn=user.username, name=f"ООО «{WORDS[n % len(WORDS)]} {n}»", email=f"buh{n}@c{n}.example",
                   is_active=n % 20 != 0, language="en" if n % 10 == 0 else "ru", created_at=ago(n))
            for n, user in enumerate(users)
        ),
    )  # fmt: skip
    letters = bulk(
        OutgoingEmail, (email(f"clients.access.{n}", o.email, n, sensitive=True) for n, o in enumerate(orgs))
    )
    bulk(
        AccessLetter,
        (
            AccessLetter(client=org, sent_by=staff, email=letter, password_expires_at=ago(n), created_at=ago(n))
            for n, (org, letter) in enumerate(zip(orgs, letters, strict=True))
        ),
    )
    bulk(
        ClientEmailChange,
        (
            ClientEmailChange(client=org, old_email=f"old{n}@example.com", new_email=org.email, changed_by=staff,
                              source="admin", changed_at=ago(n))
            for n, org in enumerate(orgs[: count // 2])
        ),
    )  # fmt: skip
    return orgs


def make_requests(count: int, orgs: list[Client]) -> list[DocumentRequest]:
    """Archive requests round the clients, each with its e-mail and two journal entries."""
    mails = bulk(
        OutgoingEmail, (email(f"documents.request.{n}.sent", orgs[n % len(orgs)].email, n) for n in range(count))
    )
    statuses = ["sent"] * 8 + ["empty", "unavailable"]
    made = bulk(
        DocumentRequest,
        (
            DocumentRequest(
                client=orgs[n % len(orgs)], kind="Invoice" if n % 2 else "Closing", status=statuses[n % len(statuses)],
                date_from=ago(n).date() - timedelta(days=90), date_to=ago(n).date(), email=orgs[n % len(orgs)].email,
                documents_total=n % 40, documents_fetched=n % 40, attempts=1, created_at=ago(n), finished_at=ago(n),
                outgoing_email=mails[n],
            )
            for n in range(count)
        ),
    )  # fmt: skip
    kind = ContentType.objects.get_for_model(DocumentRequest)
    bulk(
        AuditEntry,
        (
            AuditEntry(content_type=kind, object_id=item.id, action=action, data={}, created_at=ago(n))
            for n, item in enumerate(made)
            for action in ("documents.request.created", f"documents.request.{item.status}")
        ),
    )
    return made


def make_acts_and_questions(count: int, orgs: list[Client], staff) -> None:
    """Reconciliation acts (100 waiting for review) and questions (200 unanswered)."""
    bulk(
        ReconciliationAct,
        (
            ReconciliationAct(
                client=orgs[n % len(orgs)], status="in_review" if n < 100 else "sent", email=orgs[n % len(orgs)].email,
                date_from=ago(n).date() - timedelta(days=90), date_to=ago(n).date(), opening_balance=n,
                closing_balance=-n, review_started_at=ago(n), reviewed_by=None if n < 100 else staff,
                reviewed_at=None if n < 100 else ago(n), created_at=ago(n),
            )
            for n in range(count)
        ),
    )  # fmt: skip
    bulk(
        Question,
        (
            Question(
                client=orgs[n % len(orgs)], name=orgs[n % len(orgs)].name, text=f"Вопрос {n} об отгрузке",
                email=orgs[n % len(orgs)].email, status="new" if n < 200 else "answered", answer="Ответ",
                answered_by=None if n < 200 else staff, answered_at=None if n < 200 else ago(n), created_at=ago(n),
            )
            for n in range(count)
        ),
    )  # fmt: skip


@transaction.atomic
def populate(clients: int, requests: int) -> dict:
    staff = User.objects.create_superuser("staff", "admin@example.com", "bench-pass-123")
    # A superuser opens no admin page before two-factor login is set up (issue 13).
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(staff, generate_totp_secret())
    orgs = make_clients(clients, staff)
    made = make_requests(requests, orgs)
    make_acts_and_questions(requests // 5, orgs, staff)
    return {"staff": staff, "client": orgs[clients // 2], "request": made[0]}


# --- the floor --------------------------------------------------------------------------------

FLOORS = {
    "documentrequest": (DocumentRequest, ["client"]),
    "client": (Client, ["user"]),
    "reconciliationact": (ReconciliationAct, ["client", "reviewed_by"]),
    "question": (Question, ["client", "answered_by"]),
    "outgoingemail": (OutgoingEmail, []),
    "auditentry": (AuditEntry, ["content_type", "actor"]),
    "accessletter": (AccessLetter, ["client", "sent_by", "email"]),
    "clientemailchange": (ClientEmailChange, ["client", "changed_by"]),
    "user": (User, []),
}
TABLE = engines["django"].from_string(
    "<!doctype html><title>floor</title><table>{% for row in rows %}<tr>{% for cell in row %}<td>{{ cell }}</td>"
    "{% endfor %}</tr>{% endfor %}</table>"
)


def floor_view(request, name: str) -> HttpResponse:
    """The least a list page can do: the first 100 rows, their related rows, a table."""
    if not request.user.is_staff:
        raise PermissionDenied
    model, related = FLOORS[name]
    ordering = admin.site._registry[model].ordering or model._meta.ordering or ["-pk"]
    rows = model._default_manager.select_related(*related).order_by(*ordering, "-pk")[:100]
    fields = [f.attname for f in model._meta.concrete_fields]
    table = [[str(obj), *(getattr(obj, f) for f in fields), *(getattr(obj, r) for r in related)] for obj in rows]
    return HttpResponse(TABLE.render({"rows": table}, request))


class FloorUrls:
    urlpatterns = [path("floor/<str:name>/", floor_view), *project_urls.urlpatterns]


# --- the timing -------------------------------------------------------------------------------


def pages(ids: dict, requests: int, clients: int) -> list[tuple[str, str, str]]:
    """(floor, label, url): what staff open at scale."""
    inn, client_id = ids["client"].inn, ids["client"].id
    deep, deep_acts = min(500, requests // 100), min(100, requests // 500)
    return [
        ("documentrequest", "requests: first page", "/admin/documents/documentrequest/"),
        ("documentrequest", "requests: search by INN", f"/admin/documents/documentrequest/?q={inn}"),
        ("documentrequest", "requests: filter status", "/admin/documents/documentrequest/?status__exact=unavailable"),
        (
            "documentrequest",
            "requests: filter client",
            f"/admin/documents/documentrequest/?client__id__exact={client_id}",
        ),
        ("documentrequest", f"requests: page {deep}", f"/admin/documents/documentrequest/?p={deep}"),
        ("documentrequest", "request: change page", f"/admin/documents/documentrequest/{ids['request'].id}/change/"),
        ("client", "clients: first page", "/admin/clients/client/"),
        ("client", "clients: search by name", "/admin/clients/client/?q=Керамика"),
        ("client", "clients: filter inactive", "/admin/clients/client/?is_active__exact=0"),
        ("client", "clients: by access sent", "/admin/clients/client/?o=8"),
        ("client", f"clients: page {clients // 100}", f"/admin/clients/client/?p={clients // 100}"),
        ("client", "client: change page", f"/admin/clients/client/{client_id}/change/"),
        ("user", "users: first page", "/admin/auth/user/"),
        ("user", "users: search by INN", f"/admin/auth/user/?q={inn}"),
        ("user", f"users: page {clients // 100}", f"/admin/auth/user/?p={clients // 100}"),
        ("reconciliationact", "acts: first page", "/admin/reconciliation/reconciliationact/"),
        ("reconciliationact", "acts: search by INN", f"/admin/reconciliation/reconciliationact/?q={inn}"),
        ("reconciliationact", "acts: filter status", "/admin/reconciliation/reconciliationact/?status__exact=sent"),
        ("reconciliationact", f"acts: page {deep_acts}", f"/admin/reconciliation/reconciliationact/?p={deep_acts}"),
        ("reconciliationact", "acts: review queue", "/admin/reconciliation/actinreview/"),
        ("question", "questions: first page", "/admin/questions/question/"),
        ("question", "questions: search by INN", f"/admin/questions/question/?q={inn}"),
        ("question", "questions: filter new", "/admin/questions/question/?status__exact=new"),
        ("question", f"questions: page {deep_acts}", f"/admin/questions/question/?p={deep_acts}"),
        ("outgoingemail", "e-mails: first page", "/admin/mail/outgoingemail/"),
        ("outgoingemail", "e-mails: search by address", f"/admin/mail/outgoingemail/?q={ids['client'].email}"),
        ("outgoingemail", "e-mails: filter failed", "/admin/mail/outgoingemail/?status__exact=failed"),
        ("outgoingemail", f"e-mails: page {deep}", f"/admin/mail/outgoingemail/?p={deep}"),
        ("auditentry", "journal: first page", "/admin/core/auditentry/"),
        ("auditentry", "journal: search by id", f"/admin/core/auditentry/?q={ids['request'].id}"),
        ("auditentry", f"journal: page {deep}", f"/admin/core/auditentry/?p={deep}"),
        ("accessletter", "access letters: first page", "/admin/clients/accessletter/"),
        ("accessletter", "access letters: search", f"/admin/clients/accessletter/?q={inn}"),
        ("clientemailchange", "e-mail changes: first page", "/admin/clients/clientemailchange/"),
        ("clientemailchange", "e-mail changes: search", f"/admin/clients/clientemailchange/?q={inn}"),
    ]


def measure(web: WebClient, url: str, repeat: int) -> tuple[float, int, list[dict]]:
    """Median ms over `repeat` runs (after one warm-up), and the queries of one more run."""
    response = web.get(url, secure=True)
    if response.status_code != 200:
        sys.exit(f"{url} answered {response.status_code}")
    runs = []
    for _ in range(repeat):
        started = time.perf_counter()
        web.get(url, secure=True)
        runs.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as queries:
        web.get(url, secure=True)
    return statistics.median(runs), len(queries), list(queries)


def build() -> tuple[dict, float]:
    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("collectstatic", "--no-input", verbosity=0)
    ids = populate(ARGS.clients, ARGS.requests)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:  # what autovacuum does soon after a bulk load
            cursor.execute("ANALYZE")
    return ids, time.perf_counter() - started


def run(ids: dict) -> list[tuple[str, float, int, float]]:
    """(label, median ms, queries, × the model's floor) for every page."""
    web = WebClient()
    web.force_login(ids["staff"])
    floors, rows = {}, []
    with override_settings(ROOT_URLCONF=FloorUrls):
        for floor, label, url in pages(ids, ARGS.requests, ARGS.clients):
            if floor not in floors:
                floors[floor] = measure(web, f"/floor/{floor}/", ARGS.repeat)
                rows.append((f"{floor}: bare floor, 100 rows", *floors[floor][:2], 1.0))
            ms, count, queries = measure(web, url, ARGS.repeat)
            rows.append((label, ms, count, ms / floors[floor][0]))
            if ARGS.show_queries:
                for query in queries:
                    print(f"    {float(query['time']) * 1000:7.1f} ms  {query['sql'][:300]}")
    return rows


def report(rows: list, built: float) -> list[str]:
    database = "PostgreSQL" if connection.vendor == "postgresql" else "SQLite"
    print(f"{database}: {ARGS.clients:,} clients, {ARGS.requests:,} requests (built in {built:.0f} s); "
          f"median of {ARGS.repeat}, DEBUG off, django.test.Client in process")  # fmt: skip
    print(f"{'page':<40} {'ms':>8} {'queries':>8} {'× floor':>8}")
    for label, ms, count, ratio in rows:
        print(f"{label:<40} {ms:>8.1f} {count:>8} {ratio:>8.1f}{'  OVER BUDGET' if ms >= BUDGET_MS else ''}")
    slow = [label for label, ms, *_ in rows if ms >= BUDGET_MS]
    print(f"every page under {BUDGET_MS} ms: {'yes' if not slow else 'no — ' + ', '.join(slow)}")
    return slow


def main() -> None:
    try:
        ids, built = build()
        slow = report(run(ids), built)
    finally:
        connection.close()
        if ARGS.keep:
            print(f"kept: {ARGS.database_url or WORK / 'bench.sqlite3'}")
        else:
            if ARGS.database_url:
                subprocess.run(["dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", DB_NAME], check=True)
            shutil.rmtree(WORK, ignore_errors=True)
    sys.exit(1 if slow else 0)


if __name__ == "__main__":
    main()

"""The admin's lists and pages cost as many queries for 3N rows as for N.

A query per row (a column following a foreign key without list_select_related, a display method
that looks something up, an inline showing a related object) makes the two counts differ. How
long the pages take at 100,000 requests is bench/admin_scale.py's question, not a test's.
"""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client as HttpClient
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.clients.models import AccessLetter, Client, ClientEmailChange
from apps.core.models import AuditEntry
from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail
from apps.questions.models import Question
from apps.reconciliation.models import ReconciliationAct
from tests.factories import make_client

# The lists of this portal's own models: each must stay cheap at 100,000 rows.
OUR_LISTS = [
    f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    for model in admin.site._registry
    if model.__module__.startswith("apps.")
]

pytestmark = pytest.mark.django_db

N = 20
_serial = count(1)


def _email(to: str) -> OutgoingEmail:
    key = f"scale.{next(_serial)}"
    status = OutgoingEmail.Status.SENT
    return OutgoingEmail.objects.create(
        key=key, message_id=f"<{key}@test>", to=to, subject="Тема", body_text="…", status=status,
        sent_at=timezone.now(),
    )  # fmt: skip


def _journal(obj, actor, rows: int) -> None:
    kind = ContentType.objects.get_for_model(obj)
    AuditEntry.objects.bulk_create(
        AuditEntry(content_type=kind, object_id=obj.pk, action="scale.step", actor=actor, data={"n": n})
        for n in range(rows)
    )


def _add_rows(rows: int, *, staff, focus: dict) -> None:
    """`rows` more of everything the admin lists, spread over rows // 4 new clients.

    The objects in `focus` collect the related rows their own pages show (access letters and
    address changes of one client, the journal of one request, act and question), so those
    pages grow with `rows` too.
    """
    clients = [make_client(name=f"ООО «Клиент {next(_serial)}»") for _ in range(rows // 4)]
    focus.setdefault("client", clients[0])
    Group.objects.bulk_create(Group(name=f"группа {next(_serial)}") for _ in range(rows // 4))
    start = date(2026, 1, 1)
    for n in range(rows):
        client = clients[n % len(clients)]
        period = {"date_from": start, "date_to": start + timedelta(days=30)}
        request = DocumentRequest.objects.create(
            client=client, kind="Invoice", email=client.email, status="sent", documents_total=3,
            documents_fetched=3, outgoing_email=_email(client.email), **period,
        )  # fmt: skip
        in_review = n % 2 == 0
        act = ReconciliationAct.objects.create(
            client=client, email=client.email, opening_balance=Decimal("10.00"), closing_balance=Decimal("-5.00"),
            status="in_review" if in_review else "sent", review_started_at=timezone.now(),
            reviewed_by=None if in_review else staff, reviewed_at=None if in_review else timezone.now(),
            outgoing_email=None if in_review else _email(client.email), **period,
        )  # fmt: skip
        answered = n % 2 == 1
        question = Question.objects.create(
            client=client, name=client.name, text="Когда отгрузка?", email=client.email,
            status="answered" if answered else "new", answer="Завтра." if answered else "",
            answered_by=staff if answered else None, outgoing_email=_email(client.email) if answered else None,
        )  # fmt: skip
        for obj in (request, act, question):
            focus.setdefault(type(obj).__name__, obj)
            _journal(obj, staff, 1)
        AccessLetter.objects.create(
            client=focus["client"], sent_by=staff, email=_email(client.email), password_expires_at=timezone.now()
        )
        ClientEmailChange.objects.create(
            client=focus["client"], old_email="old@example.com", new_email=client.email, changed_by=staff,
            source=ClientEmailChange.Source.ADMIN,
        )  # fmt: skip
    for name in ("DocumentRequest", "ReconciliationAct", "Question"):
        _journal(focus[name], staff, rows)


def _pages(focus: dict, staff) -> list[str]:
    """Every changelist (plain, searched, filtered) and one change page of each model."""
    pages = []
    for model, model_admin in admin.site._registry.items():
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        pages.append(base)
        if model_admin.search_fields:
            pages.append(f"{base}?q=%D0%9E%D0%9E%D0%9E")  # «ООО»: matches every client
        if any(f.name == "client" for f in model._meta.fields):
            pages.append(f"{base}?client__id__exact={focus['client'].pk}")
    objects = {
        Client: focus["client"],
        DocumentRequest: focus["DocumentRequest"],
        ReconciliationAct: focus["ReconciliationAct"],
        Question: focus["Question"],
        AccessLetter: AccessLetter.objects.first(),
        ClientEmailChange: ClientEmailChange.objects.first(),
        OutgoingEmail: OutgoingEmail.objects.first(),
        AuditEntry: AuditEntry.objects.first(),
        type(staff): staff,
        Group: Group.objects.first(),
    }
    for model, obj in objects.items():
        pages.append(f"/admin/{model._meta.app_label}/{model._meta.model_name}/{obj.pk}/change/")
    act = focus["ReconciliationAct"].pk
    pages.append(f"/admin/reconciliation/reconciliationact/{act}/review/")
    return pages


def _query_counts(http, pages: list[str]) -> dict[str, int]:
    counts = {}
    for page in pages:
        with CaptureQueriesContext(connection) as queries:
            response = http.get(page)
        assert response.status_code == 200, page
        counts[page] = len(queries)
    return counts


def test_every_admin_page_costs_the_same_queries_for_three_times_the_rows(client, superuser, staff_user):
    client.force_login(superuser)
    focus = {}
    _add_rows(N, staff=staff_user, focus=focus)
    pages = _pages(focus, staff_user)
    _query_counts(client, pages)  # warm: the session, content types and permissions are cached once
    at_n = _query_counts(client, pages)
    _add_rows(2 * N, staff=staff_user, focus=focus)
    assert DocumentRequest.objects.count() == 3 * N
    at_3n = _query_counts(client, pages)
    grew = {page: (at_n[page], at_3n[page]) for page in pages if at_3n[page] != at_n[page]}
    assert grew == {}


def test_no_list_reads_the_whole_table_for_its_dates_or_filter_choices(client, superuser, staff_user):
    # A date_hierarchy groups every row by year (SELECT DISTINCT over 100,000 rows on each page)
    # and a filter over all values of a column lists them the same way.
    client.force_login(superuser)
    _add_rows(4, staff=staff_user, focus={})
    for page in OUR_LISTS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200, page
        distinct = [q["sql"] for q in queries if "DISTINCT" in q["sql"].upper()]
        assert distinct == [], page


def test_the_request_list_does_not_offer_every_client_as_a_filter_option(client, superuser, client_org, outsider_org):
    DocumentRequest.objects.create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email="a@b.example"
    )
    client.force_login(superuser)
    html = client.get("/admin/documents/documentrequest/").content.decode()
    assert client_org.name in html  # its request's row
    assert outsider_org.name not in html  # with 10,000 clients, 10,000 <option>s

    found = client.get(
        "/admin/autocomplete/",
        {"app_label": "documents", "model_name": "documentrequest", "field_name": "client", "term": "Профкерамика"},
    ).json()
    assert [item["id"] for item in found["results"]] == [str(client_org.pk)]
    html = client.get("/admin/documents/documentrequest/", {"client__id__exact": client_org.pk}).content.decode()
    assert "a@b.example" in html


@pytest.mark.parametrize("bad_id", ["abc", "-1", "99999999999999999999", "0f8fad5b-d9cb-469f-a165-70867728950e"])
def test_a_client_filter_naming_no_client_is_not_a_server_error(superuser, bad_id):
    http = HttpClient(raise_request_exception=False)
    http.force_login(superuser)
    response = http.get("/admin/documents/documentrequest/", {"client__id__exact": bad_id})
    assert response.status_code in (200, 302)


def test_a_whole_inn_finds_that_clients_rows_and_part_of_one_still_searches_the_text(
    client, superuser, client_org, outsider_org
):
    for org in (client_org, outsider_org):
        DocumentRequest.objects.create(
            client=org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email=org.email
        )
    client.force_login(superuser)
    html = client.get("/admin/documents/documentrequest/", {"q": client_org.inn}).content.decode()
    assert client_org.email in html and outsider_org.email not in html
    html = client.get("/admin/documents/documentrequest/", {"q": client_org.inn[:6]}).content.decode()
    assert client_org.email in html and outsider_org.email not in html
    html = client.get("/admin/documents/documentrequest/", {"q": "outsider"}).content.decode()
    assert outsider_org.email in html and client_org.email not in html

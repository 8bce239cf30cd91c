"""The cabinet's hot reads are compiled once per process (apps/core/prepared.py): they must give
exactly what the querysets give, for the one client asked about and nobody else."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.clients.backends import ClientAuthenticationBackend
from apps.core.prepared import PreparedQuery, together
from apps.documents.models import DocumentKind, DocumentRequest
from apps.documents.selectors import document_request_get, document_requests_recent
from apps.questions.models import Question
from apps.questions.selectors import questions_recent
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.selectors import acts_recent
from tests.factories import make_client

pytestmark = pytest.mark.django_db
HOME = reverse("cabinet:home")


def _requests(client, count, kind=DocumentKind.INVOICE):
    return [
        DocumentRequest.objects.create(
            client=client, kind=kind, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email=client.email
        )
        for _ in range(count)
    ]


def test_the_history_holds_only_the_clients_own_requests_newest_first():
    owner, outsider = make_client(), make_client(name="ООО «Чужой»")
    own = _requests(owner, 7)
    _requests(outsider, 3)
    recent = document_requests_recent(client=owner, limit=5)
    assert [r.id for r in recent] == [r.id for r in reversed(own)][:5]
    assert {r.client_id for r in recent} == {owner.id}
    assert document_requests_recent(client=outsider, limit=5)[0].client_id == outsider.id


def test_the_history_of_one_kind_and_the_same_query_for_the_next_client():
    first, second = make_client(), make_client(name="ООО «Второй»")
    invoices = _requests(first, 2)
    _requests(first, 2, kind=DocumentKind.CLOSING)
    assert [r.id for r in document_requests_recent(client=first, kind=DocumentKind.INVOICE)] == [
        r.id for r in reversed(invoices)
    ]
    # The compiled query is reused with the next client's id, never with the first one's.
    assert document_requests_recent(client=second, kind=DocumentKind.INVOICE) == []


def test_home_lists_of_acts_and_questions_are_the_clients_own_five_latest():
    owner, outsider = make_client(), make_client(name="ООО «Чужой»")
    for client in (owner, outsider):
        for n in range(6):
            ReconciliationAct.objects.create(
                client=client, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client.email
            )
            Question.objects.create(client=client, name="Анна", email=client.email, text=f"Вопрос {n}")
    acts, questions = acts_recent(client=owner), questions_recent(client=owner)
    assert [a.id for a in acts] == list(
        ReconciliationAct.objects.filter(client=owner).order_by("-created_at", "-id").values_list("id", flat=True)[:5]
    )
    assert [q.text for q in questions] == ["Вопрос 5", "Вопрос 4", "Вопрос 3", "Вопрос 2", "Вопрос 1"]
    assert {q.client_id for q in questions} == {a.client_id for a in acts} == {owner.id}


def test_a_query_that_ignores_its_value_is_refused():
    everyone = PreparedQuery(Question, lambda client_id: Question.objects.all())
    with pytest.raises(ValueError, match="must filter"):
        everyone(1)


def test_a_request_is_found_only_for_its_own_client():
    owner, outsider = make_client(), make_client(name="ООО «Чужой»")
    (mine,) = _requests(owner, 1)
    (theirs,) = _requests(outsider, 1)
    assert document_request_get(client=owner, request_id=mine.id).email == owner.email
    assert document_request_get(client=owner, request_id=theirs.id) is None
    assert document_request_get(client=outsider, request_id=theirs.id).id == theirs.id
    assert document_request_get(client=owner, request_id=10**15) is None
    assert document_request_get(client=owner, request_id=10**30) is None  # a guessed URL, never a 500


def test_the_login_comes_with_its_organisation_and_nothing_more_to_fetch(client_org, staff_user):
    backend = ClientAuthenticationBackend()
    with CaptureQueriesContext(connection) as queries:
        user = backend.get_user(client_org.user.pk)
        assert user.client.name == "ООО «Профкерамика»" and user.client.inn == "5036012344"
        staff = backend.get_user(staff_user.pk)
        assert not hasattr(staff, "client")  # known to have none: no second query to find out
    assert len(queries) == 2
    assert backend.get_user(10**12) is None and backend.get_user("not an id") is None


def test_a_switched_off_organisation_is_not_loaded_from_the_compiled_query(client_org):
    client_org.is_active = False
    client_org.save()
    assert ClientAuthenticationBackend().get_user(client_org.user.pk) is None


def test_reads_made_together_are_the_reads_made_one_by_one():
    owner, outsider = make_client(), make_client(name="ООО «Чужой»")
    _requests(owner, 3)
    _requests(outsider, 2)
    Question.objects.create(client=owner, name="Анна", email=owner.email, text="Вопрос")
    with together():
        history, acts, questions = (
            document_requests_recent(client=owner, limit=5),
            acts_recent(client=owner),
            questions_recent(client=owner),
        )
        with pytest.raises(RuntimeError, match="only after the block ends"):
            len(history)  # not an empty list by mistake
    assert [r.id for r in history] == [r.id for r in document_requests_recent(client=owner, limit=5)]
    assert len(history) == 3 and {r.client_id for r in history} == {owner.id}
    assert acts == [] and [q.text for q in questions] == ["Вопрос"]


def test_reads_made_together_in_a_block_that_failed_are_never_sent():
    owner = make_client()
    with CaptureQueriesContext(connection) as queries, pytest.raises(ZeroDivisionError):
        with together():
            acts_recent(client=owner)
            1 / 0  # noqa: B018
    assert len(queries) == 0
    assert acts_recent(client=owner) == []  # and the next read is an ordinary one again


def test_the_home_pages_reads_go_to_postgresql_in_one_round_trip(logged_in, client_org, monkeypatch):
    _requests(client_org, 2)
    period = {"date_from": date(2026, 1, 1), "date_to": date(2026, 3, 31), "email": client_org.email}
    ReconciliationAct.objects.create(client=client_org, status="rejected", reject_reason="Нет договора", **period)
    ReconciliationAct.objects.create(client=client_org, status="sent", client_answer="confirmed", **period)
    Question.objects.create(
        client=client_org, name="Анна", email=client_org.email, text="Когда?", status="answered", answer="Завтра."
    )
    pipelines = []
    if connection.vendor == "postgresql":
        import psycopg

        original = psycopg.Connection.pipeline
        monkeypatch.setattr(psycopg.Connection, "pipeline", lambda conn: pipelines.append(1) or original(conn))
    with CaptureQueriesContext(connection) as queries:
        html = logged_in.get(HOME).content.decode()
    assert html.count('href="/documents/requests/') == 2
    # Everything the tables show was read with them (this is their first rendering, not a cached
    # one): no column is fetched afterwards.
    for shown in ("Нет договора", "Подтверждён", "Когда?", "Завтра.", client_org.email):
        assert shown in html
    tables = ("documents_documentrequest", "reconciliation_reconciliationact", "questions_question")
    # The acts' table twice: the recent acts, and the open disputes of any age (prepared too).
    assert [sum(f'FROM "{t}"' in q["sql"] for q in queries) for t in tables] == [1, 2, 1]
    # PostgreSQL gets the three lists in one pipeline; SQLite, in process, has no round trip to save.
    assert pipelines == ([1] if connection.vendor == "postgresql" else [])


@pytest.mark.parametrize("prepared", [True, False])
def test_postgresql_keeps_the_hot_reads_prepared_unless_told_not_to(transactional_db, settings, prepared):
    connection.close()  # a new database session: nothing prepared by an earlier test
    settings.DATABASE_PREPARED_STATEMENTS = prepared
    client_org = make_client()
    _requests(client_org, 2)
    assert len(acts_recent(client=client_org)) == 0
    assert len(document_requests_recent(client=client_org, limit=5)) == 2
    if connection.vendor != "postgresql":
        return  # SQLite plans in process: the same answers are all there is to check
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        statements = [row[0] for row in cursor.fetchall()]
    found = any('FROM "documents_documentrequest"' in s and '"client_id" = $1' in s for s in statements)
    assert found is prepared

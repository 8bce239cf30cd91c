"""The cabinet's hot reads are compiled once per process (apps/core/prepared.py): they must give
exactly what the querysets give, for the one client asked about and nobody else."""

from datetime import date

import pytest

from apps.core.prepared import PreparedQuery
from apps.documents.models import DocumentKind, DocumentRequest
from apps.documents.selectors import document_request_get, document_requests_recent
from apps.questions.models import Question
from apps.questions.selectors import questions_recent
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.selectors import acts_recent
from tests.factories import make_client

pytestmark = pytest.mark.django_db


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

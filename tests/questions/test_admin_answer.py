"""Answering in the admin is one explicit action, «Ответить и отправить», that e-mails the client."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from apps.mail.models import OutgoingEmail
from apps.questions import services
from apps.questions.models import Question

pytestmark = pytest.mark.django_db


def _ask(client_org) -> Question:
    return services.question_ask(
        client=client_org, name="Ирина", text="Когда придёт счёт?", email="irina@profkeramika.example", language="ru"
    )


def _url(question: Question) -> str:
    return reverse("admin:questions_question_change", args=[question.id])


def test_a_new_question_offers_to_answer_and_send(client, client_org, answerer):
    question = _ask(client_org)
    client.force_login(answerer)
    page = client.get(_url(question)).content.decode()
    assert "Ответить и отправить" in page
    assert "письмом на irina@profkeramika.example" in page
    # One action, not the generic saves that say nothing about the e-mail.
    assert 'name="_continue"' not in page and 'name="_addanother"' not in page


def test_answer_and_send_answers_queues_the_email_and_says_it_was_sent(client, client_org, answerer):
    question = _ask(client_org)
    client.force_login(answerer)
    response = client.post(_url(question), {"answer": "Счёт выставлен 3 ноября.", "_save": ""})

    assert response.status_code == 302
    question.refresh_from_db()
    assert (question.status, question.answer, question.answered_by) == (
        "answered",
        "Счёт выставлен 3 ноября.",
        answerer,
    )
    email = OutgoingEmail.objects.get(key=f"questions.question.{question.id}.answered")
    assert email.to == "irina@profkeramika.example" and question.outgoing_email == email
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Ответ отправлен клиенту на irina@profkeramika.example."]
    assert not any("изменен" in m for m in said)


def test_an_answered_question_offers_no_action(client, client_org, answerer):
    question = _ask(client_org)
    services.question_answer(question=question, actor=answerer, answer="Да.")
    client.force_login(answerer)
    page = client.get(_url(question)).content.decode()
    assert "Ответить и отправить" not in page


def test_a_second_answer_is_not_sent_and_not_reported_as_sent(client, client_org, answerer):
    question = _ask(client_org)
    client.force_login(answerer)
    stale_form = client.get(_url(question))
    assert stale_form.status_code == 200
    Question.objects.filter(id=question.id).update(status=Question.Status.ANSWERED, answer="Уже ответили.")
    response = client.post(_url(question), {"answer": "Второй ответ."})
    # The change permission ends with the answer: the stale form is refused, nothing is e-mailed.
    assert response.status_code == 403
    assert not OutgoingEmail.objects.filter(key=f"questions.question.{question.id}.answered").exists()


def test_the_timeline_names_the_steps_in_russian(client, client_org, answerer):
    question = _ask(client_org)
    services.question_answer(question=question, actor=answerer, answer="Да.")
    client.force_login(answerer)
    page = client.get(_url(question)).content.decode()
    assert "Клиент задал вопрос" in page and "Ответ на вопрос отправлен клиенту" in page
    assert "questions.question.answered" not in page


def test_staff_without_the_permission_see_no_action(client, client_org, onlooker):
    question = _ask(client_org)
    client.force_login(onlooker)
    page = client.get(_url(question)).content.decode()
    assert "Ответить и отправить" not in page

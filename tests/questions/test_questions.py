import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.core.audit import audit_entries_for
from apps.questions import services
from apps.questions.models import Question

pytestmark = pytest.mark.django_db(transaction=True)

ASK = {
    "name": "ООО «Профкерамика», Ирина",
    "text": "Когда придёт счёт за октябрь?",
    "email": "irina@profkeramika.example",
}


def _ask(client_org, **changes) -> Question:
    return services.question_ask(client=client_org, language="ru", **{**ASK, **changes})


def test_form_is_prefilled_with_the_organisation_and_address(logged_in):
    page = logged_in.get(reverse("cabinet:home")).content.decode()
    assert 'value="ООО «Профкерамика»"' in page or 'value="ООО &laquo;Профкерамика&raquo;"' in page
    assert 'value="buh@profkeramika.example"' in page
    assert "Ваш вопрос" in page and "Имя/Организация" in page


def test_asking_confirms_stores_and_notifies_staff(logged_in, client_org, settings):
    response = logged_in.post(reverse("cabinet:question_ask"), ASK, follow=True)
    page = response.content.decode()
    assert "Спасибо, вопрос отправлен. Ответ придёт на irina@profkeramika.example" in page
    assert "Когда придёт счёт за октябрь?" in page
    question = Question.objects.get()
    assert (question.client, question.status, question.email) == (client_org, "new", "irina@profkeramika.example")
    [notice] = mail.outbox
    assert notice.to == [settings.STAFF_NOTIFY_EMAIL]
    assert "Когда придёт счёт за октябрь?" in notice.body
    assert f"/admin/questions/question/{question.id}/change/" in notice.body


def test_question_text_is_shown_escaped(logged_in):
    logged_in.post(reverse("cabinet:question_ask"), {**ASK, "text": "<img src=x onerror=alert(1)>?"})
    page = logged_in.get(reverse("cabinet:home")).content.decode()
    assert "&lt;img src=x onerror=alert(1)&gt;?" in page
    assert "<img src=x" not in page


def test_length_limits_are_enforced_with_a_message(logged_in, settings):
    settings.QUESTION_TEXT_MAX_LENGTH = 100
    response = logged_in.post(reverse("cabinet:question_ask"), {**ASK, "text": "я" * 101})
    assert "Вопрос длиннее 100 знаков (сейчас 101): сократите его или задайте два вопроса." in response.content.decode()
    assert not Question.objects.exists()


def test_empty_question_is_refused(logged_in):
    response = logged_in.post(reverse("cabinet:question_ask"), {**ASK, "text": "   "})
    assert "Напишите ваш вопрос." in response.content.decode()


def test_flood_is_stopped_with_a_clear_message(logged_in, settings):
    settings.QUESTIONS_PER_HOUR = 2
    for _ in range(2):
        logged_in.post(reverse("cabinet:question_ask"), ASK)
    response = logged_in.post(reverse("cabinet:question_ask"), ASK)
    assert "Вы задали много вопросов за последний час" in response.content.decode()
    assert Question.objects.count() == 2


def test_staff_answer_is_emailed_and_shown_in_the_cabinet(logged_in, client_org, answerer):
    question = _ask(client_org)
    mail.outbox.clear()
    services.question_answer(question=question, actor=answerer, answer="Счёт выставлен 3 ноября.")

    question.refresh_from_db()
    assert question.status == "answered"
    assert question.answered_by == answerer and question.answered_at is not None
    [message] = mail.outbox
    assert message.to == ["irina@profkeramika.example"]
    assert "Счёт выставлен 3 ноября." in message.body
    assert "Когда придёт счёт за октябрь?" in message.body
    assert ("questions.question.answered", answerer) in [(e.action, e.actor) for e in audit_entries_for(obj=question)]
    page = logged_in.get(reverse("cabinet:question_list")).content.decode()
    assert "Счёт выставлен 3 ноября." in page


def test_a_question_is_answered_once(client_org, answerer):
    question = _ask(client_org)
    services.question_answer(question=question, actor=answerer, answer="Да.")
    with pytest.raises(services.QuestionAlreadyAnswered):
        services.question_answer(question=question, actor=answerer, answer="Нет.")


def test_staff_without_the_permission_cannot_answer(client_org, onlooker):
    question = _ask(client_org)
    with pytest.raises(PermissionDenied):
        services.question_answer(question=question, actor=onlooker, answer="Да.")


def test_admin_lists_new_questions_first_and_answers_through_the_form(client, client_org, answerer):
    answered = _ask(client_org, text="Старый вопрос")
    services.question_answer(question=answered, actor=answerer, answer="Ответ.")
    new = _ask(client_org, text="Новый вопрос")
    client.force_login(answerer)
    changelist = client.get(reverse("admin:questions_question_changelist")).content.decode()
    assert changelist.index("Новый вопрос") < changelist.index("Старый вопрос")

    mail.outbox.clear()
    url = reverse("admin:questions_question_change", args=[new.id])
    response = client.post(url, {"answer": "Ответим завтра."})
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.status, new.answer, new.answered_by) == ("answered", "Ответим завтра.", answerer)
    assert [m.to for m in mail.outbox] == [["irina@profkeramika.example"]]


def test_staff_without_the_permission_cannot_answer_in_the_admin(client, client_org, onlooker):
    question = _ask(client_org)
    client.force_login(onlooker)
    url = reverse("admin:questions_question_change", args=[question.id])
    assert client.get(url).status_code == 200  # may read
    assert client.post(url, {"answer": "Да."}).status_code == 403
    question.refresh_from_db()
    assert question.status == "new"


def test_client_sees_only_its_own_questions(client, client_org, outsider_org):
    _ask(client_org, text="Секрет профкерамики")
    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    assert "Секрет профкерамики" not in client.get(reverse("cabinet:question_list")).content.decode()
    assert "Секрет профкерамики" not in client.get(reverse("cabinet:home")).content.decode()

"""The home page's tables of acts and questions are rendered once per process for the same rows
(apps/cabinet/templatetags/cabinet.py rows_key): a change staff or a task makes, even by a bare
UPDATE that no signal sees, must show at the client's next page."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.questions.models import Question
from apps.reconciliation.models import ReconciliationAct

pytestmark = pytest.mark.django_db

HOME = reverse("cabinet:home")


def test_an_answered_question_shows_its_answer_at_the_next_page(logged_in, client_org):
    question = Question.objects.create(client=client_org, name="Анна", email=client_org.email, text="Когда отгрузка?")
    html = logged_in.get(HOME).content.decode()
    assert "Когда отгрузка?" in html and "Ждёт ответа" in html
    Question.objects.filter(pk=question.pk).update(
        status=Question.Status.ANSWERED, answer="Завтра до обеда.", answered_at=timezone.now()
    )
    html = logged_in.get(HOME).content.decode()
    assert "Завтра до обеда." in html and "Отвечен" in html and "Ждёт ответа" not in html


def test_an_act_sent_and_then_confirmed_changes_its_badge_at_the_next_page(logged_in, client_org):
    act = ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email,
        status=ReconciliationAct.Status.IN_REVIEW,
    )  # fmt: skip
    assert "На проверке" in logged_in.get(HOME).content.decode()
    ReconciliationAct.objects.filter(pk=act.pk).update(status=ReconciliationAct.Status.SENT)
    assert ">Отправлен<" in logged_in.get(HOME).content.decode()
    ReconciliationAct.objects.filter(pk=act.pk).update(client_answer="confirmed")
    html = logged_in.get(HOME).content.decode()
    assert "Подтверждён" in html and ">Отправлен<" not in html


def test_the_same_rows_in_another_language_are_rendered_in_it(logged_in, client_org):
    Question.objects.create(client=client_org, name="Анна", email=client_org.email, text="Вопрос")
    assert "Ждёт ответа" in logged_in.get(HOME).content.decode()
    logged_in.post(reverse("cabinet:language"), {"language": "en", "next": HOME})
    html = logged_in.get(HOME).content.decode()
    assert "Ждёт ответа" not in html and "Awaiting answer" in html

"""Questions from the cabinet: asked by a client, answered by staff, both told by e-mail."""

import re

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.clients.models import Client
from apps.core.audit import audit_log
from apps.mail.services import outgoing_email_render
from apps.questions.models import Question
from apps.questions.selectors import questions_asked_recently

ANSWER_PERMISSION = "questions.answer_question"


# How staff usually begin a letter; an answer that begins so is not greeted a second time.
_GREETING = re.compile(
    r"(здравствуй|добр(ый|ое|ого)\s+(день|утро|вечер|дня|времени)|приветствую\b|привет\b|уважаем"
    r"|hello\b|hi\b|dear\b|good\s+(morning|afternoon|evening)\b|greetings\b)",
    re.IGNORECASE,
)


def answer_greets(answer: str) -> bool:
    """True when staff's answer already starts with a greeting («Здравствуйте, Ирина!»)."""
    return _GREETING.match(answer.lstrip()) is not None


class QuestionRateLimited(Exception):
    """The client asked QUESTIONS_PER_HOUR questions in the last hour."""


class QuestionAlreadyAnswered(Exception):
    pass


def question_ask(*, client: Client, name: str, text: str, email: str, language: str, requested_by=None) -> Question:
    with transaction.atomic():
        # Serialises one client's submissions, so a burst cannot slip past the hourly limit.
        Client.objects.select_for_update().filter(id=client.id).first()
        if questions_asked_recently(client=client) >= settings.QUESTIONS_PER_HOUR:
            raise QuestionRateLimited
        question = Question.objects.create(client=client, name=name, text=text, email=email, language=language)
        actor = requested_by or client.user  # the person who asked; the INN login when not told
        audit_log(obj=question, action="questions.question.asked", actor=actor, email=email)
        path = reverse("admin:questions_question_change", args=[question.id])
        outgoing_email_render(
            key=f"questions.question.{question.id}.staff",
            to=settings.STAFF_NOTIFY_EMAIL,
            template="questions/email/staff-new",
            context={"question": question, "client": client, "admin_url": settings.PORTAL_BASE_URL + path},
            language=settings.LANGUAGE_CODE,
        )
    return question


def question_answer(*, question: Question, actor, answer: str) -> Question:
    """Record staff's answer once and e-mail it to the address the client gave."""
    if not (actor.is_active and actor.is_staff and actor.has_perm(ANSWER_PERMISSION)):
        raise PermissionDenied("only staff allowed to answer questions may do this")
    answer = answer.strip()
    if not answer:
        raise ValidationError("an answer cannot be empty", code="required")
    with transaction.atomic():
        updated = Question.objects.filter(id=question.id, status=Question.Status.NEW).update(
            status=Question.Status.ANSWERED, answer=answer, answered_by=actor, answered_at=timezone.now()
        )
        if updated != 1:
            raise QuestionAlreadyAnswered
        question.refresh_from_db()
        email = outgoing_email_render(
            key=f"questions.question.{question.id}.answered",
            to=question.email,
            template="questions/email/answer",
            context={"question": question, "greet": not answer_greets(question.answer)},
            language=question.language,
        )
        Question.objects.filter(id=question.id).update(outgoing_email=email)
        question.outgoing_email = email
        audit_log(obj=question, action="questions.question.answered", actor=actor, email=question.email)
    return question

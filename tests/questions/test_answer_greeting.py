"""The answer e-mail greets the client once: staff often begin the answer with a greeting themselves."""

import pytest
from django.core import mail

from apps.questions import services

pytestmark = pytest.mark.django_db(transaction=True)


def _answered(client_org, answerer, answer: str, name: str = "Ирина") -> str:
    question = services.question_ask(
        client=client_org, name=name, text="Когда придёт счёт?", email="irina@profkeramika.example", language="ru"
    )
    mail.outbox.clear()
    services.question_answer(question=question, actor=answerer, answer=answer)
    [message] = mail.outbox
    [html] = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return message.body, html


def test_a_plain_answer_gets_our_greeting(client_org, answerer):
    text, html = _answered(client_org, answerer, "Счёт выставлен 3 ноября.")
    assert text.startswith("Здравствуйте, Ирина!\n\nСчёт выставлен 3 ноября.")
    assert html.count("Здравствуйте") == 1


@pytest.mark.parametrize(
    "answer",
    [
        "Здравствуйте, Ирина!\nСчёт выставлен 3 ноября.",
        "  добрый день! Счёт выставлен 3 ноября.",
        "Уважаемая Ирина, счёт выставлен 3 ноября.",
        "Доброе утро! Счёт выставлен 3 ноября.",
        "Hello Irina, the invoice was issued on 3 November.",
    ],
)
def test_an_answer_that_greets_is_not_greeted_again(client_org, answerer, answer):
    text, html = _answered(client_org, answerer, answer)
    assert text.startswith(answer.strip())
    assert "Здравствуйте, Ирина!" not in text.replace(answer, "") and html.count("Здравствуйте, Ирина!") <= 1


@pytest.mark.parametrize(
    ("answer", "greets"),
    [
        ("Здравствуйте!", True),
        ("Добрый вечер.", True),
        ("Hi, Irina", True),
        ("Historically, invoices go out on the 3rd.", False),
        ("Приветствия не будет: счёт уже выставлен.", False),
        ("Счёт выставлен.", False),
    ],
)
def test_what_counts_as_a_greeting(answer, greets):
    assert services.answer_greets(answer) is greets

"""A long question: the limit is said before typing, counted down while typing, and a longer one
is refused whole with the limit named, never cut (the countdown itself: tests/e2e/test_questions.py)."""

import re

import pytest
from django.urls import reverse

from apps.questions.forms import QuestionForm
from apps.questions.models import Question

pytestmark = pytest.mark.django_db

ASK = {"name": "Ирина", "text": "Когда придёт счёт?", "email": "irina@profkeramika.example"}
NBSP = "\u00a0"


def _textarea(html: str) -> str:
    return re.search(r"<textarea[^>]*>", html).group(0)


def test_the_form_names_the_limit_and_the_browser_knows_it(logged_in, settings):
    settings.QUESTION_TEXT_MAX_LENGTH = 3000
    html = logged_in.get(reverse("cabinet:question_ask")).content.decode()
    assert f"Не больше 3{NBSP}000 знаков." in html
    textarea = _textarea(html)
    assert 'maxlength="3000"' in textarea
    assert "id_text_helptext" in textarea  # the limit is read out with the field


def test_the_countdown_words_are_given_for_each_russian_plural_form(logged_in):
    textarea = _textarea(logged_in.get(reverse("cabinet:question_ask")).content.decode())
    assert 'data-counter-one="Остался %(count)s знак"' in textarea
    assert 'data-counter-few="Осталось %(count)s знака"' in textarea
    assert 'data-counter-many="Осталось %(count)s знаков"' in textarea


def test_the_countdown_speaks_english_on_an_english_page(logged_in):
    logged_in.post(reverse("cabinet:language"), {"language": "en", "next": "/"})
    textarea = _textarea(logged_in.get(reverse("cabinet:question_ask")).content.decode())
    assert 'data-counter-one="%(count)s character left"' in textarea
    assert 'data-counter-many="%(count)s characters left"' in textarea


def test_the_countdown_script_runs_under_the_pages_nonce(logged_in):
    response = logged_in.get(reverse("cabinet:home"))
    html = response.content.decode()
    [nonce] = re.findall(r'<script nonce="([^"]+)">\s*\(function', html)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert 'id="id_text_counter"' in html and 'role="status"' in html


def test_a_question_at_the_limit_is_taken_whole(logged_in, settings):
    settings.QUESTION_TEXT_MAX_LENGTH = 100
    logged_in.post(reverse("cabinet:question_ask"), {**ASK, "text": "я" * 100})
    assert Question.objects.get().text == "я" * 100


def test_a_longer_question_is_refused_with_the_limit_and_kept_in_the_field(logged_in, settings):
    settings.QUESTION_TEXT_MAX_LENGTH = 3000
    response = logged_in.post(reverse("cabinet:question_ask"), {**ASK, "text": "я" * 3120})
    html = response.content.decode()
    assert f"Вопрос длиннее 3{NBSP}000 знаков (сейчас 3{NBSP}120): сократите его или задайте два вопроса." in html
    assert "я" * 3120 in html  # nothing was cut: the client decides what to leave out
    assert not Question.objects.exists()


def test_line_breaks_count_once_as_the_browser_counted_them(settings):
    # A browser counts a line break as one character towards maxlength and sends it as CR LF.
    settings.QUESTION_TEXT_MAX_LENGTH = 90
    text = "строка\r\n" * 12  # 96 characters as sent, 84 as typed
    form = QuestionForm(data={**ASK, "text": text})
    assert form.is_valid(), form.errors
    assert "\r" not in form.cleaned_data["text"]

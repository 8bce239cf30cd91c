from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.cabinet.decorators import client_required
from apps.clients.roles import Can
from apps.questions import selectors, services
from apps.questions.forms import QuestionForm

RATE_LIMITED = _("Вы задали много вопросов за последний час. Пожалуйста, повторите позже или позвоните нам.")
SENT = _("Спасибо, вопрос отправлен. Ответ придёт на %(email)s и появится здесь, в разделе «Ваши вопросы».")


def _blank_form(client) -> QuestionForm:
    return QuestionForm(initial={"name": client.name, "email": client.email})


def home_context(*, client) -> dict:
    return {"question_form": _blank_form(client), "questions": selectors.questions_recent(client=client)}


@client_required(can=Can.QUESTIONS)
def question_ask(request, *, client):
    if request.method == "POST":
        form = QuestionForm(request.POST)
        if form.is_valid():
            try:
                services.question_ask(
                    client=client, language=client.language, requested_by=request.user, **form.cleaned_data
                )
            except services.QuestionRateLimited:
                form.add_error(None, RATE_LIMITED)
            else:
                messages.success(request, SENT % {"email": form.cleaned_data["email"]})
                return redirect(reverse("cabinet:question_list"))
    else:
        form = _blank_form(client)
    questions = selectors.questions_for_client(client=client)[:5]
    return render(request, "cabinet/question_ask.html", {"form": form, "client": client, "questions": questions})


@client_required(can=Can.QUESTIONS)
def question_list(request, *, client):
    questions = selectors.questions_for_client(client=client)
    context = {"client": client, "questions": questions, "question_form": _blank_form(client)}
    return render(request, "cabinet/question_list.html", context)

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from apps.cabinet.decorators import client_required
from apps.clients.roles import Can
from apps.core.forms import default_period
from apps.core.private_files import UNAVAILABLE_MESSAGE, PrivateFileUnavailable, private_file_response
from apps.documents.downloads import record_download
from apps.documents.models import DocumentDownload
from apps.reconciliation import answers, selectors, services, states
from apps.reconciliation.forms import ActDisputeForm, ActOrderForm, ActSignedCopyForm
from apps.reconciliation.models import ReconciliationAct, ReconciliationActAnswer, ReconciliationActResolution
from apps.reconciliation.schedule import act_delivery_date
from apps.reconciliation.storage import act_file_stream

RATE_LIMITED = _("Слишком много заказов актов сверки за час. Пожалуйста, повторите позже.")
NOT_ANSWERABLE = _("Ответить можно только на отправленный вам акт сверки.")
ALREADY_CONFIRMED = _("Вы уже подтвердили этот акт.")
ALREADY_SIGNED = _("Подписанный экземпляр акта уже получен. Если что-то не так, задайте нам вопрос.")
DISPUTE_OPEN = _("Подтвердить акт можно, когда мы ответим на ваше сообщение о расхождениях.")
ANSWERED = {
    ReconciliationActAnswer.Kind.CONFIRM: _("Спасибо! Акт сверки подтверждён."),
    ReconciliationActAnswer.Kind.DISPUTE: _("Мы получили ваш ответ о расхождениях и свяжемся с вами."),
    ReconciliationActAnswer.Kind.SIGNED_COPY: _("Спасибо! Подписанный экземпляр акта получен."),
}


def home_context(*, client) -> dict:
    return {
        "acts": selectors.acts_recent(client=client),
        "acts_disputed": selectors.acts_disputed_for_client(client=client),
    }


def _promise(*, ordered_at) -> dict:
    """The delivery day the order form and the status page both state: one rule, one wording."""
    delivery = act_delivery_date(ordered_at=ordered_at)
    return {
        "delivery_date": delivery,
        "same_day": delivery == timezone.localdate(ordered_at),
        "cutoff_hour": settings.ACT_CUTOFF_HOUR,
    }


@client_required(can=Can.ACTS)
def act_order(request, *, client):
    if request.method == "POST":
        form = ActOrderForm(request.POST)
        if form.is_valid():
            try:
                act = services.act_order_create(
                    client=client, language=client.language, requested_by=request.user, **form.cleaned_data
                )
            except services.ActRateLimited:
                form.add_error(None, RATE_LIMITED)
            else:
                return redirect("cabinet:act_detail", act_id=act.id)
    else:
        start, end = default_period()
        form = ActOrderForm(initial={"date_from": start, "date_to": end, "email": client.email})
    acts = selectors.acts_for_client(client=client)[:10]
    context = {"form": form, "client": client, "acts": acts, **_promise(ordered_at=timezone.now())}
    return render(request, "cabinet/acts_order.html", context)


def _own_act(client, act_id: int) -> ReconciliationAct:
    act = selectors.act_for_client(client=client, act_id=act_id)
    if act is None:
        raise Http404
    return act


def _render_detail(request, act, client, *, dispute_form=None, signed_form=None, status=200):
    sent = act.status == ReconciliationAct.Status.SENT
    conversation = selectors.act_conversation(act=act) if sent else []
    # Staff's latest answer is shown on top until the client answers the act again.
    resolutions = [item for item in conversation if isinstance(item, ReconciliationActResolution)]
    resolved = sent and act.client_answer == ReconciliationAct.Answer.RESOLVED
    context = {
        "act": act,
        "client": client,
        **_promise(ordered_at=act.created_at),
        "answers": conversation,
        "allowed": answers.answers_allowed(act=act),
        "dispute_open": states.dispute_is_open(act),
        "resolution": resolutions[-1] if resolved and resolutions else None,
        "dispute_form": dispute_form or ActDisputeForm(prefix="dispute"),
        "signed_form": signed_form or ActSignedCopyForm(prefix="signed"),
    }
    return render(request, "cabinet/acts_detail.html", context, status=status)


@client_required(can=Can.ACTS)
def act_detail(request, act_id: int, *, client):
    act = _own_act(client, act_id)
    if not request.htmx:
        return _render_detail(request, act, client)
    context = {"act": act, "client": client, **_promise(ordered_at=act.created_at)}
    response = render(request, "cabinet/acts_status.html", context)
    if act.status == ReconciliationAct.Status.SENT:
        # The polled fragment has just seen the act sent: reload the page, so the answer forms appear.
        response["HX-Refresh"] = "true"
    return response


@client_required(can=Can.ACTS)
@require_POST
def act_answer(request, act_id: int, *, client):
    """Confirm, dispute or send the signed copy; one service call, then back to the act's page."""
    act = _own_act(client, act_id)
    kind = request.POST.get("kind", "")
    if kind not in answers.answers_allowed(act=act):
        return _refuse(request, act)
    fields, bound = {}, {}
    if kind == ReconciliationActAnswer.Kind.DISPUTE:
        form = ActDisputeForm(request.POST, request.FILES, prefix="dispute")
        bound = {"dispute_form": form}
        if not form.is_valid():
            return _render_detail(request, act, client, **bound, status=400)
        fields = {"comment": form.cleaned_data["comment"], "scan": form.cleaned_data["file"]}
    elif kind == ReconciliationActAnswer.Kind.SIGNED_COPY:
        form = ActSignedCopyForm(request.POST, request.FILES, prefix="signed")
        bound = {"signed_form": form}
        if not form.is_valid():
            return _render_detail(request, act, client, **bound, status=400)
        fields = {"scan": form.cleaned_data["file"]}
    try:
        answers.act_answer_create(act=act, user=request.user, kind=kind, **fields)
    except (answers.ActNotAnswerable, answers.AnswerNotAllowed):
        act.refresh_from_db()
        return _refuse(request, act)
    except PrivateFileUnavailable:  # the file was not stored, so nothing was recorded
        messages.error(request, UNAVAILABLE_MESSAGE)
        return _render_detail(request, act, client, **bound, status=503)
    messages.success(request, ANSWERED[kind])
    return redirect("cabinet:act_detail", act_id=act.id)


def _refuse(request, act: ReconciliationAct):
    messages.error(request, _refusal(act))
    return redirect("cabinet:act_detail", act_id=act.id)


def _refusal(act: ReconciliationAct):
    """Why the answer was not taken, in the words of the state that refused it (states.py)."""
    if act.status != ReconciliationAct.Status.SENT:
        return NOT_ANSWERABLE
    if states.dispute_is_open(act):
        return DISPUTE_OPEN
    if act.signed_copy_at is not None:
        return ALREADY_SIGNED
    if act.client_answer == ReconciliationAct.Answer.CONFIRMED:
        return ALREADY_CONFIRMED
    return NOT_ANSWERABLE


@client_required(can=Can.ACTS)
@require_GET
def act_pdf(request, act_id: int, *, client):
    """The sent act's PDF from its page; another organisation's act, or one not sent, is a 404."""
    act = selectors.act_sent_for_client(client=client, act_id=act_id)
    if act is None:
        raise Http404
    journal = {"what": DocumentDownload.What.ACT, "document_id": f"act-{act.id}"}
    return _act_file(request, client, act.id, act.file_path, act.file_name, "application/pdf", journal)


@client_required(can=Can.ACTS)
@require_GET
def act_answer_file(request, act_id: int, answer_id: int, *, client):
    """A file the client sent with an answer, back to the client; anyone else's is a 404."""
    answer = selectors.act_answer_file_for_client(client=client, act_id=act_id, answer_id=answer_id)
    if answer is None:
        raise Http404
    journal = {"what": DocumentDownload.What.DOCUMENT, "document_id": f"act-answer-{answer.id}"}
    return _act_file(request, client, act_id, answer.file_path, answer.file_name, answer.content_type, journal)


def _act_file(request, client, act_id: int, path: str, name: str, content_type: str, journal: dict):
    """Stream a file of the act's (already checked to be the client's), written in the journal."""
    try:
        file = act_file_stream(path)
    except FileNotFoundError:
        raise Http404 from None
    except PrivateFileUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect("cabinet:act_detail", act_id=act_id)
    record_download(client=client, user=request.user, title=name, size=file.size, **journal)
    return private_file_response(file, filename=name, content_type=content_type)

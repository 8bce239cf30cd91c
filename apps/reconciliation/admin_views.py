"""The reviewer's page for one act: look at the PDF, then approve, replace the file, or reject.

Every POST checks the review permission here and again in the service, so neither a crafted
request nor another caller of the service can approve without it.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.core.admin import admin_object_or_404
from apps.core.audit import audit_entries_for
from apps.core.private_files import UNAVAILABLE_MESSAGE, PrivateFileUnavailable, private_file_response
from apps.reconciliation.disputes import DisputeNotOpen, act_dispute_resolve
from apps.reconciliation.forms import ActRejectForm, ActReplaceForm, ActResolveForm
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.selectors import act_answer_file_for_act, act_conversation, act_is_overdue
from apps.reconciliation.services import (
    REVIEW_PERMISSION,
    ActNotInReview,
    act_approve,
    act_file_replace,
    act_reject,
)
from apps.reconciliation.states import can_resolve
from apps.reconciliation.storage import act_file_stream


def _act(request: HttpRequest, model_admin, object_id: str) -> ReconciliationAct:
    return admin_object_or_404(model_admin, request, object_id)


def _reviewer(request: HttpRequest) -> None:
    if not request.user.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied


def _review_url(act: ReconciliationAct) -> str:
    return reverse("admin:reconciliation_reconciliationact_review", args=[act.id])


def render_review(
    request, model_admin, act, *, reject_form=None, replace_form=None, resolve_form=None, status=200
) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Проверка акта сверки"),
        "subtitle": str(act.client),
        "opts": model_admin.model._meta,
        "act": act,
        "overdue": act_is_overdue(act=act),
        "can_review": request.user.has_perm(REVIEW_PERMISSION),
        "reject_form": reject_form or ActRejectForm(),
        "replace_form": replace_form or ActReplaceForm(),
        "entries": audit_entries_for(obj=act),
        "answers": act_conversation(act=act),
        "can_resolve": can_resolve(act),
        "resolve_form": resolve_form or ActResolveForm(),
        "queue_url": reverse("admin:reconciliation_actinreview_changelist"),
    }
    return TemplateResponse(request, "admin/reconciliation/act_review.html", context, status=status)


@require_GET
def act_review_view(request, object_id, *, model_admin):
    return render_review(request, model_admin, _act(request, model_admin, object_id))


@require_GET
def act_pdf_view(request, object_id, *, model_admin):
    act = _act(request, model_admin, object_id)
    if not act.file_path:
        raise Http404
    try:
        file = act_file_stream(act.file_path)
    except FileNotFoundError:
        raise Http404 from None
    except PrivateFileUnavailable:
        return _storage_down(request, act)
    return private_file_response(file, filename=act.file_name, content_type="application/pdf", as_attachment=False)


@require_GET
def act_answer_file_view(request, object_id, answer_id, *, model_admin):
    """The client's signed scan or dispute file, for staff who may view the act (else 403)."""
    act = _act(request, model_admin, object_id)
    answer = act_answer_file_for_act(act=act, answer_id=answer_id)
    if answer is None:
        raise Http404
    try:
        file = act_file_stream(answer.file_path)
    except FileNotFoundError:
        raise Http404 from None
    except PrivateFileUnavailable:
        return _storage_down(request, act)
    # An attachment, never shown inline: the file came from outside, checked but not trusted.
    return private_file_response(file, filename=answer.file_name, content_type=answer.content_type)


def _storage_down(request, act) -> HttpResponse:
    messages.error(request, UNAVAILABLE_MESSAGE)
    return redirect(_review_url(act))


def _not_in_review(request, act) -> HttpResponse:
    messages.warning(request, _("Этот акт уже проверен или ещё не готов к проверке."))
    return redirect(_review_url(act))


@require_POST
def act_approve_view(request, object_id, *, model_admin):
    act = _act(request, model_admin, object_id)
    _reviewer(request)
    try:
        act_approve(act=act, actor=request.user)
    except ActNotInReview:
        return _not_in_review(request, act)
    messages.success(request, _("Акт одобрен и поставлен в отправку на %(email)s.") % {"email": act.email})
    return redirect("admin:reconciliation_actinreview_changelist")


@require_POST
def act_replace_view(request, object_id, *, model_admin):
    act = _act(request, model_admin, object_id)
    _reviewer(request)
    form = ActReplaceForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_review(request, model_admin, act, replace_form=form, status=400)
    try:
        act_file_replace(act=act, actor=request.user, data=form.cleaned_data["file"])
    except ActNotInReview:
        return _not_in_review(request, act)
    except PrivateFileUnavailable:
        return _storage_down(request, act)
    messages.success(request, _("Файл акта заменён. Проверьте его и одобрите отправку."))
    return redirect(_review_url(act))


@require_POST
def act_reject_view(request, object_id, *, model_admin):
    act = _act(request, model_admin, object_id)
    _reviewer(request)
    form = ActRejectForm(request.POST)
    if not form.is_valid():
        return render_review(request, model_admin, act, reject_form=form, status=400)
    try:
        act_reject(act=act, actor=request.user, reason=form.cleaned_data["reason"])
    except ActNotInReview:
        return _not_in_review(request, act)
    messages.success(request, _("Акт отклонён, клиенту отправлено письмо с причиной."))
    return redirect("admin:reconciliation_actinreview_changelist")


@require_POST
def act_resolve_view(request, object_id, *, model_admin):
    """Answer the client's dispute; the act leaves the queue of disputes."""
    act = _act(request, model_admin, object_id)
    _reviewer(request)
    form = ActResolveForm(request.POST, request.FILES)
    if not form.is_valid():
        return render_review(request, model_admin, act, resolve_form=form, status=400)
    try:
        act_dispute_resolve(
            act=act, actor=request.user, text=form.cleaned_data["text"], corrected_pdf=form.cleaned_data["file"]
        )
    except DisputeNotOpen:
        messages.warning(request, _("Расхождения по этому акту уже разобраны."))
        return redirect(_review_url(act))
    except PrivateFileUnavailable:
        return _storage_down(request, act)
    messages.success(request, _("Ответ о расхождениях отправлен клиенту на %(email)s.") % {"email": act.email})
    return redirect("admin:reconciliation_actdisputed_changelist")

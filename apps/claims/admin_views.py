"""Staff's page for one claim: its lines and photos, the journal, and the two moves — take it into
work, decide it with an answer.

Files are served only to staff who may view claims (the admin's permission check), from the
private storage: photos (re-encoded when filed) and their previews inline with nosniff, PDFs
only as attachments. Every POST checks the claims permission here and again in the service.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from apps.claims.admin_forms import ClaimDecisionForm
from apps.claims.models import Claim
from apps.claims.selectors import claim_due_at, claim_file_for_claim, claim_is_overdue
from apps.claims.services import HANDLE_PERMISSION, ClaimNotOpen, claim_decide, claim_take
from apps.claims.states import moves_allowed
from apps.claims.storage import claim_file_download
from apps.core.admin import admin_object_or_404
from apps.core.audit import audit_entries_for
from apps.core.private_files import UNAVAILABLE_MESSAGE, PrivateFileUnavailable


def _claim(request: HttpRequest, model_admin, object_id: str) -> Claim:
    return admin_object_or_404(model_admin, request, object_id)


def _handler(request: HttpRequest) -> None:
    if not request.user.has_perm(HANDLE_PERMISSION):
        raise PermissionDenied


def _review_url(claim: Claim) -> str:
    return reverse("admin:claims_claim_review", args=[claim.id])


def render_review(request, model_admin, claim: Claim, *, decision_form=None, status=200) -> HttpResponse:
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Претензия № %(number)s") % {"number": claim.number},
        "subtitle": str(claim.client),
        "opts": model_admin.model._meta,
        "claim": claim,
        "lines": claim.lines.all(),
        "files": claim.files.all(),
        "due_at": claim_due_at(claim=claim),
        "overdue": claim_is_overdue(claim=claim),
        "moves": moves_allowed(claim),
        "can_handle": request.user.has_perm(HANDLE_PERMISSION),
        "decision_form": decision_form or ClaimDecisionForm(),
        "entries": audit_entries_for(obj=claim),
        "queue_url": reverse("admin:claims_claimopen_changelist"),
    }
    return TemplateResponse(request, "admin/claims/claim_review.html", context, status=status)


@require_GET
def claim_review_view(request, object_id, *, model_admin):
    return render_review(request, model_admin, _claim(request, model_admin, object_id))


@require_POST
def claim_take_view(request, object_id, *, model_admin):
    claim = _claim(request, model_admin, object_id)
    _handler(request)
    try:
        claim_take(claim=claim, actor=request.user)
    except ClaimNotOpen:
        messages.warning(request, _("Эту претензию уже взяли в работу."))
        return redirect(_review_url(claim))
    messages.success(request, _("Претензия взята в работу."))
    return redirect(_review_url(claim))


@require_POST
def claim_decide_view(request, object_id, *, model_admin):
    claim = _claim(request, model_admin, object_id)
    _handler(request)
    form = ClaimDecisionForm(request.POST)
    if not form.is_valid():
        return render_review(request, model_admin, claim, decision_form=form, status=400)
    try:
        claim_decide(claim=claim, actor=request.user, **form.cleaned_data)
    except ClaimNotOpen:
        messages.warning(request, _("По этой претензии уже принято решение, или она ещё не взята в работу."))
        return redirect(_review_url(claim))
    sent = _("Решение принято, письмо клиенту поставлено в отправку на %(email)s.")
    messages.success(request, sent % {"email": claim.client.email})
    return redirect("admin:claims_claimopen_changelist")


@require_GET
def claim_file_view(request, object_id, file_id, *, model_admin):
    """The client's photo or PDF, for staff who may view the claim (else 403)."""
    return _download(request, model_admin, object_id, file_id, preview=False)


@require_GET
def claim_file_preview_view(request, object_id, file_id, *, model_admin):
    return _download(request, model_admin, object_id, file_id, preview=True)


def _download(request, model_admin, object_id, file_id, *, preview: bool):
    claim = _claim(request, model_admin, object_id)
    file = claim_file_for_claim(claim=claim, file_id=file_id)
    if file is None:
        raise Http404
    try:
        return claim_file_download(file, preview=preview)
    except PrivateFileUnavailable:
        messages.error(request, UNAVAILABLE_MESSAGE)
        return redirect(_review_url(claim))

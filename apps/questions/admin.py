from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.widgets import UnfoldAdminTextareaWidget

from apps.core.admin import PortalModelAdmin
from apps.core.audit import audit_entries_for
from apps.core.audit_labels import audit_action_label
from apps.questions.models import Question
from apps.questions.selectors import questions_for_staff
from apps.questions.services import ANSWER_PERMISSION, QuestionAlreadyAnswered, question_answer


class AnswerForm(forms.ModelForm):
    class Meta:
        model = Question
        fields = ["answer"]
        widgets = {"answer": UnfoldAdminTextareaWidget(attrs={"rows": 8})}

    def clean_answer(self) -> str:
        answer = self.cleaned_data["answer"].strip()
        if not answer:
            raise forms.ValidationError(_("Напишите ответ: он уйдёт клиенту по e-mail."), code="required")
        if len(answer) > settings.ANSWER_TEXT_MAX_LENGTH:
            raise forms.ValidationError(
                _("Ответ длиннее %(limit)d символов."), params={"limit": settings.ANSWER_TEXT_MAX_LENGTH}
            )
        return answer


@admin.register(Question)
class QuestionAdmin(PortalModelAdmin):
    """New questions first; a staff member with the answer permission writes the answer and sends it.

    The page has one action, «Ответить и отправить» (admin/questions/question/submit_line.html):
    the answer is e-mailed to the client at once, so it is not a "save".
    """

    form = AnswerForm
    list_display = ["created_at", "client", "name", "short_text", "email", "status_label", "answered_by", "answered_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["client__name", "client__inn", "name", "email", "text"]
    inn_lookup = "client__inn"
    list_select_related = ["client", "answered_by"]
    readonly_fields = [
        "client",
        "name",
        "email",
        "created_at",
        "text",
        "status",
        "answered_by",
        "answered_at",
        "timeline",
    ]
    fieldsets = [
        (None, {"fields": ["client", "name", "email", "created_at", "text"]}),
        (_("Ответ"), {"fields": ["answer", "status", "answered_by", "answered_at", "timeline"]}),
    ]

    def get_queryset(self, request):
        return questions_for_staff()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status == Question.Status.ANSWERED:
            return [*self.readonly_fields, "answer"]
        return self.readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        if not request.user.has_perm(ANSWER_PERMISSION):
            return False
        return obj is None or obj.status == Question.Status.NEW

    def has_view_permission(self, request, obj=None) -> bool:
        user = request.user
        return user.has_perm("questions.view_question") or user.has_perm(ANSWER_PERMISSION)

    def save_model(self, request, obj, form, change) -> None:
        # Not obj.save(): the service records who answered, e-mails the answer and keeps it once.
        try:
            question_answer(question=obj, actor=request.user, answer=form.cleaned_data["answer"])
        except QuestionAlreadyAnswered:
            messages.warning(request, _("На этот вопрос уже ответили; ваш ответ не отправлен."))

    def response_change(self, request, obj: Question):
        # Instead of Django's "вопрос … был успешно изменён": say what happened — the e-mail left.
        if obj.status == Question.Status.ANSWERED and obj.answered_by_id == request.user.pk:
            self.message_user(
                request, _("Ответ отправлен клиенту на %(email)s.") % {"email": obj.email}, messages.SUCCESS
            )
        return self.response_post_save_change(request, obj)

    @display(description=_("вопрос"))
    def short_text(self, obj: Question) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"

    @display(description=_("статус"), ordering="status", label={"new": "warning", "answered": "success"})
    def status_label(self, obj: Question):
        return obj.status, obj.get_status_display()

    @display(description=_("журнал"))
    def timeline(self, obj: Question) -> str:
        rows = [
            f"{timezone.localtime(e.created_at):%d.%m.%Y %H:%M} {audit_action_label(e.action)} {e.actor or ''}".strip()
            for e in audit_entries_for(obj=obj)
        ]
        return "; ".join(rows) or "—"

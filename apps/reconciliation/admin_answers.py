"""Every client's answers to sent acts, and staff's answers to disputes, in lists: what staff
check first in the morning."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ReadOnlyAdmin
from apps.reconciliation.models import ReconciliationActAnswer, ReconciliationActResolution


class _PartOfTheActs(ReadOnlyAdmin):
    """Answers are part of the acts: whoever may look at acts may read them (one permission to grant)."""

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm("reconciliation.view_reconciliationact")

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    @admin.display(description=_("клиент"), ordering="act__client__name")
    def client(self, obj):
        return obj.act.client


@admin.register(ReconciliationActAnswer)
class ReconciliationActAnswerAdmin(_PartOfTheActs):
    list_display = ["created_at", "client", "act_link", "kind", "comment_short", "file_link", "created_by"]
    list_filter = ["kind", "created_at"]
    search_fields = ["act__client__inn", "act__client__name", "comment"]
    list_select_related = ["act__client", "created_by"]
    readonly_fields = ["act", "kind", "comment", "file_name", "file_size", "content_type", "created_at", "created_by"]
    exclude = ["file_path"]  # a path inside the private storage says nothing to staff

    @admin.display(description=_("акт сверки"))
    def act_link(self, obj: ReconciliationActAnswer):
        url = reverse("admin:reconciliation_reconciliationact_change", args=[obj.act_id])
        period = f"{obj.act.date_from:%d.%m.%Y}–{obj.act.date_to:%d.%m.%Y}"
        return format_html('<a href="{}">{}</a>', url, period)

    @admin.display(description=_("комментарий"))
    def comment_short(self, obj: ReconciliationActAnswer) -> str:
        return obj.comment if len(obj.comment) <= 80 else obj.comment[:79] + "…"

    @admin.display(description=_("файл"))
    def file_link(self, obj: ReconciliationActAnswer):
        if not obj.file_path:
            return "—"
        url = reverse("admin:reconciliation_reconciliationact_answer_file", args=[obj.act_id, obj.id])
        return format_html('<a href="{}">{}</a>', url, obj.file_name)


@admin.register(ReconciliationActResolution)
class ReconciliationActResolutionAdmin(_PartOfTheActs):
    """Staff's answers to disputes, as the client received them: written on the act's review page."""

    list_display = ["created_at", "client", "act_link", "text_short", "corrected", "created_by", "outgoing_email"]
    list_filter = ["created_at"]
    search_fields = ["act__client__inn", "act__client__name", "text"]
    list_select_related = ["act__client", "created_by", "outgoing_email"]
    readonly_fields = ["act", "text", "created_at", "created_by", "outgoing_email"]
    exclude = ["file_path"]  # the corrected act is the act's file: downloaded from the act's page

    @admin.display(description=_("акт сверки"))
    def act_link(self, obj: ReconciliationActResolution):
        url = reverse("admin:reconciliation_reconciliationact_review", args=[obj.act_id])
        period = f"{obj.act.date_from:%d.%m.%Y}–{obj.act.date_to:%d.%m.%Y}"
        return format_html('<a href="{}">{}</a>', url, period)

    @admin.display(description=_("ответ"))
    def text_short(self, obj: ReconciliationActResolution) -> str:
        return obj.text if len(obj.text) <= 80 else obj.text[:79] + "…"

    @admin.display(description=_("акт исправлен"), boolean=True)
    def corrected(self, obj: ReconciliationActResolution) -> bool:
        return obj.corrected

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display

from apps.core.admin import AutocompleteKeyFilter, DayRangeFilter, PortalModelAdmin, admin_object_or_404
from apps.core.audit import audit_entries_for
from apps.core.audit_labels import audit_action_label
from apps.documents import admin_downloads  # noqa: F401  (registers the download log)
from apps.documents.models import DocumentRequest
from apps.documents.services import document_request_retry

RETRY_PERMISSION = "documents.retry_documentrequest"

_STATUS_LABELS = {
    "sent": "success",
    "empty": "warning",
    "queued": "info",
    "running": "info",
    "retrying": "warning",
    "not_found": "danger",
    "invalid_period": "danger",
    "unavailable": "danger",
    "failed": "danger",
}


@admin.register(DocumentRequest)
class DocumentRequestAdmin(PortalModelAdmin):
    list_display = ["created_at", "client", "kind", "period", "email", "status_badge", "progress", "attempts"]
    # The client is picked by typing (a drop-down would hold every client), and dates by a range
    # rather than a date_hierarchy, which groups the whole table by year on every page.
    list_filter = ["status", "kind", ("created_at", DayRangeFilter), ("client", AutocompleteKeyFilter)]
    list_filter_submit = True
    search_fields = ["client__inn", "client__name", "email"]
    inn_lookup = "client__inn"
    list_select_related = ["client"]
    actions = ["retry"]
    actions_detail = ["retry_one"]
    readonly_fields = [
        "client",
        "kind",
        "date_from",
        "date_to",
        "email",
        "language",
        "status",
        "attempts",
        "last_error",
        "first_failure_at",
        "next_attempt_at",
        "claimed_at",
        "heartbeat_at",
        "finished_at",
        "documents_total",
        "documents_fetched",
        "documents_missing",
        "archive_name",
        "archive_size",
        "archive_expires_at",
        "archive_deleted_at",
        "email_delivery",
        "timeline",
    ]
    fieldsets = [
        (None, {"fields": ["client", "kind", "date_from", "date_to", "email", "language"]}),
        (_("Ход работы"), {"fields": ["status", "attempts", "last_error", "first_failure_at", "next_attempt_at"]}),
        (_("Попытка"), {"fields": ["claimed_at", "heartbeat_at", "finished_at"]}),
        (_("Документы"), {"fields": ["documents_total", "documents_fetched", "documents_missing"]}),
        (
            _("Архив и письмо"),
            {"fields": ["archive_name", "archive_size", "archive_expires_at", "archive_deleted_at", "email_delivery"]},
        ),
        (_("Журнал"), {"fields": ["timeline"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @display(description=_("период"))
    def period(self, obj: DocumentRequest) -> str:
        return f"{obj.date_from:%d.%m.%Y} – {obj.date_to:%d.%m.%Y}"

    @display(description=_("статус"), ordering="status", label=_STATUS_LABELS)
    def status_badge(self, obj: DocumentRequest):
        return obj.status, obj.get_status_display()

    @display(description=_("документы"))
    def progress(self, obj: DocumentRequest) -> str:
        if obj.documents_total is None:
            return "—"
        return f"{obj.documents_fetched}/{obj.documents_total}"

    @display(description=_("письмо"))
    def email_delivery(self, obj: DocumentRequest) -> str:
        email = obj.outgoing_email
        if email is None:
            return "—"
        return format_html(
            "{} → {} · {} · {}",
            email.subject,
            email.to,
            email.get_status_display(),
            email.sent_at or email.last_error or "",
        )

    @display(description=_("журнал"))
    def timeline(self, obj: DocumentRequest) -> str:
        rows = [
            (
                timezone.localtime(entry.created_at).strftime("%d.%m.%Y %H:%M:%S"),
                entry.action,  # the key stays at hand (hover) for whoever reads the code or the logs
                audit_action_label(entry.action),
                _details(entry.data),
            )
            for entry in audit_entries_for(obj=obj)
        ]
        if not rows:
            return "—"
        return format_html("<ul>{}</ul>", format_html_join("", '<li>{} — <span title="{}">{}</span> {}</li>', rows))

    @action(description=_("Повторить запрос"), permissions=["retry"])
    def retry(self, request, queryset):
        count = sum(document_request_retry(request=item, actor=request.user) for item in queryset)
        messages.success(request, _("Запросов поставлено заново: %(count)d.") % {"count": count})

    @action(description=_("Повторить запрос"), permissions=["retry"], url_path="retry")
    def retry_one(self, request, object_id):
        # unfold renders detail actions as links: a GET only asks, the POST (with its CSRF token) acts.
        # unfold checks the permission before calling this; checked again so no other route skips it.
        item = admin_object_or_404(self, request, object_id)
        if not self.has_retry_permission(request, item):
            raise PermissionDenied
        if request.method != "POST":
            context = {
                **self.admin_site.each_context(request),
                "object": item,
                "email": item.email,
                "title": _("Повторить запрос"),
            }
            return TemplateResponse(request, "admin/documents/retry_confirm.html", context)
        if document_request_retry(request=item, actor=request.user):
            messages.success(request, _("Запрос поставлен в очередь заново."))
        else:
            messages.warning(request, _("Повторить можно только запрос, завершившийся ошибкой."))
        return redirect("admin:documents_documentrequest_change", item.id)

    def has_retry_permission(self, request, obj=None) -> bool:
        # Looking at a request is not enough to send 1C and the mail server the work again.
        return request.user.has_perm(RETRY_PERMISSION)


def _details(data: dict) -> str:
    return ", ".join(f"{key}={value}" for key, value in data.items())

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin

from apps.core.models import AuditEntry

admin.site.index_title = _("Личный кабинет клиента")


@admin.register(AuditEntry)
class AuditEntryAdmin(ModelAdmin):
    """Everything that happened, newest first; each object's page shows its own slice too."""

    list_display = ["created_at", "action", "content_type", "object_id", "actor"]
    list_filter = ["action", "content_type", "created_at"]
    search_fields = ["action", "object_id", "actor__username"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    list_select_related = ["content_type", "actor"]
    readonly_fields = ["created_at", "action", "content_type", "object_id", "actor", "data"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

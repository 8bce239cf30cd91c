from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.decorators import action

from apps.mail.models import OutgoingEmail
from apps.mail.services import outgoing_email_retry


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(ModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["to", "subject", "key", "message_id"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in OutgoingEmail._meta.fields]
    actions = ["retry"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @action(description=_("Отправить ещё раз"), permissions=["retry"])
    def retry(self, request, queryset):
        count = sum(outgoing_email_retry(email=email) for email in queryset)
        messages.success(request, _("Поставлено в отправку писем: %(count)d.") % {"count": count})

    def has_retry_permission(self, request) -> bool:
        return request.user.has_perm("mail.view_outgoingemail")

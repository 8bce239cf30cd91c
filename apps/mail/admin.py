import json

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display

from apps.core.admin import PortalModelAdmin
from apps.mail.models import OutgoingEmail
from apps.mail.services import outgoing_email_retry

RESEND_PERMISSION = "mail.resend_outgoingemail"
HIDDEN = _("Текст скрыт: письмо содержит пароль или ссылку для входа.")
# The text of an e-mail is shown only through these, which hide a sensitive one, sent or not.
_SHOWN_AS = {"body_text": "text", "body_html": "html", "attachments": "files"}


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(PortalModelAdmin):
    list_display = ["created_at", "to", "subject", "status", "attempts", "sent_at"]
    list_filter = ["status", "created_at"]  # no date_hierarchy: it groups the whole outbox by year on each page
    # Never the text: a search must not find a letter by the password or link in it.
    search_fields = ["to", "subject", "key", "message_id"]
    readonly_fields = [_SHOWN_AS.get(f.name, f.name) for f in OutgoingEmail._meta.fields]
    fields = readonly_fields
    actions = ["resend"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @display(description=_("текст"))
    def text(self, obj: OutgoingEmail) -> str:
        return HIDDEN if obj.sensitive else obj.body_text

    @display(description=_("HTML"))
    def html(self, obj: OutgoingEmail) -> str:
        return HIDDEN if obj.sensitive else obj.body_html

    @display(description=_("вложения"))
    def files(self, obj: OutgoingEmail) -> str:
        return HIDDEN if obj.sensitive else json.dumps(obj.attachments, ensure_ascii=False)

    @action(description=_("Отправить ещё раз"), permissions=["resend"])
    def resend(self, request, queryset):
        count = sum(outgoing_email_retry(email=email) for email in queryset)
        messages.success(request, _("Поставлено в отправку писем: %(count)d.") % {"count": count})

    def has_resend_permission(self, request) -> bool:
        # Reading the outbox is not enough to send a client the same letter again.
        return request.user.has_perm(RESEND_PERMISSION)

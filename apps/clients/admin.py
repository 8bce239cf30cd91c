from allauth.account.models import EmailAddress
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as BaseGroupAdmin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from apps.clients import (
    admin_logs,  # noqa: F401  (registers the journals of letters and e-mail changes)
    two_factor_admin,  # noqa: F401  (authenticators, without their secrets)
)
from apps.clients.access import client_access_queue
from apps.clients.admin_import import import_view
from apps.clients.admin_people import InvitationInline, MembershipInline
from apps.clients.models import AccessLetter, Client, ClientEmailChange
from apps.clients.services import client_email_change
from apps.core.admin import PortalModelAdmin, ReadOnlyInline
from apps.core.display import datetime_label

User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)
# An organisation's address is Client.email, changed only through the recorded e-mail change;
# allauth's own address book is not used and must not look like a second place to change it.
admin.site.unregister(EmailAddress)


@admin.register(User)
class UserAdmin(BaseUserAdmin, PortalModelAdmin):
    """Django's user admin in unfold's look; clients' logins show up here too."""

    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_display = ["username", "email", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_superuser", "is_active"]


@admin.register(Group)
class GroupAdmin(BaseGroupAdmin, PortalModelAdmin):
    pass


class AccessLetterInline(ReadOnlyInline):
    model = AccessLetter
    verbose_name_plural = _("письма с доступом")
    fields = ["created_at", "sent_by", "letter_status", "letter_sent_at", "password_expires_at"]
    related = ("client", "email", "sent_by")
    show_change_link = False

    @admin.display(description=_("статус письма"))
    def letter_status(self, obj: AccessLetter):
        return obj.email.get_status_display() if obj.email else "—"

    @admin.display(description=_("ушло"))
    def letter_sent_at(self, obj: AccessLetter) -> str:
        return datetime_label(obj.email.sent_at if obj.email else None)


class ClientEmailChangeInline(ReadOnlyInline):
    model = ClientEmailChange
    verbose_name_plural = _("смены e-mail по умолчанию")
    fields = ["changed_at", "old_email", "new_email", "changed_by", "source"]
    related = ("client", "changed_by")


@admin.register(Client)
class ClientAdmin(PortalModelAdmin):
    list_display = ["name", "inn", "kpp", "email", "phone", "language", "is_active", "access_sent", "last_login"]
    list_filter = ["is_active", "require_two_factor", "language"]
    search_fields = ["inn", "name", "email", "kpp"]
    readonly_fields = ["user", "access_password_expires_at", "created_at", "updated_at", "journals"]
    fieldsets = [
        (None, {"fields": ["name", "inn", "kpp"]}),
        (_("Контакты"), {"fields": ["email", "phone", "language"]}),
        (
            _("Доступ"),
            {
                "fields": [
                    "is_active",
                    "require_two_factor",
                    "user",
                    "access_password_expires_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
        (_("Журналы клиента"), {"fields": ["journals"]}),
    ]
    list_select_related = ["user"]
    inlines = [MembershipInline, InvitationInline, AccessLetterInline, ClientEmailChangeInline]
    actions = ["send_access"]
    actions_list = ["import_excel"]

    def get_queryset(self, request):
        letters = AccessLetter.objects.filter(client=OuterRef("pk")).order_by("-created_at")
        return (
            super()
            .get_queryset(request)
            .annotate(
                access_queued_at=Subquery(letters.values("created_at")[:1]),
                access_sent_at=Subquery(letters.values("email__sent_at")[:1]),
            )
        )

    @admin.display(description=_("журналы"))
    def journals(self, obj: Client):
        # Links by URL name only: the documents and notices apps sit above clients (no import).
        links = [
            (_("Скачивания"), "admin:documents_documentdownload_changelist"),
            (_("Подписка на уведомления"), "admin:notices_noticesubscription_changelist"),
            (_("Сообщённые документы"), "admin:notices_announceddocument_changelist"),
        ]
        query = f"?client__id__exact={obj.pk}"
        return format_html_join(" · ", '<a href="{}">{}</a>', ((reverse(name) + query, label) for label, name in links))

    @admin.display(description=_("последний вход"), ordering="user__last_login")
    def last_login(self, obj: Client):
        return obj.user.last_login

    @admin.display(description=_("доступ отправлен"), ordering="access_queued_at")
    def access_sent(self, obj: Client):
        if obj.access_sent_at:
            return date_format(localtime(obj.access_sent_at), "SHORT_DATETIME_FORMAT")
        if obj.access_queued_at:
            return _("в очереди с %(time)s") % {
                "time": date_format(localtime(obj.access_queued_at), "SHORT_DATETIME_FORMAT")
            }
        return "—"

    def has_add_permission(self, request) -> bool:
        # A client needs its login created with it; staff add clients by the Excel import
        # or the import command, which do both in one service call.
        return False

    def save_model(self, request, obj: Client, form, change) -> None:
        if change and "email" in form.changed_data:
            # Recorded with who and when; the login's address (for password reset) follows.
            client_email_change(client=obj, email=obj.email, changed_by=request.user)
        super().save_model(request, obj, form, change)

    @action(description=_("Отправить доступ"), permissions=["send_access"], icon="key")
    def send_access(self, request, queryset):
        clients = list(queryset)
        queued = client_access_queue(clients=clients, sent_by=request.user)
        messages.success(request, _("Письма с доступом поставлены в очередь: %(count)d.") % {"count": queued})
        if skipped := len(clients) - queued:
            messages.warning(request, _("Неактивным клиентам письма не отправлены: %(count)d.") % {"count": skipped})

    def has_send_access_permission(self, request) -> bool:
        return request.user.has_perm("clients.send_access")

    @action(description=_("Импорт из Excel"), url_path="import", permissions=["import_excel"], icon="upload_file")
    def import_excel(self, request):
        return import_view(request, self)

    def has_import_excel_permission(self, request) -> bool:
        return request.user.has_perm("clients.import_clients")

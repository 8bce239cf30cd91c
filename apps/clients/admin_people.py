"""People of client organisations in the admin: memberships (disable, enable) and invitations.

Each client's page lists its people as an inline; these lists answer "where does this person
work?" across all clients, filtered by client like the other journals.
"""

from django.contrib import admin, messages
from django.db.models import F
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from apps.clients.models import Invitation, Membership
from apps.core.admin import PortalModelAdmin, ReadOnlyAdmin, ReadOnlyInline


class MembershipInline(ReadOnlyInline):
    model = Membership
    verbose_name_plural = _("сотрудники")
    fields = ["user", "role", "is_active", "invited_by", "created_at", "last_login"]
    related = ("client", "user", "invited_by")
    # Read-only: changed on the person's own page, which guards the INN login; colleagues come by
    # invitation, from the company's administrator, never added here.
    show_change_link = True

    @admin.display(description=_("последний вход"))
    def last_login(self, obj: Membership):
        return obj.user.last_login


class InvitationInline(ReadOnlyInline):
    model = Invitation
    verbose_name_plural = _("приглашения")
    fields = ["email", "role", "invited_by", "created_at", "expires_at", "accepted_at"]
    related = ("client", "invited_by")


@admin.register(Membership)
class MembershipAdmin(PortalModelAdmin):
    list_display = ["user", "client", "role", "is_active", "invited_by", "created_at"]
    list_filter = ["role", "is_active"]
    search_fields = ["client__inn", "client__name", "user__username"]
    inn_lookup = "client__inn"
    list_select_related = ["user", "client", "invited_by"]
    fields = ["user", "client", "role", "is_active", "invited_by", "created_at"]
    readonly_fields = ["user", "client", "invited_by", "created_at"]
    actions = ["disable", "enable"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_own_login:
            # The INN login is always its company's administrator; staff switch the client off instead.
            return [*self.readonly_fields, "role", "is_active"]
        return self.readonly_fields

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # disable instead: the person's downloads stay attributed

    @action(description=_("Закрыть доступ"))
    def disable(self, request, queryset):
        # The organisation's own INN login is switched off with the client itself, not here.
        changed = queryset.filter(is_active=True).exclude(user_id=F("client__user_id")).update(is_active=False)
        messages.success(request, _("Доступ закрыт: %(count)d.") % {"count": changed})

    @action(description=_("Открыть доступ"))
    def enable(self, request, queryset):
        changed = queryset.filter(is_active=False).update(is_active=True)
        messages.success(request, _("Доступ открыт: %(count)d.") % {"count": changed})


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "email", "client", "role", "invited_by", "expires_at", "accepted_at"]
    list_filter = ["role", "created_at"]
    search_fields = ["client__inn", "client__name", "email"]
    inn_lookup = "client__inn"
    list_select_related = ["client", "invited_by"]

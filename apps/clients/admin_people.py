"""People of client organisations in the admin: memberships (disable, enable) and invitations.

Each client's page lists its people as an inline; these lists answer "where does this person
work?" across all clients, filtered by client like the other journals.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action

from apps.clients.invitations import invitations_revoke
from apps.clients.models import Invitation, Membership
from apps.clients.people import memberships_close
from apps.core.admin import PortalModelAdmin, ReadOnlyAdmin, ReadOnlyInline
from apps.core.display import datetime_label


class MembershipInline(ReadOnlyInline):
    model = Membership
    verbose_name_plural = _("сотрудники")
    fields = ["user", "role", "is_active", "invited_by", "created_at", "last_login"]
    related = ("client", "user", "invited_by")
    # Read-only: changed on the person's own page, which guards the INN login; colleagues come by
    # invitation, from the company's administrator, never added here.
    show_change_link = True

    @admin.display(description=_("последний вход"))
    def last_login(self, obj: Membership) -> str:
        return datetime_label(obj.user.last_login)


class InvitationInline(ReadOnlyInline):
    model = Invitation
    verbose_name_plural = _("приглашения")
    fields = ["email", "role", "invited_by", "created_at", "expires_at", "accepted_at", "revoked_at"]
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

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and {"role", "is_active"} & set(form.changed_data):
            # As on «Сотрудники»: a link sent before must not undo what staff just set.
            invitations_revoke(client=obj.client, email=obj.user.get_username(), by=request.user)

    @action(description=_("Закрыть доступ"))
    def disable(self, request, queryset):
        changed = memberships_close(memberships=queryset, by=request.user)
        messages.success(request, _("Доступ закрыт: %(count)d.") % {"count": changed})

    @action(description=_("Открыть доступ"))
    def enable(self, request, queryset):
        changed = queryset.filter(is_active=False).update(is_active=True)
        messages.success(request, _("Доступ открыт: %(count)d.") % {"count": changed})


@admin.register(Invitation)
class InvitationAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "email", "client", "role", "invited_by", "expires_at", "accepted_at", "revoked_at"]
    list_filter = ["role", "created_at"]
    actions = ["revoke"]

    def has_revoke_permission(self, request) -> bool:
        return request.user.has_perm("clients.change_invitation")

    @action(description=_("Отозвать приглашения"), permissions=["revoke"])
    def revoke(self, request, queryset):
        revoked = sum(
            invitations_revoke(client=invitation.client, email=invitation.email, by=request.user)
            for invitation in queryset.filter(accepted_at=None, revoked_at=None).select_related("client")
        )
        messages.success(request, _("Отозвано приглашений: %(count)d.") % {"count": revoked})

    search_fields = ["client__inn", "client__name", "email"]
    inn_lookup = "client__inn"
    list_select_related = ["client", "invited_by"]

"""Staff see who has two-factor login and can reset it for somebody who lost the phone.

allauth.mfa's own admin shows the stored TOTP secret and recovery codes (`data`) on every
change page: here staff see only whose it is, its kind and when it was used, and may delete
it (the login then sets up a new app — at once, if two-factor login is required of it).
"""

from allauth.mfa.models import Authenticator
from django.contrib import admin

from apps.core.admin import PortalModelAdmin

admin.site.unregister(Authenticator)


@admin.register(Authenticator)
class AuthenticatorAdmin(PortalModelAdmin):
    list_display = ["user", "type", "created_at", "last_used_at"]
    list_filter = ["type"]
    search_fields = ["user__username"]
    fields = ["user", "type", "created_at", "last_used_at"]
    readonly_fields = fields
    list_select_related = ["user"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

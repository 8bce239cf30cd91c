"""Staff see who has two-factor login and can reset it for somebody who lost the phone.

allauth.mfa's own admin shows the stored TOTP secret and recovery codes (`data`) on every
change page: here staff see only whose it is, its kind and when it was used, and may delete
it (the login then sets up a new app — at once, if two-factor login is required of it).
"""

from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import PortalModelAdmin

admin.site.unregister(Authenticator)
# allauth's model has no verbose name: Django's "authenticators" would stand on the admin's index.
# Set on _meta, not in a Meta: migrations read only what a model's Meta declares.
Authenticator._meta.verbose_name = _("способ двухфакторного входа")
Authenticator._meta.verbose_name_plural = _("способы двухфакторного входа")


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

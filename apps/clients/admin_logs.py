"""Read-only journals of access letters and e-mail changes, across all clients.

Each client's page shows its own as inlines; these lists answer "who got a letter this week?"
and "who changed this address?" for all clients at once. Dates are picked with list_filter, not
a date_hierarchy, which would group the whole journal by year on every page.
"""

from django.contrib import admin

from apps.clients.models import AccessLetter, ClientEmailChange
from apps.core.admin import ReadOnlyAdmin


@admin.register(AccessLetter)
class AccessLetterAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "client", "sent_by", "password_expires_at", "email"]
    list_filter = ["created_at"]
    search_fields = ["client__inn", "client__name"]
    inn_lookup = "client__inn"
    list_select_related = ["client", "sent_by", "email"]


@admin.register(ClientEmailChange)
class ClientEmailChangeAdmin(ReadOnlyAdmin):
    list_display = ["changed_at", "client", "old_email", "new_email", "changed_by", "source"]
    list_filter = ["source", "changed_at"]
    search_fields = ["client__inn", "client__name", "old_email", "new_email"]
    inn_lookup = "client__inn"
    list_select_related = ["client", "changed_by"]

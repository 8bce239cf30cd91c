"""Staff see which account each organisation pays from; the organisation itself enters and
changes it in the cabinet, where the change is journalled with who made it."""

from django.contrib import admin

from apps.core.admin import AutocompleteKeyFilter, PortalModelAdmin
from apps.payments.models import PayerAccount


@admin.register(PayerAccount)
class PayerAccountAdmin(PortalModelAdmin):
    list_display = ["client", "account", "bic", "bank_name", "updated_at", "updated_by"]
    list_filter = [("client", AutocompleteKeyFilter)]
    list_filter_submit = True
    search_fields = ["client__inn", "client__name", "account", "bic"]
    inn_lookup = "client__inn"
    list_select_related = ["client", "updated_by"]
    ordering = ["-updated_at"]
    fields = readonly_fields = ["client", "account", "bic", "bank_name", "corr_account", "updated_at", "updated_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Staff never type a client's account: only the client knows it, and the journal names who did.
        return False

"""A claim's lines and files, and the year counters, as read-only lists: staff read them on the
claim's page; these let them be searched across claims. Whoever may look at claims may read them
(one permission to grant)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from apps.claims.models import ClaimCounter, ClaimFile, ClaimLine
from apps.claims.services import HANDLE_PERMISSION
from apps.core.admin import ReadOnlyAdmin


class _PartOfTheClaims(ReadOnlyAdmin):
    list_select_related = ["claim__client"]
    inn_lookup = "claim__client__inn"

    def has_view_permission(self, request, obj=None) -> bool:
        user = request.user
        return user.has_perm("claims.view_claim") or user.has_perm(HANDLE_PERMISSION)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    @admin.display(description=_("претензия"), ordering="claim__sequence")
    def claim_link(self, obj):
        url = reverse("admin:claims_claim_review", args=[obj.claim_id])
        return format_html('<a href="{}">{}</a>', url, obj.claim.number)

    @admin.display(description=_("клиент"), ordering="claim__client__name")
    def client(self, obj):
        return obj.claim.client


@admin.register(ClaimLine)
class ClaimLineAdmin(_PartOfTheClaims):
    list_display = ["claim_link", "client", "position", "product", "amount", "unit"]
    search_fields = ["product", "claim__client__inn", "claim__client__name"]
    readonly_fields = ["claim", "position", "product", "quantity", "unit"]


@admin.register(ClaimFile)
class ClaimFileAdmin(_PartOfTheClaims):
    list_display = ["claim_link", "client", "file_link", "content_type", "file_size"]
    search_fields = ["file_name", "claim__client__inn", "claim__client__name"]
    readonly_fields = ["claim", "position", "file_name", "file_size", "content_type"]
    exclude = ["file_path", "preview_path"]  # paths inside the private storage say nothing to staff

    @admin.display(description=_("файл"))
    def file_link(self, obj: ClaimFile):
        url = reverse("admin:claims_claim_file", args=[obj.claim_id, obj.id])
        return format_html('<a href="{}">{}</a>', url, obj.file_name)


@admin.register(ClaimCounter)
class ClaimCounterAdmin(ReadOnlyAdmin):
    """The last number given in each year: what the next claim's number follows."""

    list_display = ["year", "last"]
    readonly_fields = ["year", "last"]

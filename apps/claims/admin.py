"""Claims in the admin: every claim, the queue of those waiting for a decision (oldest first, the
late ones in red), and each claim's page with its photos, where staff take it and decide it."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from apps.claims import admin_parts, admin_views  # noqa: F401  (admin_parts registers the lines, files, counters)
from apps.claims.models import Claim, ClaimOpen
from apps.claims.selectors import claim_is_overdue, claims_open
from apps.claims.services import HANDLE_PERMISSION
from apps.core.admin import ReadOnlyAdmin, admin_object_or_404, key_or_none
from apps.core.display import duration_label

STATUS_LABELS = {
    Claim.Status.NEW: "warning",
    Claim.Status.IN_WORK: "info",
    Claim.Status.SATISFIED: "success",
    Claim.Status.PARTIAL: "success",
    Claim.Status.REJECTED: "danger",
}
# unfold's label without its capitals, as the acts' queue: a wait reads «1 ч 05 мин».
_WAIT_CLASSES = "inline-block font-semibold rounded-default text-[11px] whitespace-nowrap h-6 leading-6 px-2"
_WAIT_COLOURS = {
    "overdue": "bg-red-100 text-red-700 dark:bg-red-500/20 dark:text-red-400",
    "ok": "bg-blue-100 text-blue-700 dark:bg-blue-500/20 dark:text-blue-400",
}


class ClaimAdminBase(ReadOnlyAdmin):
    """Read-only: a claim changes only through its page's services, never through a model form,
    and is never deleted — it and its decision are the record of what was promised the client."""

    list_select_related = ["client", "taken_by"]
    search_fields = ["client__name", "client__inn", "shipment_number", "description"]
    inn_lookup = "client__inn"
    list_display_links = None

    def has_view_permission(self, request, obj=None) -> bool:
        user = request.user
        return user.has_perm("claims.view_claim") or user.has_perm(HANDLE_PERMISSION)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    @display(description=_("номер"), ordering="sequence")
    def number(self, obj: Claim) -> str:
        url = reverse("admin:claims_claim_review", args=[obj.id])
        return format_html('<a class="text-primary-600 font-medium" href="{}">{}</a>', url, obj.number)

    @display(description=_("клиент"), ordering="client__name", header=True)
    def client_display(self, obj: Claim):
        return obj.client.name, obj.client.inn

    @display(description=_("отгрузка"), ordering="shipment_date")
    def shipment(self, obj: Claim) -> str:
        return f"№ {obj.shipment_number}, {obj.shipment_date:%d.%m.%Y}"

    @display(description=_("файлы"))
    def files_count(self, obj: Claim) -> str:
        photos = sum(1 for file in obj.files.all() if file.is_image)
        return _("фото: %(photos)d, PDF: %(pdfs)d") % {"photos": photos, "pdfs": len(obj.files.all()) - photos}

    @display(description=_("статус"), ordering="status", label=STATUS_LABELS)
    def status_label(self, obj: Claim):
        return obj.status, obj.get_status_display()

    @display(description=_("ждёт"))
    def age(self, obj: Claim) -> str:
        if obj.status not in (Claim.Status.NEW, Claim.Status.IN_WORK):
            return "—"
        colours = _WAIT_COLOURS["overdue" if claim_is_overdue(claim=obj) else "ok"]
        return format_html(
            '<span class="{} {}">{}</span>', _WAIT_CLASSES, colours, duration_label(timezone.now() - obj.filed_at)
        )

    @display(description="")
    def review_link(self, obj: Claim) -> str:
        url = reverse("admin:claims_claim_review", args=[obj.id])
        return format_html('<a class="text-primary-600 font-medium" href="{}">{}</a>', url, _("Рассмотреть"))


@admin.register(Claim)
class ClaimAdmin(ClaimAdminBase):
    list_display = ["number", "filed_at", "client_display", "shipment", "outcome", "status_label", "age", "review_link"]
    list_filter = ["status", "outcome", "filed_at"]
    ordering = ["-filed_at", "-id"]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(
                lambda request, object_id, **kwargs: function(request, object_id, model_admin=self, **kwargs)
            )

        info = "claims_claim"
        # <str:>, not <int:>: any id reaches the view and is a 404 there, not a detour through
        # the admin's catch-all redirect.
        return [
            path("<str:object_id>/review/", view(admin_views.claim_review_view), name=f"{info}_review"),
            path("<str:object_id>/take/", view(admin_views.claim_take_view), name=f"{info}_take"),
            path("<str:object_id>/decide/", view(admin_views.claim_decide_view), name=f"{info}_decide"),
            path("<str:object_id>/files/<str:file_id>/", view(admin_views.claim_file_view), name=f"{info}_file"),
            path(
                "<str:object_id>/files/<str:file_id>/preview/",
                view(admin_views.claim_file_preview_view),
                name=f"{info}_file_preview",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        claim = admin_object_or_404(self, request, object_id)
        return redirect("admin:claims_claim_review", object_id=claim.id)


@admin.register(ClaimOpen)
class ClaimOpenAdmin(ClaimAdminBase):
    """The queue: claims without a decision, the longest-waiting first."""

    list_display = [
        "number",
        "filed_at",
        "client_display",
        "shipment",
        "files_count",
        "status_label",
        "taken_by",
        "age",
        "review_link",
    ]
    list_filter = ["status"]
    ordering = ["filed_at", "id"]

    def get_queryset(self, request):
        return claims_open().prefetch_related("files")

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Not looked up in this queue: a claim decided a moment ago has left it, and its page still opens.
        key = key_or_none(self.model, unquote(object_id))
        if key is None or not Claim.objects.filter(pk=key).exists():
            raise Http404
        return redirect("admin:claims_claim_review", object_id=key)

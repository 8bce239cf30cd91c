from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from unfold.decorators import action, display

from apps.core.admin import PortalModelAdmin, admin_object_or_404, key_or_none
from apps.core.display import duration_label, rubles
from apps.reconciliation import admin_answers, admin_views  # noqa: F401  (admin_answers registers the answers list)
from apps.reconciliation.models import ActDisputed, ActInReview, ReconciliationAct
from apps.reconciliation.selectors import act_is_overdue, acts_disputed_open, acts_waiting_review
from apps.reconciliation.services import REVIEW_PERMISSION

STATUS_LABELS = {
    ReconciliationAct.Status.IN_REVIEW: "warning",
    ReconciliationAct.Status.SENT: "success",
    ReconciliationAct.Status.REJECTED: "danger",
    ReconciliationAct.Status.NOT_FOUND: "danger",
    ReconciliationAct.Status.INVALID_PERIOD: "danger",
    ReconciliationAct.Status.UNAVAILABLE: "danger",
    ReconciliationAct.Status.FAILED: "danger",
    ReconciliationAct.Status.RETRYING: "info",
}


ANSWER_LABELS = {
    ReconciliationAct.Answer.CONFIRMED: "success",
    ReconciliationAct.Answer.DISPUTED: "warning",
    ReconciliationAct.Answer.RESOLVED: "info",
    "signed": "success",
    "awaiting": "info",
}


# unfold's label without its capitals: a wait reads «1 ч 05 мин», not «1 Ч 05 МИН».
_WAIT_CLASSES = "inline-block font-semibold rounded-default text-[11px] whitespace-nowrap h-6 leading-6 px-2"
_WAIT_COLOURS = {
    "overdue": "bg-red-100 text-red-700 dark:bg-red-500/20 dark:text-red-400",
    "ok": "bg-blue-100 text-blue-700 dark:bg-blue-500/20 dark:text-blue-400",
}


class ActAdminBase(PortalModelAdmin):
    list_select_related = ["client", "reviewed_by"]
    search_fields = ["client__name", "client__inn", "email"]
    inn_lookup = "client__inn"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        # Acts change only through the review page's services, never through a model form.
        return False

    @display(description=_("клиент"), ordering="client__name", header=True)
    def client_display(self, obj: ReconciliationAct):
        return obj.client.name, obj.client.inn

    @display(description=_("период"), ordering="date_from")
    def period(self, obj: ReconciliationAct) -> str:
        return f"{obj.date_from:%d.%m.%Y}–{obj.date_to:%d.%m.%Y}"

    @display(description=_("сальдо на начало"), ordering="opening_balance")
    def opening(self, obj: ReconciliationAct) -> str:
        return rubles(obj.opening_balance) or "—"

    @display(description=_("сальдо на конец"), ordering="closing_balance")
    def closing(self, obj: ReconciliationAct) -> str:
        return rubles(obj.closing_balance) or "—"

    @display(description=_("статус"), ordering="status", label=STATUS_LABELS)
    def status_label(self, obj: ReconciliationAct):
        return obj.status, obj.get_status_display()

    @display(description=_("Ответ клиента"), ordering="client_answer", label=ANSWER_LABELS)
    def client_answer_label(self, obj: ReconciliationAct):
        # The signed scan is shown beside the answer, never instead of it: a dispute stays in sight.
        signed = obj.signed_copy_at is not None
        if obj.client_answer:
            text = obj.get_client_answer_display()
            if signed:
                text = _("%(answer)s, подписанный экземпляр получен") % {"answer": text}
            return obj.client_answer, text
        if signed:
            return "signed", _("получен подписанный экземпляр")
        if obj.status == ReconciliationAct.Status.SENT:
            return "awaiting", _("ждём ответа")
        return None

    @display(description="")
    def review_link(self, obj: ReconciliationAct) -> str:
        url = reverse("admin:reconciliation_reconciliationact_review", args=[obj.id])
        return format_html('<a class="text-primary-600 font-medium" href="{}">{}</a>', url, _("Проверить"))


@admin.register(ReconciliationAct)
class ReconciliationActAdmin(ActAdminBase):
    list_display = [
        "created_at",
        "client_display",
        "period",
        "status_label",
        "opening",
        "closing",
        "reviewed_by",
        "reviewed_at",
        "client_answer_label",
        "review_link",
    ]
    # no date_hierarchy: it groups every act by year on each page
    list_filter = ["status", "client_answer", ("signed_copy_at", admin.EmptyFieldListFilter), "created_at"]
    readonly_fields = [f.name for f in ReconciliationAct._meta.fields]
    actions_detail = ["open_review"]

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(lambda request, object_id: function(request, object_id, model_admin=self))

        info = "reconciliation_reconciliationact"
        # <str:>, not <int:>: any id reaches the view and is a 404 there, not a detour through
        # the admin's catch-all redirect.
        return [
            path("<str:object_id>/review/", view(admin_views.act_review_view), name=f"{info}_review"),
            path("<str:object_id>/pdf/", view(admin_views.act_pdf_view), name=f"{info}_pdf"),
            path("<str:object_id>/approve/", view(admin_views.act_approve_view), name=f"{info}_approve"),
            path("<str:object_id>/replace/", view(admin_views.act_replace_view), name=f"{info}_replace"),
            path("<str:object_id>/reject/", view(admin_views.act_reject_view), name=f"{info}_reject"),
            path("<str:object_id>/resolve/", view(admin_views.act_resolve_view), name=f"{info}_resolve"),
            path(
                "<str:object_id>/answers/<str:answer_id>/file/",
                self.admin_site.admin_view(
                    lambda request, object_id, answer_id: admin_views.act_answer_file_view(
                        request, object_id, answer_id, model_admin=self
                    )
                ),
                name=f"{info}_answer_file",
            ),
            *super().get_urls(),
        ]

    @action(description=_("Проверка и отправка"), url_path="open-review", icon="fact_check")
    def open_review(self, request, object_id):
        act = admin_object_or_404(self, request, object_id)
        return redirect("admin:reconciliation_reconciliationact_review", object_id=act.id)


class ActQueueAdmin(ActAdminBase):
    """A queue of acts waiting for a person; its rows open on the act's review page."""

    list_display_links = None

    def has_view_permission(self, request, obj=None) -> bool:
        user = request.user
        return user.has_perm("reconciliation.view_reconciliationact") or user.has_perm(REVIEW_PERMISSION)

    def has_module_permission(self, request) -> bool:
        return self.has_view_permission(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Not looked up in this queue: an act handled a moment ago has left it, and its page still opens.
        key = key_or_none(self.model, unquote(object_id))
        if key is None:
            raise Http404
        return redirect("admin:reconciliation_reconciliationact_review", object_id=key)


@admin.register(ActInReview)
class ActInReviewAdmin(ActQueueAdmin):
    """The review queue: acts waiting for a person, the longest-waiting first."""

    list_display = [
        "waiting_since",
        "client_display",
        "period",
        "opening",
        "closing",
        "age",
        "review_link",
    ]
    ordering = ["review_started_at", "id"]

    def get_queryset(self, request):
        return acts_waiting_review()

    @display(description=_("ждёт с"), ordering="review_started_at")
    def waiting_since(self, obj: ReconciliationAct) -> str:
        return date_format(localtime(obj.review_started_at), "SHORT_DATETIME_FORMAT") if obj.review_started_at else "—"

    @display(description=_("ждёт"))
    def age(self, obj: ReconciliationAct) -> str:
        waited = timezone.now() - (obj.review_started_at or obj.created_at)
        colours = _WAIT_COLOURS["overdue" if act_is_overdue(act=obj) else "ok"]
        return format_html('<span class="{} {}">{}</span>', _WAIT_CLASSES, colours, duration_label(waited))


@admin.register(ActDisputed)
class ActDisputedAdmin(ActQueueAdmin):
    """Open disputes, the oldest first: each stays here until someone answers it on the act's page."""

    list_display = [
        "disputed_since",
        "client_display",
        "period",
        "closing_balance",
        "email",
        "client_answer_label",
        "answer_link",
    ]
    ordering = ["dispute_opened_at", "id"]

    def get_queryset(self, request):
        return acts_disputed_open()

    @display(description=_("расхождения с"), ordering="dispute_opened_at")
    def disputed_since(self, obj: ReconciliationAct):
        return obj.dispute_opened_at

    @display(description="")
    def answer_link(self, obj: ReconciliationAct) -> str:
        url = reverse("admin:reconciliation_reconciliationact_review", args=[obj.id])
        return format_html('<a class="text-primary-600 font-medium" href="{}">{}</a>', url, _("Ответить"))

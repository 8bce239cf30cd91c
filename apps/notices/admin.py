"""Staff's view of notices: each client's choice, what each client was told of, and the poll."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from apps.core.admin import AutocompleteKeyFilter, DayRangeFilter, PortalModelAdmin, ReadOnlyAdmin
from apps.core.display import rubles
from apps.notices.models import AnnouncedDocument, NoticeCursor, NoticeSubscription


@admin.register(NoticeSubscription)
class NoticeSubscriptionAdmin(PortalModelAdmin):
    """Staff may correct a choice (a client asked by phone); a subscription is made by the client."""

    list_display = ["client", "closing", "certificates", "address", "updated_at", "unsubscribed_at"]
    list_filter = ["closing", "certificates", ("client", AutocompleteKeyFilter)]
    list_filter_submit = True
    search_fields = ["client__inn", "client__name", "email", "client__email"]
    inn_lookup = "client__inn"
    list_select_related = ["client"]
    fields = ["client", "closing", "certificates", "email", "unsubscribed_at", "created_at", "updated_at"]
    readonly_fields = ["client", "unsubscribed_at", "created_at", "updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    @display(description=_("куда приходят"))
    def address(self, obj: NoticeSubscription) -> str:
        return obj.address


@admin.register(AnnouncedDocument)
class AnnouncedDocumentAdmin(ReadOnlyAdmin):
    list_display = ["announced_at", "client", "kind", "type", "number", "date", "amount_display", "email_status"]
    list_filter = ["kind", ("announced_at", DayRangeFilter), ("client", AutocompleteKeyFilter)]
    list_filter_submit = True
    search_fields = ["client__inn", "client__name", "number", "document_id"]
    inn_lookup = "client__inn"
    list_select_related = ["client", "email"]
    ordering = ["-announced_at"]
    fields = readonly_fields = [
        "announced_at",
        "client",
        "kind",
        "type",
        "number",
        "date",
        "amount",
        "document_id",
        "changed",
        "email",
    ]

    @display(description=_("сумма"), ordering="amount")
    def amount_display(self, obj: AnnouncedDocument) -> str:
        return rubles(obj.amount)

    @display(description=_("письмо"))
    def email_status(self, obj: AnnouncedDocument) -> str:
        return obj.email.get_status_display() if obj.email else "—"


@admin.register(NoticeCursor)
class NoticeCursorAdmin(ReadOnlyAdmin):
    """Where the poll of 1C stands: if `since` stops moving, notices have stopped."""

    list_display = ["since", "last_polled_at", "last_outcome", "polls", "last_error"]
    fields = readonly_fields = list_display

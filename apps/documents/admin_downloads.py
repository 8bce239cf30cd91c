"""The download log for staff: what each client took from the cabinet, when, and by whom."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from unfold.decorators import display

from apps.core.admin import AutocompleteKeyFilter, DayRangeFilter, ReadOnlyAdmin
from apps.documents.models import DocumentDownload


@admin.register(DocumentDownload)
class DocumentDownloadAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "client", "what", "title", "file_size", "user"]
    # Dates by a range and the client by typing, as on the requests' list: no filter reads the
    # whole log to build its choices.
    list_filter = ["what", ("created_at", DayRangeFilter), ("client", AutocompleteKeyFilter)]
    list_filter_submit = True
    search_fields = ["client__inn", "client__name", "title", "document_id"]
    inn_lookup = "client__inn"
    list_select_related = ["client", "user"]
    ordering = ["-created_at"]
    fields = readonly_fields = ["created_at", "client", "user", "what", "title", "document_id", "file_size"]

    @display(description=_("размер"), ordering="size")
    def file_size(self, obj: DocumentDownload) -> str:
        return "—" if obj.size is None else filesizeformat(obj.size)

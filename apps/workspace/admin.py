"""Admin pages of the machinery below the domain apps that cannot register themselves: the 1C
seam imports no other app (not even the portal's admin base), so its table is shown from here."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from apps.core.admin import ReadOnlyAdmin
from apps.onec.models import OneCSessionSlot


@admin.register(OneCSessionSlot)
class OneCSessionSlotAdmin(ReadOnlyAdmin):
    """Who holds 1C's sessions now (the database's count, used without Redis)."""

    list_display = ["number", "holder", "lease_until", "busy"]
    ordering = ["number"]

    @admin.display(description=_("занят"), boolean=True)
    def busy(self, obj: OneCSessionSlot) -> bool:
        return obj.lease_until > timezone.now()

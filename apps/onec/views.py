"""The admin page showing whether 1C answers (linked from the admin's site menu)."""

from datetime import UTC, datetime

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.onec.client import OneCErrorKind
from apps.onec.health import onec_health_check
from apps.onec.status import onec_status_get

# The page is read by staff, not by developers: kinds and backends by their Russian names.
ERROR_KINDS = {
    OneCErrorKind.UNAVAILABLE: gettext_lazy("1С не ответила или ответила ошибкой"),
    OneCErrorKind.CLIENT_NOT_FOUND: gettext_lazy("организация не найдена в 1С"),
    OneCErrorKind.DOCUMENT_NOT_FOUND: gettext_lazy("документ не найден в 1С"),
    OneCErrorKind.INVALID_PERIOD: gettext_lazy("1С отклонила период"),
    "error": gettext_lazy("непредвиденная ошибка"),
}
BACKENDS = {
    "soap": gettext_lazy("веб-сервис 1С (SOAP)"),
    "fake": gettext_lazy("учебная 1С без связи с базой (для тестов)"),
}


@staff_member_required
def onec_health(request: HttpRequest) -> HttpResponse:
    health = onec_health_check()
    status = onec_status_get()
    context = {
        **admin.site.each_context(request),
        "title": _("Связь с 1С"),
        "health": health,
        "error_kind": ERROR_KINDS.get(health.error_kind, health.error_kind),
        "backend": BACKENDS.get(settings.ONEC_BACKEND, settings.ONEC_BACKEND),
        "wsdl_url": settings.ONEC_WSDL_URL,
        "endpoint_url": settings.ONEC_ENDPOINT_URL,
        "username": settings.ONEC_USERNAME,
        "last_ok_at": _from_unix(status.last_ok_at),
        "last_error_at": _from_unix(status.last_error_at),
    }
    return render(request, "onec/health.html", context)


def _from_unix(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)

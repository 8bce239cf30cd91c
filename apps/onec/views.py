"""The admin page showing whether 1C answers (linked from the admin's site menu)."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.onec.health import onec_health_check


@staff_member_required
def onec_health(request: HttpRequest) -> HttpResponse:
    context = {
        **admin.site.each_context(request),
        "title": _("Связь с 1С"),
        "health": onec_health_check(),
        "backend": settings.ONEC_BACKEND,
        "wsdl_url": settings.ONEC_WSDL_URL,
        "endpoint_url": settings.ONEC_ENDPOINT_URL,
        "username": settings.ONEC_USERNAME,
    }
    return render(request, "onec/health.html", context)

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/onec/", include("apps.onec.urls")),  # before admin/: its catch-all would take it
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("allauth.urls")),
    path("", include("apps.cabinet.urls")),
]

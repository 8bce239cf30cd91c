from allauth.account import views as account_views
from django.contrib import admin
from django.urls import include, path, re_path

# Only the allauth pages the portal uses. The rest (e-mail addresses, signup, login by code,
# reauthentication…) stay unmounted: /accounts/email/ let a session add an address and then
# reset the password to it. An organisation's address is its Client.email, changed by staff.
account_urlpatterns = [
    path("login/", account_views.login, name="account_login"),
    path("logout/", account_views.logout, name="account_logout"),
    path("password/change/", account_views.password_change, name="account_change_password"),
    path("password/reset/", account_views.password_reset, name="account_reset_password"),
    path("password/reset/done/", account_views.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account_views.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
]

urlpatterns = [
    path("admin/onec/", include("apps.onec.urls")),  # before admin/: its catch-all would take it
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include(account_urlpatterns)),
    path("", include("apps.cabinet.urls")),
]

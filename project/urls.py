from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from django.contrib import admin
from django.urls import include, path, re_path

from apps.cabinet.views.security import security_index
from apps.core.admin_login import staff_login

# Staff log in at /admin/login/ with the password, then allauth's code step when they have an
# authenticator app (apps/core/admin_login.py). Set before admin.site.urls is read below.
admin.site.login = staff_login

# Only the allauth pages the portal uses. The rest (e-mail addresses, signup, login by code,
# reauthentication by an e-mailed code…) stay unmounted: /accounts/email/ let a session add an address and then
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
    # Asked before switching two-factor login on or off when the login is not fresh: the
    # password, or the code once an app is set up. Neither changes anything by itself.
    path("reauthenticate/", account_views.reauthenticate, name="account_reauthenticate"),
]

# Two-factor login (allauth.mfa): only TOTP and recovery codes, no security keys or "trust
# this browser". /accounts/2fa/ itself leads clients to their cabinet's security page.
mfa_urlpatterns = [
    path("", security_index, name="mfa_index"),
    path("authenticate/", mfa_views.authenticate, name="mfa_authenticate"),
    path("reauthenticate/", mfa_views.reauthenticate, name="mfa_reauthenticate"),
    path("totp/activate/", totp_views.activate_totp, name="mfa_activate_totp"),
    path("totp/deactivate/", totp_views.deactivate_totp, name="mfa_deactivate_totp"),
    path("recovery-codes/", recovery_views.view_recovery_codes, name="mfa_view_recovery_codes"),
    path("recovery-codes/generate/", recovery_views.generate_recovery_codes, name="mfa_generate_recovery_codes"),
    path("recovery-codes/download/", recovery_views.download_recovery_codes, name="mfa_download_recovery_codes"),
]

# The portal's own pages, in the person's language, for errors anywhere (with DEBUG on, the client
# pages' 404 too: apps/cabinet/middleware.py).
handler404 = "apps.cabinet.views.errors.page_not_found"
handler403 = "apps.cabinet.views.errors.permission_denied"
handler500 = "apps.cabinet.views.errors.server_error"

urlpatterns = [
    path("admin/onec/", include("apps.onec.urls")),  # before admin/: its catch-all would take it
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include(account_urlpatterns)),
    path("accounts/2fa/", include(mfa_urlpatterns)),
    path("", include("apps.cabinet.urls")),
]

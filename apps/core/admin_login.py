"""The staff login at /admin/login/, with allauth's two-factor step after the password.

Django's admin login would log staff in on the password alone. allauth's `secure_admin_login`
recipe sends staff to allauth's login page instead, but here that page is the clients' (INN
and password) and refuses staff on purpose. So the admin keeps its own form — django-axes'
lockout still guards the password — and a correct password is handed to allauth's login
flow, whose stages ask a staff member with an authenticator app for the code before the
session is logged in (allauth.mfa's AuthenticateStage, the same step clients get).
"""

from allauth.account.utils import perform_login
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import LoginView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _


class StaffLoginView(LoginView):
    def form_valid(self, form) -> HttpResponse:
        # Not auth_login(): allauth's flow runs its stages (the code) first, then logs in.
        return perform_login(self.request, form.get_user(), redirect_url=self.get_success_url())


@login_not_required
def staff_login(request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
    """AdminSite.login's own steps with the view above; installed as `admin.site.login`."""
    site = admin.site
    redirect_url = LoginView().get_redirect_url(request) or reverse("admin:index", current_app=site.name)
    if request.method == "GET" and site.has_permission(request):
        return HttpResponseRedirect(redirect_url)
    context = {
        **site.each_context(request),
        "title": _("Log in"),
        "subtitle": None,
        "app_path": request.get_full_path(),
        "username": request.user.get_username(),
        REDIRECT_FIELD_NAME: redirect_url,
        **(extra_context or {}),
    }
    request.current_app = site.name
    return StaffLoginView.as_view(
        extra_context=context,
        next_page=redirect_url,
        authentication_form=site.login_form or AdminAuthenticationForm,
        template_name=site.login_template or "admin/login.html",
    )(request)

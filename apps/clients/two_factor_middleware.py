from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext as _

from apps.clients.active import active_client_id, organisation_count
from apps.clients.two_factor import two_factor_enabled, two_factor_required

# What a login that must set up two-factor login may still open: setting it up (with the
# password asked again when the login is not fresh), the codes shown right after, leaving,
# the language switch, and the letter's-password flow, which comes first.
_ALLOWED_VIEWS = {
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "account_reauthenticate",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "cabinet:security",
    "cabinet:language",
    "set_language",
    "account_logout",
    "admin:logout",
    "account_change_password",
    # A person of several organisations picks one first: whether the code is required depends on it.
    "cabinet:switch_organisation",
    # Accepting an invitation shows nothing of any organisation; the setting-up follows it.
    "cabinet:invitation",
}
_ALLOWED_PREFIX = "account_reset_password"


class TwoFactorSetupMiddleware:
    """A login that must use two-factor login sets it up before any other page works.

    This covers staff whose permissions require it (the admin's every page) and the logins of
    an organisation that requires it, from the next request after staff switch it on — an
    open session included. Logging in with the code is allauth's own stage; this only makes
    sure there is an app to ask the code of.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        acting_for = active_client_id(request.session) if hasattr(request, "session") else None
        # A colleague who has not picked an organisation yet can open nothing but the choice; an
        # organisation that requires the code binds them once they act for it, not before (one
        # that does not require it must stay reachable: otherwise the choice itself loops).
        choosing = (
            acting_for is None
            and getattr(user, "client", None) is None
            and not user.is_staff
            and organisation_count(request.session) > 1  # with one, the cabinet picks it at once
        )
        required = not choosing and two_factor_required(user, acting_for=acting_for)
        if required and not _allowed(request.path_info) and not two_factor_enabled(user):
            return _to_setup(request, user)
        return self.get_response(request)


def _to_setup(request, user) -> HttpResponse:
    # A client's login (the INN one or a colleague's) is told why on its security page; staff
    # go straight to the app.
    url = reverse("mfa_activate_totp") if user.is_staff else reverse("cabinet:security")
    if request.headers.get("HX-Request"):
        # A fragment swapped into a page would show the setup page inside it: htmx follows this instead.
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    messages.warning(
        request,
        _("Для вас обязателен вход с кодом из приложения-аутентификатора: подключите его, чтобы продолжить."),
    )
    return redirect(url)


def _allowed(path: str) -> bool:
    try:
        view_name = resolve(path).view_name
    except Resolver404:
        return True  # a 404 shows nothing: no reason to send it anywhere else
    return view_name in _ALLOWED_VIEWS or view_name.startswith(_ALLOWED_PREFIX)

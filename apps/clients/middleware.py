from django.shortcuts import redirect
from django.urls import Resolver404, resolve

# What a client on its access letter's password may still open: setting its own password,
# the reset flow, leaving, and the language switch.
_ALLOWED_VIEWS = {"account_change_password", "account_logout", "cabinet:language"}
_ALLOWED_PREFIX = "account_reset_password"


class FirstPasswordMiddleware:
    """A client that logged in with an access letter's password sets its own before anything else.

    The letter's password is for the first login only (OWASP ASVS 6.4.1). One that expires
    while its session is open needs nothing here: the backend's get_user refuses the user,
    so the session is anonymous from then on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _on_letter_password(request.user) and not _allowed(request.path_info):
            return redirect("account_change_password")
        return self.get_response(request)


def _on_letter_password(user) -> bool:
    client = getattr(user, "client", None) if user.is_authenticated else None
    return client is not None and client.access_password_expires_at is not None


def _allowed(path: str) -> bool:
    try:
        view_name = resolve(path).view_name
    except Resolver404:
        return False
    return view_name in _ALLOWED_VIEWS or view_name.startswith(_ALLOWED_PREFIX)

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_cache_control


class PrivateNoStoreMiddleware:
    """Every page and download is a client's or staff's own: no browser or proxy keeps a copy.

    Static files never get here: WhiteNoise, above this in MIDDLEWARE, answers them itself with
    its own public headers. A view's own stricter header (never_cache, the admin's)
    keeps its other directives; `private` and `no-store` are added to whatever is there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, private=True, no_store=True)
        return response


class RejectNulMiddleware:
    """A NUL byte is never part of a real address here, so refuse it before any view sees it.

    PostgreSQL cannot store NUL in text and answers a query holding one with a DataError: an
    admin id or list filter carrying `%00` would otherwise be a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404
        if any("\x00" in key or "\x00" in "".join(values) for key, values in request.GET.lists()):
            raise BadRequest
        return self.get_response(request)


class AdminCSPMiddleware:
    """Give the staff admin its looser CSP; every other page keeps SECURE_CSP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_config = settings.ADMIN_CSP
        return response


# The pages' language of a session until the person chooses one: set at login to the language of
# the organisation they act for (apps/clients/adapter.py), gone at logout.
SESSION_LANGUAGE_KEY = "portal_language"


class PortalLocaleMiddleware(LocaleMiddleware):
    """Russian unless the visitor chose English with the Rus/Eng switch.

    The choice is the person's own, a cookie of their browser; it is never the organisation's,
    whose e-mails keep the language its administrator set. A browser that has no choice yet
    speaks, once logged in, the organisation's language (the session's). Django's
    LocaleMiddleware would follow the browser's Accept-Language, so an accountant whose Windows
    is English would land on an English login page; the guide promises Russian.
    """

    def process_request(self, request):
        languages = dict(settings.LANGUAGES)
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in languages and getattr(request, "session", None) is not None:
            language = request.session.get(SESSION_LANGUAGE_KEY)
        if language not in languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

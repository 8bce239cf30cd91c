from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class AdminCSPMiddleware:
    """Give the staff admin its looser CSP; every other page keeps SECURE_CSP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_config = settings.ADMIN_CSP
        return response


class PortalLocaleMiddleware(LocaleMiddleware):
    """Russian unless the visitor chose English with the Rus/Eng switch.

    Django's LocaleMiddleware would follow the browser's Accept-Language, so an accountant
    whose Windows is English would land on an English login page; the guide promises Russian.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

"""With DEBUG on (`make demo`), client pages still answer with the portal's own 404."""

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404, HttpRequest
from django.urls import Resolver404, resolve

from apps.cabinet.views.errors import page_not_found


class PortalNotFoundMiddleware:
    """Django answers every 404 with its English technical page while DEBUG is on: a missing
    address and a page beyond the role alike, and people try the cabinet on the demo. The admin
    keeps Django's page. A 403 needs nothing: Django renders handler403 whatever DEBUG says.

    A missing address never reaches a view (nor process_exception), so it is resolved here
    first; this runs only with DEBUG on, so production does not resolve twice.
    """

    def __init__(self, get_response):
        if not settings.DEBUG:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        if _is_portal_page(request):
            try:
                resolve(request.path_info, getattr(request, "urlconf", None))
            except Resolver404 as error:
                return page_not_found(request, error)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception):
        if isinstance(exception, Http404) and _is_portal_page(request):
            return page_not_found(request, exception)
        return None


def _is_portal_page(request: HttpRequest) -> bool:
    return not request.path_info.startswith("/admin/")

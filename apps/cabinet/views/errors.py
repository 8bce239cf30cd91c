"""The portal's own error pages (project/urls.py's handlers): 404 and 403 in the page layout,
500 standalone.

A page beyond the person's role answers 404 as if it did not exist (client_required): it comes
here like a missing address and must look the same, menu included.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import get_template
from django.views.decorators.csrf import requires_csrf_token

from apps.clients import active
from apps.clients.selectors import access_for
from apps.core.context_processors import company


@requires_csrf_token  # the header's forms carry a token, and CsrfViewMiddleware may not have run
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "404.html", status=404)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", status=403)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered from settings alone: the error may be the database's (or the cache's, behind
    base.html's fragments), and the request's session and user may never have been read."""
    return HttpResponseServerError(get_template("500.html").render(company(None)))


def _page(request: HttpRequest, template: str, *, status: int) -> HttpResponse:
    if not hasattr(request, "access") and hasattr(request, "user") and hasattr(request, "session"):
        # client_required refuses a role before it sets request.access: without it the header
        # would offer every section (and the organisation switch would be missing).
        request.access = access_for(user=request.user, client_id=active.active_client_id(request.session))
    return render(request, template, status=status)

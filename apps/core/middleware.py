from django.conf import settings


class AdminCSPMiddleware:
    """Give the staff admin its looser CSP; every other page keeps SECURE_CSP."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/admin/"):
            response._csp_config = settings.ADMIN_CSP
        return response

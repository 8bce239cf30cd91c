from axes.handlers.database import AxesDatabaseHandler


class AdminOnlyAxesHandler(AxesDatabaseHandler):
    """django-axes for the staff login only.

    AXES_ONLY_ADMIN_SITE stops axes from *refusing* client logins, but axes 8.3 still records
    their failures and marks the request locked out, which would answer a client's fifth typo
    with the staff lockout page. Client logins are rate-limited by allauth instead.
    """

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None and not self.is_admin_request(request):
            return None
        return super().user_login_failed(sender, credentials, request=request, **kwargs)

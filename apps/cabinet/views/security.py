"""«Безопасность»: the organisation's two-factor login, switched on and off with allauth.mfa.

The setting-up pages themselves are allauth's (/accounts/2fa/…, templates/mfa/); this page
says what is on, what is required, and leads there.
"""

from allauth.mfa.base import views as mfa_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from apps.cabinet.decorators import client_required
from apps.clients.two_factor import two_factor_status


@client_required
@require_GET
def security_page(request, *, client):
    # The organisation's own login is its INN; a colleague's, their e-mail: «off» says which.
    by_inn = getattr(request.user, "client", None) is not None
    context = {"client": client, "status": two_factor_status(request.user), "by_inn": by_inn}
    return render(request, "cabinet/security.html", context)


@login_required
def security_index(request):
    """allauth's /accounts/2fa/ (where it returns after switching off): clients go to their page.

    Staff have no cabinet: they get allauth's own overview, in the portal's look.
    """
    if getattr(request.user, "client", None) is not None:
        return redirect("cabinet:security")
    return mfa_views.index(request)

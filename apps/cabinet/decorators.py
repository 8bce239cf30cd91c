from functools import cache, wraps

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.utils.translation import gettext_lazy as _
from django_htmx.http import HttpResponseClientRedirect

from apps.clients import active
from apps.clients.selectors import Access, access_for, has_memberships, memberships_active

ACCESS_ENDED = _(
    "Ваш доступ к личному кабинету закрыт. Если это ошибка, обратитесь к администратору вашей организации."
)
ORGANISATION_CLOSED = _("Доступ к выбранной организации закрыт. Выберите организацию.")


def client_required(view=None, *, can: str | None = None):
    """Let in a person acting for an active organisation; pass it to the view as `client`.

    `can` names what the view needs (apps.clients.roles.Can); beyond the person's role the page
    answers 404, as if it did not exist. Without `can` any role may open it (the home page).
    The resolved access is left on `request.access` for templates (role, allowed sections).

    Staff users are not clients: they are sent to the admin (where unfold's login form lands
    them when it has no ?next=), anyone else without a client gets a plain refusal.
    """
    if view is None:
        return lambda view: client_required(view, can=can)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        access = access_for(user=request.user, client_id=active.active_client_id(request.session))
        if access is None:
            access, response = _fall_back(request)
            if response is not None:
                return _whole_page(request, response)
        if not access.can(can):
            raise Http404
        request.access = access
        return view(request, *args, client=access.client, **kwargs)

    protected = login_required(wrapper)
    protected.cabinet_can = can  # read by the navigation and the role tests
    return protected


def _whole_page(request, response):
    # An htmx fragment must not swap the login page into a panel: the browser goes there instead.
    if getattr(request, "htmx", False) and response.status_code == 302:
        return HttpResponseClientRedirect(response["Location"])
    return response


def _fall_back(request):
    """No access for the session's organisation (none chosen, or it was closed since)."""
    user = request.user
    if getattr(user, "client", None) is None and user.is_staff:
        return None, redirect("admin:index")
    chosen = active.active_client_id(request.session)
    memberships = memberships_active(user=user)
    if not memberships:
        if chosen is None and not has_memberships(user=user):
            return None, render(request, "cabinet/not_a_client.html", status=403)
        # Disabled everywhere: the session ends here, whatever page it asked for.
        logout(request)
        messages.warning(request, ACCESS_ENDED)
        return None, redirect("account_login")
    active.deactivate(request.session)
    if chosen is None and len(memberships) == 1:
        membership = memberships[0]
        active.activate(request.session, client_id=membership.client_id, count=1)
        return Access(client=membership.client, role=membership.role, membership_id=membership.id), None
    if chosen is not None:
        messages.warning(request, ORGANISATION_CLOSED)
    return None, redirect("cabinet:switch_organisation")


@cache
def _need_of(url_name: str) -> str | None:
    """What the view behind a cabinet URL name needs (its `client_required(can=...)`)."""
    return getattr(resolve(reverse(url_name)).func, "cabinet_can", None)


def url_allowed(access, url_name: str) -> bool:
    """Whether a menu entry or tile leads somewhere the person may open (None: no person, show all)."""
    return access is None or access.can(_need_of(url_name))

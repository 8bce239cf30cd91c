"""Choosing the organisation to act for: after login with several, and from the header."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from apps.clients import active
from apps.clients.people_forms import SwitchForm
from apps.clients.selectors import access_for, organisations_of


@login_required
def switch_organisation(request):
    """GET: the list to pick from. POST: make the picked organisation the session's.

    The POSTed id is checked against the person's active memberships: editing the form (or
    the session's id) to another organisation's id answers 404.
    """
    user = request.user
    if user.is_staff and getattr(user, "client", None) is None:
        return redirect("admin:index")
    if request.method == "POST":
        form = SwitchForm(request.POST)
        client_id = form.cleaned_data["client_id"] if form.is_valid() else None
        access = access_for(user=user, client_id=client_id) if client_id else None
        if access is None:
            raise Http404
        active.activate(request.session, client_id=access.client.id, count=len(organisations_of(user=user)))
        return HttpResponseRedirect(_next_or_home(request))
    options = organisations_of(user=user)
    if not options:
        raise Http404
    request.session[active.ORGANISATIONS_SESSION_KEY] = len(options)
    context = {"options": options, "current_id": active.active_client_id(request.session)}
    return render(request, "cabinet/switch_organisation.html", context)


def _next_or_home(request) -> str:
    """The page the switch was used on, if it is one of ours; home otherwise. Only a path is
    taken: `redirect()` would read any other word as a view name (and answer 500)."""
    target = request.POST.get("next", "")
    ours = url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    return target if ours and target.startswith("/") else reverse("cabinet:home")

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from apps.clients.selectors import client_for_user


def client_required(view):
    """Let in only a logged-in, active client organisation; pass it to the view as `client`.

    Staff users are not clients: they are sent to the admin (where unfold's login form lands
    them when it has no ?next=), anyone else without a client gets a plain refusal.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        client = client_for_user(user=request.user)
        if client is None and request.user.is_staff:
            return redirect("admin:index")
        if client is None:
            return render(request, "cabinet/not_a_client.html", status=403)
        return view(request, *args, client=client, **kwargs)

    return wrapper

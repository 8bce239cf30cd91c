from functools import wraps

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from apps.clients.selectors import client_for_user


def client_required(view):
    """Let in only a logged-in, active client organisation; pass it to the view as `client`.

    Staff users are not clients: they get a page pointing them to the admin instead.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        client = client_for_user(user=request.user)
        if client is None:
            return render(request, "cabinet/not_a_client.html", status=403)
        return view(request, *args, client=client, **kwargs)

    return wrapper

"""An idle timeout that does not write the session on every request.

SESSION_SAVE_EVERY_REQUEST renews the expiry by writing the session row (and resending the
cookie) on every page, a database write per request. Here a logged-in session is written at
most once per SESSION_IDLE_REFRESH_SECONDS: a session ends between SESSION_IDLE_HOURS minus
that refresh and SESSION_IDLE_HOURS after its last request, never later.
"""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY

SEEN_KEY = "_seen"


class SessionIdleMiddleware:
    """Between SessionMiddleware and the views: it marks the session modified only when its
    expiry is worth pushing forward; SessionMiddleware then saves it with a fresh expiry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            if now - session.get(SEEN_KEY, 0) >= settings.SESSION_IDLE_REFRESH_SECONDS:
                session[SEEN_KEY] = now
        return self.get_response(request)

"""Django's database session engines, reading the session row with a query compiled once.

Every request of a logged-in person reads its session; Django compiles that small SELECT anew
each time, which costs several times the read itself (apps/core/prepared.py). The row, its
expiry and everything else (writes, `clearsessions`) stay exactly Django's.

    SESSION_ENGINE = "apps.core.session_backends.db"         # no cache
    SESSION_ENGINE = "apps.core.session_backends.cached_db"  # with Redis
"""

from django.contrib.sessions.models import Session
from django.utils import timezone

from apps.core.prepared import PreparedQuery

_session_by_key = PreparedQuery(Session, lambda key: Session.objects.filter(session_key=key), kinds=(str,))


class PreparedSessionRead:
    """Mixed into Django's db and cached_db stores in front of them."""

    def _get_session_from_db(self):
        # Django's own read, `get(session_key=…, expire_date__gt=now)`, with the expiry checked
        # here so the compiled query has only the key to fill in.
        found = _session_by_key(self.session_key) if self.session_key else []
        if found and found[0].expire_date > timezone.now():
            return found[0]
        self._session_key = None
        return None

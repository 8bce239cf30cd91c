from django.contrib.sessions.backends import cached_db

from apps.core.session_backends import PreparedSessionRead


class SessionStore(PreparedSessionRead, cached_db.SessionStore):
    pass

from django.contrib.sessions.backends import db

from apps.core.session_backends import PreparedSessionRead


class SessionStore(PreparedSessionRead, db.SessionStore):
    pass

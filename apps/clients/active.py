"""The active organisation of a session: chosen at login, switched from the header.

The session holds only the organisation's id (and how many the person may pick from, so the
header's switch costs no query for someone with a single organisation); every request checks
the membership again (apps.clients.selectors.access_for).
"""

from apps.clients.selectors import ACTIVE_CLIENT_SESSION_KEY, memberships_active

ORGANISATIONS_SESSION_KEY = "portal_client_count"


def active_client_id(session) -> int | None:
    value = session.get(ACTIVE_CLIENT_SESSION_KEY)
    return value if isinstance(value, int) else None


def activate(session, *, client_id: int, count: int | None = None) -> None:
    session[ACTIVE_CLIENT_SESSION_KEY] = client_id
    if count is not None:
        session[ORGANISATIONS_SESSION_KEY] = count


def deactivate(session) -> None:
    session.pop(ACTIVE_CLIENT_SESSION_KEY, None)


def organisation_count(session) -> int:
    return session.get(ORGANISATIONS_SESSION_KEY, 1)


def choose_at_login(session, *, user) -> int | None:
    """After login: the INN login acts for its own company; a colleague with one organisation
    for it; a colleague with several picks one next (None here). Returns the chosen id."""
    memberships = memberships_active(user=user)
    own = getattr(user, "client", None)
    ids = {m.client_id for m in memberships} | ({own.id} if own is not None else set())
    session[ORGANISATIONS_SESSION_KEY] = len(ids)
    if own is not None:
        chosen = own.id
    elif len(memberships) == 1:
        chosen = memberships[0].client_id
    else:
        deactivate(session)
        return None
    session[ACTIVE_CLIENT_SESSION_KEY] = chosen
    return chosen

from apps.clients.models import Client


def client_for_user(*, user) -> Client | None:
    """The active client organisation a logged-in user acts for, or None for staff and strangers."""
    if not user.is_authenticated:
        return None
    client = getattr(user, "client", None)
    if client is None or not client.is_active:
        return None
    return client

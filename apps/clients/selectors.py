from apps.clients.models import Client


def client_for_user(*, user) -> Client | None:
    """The active client organisation a logged-in user acts for, or None for staff and strangers."""
    if not user.is_authenticated:
        return None
    client = getattr(user, "client", None)
    if client is None or not client.is_active:
        return None
    return client


def users_by_client_email(*, email: str) -> list:
    """The logins of the active organisations whose own address is `email` (any letter case)."""
    clients = Client.objects.filter(email__iexact=email.strip(), is_active=True, user__is_active=True)
    return [client.user for client in clients.select_related("user")]

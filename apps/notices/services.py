"""The client's choice of notices: saved from the cabinet, cleared by the one-click unsubscribe.

The poll that sends the notices is in apps/notices/poll.py.
"""

from django.utils import timezone

from apps.clients.models import Client
from apps.notices.models import NoticeSubscription


def notice_subscription_save(*, client: Client, closing: bool, certificates: bool, email: str) -> NoticeSubscription:
    """Store the client's choice; an address equal to the client's own is stored as «the default»."""
    email = email.strip()
    if email.casefold() == client.email.strip().casefold():
        email = ""
    subscription, _ = NoticeSubscription.objects.update_or_create(
        client=client,
        defaults={"closing": closing, "certificates": certificates, "email": email, "unsubscribed_at": None},
    )
    return subscription


def notice_subscription_unsubscribe(*, subscription: NoticeSubscription) -> None:
    """Switch every kind off (the link in an e-mail, RFC 8058). Doing it twice changes nothing more."""
    if subscription.closing or subscription.certificates:
        NoticeSubscription.objects.filter(id=subscription.id).update(
            closing=False, certificates=False, unsubscribed_at=timezone.now(), updated_at=timezone.now()
        )
    subscription.refresh_from_db()

from apps.clients.models import Client
from apps.notices.models import NoticeCursor, NoticeSubscription
from apps.notices.tokens import subscription_id_from_token


def notice_subscription_for_client(*, client: Client) -> NoticeSubscription | None:
    return NoticeSubscription.objects.filter(client=client).first()


def notice_subscription_by_token(*, token: str) -> NoticeSubscription | None:
    """The subscription an unsubscribe link names, or None for a bad token or a deleted row."""
    subscription_id = subscription_id_from_token(token)
    if subscription_id is None:
        return None
    return NoticeSubscription.objects.select_related("client").filter(id=subscription_id).first()


def notices_not_supported() -> bool:
    """True when the last poll found a 1C base without ListChangedDocuments (contract v1.0)."""
    return NoticeCursor.objects.filter(id=1, last_outcome=NoticeCursor.Outcome.NOT_SUPPORTED).exists()

"""The signed token in a notice's unsubscribe link: it names a subscription and nothing else.

Salted, so a signature made for another purpose with the same SECRET_KEY is not accepted here.
No expiry: RFC 8058 links must keep working in an old e-mail.
"""

from django.core import signing

_SALT = "notices.unsubscribe"


def unsubscribe_token(*, subscription_id: int) -> str:
    return signing.dumps(subscription_id, salt=_SALT, compress=False)


def subscription_id_from_token(token: str) -> int | None:
    """The subscription's id, or None for a token that is not ours or was altered."""
    try:
        value = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None

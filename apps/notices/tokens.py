"""The signed token in a notice's unsubscribe link: it names a subscription and nothing else.

Salted, so a signature made for another purpose with the same SECRET_KEY is not accepted here.
No expiry: RFC 8058 links must keep working in an old e-mail. No timestamp either, so the same
subscription always has the same link (signing.dumps would stamp the second it was made).
"""

from django.core import signing

_SALT = "notices.unsubscribe"


def unsubscribe_token(*, subscription_id: int) -> str:
    return signing.Signer(salt=_SALT).sign_object(subscription_id)


def subscription_id_from_token(token: str) -> int | None:
    """The subscription's id, or None for a token that is not ours or was altered."""
    try:
        value = signing.Signer(salt=_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None

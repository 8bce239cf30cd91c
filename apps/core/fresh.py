"""A 1C answer kept in the cache is fresh for a few minutes by the portal's clock.

Freshness is judged against when the answer came, not left to the key's expiry: Redis expires a
key on its own server's clock, which a skewed host — or the suite's moved clock — does not share.
The key's timeout stays only as the ceiling that frees the memory.
"""

from datetime import datetime, timedelta

from django.core.cache import cache
from django.utils import timezone


def is_fresh(at: datetime, seconds: float) -> bool:
    return timezone.now() - at < timedelta(seconds=seconds)


def fresh_get(key: str, seconds: float):
    """What `fresh_set` kept under `key` less than `seconds` ago; None when older or absent."""
    kept = cache.get(key)
    if not isinstance(kept, tuple) or len(kept) != 2 or not is_fresh(kept[0], seconds):
        return None
    return kept[1]


def fresh_set(key: str, value, seconds: float) -> None:
    cache.set(key, (timezone.now(), value), seconds)

"""Claim numbers: «П-2026-0001», one sequence per calendar year, without gaps or duplicates.

The next number is taken from the year's counter row under a row lock, in the transaction that
writes the claim: a claim rolled back gives its number back with it (no gap), and a second
filing waits for the first to commit (no duplicate). On PostgreSQL that is SELECT … FOR UPDATE
on the row; SQLite ignores FOR UPDATE, but the portal opens its transactions IMMEDIATE
(project/config/database.py), so a second writer waits at BEGIN instead. The first claim of a
year creates the row with INSERT … ON CONFLICT DO NOTHING, so two first claims at once do not
collide. The unique (year, sequence) constraint stays behind all this as the last word.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from apps.claims.models import ClaimCounter


def claim_year(moment: datetime) -> int:
    """The year of filing on the portal's calendar (TIME_ZONE): 31 Dec 23:30 in Moscow is still that year."""
    return timezone.localdate(moment).year


def claim_number_take(*, year: int) -> int:
    """The next number of `year`; call inside the transaction that stores the claim."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("a claim number is taken inside the transaction that writes the claim")
    ClaimCounter.objects.bulk_create([ClaimCounter(year=year, last=0)], ignore_conflicts=True)
    counter = ClaimCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last

"""1C's health as staff see it: one Ping, timed."""

import time
from dataclasses import dataclass

from apps.onec.client import OneCError, get_onec_client


@dataclass(frozen=True)
class OneCHealth:
    ok: bool
    base: str  # the base's name and version, from Ping
    latency_ms: int
    error_kind: str
    error: str


def onec_health_check() -> OneCHealth:
    started = time.monotonic()
    try:
        base = get_onec_client().ping()
    except OneCError as error:
        return OneCHealth(False, "", _since(started), str(error.kind), error.message)
    return OneCHealth(True, base, _since(started), "", "")


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)

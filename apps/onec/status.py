"""What the last calls to 1C said, for /healthz and the staff workspace, without a Ping.

Every process records its calls' outcomes in the shared cache, but writes only when the state
changes or the last record is older than RECORD_EVERY_SECONDS: an archive makes hundreds of
calls, and each must not cost a cache write. Each call is also timed for /metrics, by operation
and outcome, in the process's own memory (or its PROMETHEUS_MULTIPROC_DIR file).
"""

import time
from dataclasses import dataclass

from django.core.cache import cache
from prometheus_client import Histogram

KEY = "onec:status"
RECORD_EVERY_SECONDS = 30
_recorded = {"state": "", "at": 0.0}  # this process's last write (races between threads are harmless)
ONEC_CALLS = Histogram(
    "portal_onec_call_duration_seconds",
    "Calls to 1C by operation and outcome: ok, or the error kind (unavailable, client_not_found …).",
    ["operation", "outcome"],
    # From a quick answer to ONEC_TIMEOUT (30 s) and ONEC_ACT_TIMEOUT (150 s).
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 150),
)


@dataclass(frozen=True)
class OneCStatus:
    state: str  # "ok", "unavailable" or "unknown" (no call since the cache was emptied)
    last_ok_at: float | None  # Unix times
    last_error_at: float | None
    last_error: str


def onec_status_record(*, ok: bool, error: str = "") -> None:
    state = "ok" if ok else "unavailable"
    now = time.time()
    if state == _recorded["state"] and now - _recorded["at"] < RECORD_EVERY_SECONDS:
        return
    try:
        value = {**(cache.get(KEY) or {}), "state": state, f"last_{'ok' if ok else 'error'}_at": now}
        if not ok:
            value["last_error"] = error[:300]
        cache.set(KEY, value, timeout=None)
    except Exception:
        # A broken cache must never fail a call to 1C; /healthz reports the cache itself.
        return
    _recorded.update(state=state, at=now)


def onec_call_observe(*, operation: str, outcome: str, seconds: float) -> None:
    ONEC_CALLS.labels(operation=operation, outcome=outcome).observe(seconds)


def onec_status_get() -> OneCStatus:
    value = cache.get(KEY) or {}
    return OneCStatus(
        state=value.get("state", "unknown"),
        last_ok_at=value.get("last_ok_at"),
        last_error_at=value.get("last_error_at"),
        last_error=value.get("last_error", ""),
    )


def onec_status_forget() -> None:
    """Forget this process's last write (for tests, whose cache is emptied between them)."""
    _recorded.update(state="", at=0.0)

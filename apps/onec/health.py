"""1C's health as staff see it: one Ping, timed."""

import logging
import threading
import time
from dataclasses import dataclass

from django.conf import settings

from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError, OneCErrorKind

logger = logging.getLogger("apps.onec")
# The ping ends at its own deadline (ONEC_TIMEOUT). The margin covers what no socket deadline
# reaches — a DNS server that does not answer — so the page never hangs on 1C.
_MARGIN_SECONDS = 1.0


@dataclass(frozen=True)
class OneCHealth:
    ok: bool
    base: str  # the base's name and version, from Ping
    latency_ms: int
    error_kind: str
    error: str
    contract: str = ""  # "1.0", "1.1" or "1.2" as the base's WSDL says; "" when not known (fake, failure)


def onec_health_check() -> OneCHealth:
    """Ping 1C; the answer comes within ONEC_TIMEOUT plus a second, and is never an exception.

    The ping runs in a daemon thread that is abandoned if it overstays: it holds nothing but
    its own connection slot, which it gives back when the stuck lookup finally ends.
    """
    started = time.monotonic()
    outcome: list[OneCHealth] = []
    ping = threading.Thread(target=_ping, args=(started, outcome), name="onec-health", daemon=True)
    ping.start()
    ping.join(settings.ONEC_TIMEOUT + _MARGIN_SECONDS)
    if outcome:
        return outcome[0]
    overstayed = f"no answer within {settings.ONEC_TIMEOUT:g} s"
    return OneCHealth(False, "", _since(started), str(OneCErrorKind.UNAVAILABLE), overstayed)


def _ping(started: float, outcome: list[OneCHealth]) -> None:
    try:
        client = get_onec_client()
        base = client.ping()
        contract = _contract(client)
    except OneCError as error:
        outcome.append(OneCHealth(False, "", _since(started), str(error.kind), error.message))
    except Exception as error:  # a diagnostic page shows the failure instead of failing itself
        logger.exception("1C health check failed")
        outcome.append(OneCHealth(False, "", _since(started), "error", f"{type(error).__name__}: {error}"[:500]))
    else:
        outcome.append(OneCHealth(True, base, _since(started), "", "", contract))


def _contract(client) -> str:
    # Only the SOAP client reads a WSDL; the ping above has just made it read one.
    published_version = getattr(client, "published_version", None)
    return published_version() if callable(published_version) else ""


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)

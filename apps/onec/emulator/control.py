"""The demo's hand on the emulator: 1C publishes a new document now (`manage.py demo_new_document`).

Not part of the contract: a real 1C publishes a document when an accountant posts it. The demo has
no accountant, so without this the notices poll finds «0 changes» and no notice e-mail can be
seen. Answered only to a caller on the emulator's own host with the emulator's credentials.
"""

import json
import random
from datetime import datetime, timedelta
from decimal import Decimal
from ipaddress import ip_address

from apps.onec.emulator import trade
from apps.onec.emulator.data import MOSCOW, Document, Ledger

PUBLISH_PATH = "control/publish"  # under the base: /portal/control/publish
# What a new document of each kind is, as the demo 1C writes its type.
NEW_TYPES = {"Closing": "УПД", "Certificate": "Сертификат качества", "Invoice": "Счёт на оплату"}


class ControlRefused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def is_loopback(address: str) -> bool:
    try:
        return ip_address(address).is_loopback
    except ValueError:
        return False


def publish(ledger: Ledger, inn: str, kind: str = "Closing", now: datetime | None = None) -> Document:
    """A new document of `kind` for `inn`, dated today and changed now: the next
    ListChangedDocuments reports it, whatever moment the poll's cursor has reached."""
    if inn not in ledger.clients:
        raise ControlRefused(404, f"CLIENT_NOT_FOUND {inn}")
    if kind not in NEW_TYPES:
        raise ControlRefused(400, f"kind must be one of {sorted(NEW_TYPES)}")
    now = now or datetime.now(MOSCOW)
    latest = trade.last_change(ledger)
    # Changes of today's generated documents may lie later today; a cursor already past them
    # would never see a document changed "now", so it comes a second after the latest.
    moment = max(now, latest + timedelta(seconds=1)) if latest else now
    rng = random.Random(f"publish/{inn}/{moment.isoformat()}")  # noqa: S311  (demo data)
    amount = Decimal("0.00") if kind == "Certificate" else Decimal(rng.randrange(1_500_000, 50_000_000)) / 100
    with ledger._lock:
        number = f"Д-{len(ledger.documents) + 1}"
        document = ledger._add(inn, kind, NEW_TYPES[kind], number, now.date(), amount)
        ledger.reprints[document.id] = moment
        ledger._changes = None
    return document


def answer_publish(ledger: Ledger, body: bytes) -> tuple[int, bytes]:
    """The HTTP answer to a publish request `{"inn": …, "kind": …}`: the document, or an error."""
    try:
        request = json.loads(body or b"{}")
        document = publish(ledger, str(request.get("inn", "")), str(request.get("kind", "Closing")))
    except ControlRefused as refused:
        return refused.status, json.dumps({"error": str(refused)}).encode()
    except (ValueError, AttributeError):
        return 400, json.dumps({"error": 'a JSON object {"inn": …, "kind": …} is expected'}).encode()
    shown = {"id": document.id, "kind": document.kind, "type": document.type, "number": document.number}
    shown |= {"date": document.date.isoformat(), "amount": str(document.amount)}
    return 200, json.dumps(shown, ensure_ascii=False).encode()

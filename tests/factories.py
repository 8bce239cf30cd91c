"""The fixed cast: a client organisation, an outsider organisation, and staff."""

import itertools

from apps.clients.models import Client
from apps.clients.services import client_create

PASSWORD = "correct-horse-42"
_serial = itertools.count(1)


def _valid_inn(prefix9: str) -> str:
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    check = sum(int(d) * w for d, w in zip(prefix9, weights, strict=True)) % 11 % 10
    return prefix9 + str(check)


def make_client(*, name: str = "ООО «Профкерамика»", inn: str | None = None, **fields) -> Client:
    inn = inn or _valid_inn(f"77{next(_serial):07d}")
    fields.setdefault("email", f"buh{inn}@example.com")
    fields.setdefault("password", PASSWORD)
    return client_create(inn=inn, name=name, **fields)

"""The register: a client's documents of every kind over a period, read from 1C and cached.

Each (client, kind, period) list is kept twice in the cache: fresh for a few minutes, so that
paging, filtering and searching make no further 1C call, and as the last good list for a day,
shown (marked with its time) while 1C is down. Every function is scoped to one client: the
INN it asks 1C about is the client's own, never one that came from the browser.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.core.cache import cache
from django.utils import timezone

from apps.clients.models import Client
from apps.core.request_id import request_id_thread_pool
from apps.onec.backend import get_onec_client
from apps.onec.client import (
    CERTIFICATE,
    CLOSING,
    DOCUMENT_KINDS,
    INVOICE,
    DocumentFile,
    DocumentInfo,
    OneCClient,
    OneCError,
    OneCErrorKind,
)

FRESH_SECONDS = 5 * 60
LAST_GOOD_SECONDS = 24 * 60 * 60
STALE_RETRY_SECONDS = 60  # how soon a page shown from the last good list asks 1C again
REGISTER_KINDS = (INVOICE, CLOSING, CERTIFICATE)
_NOT_SUPPORTED = "not-supported"  # cached too: a v1.0 base is not asked again on every page


@dataclass(frozen=True)
class RegisterRow:
    kind: str
    document: DocumentInfo

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def amount(self) -> Decimal | None:
        """The sum to show: none for a certificate, which has no sum (1C sends it 0)."""
        return None if self.kind == CERTIFICATE else self.document.amount


@dataclass
class Register:
    """What the page shows. `error` is set when 1C gave no list at all (an OneCErrorKind);
    `stale_since` when some list is the last good one, kept while 1C is down."""

    rows: list[RegisterRow] = field(default_factory=list)
    certificates_supported: bool = True
    error: str = ""
    stale_since: datetime | None = None

    @property
    def types(self) -> list[str]:
        return sorted({row.document.type for row in self.rows if row.document.type}, key=str.casefold)

    def filtered(self, *, kind: str = "", type: str = "", number: str = "") -> list[RegisterRow]:
        """Newest first; `number` matches any part of the number, whatever its case."""
        needle = number.strip().casefold()
        rows = [
            row
            for row in self.rows
            if (not kind or row.kind == kind)
            and (not type or row.document.type == type)
            and (not needle or needle in row.document.number.casefold())
        ]
        return sorted(rows, key=lambda r: (r.document.date, r.document.number, r.id), reverse=True)

    @property
    def failure_status(self) -> str:
        """The error as the status word cabinet/includes/onec_failure.html words for requests."""
        return {"client_not_found": "not_found", "invalid_period": "invalid_period"}.get(self.error, "failed")

    def find(self, document_id: str) -> RegisterRow | None:
        return next((row for row in self.rows if row.id == document_id), None)


def _key(client: Client, kind: str, date_from: date, date_to: date, *, last: bool = False) -> str:
    # The INN is in the key as well as the id: a client whose INN was corrected sees no old list.
    prefix = "register-last" if last else "register"
    return f"{prefix}:{client.id}:{client.inn}:{kind}:{date_from.isoformat()}:{date_to.isoformat()}"


def _fetch(onec: OneCClient, inn: str, kind: str, date_from: date, date_to: date):
    try:
        return onec.list_documents(inn, kind, date_from, date_to)
    except OneCError as error:
        if error.kind == OneCErrorKind.NOT_SUPPORTED:
            return _NOT_SUPPORTED
        return error


def register_read(*, client: Client, date_from: date, date_to: date) -> Register:
    """The client's documents of every kind in the period (ends included), from the cache or 1C.

    The kinds missing from the fresh cache are asked of 1C at once, in parallel, so the first
    page costs one 1C round trip rather than three.
    """
    cached = cache.get_many([_key(client, kind, date_from, date_to) for kind in REGISTER_KINDS])
    lists = {kind: cached.get(_key(client, kind, date_from, date_to)) for kind in REGISTER_KINDS}
    missing = [kind for kind, value in lists.items() if value is None]
    if missing:
        onec = get_onec_client()
        with request_id_thread_pool(max_workers=len(missing), thread_name_prefix="register") as pool:
            answers = list(pool.map(lambda k: _fetch(onec, client.inn, k, date_from, date_to), missing))
        now = timezone.now()
        for kind, answer in zip(missing, answers, strict=True):
            lists[kind] = _remember(client, kind, date_from, date_to, answer, now)
    return _assemble(lists)


def _remember(client: Client, kind: str, date_from: date, date_to: date, answer, now: datetime):
    """Cache a good answer (fresh and as the last good one); for a failure, the last good list
    marked as stale, or the failure itself when there is none."""
    if isinstance(answer, OneCError):
        if answer.kind == OneCErrorKind.UNAVAILABLE:
            last = cache.get(_key(client, kind, date_from, date_to, last=True))
            if last is not None:
                # Held for a minute: paging the old list does not wait on a dead 1C every time.
                stale = ("stale", *last)
                cache.set(_key(client, kind, date_from, date_to), stale, STALE_RETRY_SECONDS)
                return stale
        return answer
    value = (now, answer)
    cache.set(_key(client, kind, date_from, date_to), value, FRESH_SECONDS)
    if answer != _NOT_SUPPORTED:
        cache.set(_key(client, kind, date_from, date_to, last=True), value, LAST_GOOD_SECONDS)
    return value


def _assemble(lists: dict) -> Register:
    register = Register()
    for kind, value in lists.items():
        if isinstance(value, OneCError):
            # Not found outranks unavailable: no retry will help an unknown organisation.
            if not register.error or value.kind == OneCErrorKind.CLIENT_NOT_FOUND:
                register.error = str(value.kind)
            continue
        stale = value[0] == "stale"
        fetched_at, documents = value[1:] if stale else value
        if documents == _NOT_SUPPORTED:
            register.certificates_supported = kind != CERTIFICATE
            continue
        if stale:
            register.stale_since = min(filter(None, (register.stale_since, fetched_at)))
        register.rows.extend(RegisterRow(kind, doc) for doc in documents)
    if register.stale_since and not register.error:
        register.error = str(OneCErrorKind.UNAVAILABLE)
    return register


def register_document_file(
    *, client: Client, date_from: date, date_to: date, document_id: str
) -> tuple[RegisterRow, DocumentFile] | None:
    """The file of a document in this client's register for the period, straight from 1C.

    None for an id that is not in the client's list (another client's, or made up), and for
    one 1C refuses as not this client's (DOCUMENT_NOT_FOUND). Other 1C failures propagate.
    """
    found = register_read(client=client, date_from=date_from, date_to=date_to)
    row = found.find(document_id)
    if row is None and found.error == OneCErrorKind.UNAVAILABLE and not found.stale_since:
        # No list to check the id against: 1C is down, which is not the same as "not yours".
        raise OneCError(OneCErrorKind.UNAVAILABLE, "no register to check the id against")
    if row is None:
        return None
    try:
        return row, get_onec_client().get_document_file(client.inn, row.id)
    except OneCError as error:
        if error.kind == OneCErrorKind.DOCUMENT_NOT_FOUND:
            return None
        raise


def documents_selected(
    *, onec: OneCClient, inn: str, date_from: date, date_to: date, ids: Iterable[str]
) -> list[DocumentInfo]:
    """Of the ids a client ticked, those 1C lists for this INN in the period, asked afresh.

    For the archive task: ids come from the browser, so only what 1C itself lists for the
    client is fetched. 1C's failures propagate (the task retries); a base without
    certificates simply has none.
    """
    wanted, found = set(ids), []
    for kind in DOCUMENT_KINDS:
        try:
            found.extend(doc for doc in onec.list_documents(inn, kind, date_from, date_to) if doc.id in wanted)
        except OneCError as error:
            if error.kind != OneCErrorKind.NOT_SUPPORTED:
                raise
    return found

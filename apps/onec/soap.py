"""The real 1C client over SOAP (zeep). The only module of the portal that imports zeep.

One instance per process (see `get_onec_client` in apps/onec/backend.py): the WSDL is parsed
once, one HTTP session keeps 1C's connections alive, and a semaphore keeps the calls in flight
within ONEC_MAX_CONNECTIONS; each call also holds one of the ONEC_MAX_SESSIONS slots shared by
all processes (apps/onec/sessions.py). Each call, from its start, lasts at most its timeout.
Every failure leaves this module as a `OneCError`.

Contracts v1.1 and v1.2 are additive: what the base publishes is read from its WSDL, and an
operation (or the Certificate kind) it lacks is `OneCError(NOT_SUPPORTED)` before any call is made.
"""

import contextvars
import logging
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import astuple, dataclass
from datetime import date, datetime
from decimal import InvalidOperation
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
import zeep
from django.conf import settings
from lxml import etree
from zeep.exceptions import Fault
from zeep.wsdl.bindings.soap import Soap11Binding

from apps.onec import convert, convert_orders
from apps.onec.client import (
    ChangeList,
    DocumentFile,
    DocumentInfo,
    OneCClient,
    OneCClientInfo,
    OneCError,
    OneCErrorKind,
    Order,
    ReconciliationActData,
    Settlements,
    Shipment,
    check_kind,
)
from apps.onec.http import Deadline, build_session, check_answer, describe_connection_error, fetch
from apps.onec.published import Published, document_kinds
from apps.onec.sessions import SessionSlots, session_slots
from apps.onec.status import onec_call_observe, onec_status_record

logger = logging.getLogger("apps.onec")
UNAVAILABLE = OneCErrorKind.UNAVAILABLE
T = TypeVar("T")
FAULT_WORDS = {
    "CLIENT_NOT_FOUND": OneCErrorKind.CLIENT_NOT_FOUND,
    "DOCUMENT_NOT_FOUND": OneCErrorKind.DOCUMENT_NOT_FOUND,
    "INVALID_PERIOD": OneCErrorKind.INVALID_PERIOD,
}
# What an answer that is not XML, not SOAP, not our contract, or hostile (DTD, entities) raises; zeep
# reads a malformed xs:decimal with Decimal(), whose InvalidOperation is no ValueError.
_UNUSABLE = (zeep.exceptions.Error, etree.LxmlError, ValueError, TypeError, AttributeError, InvalidOperation)
# Set around each call so the shared transport knows this thread's deadline.
_deadline: contextvars.ContextVar[Deadline] = contextvars.ContextVar("onec_deadline")
# A base found to lack an operation (of v1.1 or v1.2) has its WSDL read again on the next call
# once this much time has passed, so an upgrade of the base is noticed without restarting the portal.
WSDL_RECHECK_SECONDS = 600.0


@dataclass(frozen=True)
class SoapConfig:
    wsdl_url: str
    endpoint_url: str  # "" keeps the WSDL's soap:address
    username: str
    password: str
    timeout: float
    act_timeout: float
    max_connections: int

    @classmethod
    def from_settings(cls) -> "SoapConfig":
        return cls(
            wsdl_url=settings.ONEC_WSDL_URL,
            endpoint_url=settings.ONEC_ENDPOINT_URL,
            username=settings.ONEC_USERNAME,
            password=settings.ONEC_PASSWORD,
            timeout=settings.ONEC_TIMEOUT,
            act_timeout=settings.ONEC_ACT_TIMEOUT,
            max_connections=settings.ONEC_MAX_CONNECTIONS,
        )

    def cache_key(self) -> tuple:
        return astuple(self)

    def __repr__(self) -> str:
        return f"SoapConfig(wsdl_url={self.wsdl_url!r}, endpoint_url={self.endpoint_url!r}, user={self.username!r})"


class DeadlineTransport(zeep.Transport):
    """zeep's transport, but every exchange — each operation's POST and the WSDL's GET (zeep is
    told never to fetch what a WSDL imports) — is bounded by the calling thread's total deadline,
    and anything that is not a SOAP answer is refused before zeep tries to read it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents: list[bytes] = []  # what the WSDL's loading read, for what zeep does not keep

    def load(self, url):
        content = super().load(url)
        self.documents.append(content)
        return content

    def post(self, address, message, headers):
        response = fetch(self.session, "POST", address, _deadline.get(), data=message, headers=headers)
        check_answer(response.status_code, response.headers.get("Content-Type", ""), response.content)
        return response

    def get(self, address, params, headers):
        return fetch(self.session, "GET", address, _deadline.get(), params=params, headers=headers)

    def _load_remote_data(self, url):
        if urlsplit(url).scheme not in ("http", "https"):
            return super()._load_remote_data(url)  # a WSDL kept on disk: nothing to wait for
        response = fetch(self.session, "GET", url, _deadline.get())
        response.raise_for_status()
        return response.content


class SoapOneCClient(OneCClient):
    def __init__(self, config: SoapConfig, sessions: SessionSlots | None = None):
        self.config = config
        self._sessions = sessions  # None: the portal's own, as the settings say at each call
        self._session = build_session(config.username, config.password, config.max_connections)
        self._slots = threading.BoundedSemaphore(config.max_connections)
        self._service = None
        self._service_lock = threading.Lock()

    def ping(self) -> str:
        return self._call("Ping", "", self.config.timeout, convert.text)

    def get_client(self, inn: str) -> OneCClientInfo:
        return self._call("GetClient", inn, self.config.timeout, convert.client_info, INN=inn)

    def list_documents(self, inn: str, kind: str, date_from: date, date_to: date) -> list[DocumentInfo]:
        check_kind(kind)
        params = {"INN": inn, "Kind": kind, "DateFrom": date_from, "DateTo": date_to}
        return self._call("ListDocuments", inn, self.config.timeout, convert.document_list, **params)

    def get_document_file(self, inn: str, document_id: str) -> DocumentFile:
        return self._call("GetDocumentFile", inn, self.config.timeout, convert.document_file, INN=inn, Id=document_id)

    def get_reconciliation_act(self, inn: str, date_from: date, date_to: date) -> ReconciliationActData:
        params = {"INN": inn, "DateFrom": date_from, "DateTo": date_to}
        return self._call("GetReconciliationAct", inn, self.config.act_timeout, convert.reconciliation_act, **params)

    def get_settlements(self, inn: str, on_date: date) -> Settlements:
        return self._call("GetSettlements", inn, self.config.timeout, convert.settlements, INN=inn, OnDate=on_date)

    def list_shipments(self, inn: str, date_from: date, date_to: date) -> list[Shipment]:
        params = {"INN": inn, "DateFrom": date_from, "DateTo": date_to}
        return self._call("ListShipments", inn, self.config.timeout, convert.shipment_list, **params)

    def list_changed_documents(self, since: datetime, limit: int) -> ChangeList:
        params = {"Since": convert.to_1c_moment(since), "Limit": limit}
        return self._call("ListChangedDocuments", "", self.config.timeout, convert.change_list, **params)

    def list_orders(self, inn: str, date_from: date, date_to: date) -> list[Order]:
        params = {"INN": inn, "DateFrom": date_from, "DateTo": date_to}
        return self._call("ListOrders", inn, self.config.timeout, convert_orders.order_list, **params)

    def get_order(self, inn: str, order_id: str) -> Order:
        return self._call("GetOrder", inn, self.config.timeout, convert_orders.order, INN=inn, Id=order_id)

    def published_version(self) -> str:
        """ "1.0", "1.1" or "1.2" as the base's WSDL, once read, says; "" before it has been read."""
        loaded = self._service
        return loaded[1].version if loaded is not None else ""

    def _call(self, operation: str, inn: str, timeout: float, result: Callable[[Any], T], **params) -> T:
        started = time.monotonic()
        # The deadline runs from here: waiting for a free connection, or for another call that is
        # reading the WSDL, counts against it, so no caller waits on a stalled 1C (or on the calls
        # stuck in it) longer than its own timeout.
        deadline = Deadline(timeout)
        token = _deadline.set(deadline)
        try:
            with self._slot(deadline):
                service, published = self._bound_service(deadline)
                self._check_published(published, operation, params)
                value = result(getattr(service, operation)(**params))
        except Exception as exc:
            error = translate(exc)
            _log(operation, inn, started, error)
            raise error from exc
        finally:
            _deadline.reset(token)
        _log(operation, inn, started, None)
        return value

    @contextmanager
    def _slot(self, deadline: Deadline) -> Iterator[None]:
        if not self._slots.acquire(timeout=deadline.remaining()):
            raise OneCError(UNAVAILABLE, f"all connections to 1C stayed busy for {deadline.seconds:g} s")
        try:
            # The process's own connections first: its waiting threads then poll no shared store.
            with (self._sessions or session_slots()).hold(deadline):
                yield
        finally:
            self._slots.release()

    def _check_published(self, published: Published, operation: str, params: dict) -> None:
        missing = published.missing(operation, params)
        if not missing:
            return
        if time.monotonic() - published.read_at > WSDL_RECHECK_SECONDS:
            self._service = None  # the next call reads the WSDL again: the base may be upgraded
        message = f"{missing} is not published by this 1C base (contract v{published.version})"
        raise OneCError(OneCErrorKind.NOT_SUPPORTED, message)

    def _bound_service(self, deadline: Deadline) -> tuple[Any, Published]:
        """Parse the WSDL on first use (not at import, so the portal starts while 1C is down) and
        keep it; a failed load is not cached, the next call tries again."""
        loaded = self._service
        if loaded is not None:
            return loaded
        if not self._service_lock.acquire(timeout=deadline.remaining()):
            raise OneCError(UNAVAILABLE, f"1C's WSDL was still being read by another call after {deadline.seconds:g} s")
        try:
            loaded = self._service or self._load_service()
            self._service = loaded
            return loaded
        finally:
            self._service_lock.release()

    def _load_service(self) -> tuple[Any, Published]:
        transport = DeadlineTransport(session=self._session)
        client = zeep.Client(self.config.wsdl_url, transport=transport, settings=_zeep_settings())
        binding, address = _soap11_port(client)
        published = Published(frozenset(binding.all()), document_kinds(transport.documents), time.monotonic())
        transport.documents.clear()  # read once; not worth keeping for the process's lifetime
        return client.create_service(binding.name, self.config.endpoint_url or address), published


def _zeep_settings() -> zeep.Settings:
    # DTDs and entities are refused outright (a 1C never sends them); huge_tree lets a base64
    # file over 10 MB through lxml instead of being silently dropped; strict keeps a malformed
    # answer an error rather than a None.
    return zeep.Settings(strict=True, xml_huge_tree=True, forbid_dtd=True, forbid_entities=True, forbid_external=True)


def _soap11_port(client: zeep.Client):
    """1C publishes SOAP 1.1 and 1.2 ports of one service; the contract is SOAP 1.1."""
    for service in client.wsdl.services.values():
        for port in service.ports.values():
            if isinstance(port.binding, Soap11Binding):
                return port.binding, port.binding_options["address"]
    raise OneCError(UNAVAILABLE, "1C's WSDL has no SOAP 1.1 port")


def translate(exc: Exception) -> OneCError:
    """Sort any failure of a call into exactly one of our error kinds."""
    if isinstance(exc, OneCError):
        return exc
    if isinstance(exc, Fault):
        return _translate_fault(exc)
    if isinstance(exc, requests.RequestException):
        return OneCError(UNAVAILABLE, f"1C is unreachable: {describe_connection_error(exc)}")
    if isinstance(exc, _UNUSABLE):
        return OneCError(UNAVAILABLE, f"1C's answer is not usable: {type(exc).__name__}: {str(exc)[:200]}")
    if isinstance(exc, OSError):
        return OneCError(UNAVAILABLE, f"1C is unreachable: {type(exc).__name__}")
    raise exc


def _translate_fault(fault: Fault) -> OneCError:
    text = (fault.message or "").strip()
    word = text.split(maxsplit=1)[0] if text else ""
    if fault.code is not None and word in FAULT_WORDS:
        return OneCError(FAULT_WORDS[word], text[:500])
    if "лицензи" in text.lower() or "licen" in text.lower():  # other 1C users hold them, or the cap is high
        return OneCError(UNAVAILABLE, f"1C has no free licence (see ONEC_MAX_SESSIONS): {text[:500]}")
    return OneCError(UNAVAILABLE, f"1C failed: {text[:500] or 'a fault without text'}")


def _log(operation: str, inn: str, started: float, error: OneCError | None) -> None:
    seconds = time.monotonic() - started
    duration_ms = round(seconds * 1000)
    # Only UNAVAILABLE says 1C is down; "no such client" or "no such document" is 1C answering.
    onec_status_record(ok=error is None or error.kind != UNAVAILABLE, error=error.message if error else "")
    onec_call_observe(operation=operation, outcome=error.kind if error else "ok", seconds=seconds)
    if error is None:
        logger.info("1C %s inn=%s duration_ms=%d outcome=ok", operation, inn or "-", duration_ms)
    else:
        level = logging.WARNING if error.kind == UNAVAILABLE else logging.INFO
        detail = (operation, inn or "-", duration_ms, error.kind, error.message)
        logger.log(level, "1C %s inn=%s duration_ms=%d outcome=%s detail=%s", *detail)

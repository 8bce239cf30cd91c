"""HTTP under the SOAP client: the session, the total deadline, and refusing non-SOAP answers.

Kept apart from soap.py so that this part needs no zeep and can be read on its own.

The deadline is enforced by a watchdog, not by socket timeouts: a timeout bounds each gap
between bytes, so a server that drips its status line, headers or body a byte a second would
hold the caller for ever. The watchdog is armed before the connection is made and shuts down
every socket the exchange uses once the deadline passes, which ends any read in progress.
"""

import contextvars
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import requests
import urllib3
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.poolmanager import pool_classes_by_scheme as DEFAULT_POOL_CLASSES

from apps.onec.client import OneCError, OneCErrorKind

UNAVAILABLE = OneCErrorKind.UNAVAILABLE
# A printed form is a few hundred KB; an act maybe a few MB. Far beyond that is a broken or
# hostile server, and we would rather refuse it than hold it all in a worker's memory.
MAX_RESPONSE_BYTES = 200 * 1024 * 1024
_CHUNK = 64 * 1024


class Deadline:
    """The total time one call may take, however the server spreads its bytes over it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.fired = False
        self._lock = threading.Lock()
        self._watched: list[socket.socket] | None = None  # None: no exchange is guarded

    def remaining(self) -> float:
        return max(self.ends - time.monotonic(), 0.0)

    def requests_timeout(self) -> tuple[float, float]:
        left = max(self.remaining(), 0.001)
        return (left, left)

    def error(self) -> OneCError:
        return OneCError(UNAVAILABLE, f"1C did not answer within {self.seconds:g} s")

    @contextmanager
    def guard(self) -> Iterator[None]:
        """Shut down, at the deadline, every socket this thread connects or reuses inside."""
        if self.remaining() == 0:
            raise self.error()
        with self._lock:
            self._watched = []
        token = _guarded.set(self)
        watchdog = threading.Timer(self.remaining(), self._fire)
        watchdog.daemon = True
        watchdog.start()
        try:
            yield
        finally:
            watchdog.cancel()
            _guarded.reset(token)
            with self._lock:  # a watchdog already firing finishes first; none can fire after
                for watched in self._watched:
                    watched.close()
                self._watched = None

    def watch(self, sock: socket.socket) -> None:
        # Our own duplicate of the descriptor: it outlives TLS wrapping the original (which
        # detaches it) and belongs to us, so shutting it can never hit a reused descriptor.
        try:
            duplicate = socket.fromfd(sock.fileno(), sock.family, sock.type, sock.proto)
        except OSError:
            return  # already closed: nothing left to interrupt
        with self._lock:
            if self._watched is None:
                duplicate.close()
                return
            self._watched.append(duplicate)
            if self.fired:  # connected only after the deadline: cut it off at once
                _shut(duplicate)

    def _fire(self) -> None:
        with self._lock:
            if self._watched is None:
                return
            self.fired = True
            for watched in self._watched:
                _shut(watched)


# The deadline guarding the exchange this thread is in, for the connections to report to.
_guarded: contextvars.ContextVar[Deadline | None] = contextvars.ContextVar("onec_guarded", default=None)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed: the read has ended anyway


class _Watched:
    """Reports each socket a connection opens, or reuses from the pool, to the thread's guard."""

    def _new_conn(self) -> socket.socket:
        sock = super()._new_conn()
        _report(sock)
        return sock

    def request(self, *args, **kwargs) -> None:
        if self.sock is not None:  # a kept-alive connection: no _new_conn this time
            _report(self.sock)
        return super().request(*args, **kwargs)


def _report(sock: socket.socket) -> None:
    deadline = _guarded.get()
    if deadline is not None:
        deadline.watch(sock)


class _WatchedHTTPConnection(_Watched, HTTPConnection):
    pass


class _WatchedHTTPSConnection(_Watched, HTTPSConnection):
    pass


class _WatchedHTTPPool(HTTPConnectionPool):
    ConnectionCls = _WatchedHTTPConnection


class _WatchedHTTPSPool(HTTPSConnectionPool):
    ConnectionCls = _WatchedHTTPSConnection


_WATCHED_POOLS = {"http": _WatchedHTTPPool, "https": _WatchedHTTPSPool}


class _WatchedAdapter(HTTPAdapter):
    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = _WATCHED_POOLS

    def proxy_manager_for(self, proxy, **proxy_kwargs):
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if manager.pool_classes_by_scheme is DEFAULT_POOL_CLASSES:  # a SOCKS proxy has its own
            manager.pool_classes_by_scheme = _WATCHED_POOLS
        return manager


def build_session(username: str, password: str, max_connections: int) -> requests.Session:
    """One session for the process: 1C ties its licence-holding session to the connection, so
    connections are kept alive and reused, never more than the calls allowed in flight."""
    session = requests.Session()
    # As bytes: requests would encode str credentials as Latin-1 and fail on a Cyrillic 1C
    # password; 1C's web extension reads Basic credentials as UTF-8 (RFC 7617's charset).
    session.auth = (username.encode(), password.encode())
    adapter = _WatchedAdapter(pool_connections=1, pool_maxsize=max_connections, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def fetch(session: requests.Session, method: str, url: str, deadline: Deadline, **kwargs) -> requests.Response:
    """One whole HTTP exchange — connect, status line, headers, body — before `deadline`.

    Returns the response with its body read and its connection back in the pool. Running out
    of time is `deadline.error()`; other connection failures stay requests' exceptions, for
    the caller to describe.
    """
    with deadline.guard():
        try:
            response = session.request(method, url, timeout=deadline.requests_timeout(), stream=True, **kwargs)
        except requests.RequestException as error:
            # A timeout here is the deadline too: connect and read timeouts are what is left of it.
            if deadline.fired or isinstance(error, requests.Timeout):
                raise deadline.error() from error
            raise
        try:
            body = _read_body(response, deadline)
        except BaseException:
            response.raw.close()  # half-read: the connection cannot be reused
            raise
    response._content, response._content_consumed = body, True
    response.close()  # fully read, so this hands the live connection back to the pool
    return response


def _read_body(response: requests.Response, deadline: Deadline) -> bytes:
    try:
        return _read_chunks(response, deadline)
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as error:
        if deadline.fired:
            raise deadline.error() from error
        raise OneCError(UNAVAILABLE, f"1C's answer broke off: {type(error).__name__}") from error


def _read_chunks(response: requests.Response, deadline: Deadline) -> bytes:
    chunks, size = [], 0
    for chunk in response.raw.stream(_CHUNK, decode_content=True):
        if deadline.fired or deadline.remaining() == 0:
            raise deadline.error()
        size += len(chunk)
        if size > MAX_RESPONSE_BYTES:
            raise OneCError(UNAVAILABLE, f"1C's answer is larger than {MAX_RESPONSE_BYTES} bytes")
        chunks.append(chunk)
    if deadline.fired:  # the watchdog cut the stream short: what we have is not the answer
        raise deadline.error()
    return b"".join(chunks)


def check_answer(status: int, content_type: str, body: bytes) -> None:
    """Refuse what is not a SOAP answer before zeep sees it: zeep turns an HTML 502 into a
    Fault with no code and a 401 into a bare TransportError, both of which hide the cause."""
    if status in (401, 403):
        raise OneCError(UNAVAILABLE, f"1C refused the credentials (HTTP {status}); check ONEC_USERNAME/ONEC_PASSWORD")
    if status not in (200, 500):
        raise OneCError(UNAVAILABLE, f"1C answered HTTP {status} ({content_type or 'no content type'})")
    if "html" in content_type.lower() or not body.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        raise OneCError(UNAVAILABLE, f"1C answered HTTP {status} with a body that is not SOAP ({content_type})")


def describe_connection_error(error: requests.RequestException) -> str:
    """A short cause for logs and the admin's health page; the kind is UNAVAILABLE regardless."""
    if isinstance(error, requests.Timeout):
        return "timed out"
    if isinstance(error, requests.HTTPError) and error.response is not None:  # only the WSDL's GET
        status = error.response.status_code
        hint = "; check ONEC_USERNAME/ONEC_PASSWORD" if status in (401, 403) else ""
        return f"HTTP {status} reading the WSDL{hint}"
    text = repr(error)
    if "NameResolutionError" in text or "gaierror" in text or "Name or service not known" in text:
        return "DNS failure: the 1C host name does not resolve"
    if "Connection refused" in text or "ConnectionRefusedError" in text:
        return "connection refused"
    return f"connection failed ({type(error).__name__})"

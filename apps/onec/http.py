"""HTTP under the SOAP client: the session, the total deadline, and refusing non-SOAP answers.

Kept apart from soap.py so that this part needs no zeep and can be read on its own.
"""

import socket
import threading
import time

import requests
import urllib3
from requests.adapters import HTTPAdapter

from apps.onec.client import OneCError, OneCErrorKind

UNAVAILABLE = OneCErrorKind.UNAVAILABLE
# A printed form is a few hundred KB; an act maybe a few MB. Far beyond that is a broken or
# hostile server, and we would rather refuse it than hold it all in a worker's memory.
MAX_RESPONSE_BYTES = 200 * 1024 * 1024
_CHUNK = 64 * 1024


def build_session(username: str, password: str, max_connections: int) -> requests.Session:
    """One session for the process: 1C ties its licence-holding session to the connection, so
    connections are kept alive and reused, never more than the calls allowed in flight."""
    session = requests.Session()
    # As bytes: requests would encode str credentials as Latin-1 and fail on a Cyrillic 1C
    # password; 1C's web extension reads Basic credentials as UTF-8 (RFC 7617's charset).
    session.auth = (username.encode(), password.encode())
    adapter = HTTPAdapter(pool_connections=1, pool_maxsize=max_connections, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


class Deadline:
    """The total time one call may take, however the server spreads its bytes over it."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds
        self.fired = False

    def remaining(self) -> float:
        return max(self.ends - time.monotonic(), 0.0)

    def requests_timeout(self) -> tuple[float, float]:
        left = max(self.remaining(), 0.001)
        return (left, left)

    def error(self) -> OneCError:
        return OneCError(UNAVAILABLE, f"1C did not answer within {self.seconds:g} s")


def read_body(response: requests.Response, deadline: Deadline) -> bytes:
    """Read the whole body before `deadline`. A read timeout only bounds each gap between bytes,
    so a server that drips a byte a second would hold us for ever; a watchdog shuts the socket
    down at the deadline, which ends any read in progress at once."""
    sock = _socket_of(response)
    watchdog = threading.Timer(deadline.remaining(), _shut, args=(sock, deadline))
    watchdog.daemon = True
    watchdog.start()
    try:
        return _read_chunks(response, deadline)
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as error:
        if deadline.fired:
            raise deadline.error() from error
        raise OneCError(UNAVAILABLE, f"1C's answer broke off: {type(error).__name__}") from error
    finally:
        watchdog.cancel()


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


def _socket_of(response: requests.Response) -> socket.socket | None:
    connection = getattr(response.raw, "connection", None)
    return getattr(connection, "sock", None)


def _shut(sock: socket.socket | None, deadline: Deadline) -> None:
    deadline.fired = True
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass  # already closed: the read has ended anyway


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

"""The emulator's HTTP server: a stand-in for a 1C base publishing `ClientPortal`.

Run it as a separate process (`manage.py onec_emulator`) for the demo, or in a thread from a
test with `start_emulator()`, which returns a handle whose knobs change its behaviour at once.
"""

import base64
import hmac
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

from apps.onec.emulator import control, protocol
from apps.onec.emulator.data import Document, Ledger, load_clients
from apps.onec.emulator.wsdl import LATEST, VERSIONS, render_wsdl

DEFAULT_FIXTURE = Path(__file__).resolve().parents[3] / "fixtures" / "demo.json"
BAD_GATEWAY = (
    b"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
    b"<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"
)
UNAUTHORIZED = b"<html><body><h1>401 Unauthorized</h1></body></html>"
# What 1C answers a web-service call it has no free licence (session) for.
NO_LICENCE = "Не найдена лицензия. Превышено максимальное количество лицензий ({}): нет свободной лицензии для сеанса"


@dataclass
class Knobs:
    """What a test or demo may change while the emulator runs."""

    username: str = "portal"
    password: str = "portal"  # noqa: S105  (the demo default, as in settings with DEBUG)
    latency_ms: int = 0
    down: bool = False  # answer every request like a dead 1C behind its web server: 502 HTML
    fail_inn: str | None = None  # 1C fails (a Fault with no contract word) for this INN
    advertised_endpoint: str = ""  # soap:address in the WSDL, "" = the emulator's own URL
    version: str = LATEST  # "1.0" or "1.1": a base not upgraded to a later contract (WSDL and answers)
    max_sessions: int = 0  # licences: a call beyond this many in flight is refused; 0 = no limit


@dataclass
class Stats:
    """What tests observe: WSDL downloads, TCP connections, calls in flight at once, calls
    refused for want of a licence."""

    wsdl_requests: int = 0
    connections: int = 0
    operations: int = 0
    in_flight: int = 0
    max_in_flight: int = 0
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def bump(self, name: str, delta: int = 1) -> None:
        with self.lock:
            setattr(self, name, getattr(self, name) + delta)
            self.max_in_flight = max(self.max_in_flight, self.in_flight)

    def enter(self, max_sessions: int) -> bool:
        """Count a call in; False (and counted as refused) if it would pass `max_sessions`."""
        with self.lock:
            self.operations += 1
            if max_sessions and self.in_flight >= max_sessions:
                self.refused += 1
                return False
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
            return True


class EmulatorServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, ledger: Ledger, knobs: Knobs, base: str):
        super().__init__(address, Handler)
        self.ledger, self.knobs, self.stats = ledger, knobs, Stats()
        self.service_path = f"/{base}/ws/ClientPortal.1cws"
        self.control_path = f"/{base}/{control.PUBLISH_PATH}"

    @property
    def endpoint_url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}{self.service_path}"


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, as the portal's session expects from 1C
    server: EmulatorServer

    def setup(self):
        super().setup()
        self.server.stats.bump("connections")

    def log_request(self, code="-", size="-"):  # a test run or demo log need not list every request
        pass

    def do_GET(self):
        url = urlsplit(self.path)
        if not self._admitted():
            return
        if url.path != self.server.service_path or url.query.lower() != "wsdl":
            return self._send(404, b"not found", "text/plain")
        self.server.stats.bump("wsdl_requests")
        knobs = self.server.knobs
        wsdl = render_wsdl(knobs.advertised_endpoint or self.server.endpoint_url, knobs.version)
        self._send(200, wsdl, "text/xml; charset=utf-8")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if urlsplit(self.path).path == self.server.control_path:
            return self._control(body)
        if not self._admitted():
            return
        if urlsplit(self.path).path != self.server.service_path:
            return self._send(404, b"not found", "text/plain")
        stats, limit = self.server.stats, self.server.knobs.max_sessions
        if not stats.enter(limit):  # refused at once, as 1C does before it starts a session
            fault = protocol.SoapFault("soap:Server", NO_LICENCE.format(limit))
            return self._send(500, protocol.fault_envelope(fault), "text/xml; charset=utf-8")
        try:
            status, answer = self._operate(body)
        finally:
            stats.bump("in_flight", -1)
        self._send(status, answer, "text/xml; charset=utf-8")

    def _operate(self, body: bytes) -> tuple[int, bytes]:
        knobs = self.server.knobs
        time.sleep(knobs.latency_ms / 1000)
        try:
            operation, params = protocol.parse_request(body)
            if knobs.fail_inn and params.get("INN") == knobs.fail_inn:
                raise protocol.SoapFault("soap:Server", "Ошибка СУБД: таблица заблокирована другим сеансом")
            return 200, protocol.answer(self.server.ledger, operation, params, knobs.version)
        except protocol.SoapFault as fault:
            return 500, protocol.fault_envelope(fault)
        except Exception as error:  # as 1C does: its own failure is a soap:Server fault, not a hang-up
            self.log_error("emulator failure: %r", error)
            return 500, protocol.fault_envelope(protocol.SoapFault("soap:Server", f"Внутренняя ошибка: {error!r}"))

    def _control(self, body: bytes) -> None:
        """The demo's «publish a document now» (control.py): from this host only, with the
        emulator's credentials, answered even while the knobs play a dead 1C."""
        if not control.is_loopback(self.client_address[0]):
            return self._send(404, b"not found", "text/plain")
        if not self._authorised():
            return self._send(401, UNAUTHORIZED, "text/html", {"WWW-Authenticate": 'Basic realm="1C:Enterprise"'})
        status, answer = control.answer_publish(self.server.ledger, body)
        self._send(status, answer, "application/json; charset=utf-8")

    def _authorised(self) -> bool:
        knobs = self.server.knobs
        expected = base64.b64encode(f"{knobs.username}:{knobs.password}".encode()).decode()
        return hmac.compare_digest(self.headers.get("Authorization", ""), f"Basic {expected}")

    def _admitted(self) -> bool:
        knobs = self.server.knobs
        if knobs.down:
            self._send(502, BAD_GATEWAY, "text/html")
            return False
        if not self._authorised():
            self._send(401, UNAUTHORIZED, "text/html", {"WWW-Authenticate": 'Basic realm="1C:Enterprise"'})
            return False
        return True

    def _send(self, status: int, body: bytes, content_type: str, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class EmulatorHandle:
    """A running emulator. Knobs are plain attributes and take effect on the next request."""

    def __init__(self, server: EmulatorServer, thread: threading.Thread | None):
        self.server, self._thread = server, thread
        self._credentials = (server.knobs.username, server.knobs.password)
        self._version = server.knobs.version

    @property
    def knobs(self) -> Knobs:
        return self.server.knobs

    @property
    def stats(self) -> Stats:
        return self.server.stats

    @property
    def ledger(self) -> Ledger:
        return self.server.ledger

    @property
    def endpoint_url(self) -> str:
        return self.server.endpoint_url

    @property
    def wsdl_url(self) -> str:
        return f"{self.endpoint_url}?wsdl"

    @property
    def fail_inn(self) -> str | None:
        return self.knobs.fail_inn

    @fail_inn.setter
    def fail_inn(self, inn: str | None) -> None:
        self.knobs.fail_inn = inn

    def set_latency(self, ms: int) -> None:
        self.knobs.latency_ms = ms

    def set_down(self, down: bool = True) -> None:
        self.knobs.down = down

    def set_max_sessions(self, count: int) -> None:
        """Refuse calls beyond `count` in flight, like a 1C out of licences (0: no limit)."""
        self.knobs.max_sessions = count

    def set_version(self, version: str) -> None:
        """Publish contract "1.0" (no v1.1 operations, no Certificate kind), "1.1" (no order
        operations, no OpenInvoice.Vat) or "1.2". A portal that already read the WSDL keeps its
        copy (until its recheck interval): build a fresh client after switching."""
        if version not in VERSIONS:
            raise ValueError(f"version must be one of {VERSIONS}, got {version!r}")
        self.knobs.version = version

    def add_bulk_documents(self, inn: str, count: int, size_kb: int, kind: str = "Closing") -> list[Document]:
        return self.ledger.add_bulk(inn, count, size_kb, kind)

    def publish_document(self, inn: str, kind: str = "Closing") -> Document:
        """1C publishes a new document now, as `manage.py demo_new_document` asks over HTTP."""
        return control.publish(self.ledger, inn, kind)

    def reset(self) -> None:
        """Back to a healthy, quick 1C with its first credentials and fresh counters (data is kept)."""
        self.knobs.latency_ms, self.knobs.down, self.knobs.fail_inn = 0, False, None
        self.knobs.max_sessions = 0
        self.knobs.advertised_endpoint = ""
        self.knobs.username, self.knobs.password = self._credentials
        self.knobs.version = self._version
        self.server.stats = Stats()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)


def make_server(
    *, host: str = "127.0.0.1", port: int = 0, base: str = "portal", knobs: Knobs | None = None,
    today: date | None = None, fixture: Path = DEFAULT_FIXTURE,
) -> EmulatorServer:  # fmt: skip
    ledger = Ledger(load_clients(fixture), today or date.today())
    return EmulatorServer((host, port), ledger, knobs or Knobs(), base)


def start_emulator(port: int = 0, **options) -> EmulatorHandle:
    """Start an emulator in a daemon thread (port 0: a free one) and return its handle.
    Options: host, base, knobs (a Knobs), today, fixture; or latency_ms, down, fail_inn,
    username, password, version, max_sessions directly."""
    knob_names = set(Knobs.__dataclass_fields__)
    knobs = options.pop("knobs", None) or Knobs(**{k: options.pop(k) for k in list(options) if k in knob_names})
    server = make_server(port=port, knobs=knobs, **options)
    thread = threading.Thread(target=server.serve_forever, name="onec-emulator", daemon=True)
    thread.start()
    return EmulatorHandle(server, thread)

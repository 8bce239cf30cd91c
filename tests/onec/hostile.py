"""Servers that serve the contract's WSDL but answer the way broken or hostile 1C installations
(or the proxies in front of them) do: `HostileServer` with wrong answers, `StallingServer` by
holding the line."""

import re
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from apps.onec.emulator.wsdl import render_wsdl

SOAP_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"'
)
ANSWERS = {
    "html502": (502, "text/html", b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"),
    "html500": (500, "text/html; charset=utf-8", b"<!DOCTYPE html><html><body><h1>Server Error</h1></body></html>"),
    "xml500_without_fault": (500, "text/xml", SOAP_HEAD + b"><soap:Body/></soap:Envelope>"),
    "not_xml": (200, "text/plain", "Сервис временно недоступен".encode()),
    "html200": (200, "text/html", b"<html><body>Login page</body></html>"),
    "empty503": (503, "text/plain", b""),
    "entity_bomb": (200, "text/xml", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa">'
                    b'<!ENTITY b "&a;&a;&a;&a;">]>' + SOAP_HEAD[38:] + b"><soap:Body>&b;</soap:Body></soap:Envelope>"),
    "file_without_data": (200, "text/xml", SOAP_HEAD + b' xmlns:m="urn:clientportal:1c:v1"><soap:Body>'
                          b"<m:GetDocumentFileResponse><m:return><m:FileName>a.pdf</m:FileName>"
                          b"<m:MimeType>application/pdf</m:MimeType><m:Data></m:Data></m:return>"
                          b"</m:GetDocumentFileResponse></soap:Body></soap:Envelope>"),
    "fault_other": (500, "text/xml", SOAP_HEAD + "><soap:Body><soap:Fault><faultcode>soap:Server</faultcode>"
                    "<faultstring>Нарушение прав доступа!</faultstring>"
                    "</soap:Fault></soap:Body></soap:Envelope>".encode()),
}  # fmt: skip


class HostileServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.behaviour = "not_xml"
        self.drip_interval = 0.05
        threading.Thread(target=self.serve_forever, daemon=True).start()

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/portal/ws/ClientPortal.1cws"

    def stop(self) -> None:
        self.shutdown()
        self.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: HostileServer

    def log_message(self, format, *args):
        pass

    def do_GET(self):
        self._send(200, "text/xml", render_wsdl(self.server.endpoint_url))

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.server.behaviour == "drip":
            return self._drip()
        self._send(*ANSWERS[self.server.behaviour])

    def _drip(self):
        """Headers at once, then a byte at a time: each read is quick, the whole never ends."""
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(100000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(self.server.drip_interval)
        except OSError:
            pass  # the client hung up, as it should

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


EXTRA_XSD = b'<?xml version="1.0"?><xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:x"/>'
_CONTENT_LENGTH = re.compile(rb"(?im)^content-length:\s*(\d+)")
_STATUS_AND_TYPE = b"HTTP/1.1 200 OK\r\nContent-Type: text/xml; charset=utf-8\r\n"
# Enough header lines to drip for ten minutes at 0.2 s a byte, under http.client's 100 limit.
_PADDING = b"".join(b"X-Padding-%02d: %s\r\n" % (number, b"x" * 20) for number in range(90))


class StallingServer:
    """A 1C (or a proxy) that holds the line, over raw sockets so that it can stall anywhere.

    `wsdl`, `xsd` (a schema the WSDL imports when `imports_xsd`) and `operation` each take one
    of: "answer" (at once; not for operations), "silent" (reads the request, then says nothing),
    "drip_status" (status line and headers a byte at a time), "drip_headers" (the status line at
    once, then header lines a byte at a time) or "drip_body" (headers at once, then 1 MB a byte at
    a time). Each stall would last minutes unless the client hangs up; `stop()` ends them all.
    """

    def __init__(self, drip_interval: float = 0.2):
        self.wsdl, self.xsd, self.operation = "answer", "answer", "silent"
        self.imports_xsd = False
        self.drip_interval = drip_interval
        self.requests: list[str] = []  # paths, in the order they arrived
        self._stopping = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.05)
        self._threads = [threading.Thread(target=self._accept, daemon=True)]
        self._threads[0].start()

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self._listener.getsockname()[1]}/portal/ws/ClientPortal.1cws"

    @property
    def wsdl_url(self) -> str:
        return f"{self.endpoint_url}?wsdl"

    def stop(self) -> None:
        self._stopping.set()
        self._threads[0].join(timeout=5)  # no handler starts after the acceptor is gone
        for thread in self._threads[1:]:
            thread.join(timeout=5)
        self._listener.close()
        assert not any(thread.is_alive() for thread in self._threads), "a stalling handler did not stop"

    def _accept(self) -> None:
        while not self._stopping.is_set():
            try:
                conn, _ = self._listener.accept()
            except TimeoutError:
                continue
            handler = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(handler)
            handler.start()

    def _serve(self, conn: socket.socket) -> None:
        with conn:
            conn.settimeout(0.05)
            try:
                while (path := self._read_request(conn)) is not None:  # keep-alive
                    self.requests.append(path)
                    behaviour, body = self._behaviour(path)
                    if behaviour != "answer":
                        return self._hold(conn, behaviour)
                    conn.sendall(_STATUS_AND_TYPE + b"Content-Length: %d\r\n\r\n" % len(body) + body)
            except OSError:
                pass  # the client hung up, as it should

    def _behaviour(self, path: str) -> tuple[str, bytes]:
        if path.endswith(".xsd"):
            return self.xsd, EXTRA_XSD
        if path.endswith("?wsdl"):
            wsdl = render_wsdl(self.endpoint_url)
            if self.imports_xsd:
                location = self.endpoint_url.rsplit("/", 1)[0] + "/extra.xsd"
                wsdl = wsdl.replace(
                    b'attributeFormDefault="unqualified">',
                    b'attributeFormDefault="unqualified"><xs:import namespace="urn:x" schemaLocation="%s"/>'
                    % location.encode(),
                )
            return self.wsdl, wsdl
        return self.operation, b""

    def _read_request(self, conn: socket.socket) -> str | None:
        """The request's path once it has arrived whole; None when the client or the test ends."""
        data = b""
        while b"\r\n\r\n" not in data or len(data.partition(b"\r\n\r\n")[2]) < _length(data):
            chunk = self._recv(conn)
            if not chunk:
                return None
            data += chunk
        return data.split(b" ", 2)[1].decode()

    def _recv(self, conn: socket.socket) -> bytes | None:
        while not self._stopping.is_set():
            try:
                return conn.recv(65536)
            except TimeoutError:
                continue
        return None

    def _hold(self, conn: socket.socket, behaviour: str) -> None:
        at_once, dripped = {
            "silent": (b"", b""),
            "drip_status": (b"", _STATUS_AND_TYPE + _PADDING),
            "drip_headers": (_STATUS_AND_TYPE, _PADDING),
            "drip_body": (_STATUS_AND_TYPE + b"Content-Length: 1000000\r\n\r\n", b" " * 1_000_000),
        }[behaviour]
        conn.sendall(at_once)
        for byte in dripped:
            if self._stopping.wait(self.drip_interval):
                return
            conn.sendall(bytes([byte]))
        self._stopping.wait()  # silent, or out of bytes: hold the line until the test ends


def _length(request: bytes) -> int:
    match = _CONTENT_LENGTH.search(request.partition(b"\r\n\r\n")[0])
    return int(match.group(1)) if match else 0

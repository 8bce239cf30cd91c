"""A server that serves the contract's WSDL but answers operations the way broken or hostile
1C installations (or the proxies in front of them) do."""

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

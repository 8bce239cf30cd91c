"""A client of the site through nginx, from a loopback address of its own.

Linux answers on all of 127.0.0.0/8, so a socket bound to 127.0.0.2 reaches nginx on 127.0.0.1
and nginx's $remote_addr is 127.0.0.2, while nginx itself talks to gunicorn from 127.0.0.1: the
address the portal acts on can only have come through X-Forwarded-For.
"""

import http.client
import re
import socket
import ssl
from dataclasses import dataclass
from email.message import Message
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from tests.deploy.shipped import SERVER_NAME

ORIGIN = f"https://{SERVER_NAME}"


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode(errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def csrf_token(self) -> str:
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', self.text)
        assert found, f"no CSRF token in the page ({self.status})"
        return found.group(1)


def tls_context(certificate: Path) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate))


class _Connection(http.client.HTTPSConnection):
    """HTTPS to nginx's address with the site's name in SNI and in the certificate check."""

    def __init__(self, port: int, *, source: str, context: ssl.SSLContext, server_name: str):
        super().__init__("127.0.0.1", port, context=context, source_address=(source, 0), timeout=60)
        self.server_name = server_name

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout, self.source_address)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.server_name)


class Browser:
    """Keeps cookies, sends Origin and Referer as a browser does (Django's CSRF check over HTTPS
    wants them), and follows no redirect: the test reads each answer."""

    def __init__(self, port: int, certificate: Path, *, source: str = "127.0.0.2"):
        self.port, self.source = port, source
        self.context = tls_context(certificate)
        self.cookies: dict[str, str] = {}
        self.tls_version: str | None = None

    def get(self, path: str, **kwargs) -> Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, form: dict, **kwargs) -> Response:
        body = urlencode(form).encode()
        headers = {"Content-Type": "application/x-www-form-urlencoded", **kwargs.pop("headers", {})}
        return self.request("POST", path, body=body, headers=headers, **kwargs)

    def submit(self, path: str, form: dict, **kwargs) -> Response:
        """The form at `path`, read first for its CSRF token, then posted."""
        token = self.get(path).csrf_token()
        return self.post(path, {"csrfmiddlewaretoken": token, **form}, **kwargs)

    def request(self, method: str, path: str, *, body: bytes | None = None, headers: dict | None = None) -> Response:
        headers = {"Host": SERVER_NAME, "Origin": ORIGIN, "Referer": ORIGIN + path, **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection = _Connection(self.port, source=self.source, context=self.context, server_name=SERVER_NAME)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            self.tls_version = connection.sock.version()
            response = Response(answer.status, answer.msg, answer.read())
        finally:
            connection.close()
        self._keep_cookies(response.headers)
        return response

    def headers_only(self, method: str, path: str, headers: dict) -> Response:
        """Sends the request line and headers, no body, and reads the answer: what nginx says
        about a body before reading it (its size)."""
        connection = _Connection(self.port, source=self.source, context=self.context, server_name=SERVER_NAME)
        try:
            connection.putrequest(method, path, skip_host=True)
            for name, value in {"Host": SERVER_NAME, **headers}.items():
                connection.putheader(name, value)
            connection.endheaders()
            answer = connection.getresponse()
            return Response(answer.status, answer.msg, answer.read())
        finally:
            connection.close()

    def _keep_cookies(self, headers: Message) -> None:
        for line in headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(line).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value

"""Debian's nginx running the shipped site file (deploy/nginx/portal.conf), in a folder of the test's.

The site file is used as shipped: `render_site` changes only what must differ on a test machine —
the listening ports (loopback, free ports for 80 and 443; IPv6 left out), the certificate's and
the logs' folders, and gunicorn's port — and refuses to render if any of them is no longer found,
so that an edit of the file cannot silently leave the test running something else. The http{}
around it repeats what Debian's /etc/nginx/nginx.conf sets there (TLSv1 and gzip on among them),
which the site must override.
"""

import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path

from tests.deploy.shipped import SERVER_NAME, SITE
from tests.utils import free_port

NGINX = "/usr/sbin/nginx"
MISSING = f"{NGINX} is missing: install Debian's nginx (apt-get install nginx), or run `make test`, which does"

_MAIN = """\
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log info;
{user}
events {{
    worker_connections 256;
}}
http {{
    # As Debian's nginx.conf has them: the site must hold its own against these.
    sendfile on;
    tcp_nopush on;
    types_hash_max_size 2048;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    ssl_protocols TLSv1 TLSv1.1 TLSv1.2 TLSv1.3;
    ssl_prefer_server_ciphers on;
    access_log {folder}/access.log;
    gzip on;
    # Debian's are /var/lib/nginx/*, the package's user's.
    client_body_temp_path {folder}/temp/body;
    proxy_temp_path {folder}/temp/proxy;
    fastcgi_temp_path {folder}/temp/fastcgi;
    uwsgi_temp_path {folder}/temp/uwsgi;
    scgi_temp_path {folder}/temp/scgi;

    include {folder}/portal.conf;
}}
"""


def render_site(text: str, *, http_port: int, https_port: int, upstream_port: int, tls: Path, logs: Path) -> str:
    """The shipped site with the test machine's ports and folders."""
    replacements = [
        (r"^\s*listen \[::\]:.*\n", "", 4),  # no IPv6 on every test machine
        (r"\blisten 80\b", f"listen 127.0.0.1:{http_port}", 2),
        (r"\blisten 443\b", f"listen 127.0.0.1:{https_port}", 2),
        (rf"/etc/letsencrypt/live/{re.escape(SERVER_NAME)}/", f"{tls}/", 2),
        (r"/var/log/nginx/", f"{logs}/", 2),
        (r"\bserver 127\.0\.0\.1:8000\b", f"server 127.0.0.1:{upstream_port}", 1),
    ]
    for pattern, replacement, expected in replacements:
        text, found = re.subn(pattern, replacement, text, flags=re.MULTILINE)
        if found != expected:
            raise AssertionError(f"{SITE.name}: {pattern!r} found {found} times, expected {expected}: update the test")
    return text


def make_certificate(folder: Path) -> Path:
    """A self-signed certificate for the site's name, where the site expects fullchain.pem and
    privkey.pem; returns the certificate, which the test's client trusts."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", f"/CN={SERVER_NAME}",
         "-addext", f"subjectAltName=DNS:{SERVER_NAME}",
         "-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    return folder / "fullchain.pem"


class Nginx:
    """nginx in the foreground (a child of the test), listening on loopback only."""

    def __init__(self, folder: Path, *, upstream_port: int):
        self.folder = folder
        self.http_port, self.https_port = free_port(), free_port()
        (folder / "temp").mkdir(parents=True, exist_ok=True)
        self.certificate = make_certificate(folder / "tls")
        site = render_site(SITE.read_text(), http_port=self.http_port, https_port=self.https_port,
                           upstream_port=upstream_port, tls=folder / "tls", logs=folder)  # fmt: skip
        (folder / "portal.conf").write_text(site)
        # As root, workers would drop to `nobody`, which cannot enter pytest's folders.
        user = "user root;" if os.geteuid() == 0 else ""
        (folder / "nginx.conf").write_text(_MAIN.format(folder=folder, user=user))
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        folder = self.folder
        command = [NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e", str(folder / "error.log")]
        test = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
        if test.returncode != 0:
            raise AssertionError(f"nginx refuses the site:\n{test.stderr}")
        log = (self.folder / "nginx.out").open("ab")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        _wait_listening(self.https_port, self.process, self.log)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: workers finish their requests
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
        self.process = None

    def log(self) -> str:
        return "\n".join(
            path.read_text(errors="replace")[-3000:]
            for path in (self.folder / "error.log", self.folder / "portal.error.log", self.folder / "nginx.out")
            if path.exists()
        )

    def access_log(self) -> str:
        path = self.folder / "portal.access.log"
        return path.read_text(errors="replace") if path.exists() else ""


def _wait_listening(port: int, process: subprocess.Popen, log, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode} before listening on {port}:\n{log()}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise AssertionError(f"nothing listens on 127.0.0.1:{port} after {timeout} s:\n{log()}")

"""The portal as shipped in deploy/: nginx with deploy/nginx/portal.conf in front of gunicorn
(gunicorn.conf.py) started with deploy/portal.env, a worker cluster (`manage.py qcluster`), the
1C emulator over SOAP and an SMTP catcher, all on loopback, on the suite's test database.

Only the secrets, the addresses of the services and the folders differ from the shipped
environment; DEBUG stays 0, so the HTTPS redirect, the secure cookies and the CSRF origin check
all depend on what nginx forwards.
"""

import http.client
import os
import secrets
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
from django.db import connection

from apps.onec.emulator.server import start_emulator
from tests import clock
from tests.deploy.browser import Browser
from tests.deploy.nginx import MISSING, NGINX, Nginx
from tests.deploy.shipped import ROOT, shipped_environment
from tests.mailbox import Inbox
from tests.utils import free_port

CLIENT_INN = "5036012344"  # client_org's, and a client of the emulator's demo data
BULK_DOCUMENTS, BULK_SIZE_KB = 12, 160  # about 2 MB of archive: more than nginx keeps in memory
_GUNICORN = "from gunicorn.app.wsgiapp import run; run()"


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Site:
    """What the tests reach: nginx's ports, gunicorn's own port, the shared folders and logs."""

    def __init__(self, folder: Path, nginx: Nginx, gunicorn_port: int, env: dict, emulator, smtp: Inbox):
        self.folder, self.nginx, self.gunicorn_port, self.env = folder, nginx, gunicorn_port, env
        self.emulator, self.smtp = emulator, smtp

    def browser(self, source: str = "127.0.0.2") -> Browser:
        return Browser(self.nginx.https_port, self.nginx.certificate, source=source)

    @property
    def private_dir(self) -> Path:
        return Path(self.env["VAR_DIR"]) / "private"

    def logs(self) -> str:
        gunicorn = (self.folder / "gunicorn.log").read_text(errors="replace")[-4000:]
        return f"--- nginx\n{self.nginx.log()}\n--- gunicorn\n{gunicorn}"


def _python(args: list[str], *, env: dict, log: Path) -> subprocess.Popen:
    return subprocess.Popen(clock.python_command(*args), cwd=ROOT, env=env, stdout=log.open("ab"),
                            stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip


def _wait_http(port: int, process: subprocess.Popen, log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"gunicorn exited:\n{log.read_text(errors='replace')[-4000:]}"
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        try:
            connection.request("GET", "/healthz")
            connection.getresponse().read()
            return
        except OSError:
            time.sleep(0.1)
        finally:
            connection.close()
    raise AssertionError(f"gunicorn did not answer on {port}:\n{log.read_text(errors='replace')[-4000:]}")


def _stop(process: subprocess.Popen, timeout: float) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


def _environment(folder: Path, *, gunicorn_port: int, smtp_port: int, wsdl_url: str) -> dict[str, str]:
    """deploy/portal.env with this machine's secrets, services and folders, and a clean rest of
    the environment, as systemd gives a service."""
    return {
        "PATH": os.environ["PATH"],
        "HOME": str(folder),  # a home of its own, as the service's user has (gunicorn's control socket)
        "DJANGO_SETTINGS_MODULE": "project.settings",
        **shipped_environment(),
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ.get("REDIS_URL", ""),  # the suite's cache and broker, or none
        "VAR_DIR": str(folder / "var"),
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "0",
        "EMAIL_HOST_USER": "",
        "ONEC_WSDL_URL": wsdl_url,
        "ONEC_PASSWORD": "portal",
        "GUNICORN_BIND": f"127.0.0.1:{gunicorn_port}",
        # Smaller, to be quick: the archive comes as a link; one worker; a short graceful stop.
        "EMAIL_MAX_ATTACHMENT_MB": "1",
        "Q_WORKERS": "1",
        "GUNICORN_GRACEFUL_TIMEOUT": "5",
    }


@pytest.fixture(scope="module")
def site(django_db_setup, tmp_path_factory):
    if not shutil.which(NGINX):
        pytest.fail(MISSING)
    folder = tmp_path_factory.mktemp("proxy")
    emulator = start_emulator(username="portal", password="portal")
    emulator.add_bulk_documents(CLIENT_INN, BULK_DOCUMENTS, BULK_SIZE_KB)
    try:
        with Inbox.running() as catcher:
            yield from _run_site(folder, emulator, catcher)
    finally:
        emulator.stop()


def _run_site(folder: Path, emulator, catcher: Inbox):
    gunicorn_port = free_port()
    env = _environment(folder, gunicorn_port=gunicorn_port, smtp_port=catcher.port, wsdl_url=emulator.wsdl_url)
    gunicorn = nginx = None
    try:
        collect = subprocess.run(clock.python_command("manage.py", "collectstatic", "--no-input", "-v", "0"),
                                 cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)  # fmt: skip
        assert collect.returncode == 0, collect.stderr
        log = folder / "gunicorn.log"
        gunicorn = _python(["-c", _GUNICORN, "project.wsgi"], env=env, log=log)
        _wait_http(gunicorn_port, gunicorn, log)
        nginx = Nginx(folder / "nginx", upstream_port=gunicorn_port)
        nginx.start()
        yield Site(folder, nginx, gunicorn_port, env, emulator, catcher)
    finally:
        if nginx is not None:
            nginx.stop()
        if gunicorn is not None:
            _stop(gunicorn, timeout=20)


@pytest.fixture
def workers(site):
    """The main cluster, as `manage.py workers` (portal-workers.service) runs it: `qcluster` itself
    here, because `workers` starts it as a fresh Python that a moved test clock would not reach."""
    log = site.folder / "workers.log"
    process = _python(["manage.py", "qcluster"], env=site.env, log=log)
    process.log = log
    yield process
    os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=10)

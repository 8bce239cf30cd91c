"""A deployment of the portal as production runs it, for tests that break its parts: gunicorn
nodes and the two worker clusters as separate processes, each in a working folder of its own
(its own VAR_DIR: no shared disk), over the database, Redis and storage a test hands it; the 1C
emulator and an SMTP catcher in the test's process. A `Visitor` is a person with a browser
(`requests`, cookies and CSRF as a browser keeps them).

Every Python process is started through tests/clock.py, so a moved test clock reaches it.
"""

import os
import re
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import requests

from tests import clock
from tests.utils import free_port

ROOT = Path(__file__).resolve().parent.parent
SECRET = "deployment-test-" + "k" * 50


def wait_for(condition: Callable[[], object], what: str, *, timeout: float = 60.0, every: float = 0.2,
             explain: Callable[[], str] | None = None):  # fmt: skip
    """Poll `condition` until it returns something true; fail naming `what` (and `explain()`)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}\n{explain() if explain else ''}")


@dataclass
class Deployment:
    root: Path
    database_url: str
    wsdl_url: str
    smtp_port: int
    redis_url: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    processes: list[tuple[str, subprocess.Popen]] = field(default_factory=list)

    def env(self, node: str, **more: str) -> dict[str, str]:
        folder = self.root / node
        folder.mkdir(parents=True, exist_ok=True)
        keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TZ")}
        return {
            **keep,
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "DEBUG": "1",
            "SECRET_KEY": SECRET,
            "VAR_DIR": str(folder / "var"),
            "PRIVATE_STORAGE_DIR": str(folder / "var" / "private"),
            "DATABASE_URL": self.database_url,
            "REDIS_URL": self.redis_url,
            "ONEC_BACKEND": "soap",
            "ONEC_WSDL_URL": self.wsdl_url,
            "ONEC_TIMEOUT": "15",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(self.smtp_port),
            "EMAIL_TIMEOUT": "15",
            "Q_WORKERS": "2",
            "GUNICORN_ACCESS_LOG": "",
            **self.extra,
            **more,
        }

    def manage(self, *args: str, node: str = "admin", timeout: float = 300) -> str:
        result = subprocess.run(clock.python_command("manage.py", *args), cwd=ROOT, env=self.env(node),
                                capture_output=True, text=True, timeout=timeout)  # fmt: skip
        assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}\n{result.stderr}"
        return result.stdout

    def shell(self, code: str) -> str:
        return self.manage("shell", "-c", code)

    def migrate(self) -> None:
        self.manage("migrate", "--no-input", "-v", "0")

    def client_create(self, *, inn: str, name: str, email: str, password: str) -> None:
        self.shell(
            "from apps.clients.services import client_create; "
            f"client_create(inn={inn!r}, name={name!r}, email={email!r}, password={password!r})"
        )

    def _start(self, name: str, node: str, args: list[str], **env: str) -> subprocess.Popen:
        log = (self.root / f"{name}.log").open("ab")
        process = subprocess.Popen(clock.python_command(*args), cwd=ROOT, env=self.env(node, **env), stdout=log,
                                   stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        self.processes.append((name, process))
        return process

    def web(self, node: str, *, workers: int = 2) -> str:
        """A gunicorn node; returns its base URL once it answers."""
        port = free_port()
        process = self._start(f"web-{node}", node, ["-m", "gunicorn", "project.wsgi", "-c", "gunicorn.conf.py"],
                              GUNICORN_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(workers))  # fmt: skip
        url = f"http://127.0.0.1:{port}"

        def up() -> bool:
            assert process.poll() is None, f"web node {node} exited:\n{self.logs()}"
            return _answers(url + "/accounts/login/")

        wait_for(up, f"web node {node}", timeout=90)
        return url

    def workers(self, node: str) -> None:
        """Both clusters of a worker host, each in a session of its own (`manage.py workers`)."""
        self._start(f"workers-{node}", node, ["manage.py", "workers"])
        self._start(f"mail-{node}", node, ["manage.py", "workers", "--cluster", "portal-mail"])

    def stop(self) -> None:
        for _name, process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for _name, process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)
        self.processes.clear()

    def logs(self) -> str:
        return "\n".join(f"--- {p.name}\n{p.read_text(errors='replace')[-4000:]}" for p in self.root.glob("*.log"))


def _answers(url: str) -> bool:
    try:
        return requests.get(url, timeout=2).status_code == 200
    except requests.RequestException:
        return False


class Visitor:
    """A person at a browser: cookies kept, the CSRF token sent as a form's hidden field would be."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.http = requests.Session()

    def on(self, base_url: str) -> "Visitor":
        """The same browser (cookies) talking to another node behind the balancer."""
        self.base_url = base_url
        return self

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.http.get(self.base_url + path, timeout=30, **kwargs)

    def post(self, path: str, data: dict, **kwargs) -> requests.Response:
        if "csrftoken" not in self.http.cookies:
            self.get("/accounts/login/")
        data = {"csrfmiddlewaretoken": self.http.cookies["csrftoken"], **data}
        return self.http.post(self.base_url + path, data=data, timeout=30, **kwargs)

    def log_in(self, login: str, password: str) -> None:
        response = self.post("/accounts/login/", {"login": login, "password": password})
        assert response.status_code == 200 and "sessionid" in self.http.cookies, _error_of(response)

    def request_archive(self, *, kind: str, date_from: str, date_to: str, email: str) -> int:
        """«Запросить» on the invoices or closing documents form; the request's id."""
        response = self.post(f"/documents/{kind}/", {"date_from": date_from, "date_to": date_to, "email": email})
        assert response.status_code == 200, _error_of(response)
        found = re.search(r"/documents/requests/(\d+)/", response.url)
        assert found, f"no request page after «Запросить»: {response.url}\n{response.text[:2000]}"
        return int(found.group(1))


def _error_of(response: requests.Response) -> str:
    """What went wrong, from Django's technical page (DEBUG) or the page's start."""
    found = re.search(r'<pre class="exception_value">(.*?)</pre>', response.text, re.S)
    where = re.search(r"<title>(.*?)</title>", response.text, re.S)
    if found:
        return f"{response.status_code} {where.group(1).strip() if where else ''}: {found.group(1).strip()}"
    return f"{response.status_code} {response.url}\n{response.text[:1500]}"

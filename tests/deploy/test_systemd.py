"""The systemd units in deploy/systemd/ parse as systemd reads them, run what the README runs, and
agree with the nginx site and the environment file they are shipped with."""

import re
import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy.shipped import ROOT, SITE, UNITS, shipped_environment

SERVICES = {
    "portal-web.service": "/srv/portal/.venv/bin/gunicorn project.wsgi",
    "portal-workers.service": "/srv/portal/.venv/bin/python manage.py workers",
    "portal-mail.service": f"/srv/portal/.venv/bin/python manage.py workers --cluster {settings.MAIL_CLUSTER}",
}


def _service(name: str) -> dict[str, str]:
    unit = ConfigParser(interpolation=None, strict=False)
    unit.optionxform = str  # systemd's keys are case-sensitive
    unit.read(UNITS / name)
    return dict(unit["Service"])


def test_units_parse_without_a_warning(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.fail("systemd-analyze is missing: install Debian's systemd (apt-get install systemd)")
    # verify wants the programs to exist: this checkout's stand in for /srv/portal.
    for name in SERVICES:
        (tmp_path / name).write_text((UNITS / name).read_text().replace("/srv/portal/", f"{ROOT}/"))
    result = subprocess.run([analyze, "verify", *(str(tmp_path / name) for name in SERVICES)],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


@pytest.mark.parametrize("name", SERVICES)
def test_each_unit_runs_its_command_as_the_portal_user_and_stops_cleanly(name):
    service = _service(name)
    assert service["ExecStart"].startswith(SERVICES[name])
    assert (service["User"], service["EnvironmentFile"], service["WorkingDirectory"]) == (
        "portal", "/etc/portal/portal.env", "/srv/portal",
    )  # fmt: skip
    # SIGTERM to the main process alone: gunicorn's master and `workers` stop their children in
    # order; systemd's default (every process at once) leaves a django-q2 cluster hung.
    assert service["KillMode"] == "mixed"
    assert service["Restart"] == "always"
    assert service["StateDirectory"] == "portal"
    assert Path(shipped_environment()["VAR_DIR"]) == Path("/var/lib") / service["StateDirectory"]


def test_gunicorn_listens_where_nginx_sends_and_trusts_only_it():
    env = shipped_environment()
    [upstream] = re.findall(r"^\s*server (\S+) fail_timeout=0;", SITE.read_text(), flags=re.MULTILINE)
    assert env["GUNICORN_BIND"] == upstream
    assert env["FORWARDED_ALLOW_IPS"] == upstream.split(":")[0] == "127.0.0.1"
    assert env["TRUSTED_PROXY_COUNT"] == "1"
    assert env["DEBUG"] == "0"

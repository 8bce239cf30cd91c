"""The files deploy/ ships, as the tests read them."""

import os
import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SITE = ROOT / "deploy" / "nginx" / "portal.conf"
ENV_FILE = ROOT / "deploy" / "portal.env"
UNITS = ROOT / "deploy" / "systemd"
SERVER_NAME = "portal.example.ru"


def shipped_environment() -> dict[str, str]:
    """deploy/portal.env as the shell reads it (the README's way of running manage.py with it)."""
    names = re.findall(r"^([A-Z][A-Z0-9_]*)=", ENV_FILE.read_text(), flags=re.MULTILINE)
    script = 'set -a && . "$1" && set +a && env -0'
    out = subprocess.run(["bash", "-c", script, "-", str(ENV_FILE)], env={"PATH": os.environ["PATH"]},
                         capture_output=True, check=True, timeout=30).stdout.decode()  # fmt: skip
    read = dict(item.split("=", 1) for item in out.split("\0") if "=" in item)
    return {name: read[name] for name in names}

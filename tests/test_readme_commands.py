"""The commands README.md and docs/*.md show work as written in a new shell.

A new shell has no DEBUG and no activated venv: only PATH and HOME, in the project's folder,
after `make demo` has put the demo's data in var/ (here a temporary VAR_DIR prepared the same
way). Production commands run with the variables their section exports, which no test has, so
they are only checked for a program a new shell finds. A bare `manage.py workers` or `ruff check`
in a sentence names a command; what a reader types starts with the program a shell runs.
"""

import os
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

import pytest
import time_machine
from allauth.mfa import app_settings
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ["README.md", *sorted(str(path.relative_to(ROOT)) for path in (ROOT / "docs").glob("*.md"))]
# Sections whose commands run with the production variables they tell to export.
PRODUCTION = {("README.md", "Running in production"), ("docs/onec.md", "Checking the connection")}
# The demo's commands that serve until stopped; every other demo command is run here.
SERVERS = {"onec_emulator", "runserver", "workers"}
DEMO_ADMIN_KEY = "PORTALDEMOADMINTOTPKEYABCDEFGHIJ"  # fixtures/demo.json, shown in the README
_ASSIGNMENT = re.compile(r"^[A-Z_][A-Z0-9_]*=\S*$")


def _shown(document: str) -> list[tuple[str, str]]:
    """(section, command) for each code span and each line of a ```sh block that starts with a
    program: `make`, `python…`, `pytest` or a path, after any VAR=value assignments."""
    shown, prose, section, block = [], {}, "", None
    for line in (ROOT / document).read_text().splitlines():
        if line.startswith("## "):
            section = line[3:].strip()
        if line.startswith("```"):
            block = [] if block is None and line.strip() == "```sh" else None
            continue
        if block is None:
            prose.setdefault(section, []).append(line)
            continue
        block.append(line.split("  #", 1)[0].rstrip())
        if not block[-1].endswith("\\"):
            shown.append((section, " ".join(part.rstrip("\\").strip() for part in block)))
            block = []
    for name, lines in prose.items():  # a code span may wrap onto the next line
        shown.extend((name, " ".join(span.split())) for span in re.findall(r"`([^`]+)`", "\n".join(lines)))
    return [(name, text) for name, text in dict.fromkeys(shown) if _is_command(text)]


def _program(command: str) -> str:
    words = command.split()
    while words and _ASSIGNMENT.match(words[0]):
        words.pop(0)
    return words[0] if words else ""


def _is_command(text: str) -> bool:
    program = _program(text)
    return program in {"make", "pytest"} or program.startswith(("python", ".venv/", ".ci/", "bench/", "./"))


def _commands() -> list[tuple[str, str, str]]:
    return [(document, section, command) for document in DOCUMENTS for section, command in _shown(document)]


def _demo_commands() -> list[str]:
    return sorted(
        {
            command
            for document, section, command in _commands()
            if (document, section) not in PRODUCTION and "manage.py" in command
        }
    )


def _new_shell_env(**extra: str) -> dict[str, str]:
    """PATH without this venv (nobody activated it) and HOME: what a new terminal has."""
    venv = os.path.realpath(sys.prefix)
    path = [entry for entry in os.environ["PATH"].split(os.pathsep) if not os.path.realpath(entry).startswith(venv)]
    return {"PATH": os.pathsep.join(path), "HOME": os.environ.get("HOME", "/root"), **extra}


def test_the_documents_show_commands():
    commands = [command for _, _, command in _commands()]
    assert "make demo" in commands
    assert any("demo_totp" in command for command in _demo_commands())


@pytest.mark.parametrize(("document", "section", "command"), _commands())
def test_a_shown_command_starts_with_a_program_a_new_shell_finds(document, section, command):
    program = _program(command)
    if program.startswith(("python", "pytest")):
        # A new shell has no venv on PATH: only creating the venv may use the system's Python.
        assert re.match(r"python3\.\d+ -m venv ", command), f"{document}: write .venv/bin/…: {command}"
    elif program != "make":
        path = ROOT / program
        assert path.is_file() and os.access(path, os.X_OK), f"{document}: {program} is no program: {command}"
    if "manage.py" in command and (document, section) not in PRODUCTION:
        # The demo's settings are DEBUG's; without it manage.py asks for SECRET_KEY and the rest.
        assert command.startswith("DEBUG=1 "), f"{document}: a demo command needs DEBUG=1: {command}"


@pytest.fixture(scope="module")
def demo_var_dir(tmp_path_factory) -> Path:
    """A var/ as `make demo` leaves it: migrated, with the demo data loaded."""
    var_dir = tmp_path_factory.mktemp("var")
    env = _new_shell_env(DEBUG="1", VAR_DIR=str(var_dir))
    for args in (["migrate", "--no-input"], ["demo_load"]):  # what `make demo` runs
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return var_dir


def _real_time() -> float:
    """The wall clock a new shell has, even under `--clock` (tests/clock.py)."""
    hatch = time_machine.escape_hatch
    return hatch.time.time() if hatch.is_travelling() else time.time()


def _is_server(command: str) -> bool:
    return bool(SERVERS & set(shlex.split(command)))


def _runnable(command: str) -> str:
    """The command without the optional parts a synopsis shows in brackets."""
    return re.sub(r"\s*\[[^\]]*\]", "", command).replace("\\", "").strip()


@pytest.mark.parametrize("command", sorted({_runnable(c) for c in _demo_commands() if _is_server(c)}))
def test_a_demo_server_starts_in_a_new_shell(command, demo_var_dir):
    """A server runs until stopped: it must start and say where it listens. On a free port (the
    demo's own 8081 may be taken by a running demo), which every server command here takes."""
    process = subprocess.Popen(
        ["bash", "-c", f"{command} --port 0"],
        cwd=ROOT,
        env=_new_shell_env(VAR_DIR=str(demo_var_dir)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first_line = process.stdout.readline()
    finally:
        process.terminate()
        _out, errors = process.communicate(timeout=30)
    assert "/portal/ws/ClientPortal.1cws?wsdl" in first_line, errors


@pytest.fixture(scope="module")
def demo_onec(demo_var_dir):
    """The running demo's 1C, as `make demo` starts it (on a free port: a demo may hold 8081): the
    commands shown "while `make demo` runs" talk to it (demo_new_document, notices_poll)."""
    process = subprocess.Popen(
        [sys.executable, "manage.py", "onec_emulator", "--port", "0"],
        cwd=ROOT,
        env=_new_shell_env(DEBUG="1", VAR_DIR=str(demo_var_dir)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first_line = process.stdout.readline()
    try:
        (wsdl_url,) = re.findall(r"http://\S+\?wsdl", first_line)
        yield wsdl_url
    finally:
        process.terminate()
        process.communicate(timeout=30)


@pytest.mark.parametrize("command", [c for c in _demo_commands() if not _is_server(c)])
def test_a_demo_command_works_in_a_new_shell(command, demo_var_dir, demo_onec):
    result = subprocess.run(
        ["bash", "-c", command],
        cwd=ROOT,
        env=_new_shell_env(VAR_DIR=str(demo_var_dir), ONEC_WSDL_URL=demo_onec),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    if "demo_totp" in command:
        # The code the demo admin's app shows now, by the real clock (the command's own).
        counter = int(_real_time()) // app_settings.TOTP_PERIOD
        codes = {format_hotp_value(hotp_value(DEMO_ADMIN_KEY, counter + step)) for step in (-1, 0, 1)}
        assert result.stdout.strip() in codes


def test_the_demo_login_sheet_shows_the_readme_two_factor_command():
    (command,) = [command for command in _demo_commands() if "demo_totp" in command]
    assert command in (ROOT / "fixtures" / "demo-logins.txt").read_text()

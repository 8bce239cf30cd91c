"""The moved clock reaches the Python processes a test starts (tests/clock.py)."""

import subprocess
import sys
from datetime import UTC, datetime

from tests import clock

NOW = "import datetime; print(datetime.datetime.now(datetime.UTC).isoformat())"


def _child_now(command: list[str]) -> datetime:
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=True)
    return datetime.fromisoformat(result.stdout.strip())


def test_a_child_started_at_a_moment_lives_at_that_moment_and_ticks():
    moment = "2027-01-01T00:20:00+03:00"
    child = _child_now([sys.executable, str(clock._RUNNER), moment, "-c", NOW])
    seconds = (child - datetime(2026, 12, 31, 21, 20, tzinfo=UTC)).total_seconds()
    assert 0 <= seconds < 30


def test_a_child_shares_the_session_clock_whatever_it_is():
    child = _child_now(clock.python_command("-c", NOW))
    assert abs((child - datetime.now(UTC)).total_seconds()) < 30


def test_a_grandchild_started_anew_lives_at_the_same_moment():
    """`manage.py workers` starts its cluster as a new Python: it gets the clock too."""
    grandchild = (
        "import subprocess, sys; "
        f"print(subprocess.run([sys.executable, '-c', {NOW!r}], capture_output=True, text=True).stdout)"
    )
    moment = "2027-01-01T00:20:00+03:00"
    child = _child_now([sys.executable, str(clock._RUNNER), moment, "-c", grandchild])
    seconds = (child - datetime(2026, 12, 31, 21, 20, tzinfo=UTC)).total_seconds()
    assert 0 <= seconds < 30


def test_a_module_run_with_m_lives_at_the_moment_too():
    """gunicorn is started as `python -m gunicorn` (tests/deployment.py)."""
    moment = "2027-01-01T00:20:00+03:00"
    result = subprocess.run([sys.executable, str(clock._RUNNER), moment, "-m", "calendar", "--help"],
                            capture_output=True, text=True, timeout=60)  # fmt: skip
    assert result.returncode == 0 and "usage" in result.stdout.lower(), result.stderr

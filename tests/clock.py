"""The session's clock: `pytest --clock 2027-01-01T00:20+03:00` (or PORTAL_TEST_CLOCK) moves
Python's wall clock for the whole run, ticking on from there, so the suite can be proven on the
first minutes of a year, the last day of February, or 23:59 of any day.

time-machine moves only the wall clock (time.time, datetime.now, date.today); monotonic time and
the sockets' timeouts stay real, which libfaketime would break. A Python process a test starts
(a worker cluster, `manage.py`) gets the same moved clock through `python_command`, so a worker
and the test that watches it agree on what "now" is.
"""

import sys
from datetime import UTC, datetime
from pathlib import Path

import time_machine

_RUNNER = Path(__file__).resolve().parent / "clockrun.py"
_traveller: time_machine.travel | None = None


def start(moment: str) -> None:
    global _traveller
    when = datetime.fromisoformat(moment)
    if when.tzinfo is None:
        raise ValueError(f"the clock needs a UTC offset (2027-01-01T00:20+03:00), got {moment!r}")
    _traveller = time_machine.travel(when, tick=True)
    _traveller.start()


def stop() -> None:
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


def is_moved() -> bool:
    return _traveller is not None


def python_command(*args: str) -> list[str]:
    """`[sys.executable, *args]`; with the clock moved, the child starts at this process's "now"."""
    if _traveller is None:
        return [sys.executable, *args]
    return [sys.executable, str(_RUNNER), datetime.now(UTC).isoformat(), *args]

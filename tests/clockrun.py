"""`python tests/clockrun.py <ISO moment> script.py args…`: run a Python script (or `-c code`, `-m module`)
with the wall clock moved to that moment and ticking (tests/clock.py). Forked children (the
django-q2 workers) inherit the moved clock; Python processes started anew (the cluster that
`manage.py workers` starts) get it from tests/clockhook/sitecustomize.py, through the environment."""

import os
import runpy
import sys
from datetime import UTC, datetime
from pathlib import Path

import time_machine


def main() -> None:
    moment, *argv = sys.argv[1:]
    when = datetime.fromisoformat(moment)
    hook = str(Path(__file__).resolve().parent / "clockhook")
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [hook, os.environ.get("PYTHONPATH", "")]))
    os.environ["PORTAL_TEST_CLOCK_OFFSET"] = str((when - datetime.now(UTC)).total_seconds())
    time_machine.travel(when, tick=True).start()
    if argv[0] == "-m":  # `python -m gunicorn …`
        sys.argv = [argv[1], *argv[2:]]
        runpy.run_module(argv[1], run_name="__main__", alter_sys=True)
        return
    if argv[0] == "-c":
        sys.argv = ["-c", *argv[2:]]
        exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102  (a test's own code)
        return
    sys.argv = argv
    sys.path.insert(0, str(Path(argv[0]).resolve().parent))  # as `python script.py` does
    runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main()

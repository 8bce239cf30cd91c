"""`python tests/clockrun.py <ISO moment> script.py args…`: run a Python script (or `-c code`)
with the wall clock moved to that moment and ticking (tests/clock.py). Forked children (the
django-q2 workers) inherit the moved clock."""

import runpy
import sys
from datetime import datetime
from pathlib import Path

import time_machine


def main() -> None:
    moment, *argv = sys.argv[1:]
    time_machine.travel(datetime.fromisoformat(moment), tick=True).start()
    if argv[0] == "-c":
        sys.argv = ["-c", *argv[2:]]
        exec(compile(argv[1], "<string>", "exec"), {"__name__": "__main__"})  # noqa: S102  (a test's own code)
        return
    sys.argv = argv
    sys.path.insert(0, str(Path(argv[0]).resolve().parent))  # as `python script.py` does
    runpy.run_path(argv[0], run_name="__main__")


if __name__ == "__main__":
    main()

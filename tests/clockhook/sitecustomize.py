"""Python's clock moved in every process started under a moved test clock (tests/clock.py).

tests/clockrun.py puts this folder on PYTHONPATH and the clock's offset from real time in
PORTAL_TEST_CLOCK_OFFSET, so the processes its child starts in turn (`manage.py workers` starts
its cluster as a new Python) live at the same moment too. Tests only: nothing else sets these.
"""

import os

_offset = os.environ.get("PORTAL_TEST_CLOCK_OFFSET")
if _offset:
    from datetime import UTC, datetime, timedelta

    import time_machine

    time_machine.travel(datetime.now(UTC) + timedelta(seconds=float(_offset)), tick=True).start()

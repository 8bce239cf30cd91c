"""One process of the load test in tests/onec/test_sessions_load.py, as a web or worker process
of the portal would be: `python tests/onec/sessions_load.py THREADS CALLS`.

It sets Django up from the environment it is given (the test's database or Redis, the emulator's
WSDL, ONEC_MAX_SESSIONS), says "ready", waits for a line on stdin so that every process starts
at once, then THREADS threads each make CALLS real SOAP calls through the portal's own client.
It prints how the calls ended, as JSON: {"ok": n, "unavailable": m, ...}.
"""

import json
import os
import sys
import threading
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # the project, as for manage.py

import django


def main(threads: int, calls: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")
    django.setup()
    from django.db import connection

    from apps.onec.backend import get_onec_client
    from apps.onec.client import OneCError

    onec = get_onec_client()
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def work() -> None:
        try:
            for _ in range(calls):
                try:
                    onec.get_client("5036012344")
                    outcome = "ok"
                except OneCError as error:
                    outcome = str(error.kind)
                with lock:
                    outcomes[outcome] += 1
        finally:
            connection.close()

    print("ready", flush=True)
    sys.stdin.readline()
    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    print(json.dumps(outcomes), flush=True)


if __name__ == "__main__":
    main(int(sys.argv[1]), int(sys.argv[2]))

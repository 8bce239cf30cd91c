"""`manage.py workers [--cluster portal-mail]`: a django-q2 cluster that stops on SIGTERM.

honcho, systemd (KillMode=control-group) and a terminal's Ctrl-C signal the whole process group.
django-q2's worker processes then die at once while its main process, stopping, waits on an
inter-process condition that a dead worker can no longer acknowledge: it hangs until SIGKILL.
Here the cluster runs in a session of its own, so only its main process hears the signal
(forwarded from this one) and stops its workers in order, in about a second.

A cluster that ends on its own — it cannot start while its Redis is down, or a broker error
killed its sentinel — is started again, after 1, 2, 4 … 30 s, until this command is told to
stop: honcho restarts nothing, and systemd's restart loop would only do the same, slower.
"""

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"
MAX_RESTART_PAUSE = 30
logger = logging.getLogger(__name__)
_PR_SET_PDEATHSIG = 1


class Command(BaseCommand):
    help = "Run a django-q2 cluster (default: the main one) that stops cleanly on SIGTERM or Ctrl-C."

    def add_arguments(self, parser):
        parser.add_argument("--cluster", help=f"the cluster to run, e.g. {settings.MAIL_CLUSTER}")

    def handle(self, *args, cluster: str | None = None, **options) -> None:
        env = {**os.environ, "Q_CLUSTER_NAME": cluster} if cluster else dict(os.environ)
        stopping = threading.Event()
        child: subprocess.Popen | None = None

        def forward(signum, frame):
            stopping.set()
            if child is not None and child.poll() is None:
                child.send_signal(signal.SIGTERM)

        signal.signal(signal.SIGTERM, forward)
        signal.signal(signal.SIGINT, forward)
        pause = 1
        while True:
            started = time.monotonic()
            child = subprocess.Popen(  # noqa: S603  (our own manage.py, no shell)
                [sys.executable, str(MANAGE_PY), "qcluster"],
                env=env,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
            code = child.wait()
            if stopping.is_set():
                sys.exit(code)
            # A cluster that ran a while before it fell starts again at once; one that keeps
            # falling waits longer each time.
            pause = 1 if time.monotonic() - started > 5 * MAX_RESTART_PAUSE else min(pause * 2, MAX_RESTART_PAUSE)
            logger.error("the %s cluster stopped by itself (exit %s): starting it again in %s s",
                         cluster or "main", code, pause)  # fmt: skip
            if stopping.wait(pause):
                sys.exit(code)


def _die_with_parent() -> None:
    # If this supervising process is killed outright (SIGKILL), the cluster is told to stop
    # instead of running on, orphaned, beside the next one started.
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):
        pass  # not Linux: the cluster then outlives a SIGKILLed supervisor

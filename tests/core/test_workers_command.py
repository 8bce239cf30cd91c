"""`manage.py workers`: the worker cluster stops when its whole process group gets SIGTERM (as
honcho, systemd and Ctrl-C send it), instead of hanging until SIGKILL like a bare qcluster."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Generous: a cluster that hangs never stops at all; one that works stops in about a second.
STOP_BOUND_SECONDS = 15


def _start(tmp_path, *args, **more_env):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="project.settings", DEBUG="1", VAR_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'workers.sqlite3'}", **more_env)  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True, timeout=300)
    log = (tmp_path / "workers.log").open("wb")
    process = subprocess.Popen([sys.executable, "manage.py", *args], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
    return process, tmp_path / "workers.log"


def _wait_running(log: Path, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        text = log.read_bytes().decode(errors="replace")
        if "работает" in text or "running" in text:
            return
        assert process.poll() is None, text
        time.sleep(0.2)
    pytest.fail(f"the cluster did not start:\n{log.read_text()}")


def _pgrep(*args: str) -> list[str]:
    return subprocess.run(["pgrep", *args], capture_output=True, text=True).stdout.split()


@pytest.mark.parametrize("cluster", [[], ["--cluster", "portal-mail"]])
def test_sigterm_to_the_whole_group_stops_every_worker(tmp_path, cluster):
    process, log = _start(tmp_path, "workers", *cluster)
    _wait_running(log, process)
    [cluster_main] = _pgrep("-P", str(process.pid))  # the cluster, in a session of its own
    children = _pgrep("-s", cluster_main)  # it and its sentinel, workers, pusher and monitor
    assert len(children) > 2

    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=STOP_BOUND_SECONDS)
    deadline = time.monotonic() + STOP_BOUND_SECONDS
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not any(_alive(pid) for pid in children), log.read_text()
    assert "остановлен" in log.read_text() or "stopped" in log.read_text()


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    # A zombie of a process that already ended counts as gone.
    state = Path(f"/proc/{pid}/stat").read_text().split()[2] if Path(f"/proc/{pid}/stat").exists() else "X"
    return state not in {"Z", "X"}


def test_a_cluster_that_cannot_start_without_redis_starts_once_redis_is_back(tmp_path):
    """Its own Redis (tests/servers.py), down when the cluster starts: the supervisor keeps
    starting the cluster again, and it runs as soon as Redis answers."""
    from tests.servers import RedisServer

    with RedisServer(tmp_path / "redis") as redis:
        redis.stop()
        process, log = _start(tmp_path, "workers", REDIS_URL=redis.url)
        deadline = time.monotonic() + 60
        while "stopped by itself" not in log.read_text(errors="replace") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert "stopped by itself" in log.read_text(errors="replace")
        assert process.poll() is None, log.read_text()  # the supervisor waits, it does not give up
        redis.start()
        _wait_running(log, process)
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=STOP_BOUND_SECONDS)

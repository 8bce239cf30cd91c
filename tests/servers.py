"""Real servers a test starts and stops itself: a PostgreSQL cluster, a Redis and an S3-compatible
store (moto's server), each in its own folder on a free port — never the machine's shared ones,
which a fault test must not take down under other tests.

    with PostgresServer(tmp_path / "pg") as pg:     # pg.url, pg.stop(), pg.start(), pg.restart()
    with RedisServer(tmp_path / "redis") as redis:  # redis.url, redis.stop(), redis.start()
    with S3Server(tmp_path / "s3") as s3:           # s3.endpoint_url, s3.create_bucket(name)

Each server is a child process of the test; `stop()` ends it the way an operator's restart or a
crash would (`crash=True`: SIGKILL), `start()` brings it back on the same port with its data.
"""

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.utils import free_port

_AS_ROOT = os.geteuid() == 0


def _wait_port(port: int, *, timeout: float = 30.0, process: subprocess.Popen | None = None) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server exited with {process.returncode} before listening on {port}")
        with socket.socket() as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise TimeoutError(f"nothing listens on 127.0.0.1:{port} after {timeout} s")


class _Server:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    # How the server is asked to stop cleanly (PostgreSQL: SIGINT, its "fast" shutdown).
    stop_signal = signal.SIGTERM

    def _spawn(self, command: list[str], **kwargs) -> subprocess.Popen:
        log = (self.folder / "server.log").open("ab")
        return subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True, **kwargs)

    def stop(self, *, crash: bool = False) -> None:
        if self.process is not None and self.process.poll() is None:
            # To the whole group: a crash takes the server's children with it.
            os.killpg(self.process.pid, signal.SIGKILL if crash else self.stop_signal)
            self.process.wait(timeout=60)
            if crash:
                self._wait_port_free()
        self.process = None

    def _wait_port_free(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) != 0:
                    return
            time.sleep(0.05)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log(self) -> str:
        path = self.folder / "server.log"
        return path.read_text(errors="replace") if path.exists() else ""


class RedisServer(_Server):
    """redis-server without persistence, like the machine's: a restart loses what it held."""

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(self.folder)]  # fmt: skip
        self.process = self._spawn(command)
        _wait_port(self.port, process=self.process)


def _postgres_bin(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:
        raise RuntimeError(f"PostgreSQL's {name} is not installed (Debian: apt-get install postgresql)")
    return found


class PostgresServer(_Server):
    """A cluster of its own (initdb on first start), trust auth on loopback, database `portal`.

    As root (CI), PostgreSQL refuses to run: the cluster then belongs to the `postgres` user.
    `stop()` is `pg_ctl stop`'s default, the "fast" shutdown: sessions are ended, not awaited.
    """

    stop_signal = signal.SIGINT

    def __init__(self, folder: Path):
        super().__init__(folder)
        if _AS_ROOT:
            # pytest's folders are root's alone: the `postgres` user needs one it can enter.
            self.home = Path(tempfile.mkdtemp(prefix="portal-pg-"))
            shutil.chown(self.home, "postgres")
        else:
            self.home = self.folder
        self.data = self.home / "data"

    def __exit__(self, *exc) -> None:
        super().__exit__(*exc)
        if self.home != self.folder:
            shutil.rmtree(self.home, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/portal"

    def _owner(self) -> dict:
        return {"user": "postgres", "group": "postgres", "extra_groups": []} if _AS_ROOT else {}

    def start(self) -> None:
        fresh = not (self.data / "PG_VERSION").exists()
        if fresh:
            subprocess.run([_postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust",
                            "--no-sync", "-E", "UTF8"], check=True, capture_output=True, timeout=120,
                           cwd=self.home, **self._owner())  # fmt: skip
        command = [_postgres_bin("postgres"), "-D", str(self.data), "-p", str(self.port), "-h", "127.0.0.1",
                   "-k", str(self.home), "-c", "fsync=off", "-c", "max_connections=200"]  # fmt: skip
        self.process = self._spawn(command, cwd=self.home, **self._owner())
        _wait_port(self.port, process=self.process)
        self._wait_ready()
        if fresh:
            self.psql("CREATE DATABASE portal")

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            ready = subprocess.run([_postgres_bin("pg_isready"), "-h", "127.0.0.1", "-p", str(self.port)],
                                   capture_output=True)  # fmt: skip
            if ready.returncode == 0:
                return
            time.sleep(0.1)
        raise TimeoutError(f"PostgreSQL on {self.port} did not get ready:\n{self.log()}")

    def psql(self, sql: str, database: str = "postgres") -> str:
        result = subprocess.run(
            ["psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-Atc", sql],
            check=True, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
        return result.stdout.strip()


class S3Server(_Server):
    """moto's S3-compatible server (from PyPI, no network), with any access key accepted."""

    ACCESS_KEY = "portal-test"
    SECRET_KEY = "portal-test-secret"  # moto accepts any

    @property
    def endpoint_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        moto = Path(sys.executable).with_name("moto_server")
        self.process = self._spawn([str(moto), "-H", "127.0.0.1", "-p", str(self.port)])
        _wait_port(self.port, process=self.process)

    def client(self):
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint_url, region_name="us-east-1",
                            aws_access_key_id=self.ACCESS_KEY, aws_secret_access_key=self.SECRET_KEY)  # fmt: skip

    def create_bucket(self, name: str) -> str:
        self.client().create_bucket(Bucket=name)
        return name

    def environ(self, bucket: str) -> dict[str, str]:
        """The portal's settings for this store (project/config/storage.py)."""
        return {
            "PRIVATE_STORAGE_BUCKET": bucket,
            "PRIVATE_STORAGE_ENDPOINT_URL": self.endpoint_url,
            "PRIVATE_STORAGE_REGION": "us-east-1",
            "AWS_ACCESS_KEY_ID": self.ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": self.SECRET_KEY,
        }

"""A 1C out of licences, and the portal's client keeping within ONEC_MAX_SESSIONS (the cap across
processes is proven in test_sessions_load.py)."""

import subprocess
import sys
import threading
import time
from datetime import date, timedelta

import pytest
from django.db import connection

from apps.onec.client import OneCError, OneCErrorKind
from apps.onec.sessions import session_slots
from tests.onec.helpers import soap_client

pytestmark = pytest.mark.integration


def _period() -> tuple[date, date]:
    return date.today() - timedelta(days=548), date.today()


def _wait_in_flight(emulator, count: int) -> None:
    deadline = time.monotonic() + 5
    while emulator.stats.in_flight < count:
        assert time.monotonic() < deadline, "the first call never reached the emulator"
        time.sleep(0.01)


def test_a_1c_out_of_licences_is_unavailable_never_an_empty_list(onec_emulator):
    onec = soap_client(onec_emulator.wsdl_url)
    onec.ping()  # the WSDL is read before 1C gets busy
    onec_emulator.set_max_sessions(1)
    onec_emulator.set_latency(500)
    holder = threading.Thread(target=onec.ping)
    holder.start()
    _wait_in_flight(onec_emulator, 1)
    with pytest.raises(OneCError) as caught:
        onec.list_documents("5036012344", "Invoice", *_period())
    holder.join()
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE
    assert "no free licence" in caught.value.message and "ONEC_MAX_SESSIONS" in caught.value.message
    assert onec_emulator.stats.refused == 1


@pytest.mark.django_db(transaction=True)  # the slots are rows, claimed from each caller's thread
def test_the_portals_clients_share_the_sessions_they_may_hold(onec_emulator, settings):
    settings.ONEC_MAX_SESSIONS = 2
    onec_emulator.set_max_sessions(2)
    # Three clients stand for three processes, each with connections of its own to spare.
    clients = [soap_client(onec_emulator.wsdl_url, max_connections=4, sessions=session_slots()) for _ in range(3)]
    for onec in clients:
        onec.ping()
    onec_emulator.set_latency(100)
    outcomes = []

    def calls(onec) -> None:
        for _ in range(3):
            try:
                outcomes.append(onec.get_client("5036012344").inn)
            except OneCError as error:
                outcomes.append(str(error.kind))
        connection.close()  # this thread's

    threads = [threading.Thread(target=calls, args=(onec,)) for onec in clients for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes == ["5036012344"] * 18
    assert onec_emulator.stats.max_in_flight == 2 and onec_emulator.stats.refused == 0


def test_the_command_takes_its_licences_from_the_environment():
    command = [sys.executable, "manage.py", "onec_emulator", "--port", "0"]
    env = {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "project.settings", "PATH": "/usr/bin:/bin",
           "ONEC_EMULATOR_MAX_SESSIONS": "3"}  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        process.stdout.readline()
        state_line = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "at most 3 sessions" in state_line

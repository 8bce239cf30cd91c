"""The emulator's data and process: what demos and other apps' tests rely upon."""

import subprocess
import sys
from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from apps.onec.emulator.data import Ledger, load_clients
from apps.onec.emulator.server import DEFAULT_FIXTURE

DAY = date(2026, 11, 28)


def test_demo_clients_come_from_the_fixture_except_the_new_one():
    clients = load_clients(DEFAULT_FIXTURE)
    assert {"5036012344", "7728012340", "0105012349", "6612003457"} <= set(clients)
    assert "5036000010" not in clients


def test_documents_are_the_same_on_every_start():
    first, second = Ledger(load_clients(DEFAULT_FIXTURE), DAY), Ledger(load_clients(DEFAULT_FIXTURE), DAY)
    assert first.documents == second.documents


def test_bulk_documents_have_the_size_asked_and_stay_valid_pdfs():
    ledger = Ledger(load_clients(DEFAULT_FIXTURE), DAY)
    documents = ledger.add_bulk("5036012344", count=3, size_kb=200)
    assert len(ledger.find("5036012344", "Closing", DAY, DAY)) >= 1
    data = ledger.file(documents[0])
    assert 200 * 1024 < len(data) < 230 * 1024
    assert documents[0].number in PdfReader(BytesIO(data)).pages[0].extract_text()


@pytest.mark.integration
def test_the_command_prints_the_wsdl_url_at_start():
    command = [sys.executable, "manage.py", "onec_emulator", "--port", "0", "--latency-ms", "5"]
    env = {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "project.settings", "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "/portal/ws/ClientPortal.1cws?wsdl" in line

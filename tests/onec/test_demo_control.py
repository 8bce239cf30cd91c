"""The demo's hand on the emulator: 1C publishes a new document now (apps/onec/emulator/control.py,
`manage.py demo_new_document`), over the emulator's loopback-only control address."""

import base64
import json
import re
from datetime import datetime
from urllib.error import HTTPError
from urllib.request import Request, urlopen

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from apps.onec.backend import get_onec_client, reset_onec_clients
from apps.onec.emulator import control, trade
from apps.onec.emulator.data import MOSCOW
from apps.onec.emulator.server import start_emulator
from apps.onec.management.commands.demo_new_document import control_url

INN = "5036012344"


@pytest.fixture
def emulator(settings, db):  # db: the 1C session slots live in the database without Redis
    """An emulator of this test's own: publishing changes its data, which no other test may see."""
    handle = start_emulator(username="portal", password="portal")
    settings.ONEC_BACKEND = "soap"
    settings.ONEC_WSDL_URL, settings.ONEC_ENDPOINT_URL = handle.wsdl_url, ""
    settings.ONEC_USERNAME = settings.ONEC_PASSWORD = "portal"
    reset_onec_clients()
    yield handle
    reset_onec_clients()
    handle.stop()


def _post(url: str, body: dict, password: str = "portal") -> tuple[int, dict]:  # noqa: S107  (the test emulator's)
    credentials = base64.b64encode(f"portal:{password}".encode()).decode()
    request = Request(url, data=json.dumps(body).encode(), headers={"Authorization": f"Basic {credentials}"})  # noqa: S310
    try:
        with urlopen(request, timeout=5) as response:  # noqa: S310  (the test emulator, http)
            return response.status, json.loads(response.read())
    except HTTPError as error:
        return error.code, json.loads(error.read() or b"{}") if error.code != 401 else {}


def test_the_control_address_sits_beside_the_service():
    assert (
        control_url("http://127.0.0.1:8081/portal/ws/ClientPortal.1cws?wsdl")
        == "http://127.0.0.1:8081/portal/control/publish"
    )


def test_a_published_document_is_listed_and_reported_as_changed_after_any_cursor(emulator):
    # A poll may have read up to the latest change of today's generated documents, later today.
    cursor = trade.last_change(emulator.ledger)
    status, shown = _post(control_url(emulator.wsdl_url), {"inn": INN, "kind": "Closing"})
    assert status == 200
    assert (shown["kind"], shown["type"]) == ("Closing", "УПД") and shown["number"].startswith("Д-")
    onec = get_onec_client()
    changes = onec.list_changed_documents(cursor, 100).changes
    assert [change.document.id for change in changes] == [shown["id"]]
    today = datetime.now(MOSCOW).date()
    assert shown["id"] in {doc.id for doc in onec.list_documents(INN, "Closing", today, today)}


def test_a_certificate_can_be_published_too(emulator):
    document = emulator.publish_document(INN, "Certificate")
    assert (document.type, document.amount) == ("Сертификат качества", 0)


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        ({"inn": "0000000000"}, 404, "CLIENT_NOT_FOUND 0000000000"),
        ({"inn": INN, "kind": "Order"}, 400, "kind must be one of"),
    ],
)
def test_an_unknown_client_or_kind_is_refused(emulator, body, status, error):
    got, shown = _post(control_url(emulator.wsdl_url), body)
    assert got == status and shown["error"].startswith(error)


def test_the_control_address_wants_the_emulators_credentials(emulator):
    before = len(emulator.ledger.documents)
    status, _shown = _post(control_url(emulator.wsdl_url), {"inn": INN}, password="wrong")
    assert status == 401
    assert len(emulator.ledger.documents) == before


def test_the_control_address_answers_while_the_knobs_play_a_dead_1c(emulator):
    emulator.set_down()
    status, _shown = _post(control_url(emulator.wsdl_url), {"inn": INN})
    assert status == 200


def test_only_a_caller_on_the_emulators_own_host_is_answered():
    assert control.is_loopback("127.0.0.1") and control.is_loopback("::1")
    assert not control.is_loopback("10.0.0.5") and not control.is_loopback("")


def test_the_command_asks_the_running_emulator(emulator, capsys):
    before = len(emulator.ledger.documents)
    call_command("demo_new_document", "--inn", INN)
    assert len(emulator.ledger.documents) == before + 1
    out = capsys.readouterr().out
    assert f"The demo 1C published УПД № Д-{before + 1} of " in out and "manage.py notices_poll" in out


def test_the_command_says_so_when_the_demo_1c_is_not_running(settings):
    settings.ONEC_WSDL_URL = "http://127.0.0.1:9/portal/ws/ClientPortal.1cws?wsdl"  # nothing listens there
    with pytest.raises(CommandError, match=re.escape("does not answer at http://127.0.0.1:9/portal/control/publish")):
        call_command("demo_new_document", "--inn", INN)


def test_the_command_names_an_unknown_client(emulator):
    with pytest.raises(CommandError, match="CLIENT_NOT_FOUND 0000000000"):
        call_command("demo_new_document", "--inn", "0000000000")

"""How the SOAP client holds 1C: one WSDL, one session, a bounded number of calls, logs."""

import logging
from concurrent.futures import ThreadPoolExecutor

import pytest

from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError
from tests.onec.helpers import soap_client

pytestmark = pytest.mark.integration


def test_wsdl_is_read_once_and_one_connection_is_kept(onec_emulator):
    onec = soap_client(onec_emulator.wsdl_url)
    for _ in range(5):
        onec.ping()
        onec.get_client("5036012344")
    assert onec_emulator.stats.wsdl_requests == 1
    assert onec_emulator.stats.connections == 1


def test_calls_in_flight_never_exceed_the_limit(onec_emulator):
    onec = soap_client(onec_emulator.wsdl_url, max_connections=2)
    onec.ping()  # the WSDL is loaded before the crowd arrives
    onec_emulator.set_latency(100)
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda _: onec.ping(), range(6)))
    assert onec_emulator.stats.max_in_flight == 2
    assert onec_emulator.stats.connections <= 2


def test_endpoint_setting_overrides_the_wsdls_internal_address(onec_emulator):
    onec_emulator.knobs.advertised_endpoint = "http://srv-1c.corp.local/portal/ws/ClientPortal.1cws"
    onec = soap_client(onec_emulator.wsdl_url, endpoint_url=onec_emulator.endpoint_url)
    assert onec.ping()


@pytest.mark.django_db  # the portal's client takes a 1C session slot, counted in the database without Redis
def test_factory_builds_one_soap_client_per_process(onec_emulator):
    assert get_onec_client() is get_onec_client()
    assert get_onec_client().ping()


def test_calls_are_logged_without_file_data_or_password(onec_emulator, caplog):
    onec_emulator.knobs.password = "s3cret-Пароль"
    onec = soap_client(onec_emulator.wsdl_url, password="s3cret-Пароль")
    document = onec.list_documents("5036012344", "Invoice", *_recent())[0]
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="apps.onec"):
        onec.get_document_file("5036012344", document.id)
        with pytest.raises(OneCError):
            onec.get_client("5036000010")
    ok, failed = (r.getMessage() for r in caplog.records if r.name == "apps.onec")
    assert "GetDocumentFile inn=5036012344" in ok and "outcome=ok" in ok and "duration_ms=" in ok
    assert "GetClient inn=5036000010" in failed and "outcome=client_not_found" in failed
    assert "JVBERi" not in caplog.text and "s3cret" not in caplog.text  # base64 of "%PDF"


def _recent():
    from datetime import date, timedelta

    return date.today() - timedelta(days=548), date.today()

"""A 1C base that publishes only contract v1.0: the v1.1 calls are NOT_SUPPORTED without being
sent, and everything v1.0 keeps working, archive requests included."""

import io
import zipfile
from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from apps.documents import services
from apps.onec import soap
from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError, OneCErrorKind
from tests.onec.helpers import soap_client

pytestmark = pytest.mark.integration
PROFKERAMIKA = "5036012344"
TODAY = date.today()
LAST_YEAR = (TODAY - timedelta(days=365), TODAY)
V11_CALLS = {
    "GetSettlements": lambda onec: onec.get_settlements(PROFKERAMIKA, TODAY),
    "ListShipments": lambda onec: onec.list_shipments(PROFKERAMIKA, *LAST_YEAR),
    "ListChangedDocuments": lambda onec: onec.list_changed_documents(datetime.now(UTC) - timedelta(days=7), 10),
    "ListDocuments(Certificate)": lambda onec: onec.list_documents(PROFKERAMIKA, "Certificate", *LAST_YEAR),
}


@pytest.fixture
def v10_base(onec_emulator):
    onec_emulator.set_version("1.0")  # reset to the latest after the test by the fixture
    return onec_emulator


@pytest.fixture
def onec(v10_base):
    return soap_client(v10_base.wsdl_url)


@pytest.mark.parametrize("call", V11_CALLS)
def test_each_v1_1_call_is_not_supported_and_never_sent(onec, v10_base, call):
    onec.ping()  # the WSDL is read
    sent = v10_base.stats.operations
    with pytest.raises(OneCError) as caught:
        V11_CALLS[call](onec)
    assert caught.value.kind == OneCErrorKind.NOT_SUPPORTED
    assert call in caught.value.message
    assert v10_base.stats.operations == sent


def test_not_supported_is_known_from_the_wsdl_alone(onec, v10_base):
    with pytest.raises(OneCError) as caught:
        onec.get_settlements(PROFKERAMIKA, TODAY)
    assert caught.value.kind == OneCErrorKind.NOT_SUPPORTED
    assert (v10_base.stats.wsdl_requests, v10_base.stats.operations) == (1, 0)


def test_v1_0_operations_keep_working(onec):
    assert "ClientPortal 1.0" in onec.ping()
    assert onec.get_client(PROFKERAMIKA).name == "ООО «Профкерамика»"
    invoices = onec.list_documents(PROFKERAMIKA, "Invoice", *LAST_YEAR)
    assert invoices and onec.list_documents(PROFKERAMIKA, "Closing", *LAST_YEAR)
    assert onec.get_document_file(PROFKERAMIKA, invoices[0].id).data.startswith(b"%PDF")
    assert onec.get_reconciliation_act(PROFKERAMIKA, *LAST_YEAR).file.data.startswith(b"%PDF")
    assert onec.published_version() == "1.0"


def test_a_v1_0_base_has_no_certificates_to_give(onec, v10_base):
    certificate = v10_base.ledger.find(PROFKERAMIKA, "Certificate", *LAST_YEAR)[0]
    with pytest.raises(OneCError) as caught:
        onec.get_document_file(PROFKERAMIKA, certificate.id)
    assert caught.value.kind == OneCErrorKind.DOCUMENT_NOT_FOUND


def test_an_upgraded_base_is_noticed_after_the_recheck_interval(onec, v10_base, monkeypatch):
    with pytest.raises(OneCError):
        onec.get_settlements(PROFKERAMIKA, TODAY)
    v10_base.set_version("1.1")
    with pytest.raises(OneCError):  # within the interval the WSDL read before still holds
        onec.get_settlements(PROFKERAMIKA, TODAY)
    monkeypatch.setattr(soap, "WSDL_RECHECK_SECONDS", 0.0)
    with pytest.raises(OneCError):  # this one finds the copy stale and drops it
        onec.get_settlements(PROFKERAMIKA, TODAY)
    assert onec.get_settlements(PROFKERAMIKA, TODAY).on_date == TODAY
    assert (onec.published_version(), v10_base.stats.wsdl_requests) == ("1.1", 2)


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_a_later_base_says_which_it_is(onec_emulator, version):
    onec_emulator.set_version(version)
    onec = soap_client(onec_emulator.wsdl_url)
    assert onec.published_version() == ""  # nothing read yet
    assert f"ClientPortal {version}" in onec.ping()
    assert onec.published_version() == version


@pytest.mark.django_db(transaction=True)
def test_an_archive_request_to_a_v1_0_base_ends_sent(client_org, v10_base, smtp_server):
    assert get_onec_client().published_version() == ""
    start, end = timezone.localdate() - timedelta(days=120), timezone.localdate()
    listed = v10_base.ledger.find(client_org.inn, "Closing", start, end)
    request, _ = services.document_request_create(
        client=client_org, kind="Closing", date_from=start, date_to=end, email="buh@profkeramika.example"
    )
    request.refresh_from_db()
    assert request.status == "sent", request.last_error
    assert get_onec_client().published_version() == "1.0"
    [(_, message)] = smtp_server.messages
    [attachment] = list(message.iter_attachments())
    archive = zipfile.ZipFile(io.BytesIO(attachment.get_content()))
    assert [archive.read(name) for name in archive.namelist()] == [v10_base.ledger.file(d) for d in listed]

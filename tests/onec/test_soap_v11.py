"""Contract v1.1 through the real zeep client against the emulator over HTTP."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from apps.onec.client import OneCError, OneCErrorKind, ShipmentStatus
from apps.onec.emulator.data import ShipmentRecord
from tests.onec.helpers import soap_client

pytestmark = pytest.mark.integration
PROFKERAMIKA, METALLURG, OGNEUPOR_YUG, URALTEPLO, NEW_CLIENT = (
    "5036012344", "7728012340", "0105012349", "6612003457", "5036000010"
)  # fmt: skip
DEMO_CLIENTS = [PROFKERAMIKA, METALLURG, OGNEUPOR_YUG, URALTEPLO]
TODAY = date.today()
LAST_18_MONTHS = (TODAY - timedelta(days=548), TODAY)
AROUND_TODAY = (TODAY - timedelta(days=90), TODAY + timedelta(days=30))


@pytest.fixture
def onec(onec_emulator):
    # The emulator renders each printed form on its first listing (the Size it reports): a first
    # list over 18 months on a loaded test machine may take seconds. Timeouts have their own tests.
    return soap_client(onec_emulator.wsdl_url, timeout=15.0)


def _kind_of(onec_emulator, document_id: str) -> str:
    return onec_emulator.ledger.documents[document_id].kind


# --- GetSettlements -------------------------------------------------------------------------


def test_settlements_show_balance_overdue_limit_and_open_invoices(onec):
    found = onec.get_settlements(PROFKERAMIKA, TODAY)
    assert found.on_date == TODAY
    assert isinstance(found.balance, Decimal) and isinstance(found.overdue, Decimal)
    assert found.credit_limit == Decimal("3000000.00")
    assert found.open_invoices, "the demo client on credit always owes for its latest shipment"
    assert isinstance(found.open_invoices, tuple)
    for invoice in found.open_invoices:
        assert invoice.due_date == invoice.date + timedelta(days=14)
        assert Decimal(0) <= invoice.paid < invoice.amount
    past_due = [i for i in found.open_invoices if i.due_date < TODAY]
    assert found.overdue == sum((i.outstanding for i in past_due), Decimal("0.00"))


def test_the_balance_is_the_closing_balance_of_1cs_own_act(onec):
    for inn in DEMO_CLIENTS:
        act = onec.get_reconciliation_act(inn, LAST_18_MONTHS[0] - timedelta(days=30), TODAY)
        assert onec.get_settlements(inn, TODAY).balance == act.closing_balance, inn


def test_a_prepaying_client_has_a_negative_balance_and_no_credit_limit(onec):
    found = onec.get_settlements(OGNEUPOR_YUG, TODAY)
    assert found.balance < 0
    assert found.credit_limit is None
    assert found.overdue == 0


def test_payment_terms_differ_between_clients(onec):
    found = onec.get_settlements(METALLURG, TODAY)
    assert found.credit_limit == Decimal("10000000.00")
    assert all(i.due_date == i.date + timedelta(days=30) for i in found.open_invoices)


def test_some_open_invoices_are_paid_in_part(onec):
    open_invoices = [i for inn in DEMO_CLIENTS for i in onec.get_settlements(inn, TODAY).open_invoices]
    assert any(0 < i.paid < i.amount for i in open_invoices)


def test_an_open_invoices_id_is_that_invoices_document_with_a_pdf(onec):
    invoice = onec.get_settlements(PROFKERAMIKA, TODAY).open_invoices[0]
    [listed] = [
        d for d in onec.list_documents(PROFKERAMIKA, "Invoice", invoice.date, invoice.date) if d.id == invoice.id
    ]
    assert (listed.number, listed.amount) == (invoice.number, invoice.amount)
    assert onec.get_document_file(PROFKERAMIKA, invoice.id).data.startswith(b"%PDF")


def test_settlements_on_an_earlier_day_count_only_what_happened_by_then(onec):
    earlier = TODAY - timedelta(days=200)
    found = onec.get_settlements(PROFKERAMIKA, earlier)
    assert found.on_date == earlier
    assert all(i.date <= earlier for i in found.open_invoices)


def test_settlements_of_an_unknown_client_is_client_not_found(onec):
    with pytest.raises(OneCError) as caught:
        onec.get_settlements(NEW_CLIENT, TODAY)
    assert caught.value.kind == OneCErrorKind.CLIENT_NOT_FOUND


# --- ListShipments --------------------------------------------------------------------------


def test_shipments_have_statuses_by_date_vehicles_and_their_documents(onec, onec_emulator):
    shipments = onec.list_shipments(PROFKERAMIKA, *AROUND_TODAY)
    assert shipments and shipments == sorted(shipments, key=lambda s: (s.date, s.number))
    assert all(AROUND_TODAY[0] <= s.date <= AROUND_TODAY[1] for s in shipments)
    for shipment in shipments:
        age = (TODAY - shipment.date).days
        expected = "Planned" if age < 0 else "Shipped" if age <= 7 else "Delivered"
        assert shipment.status == expected and shipment.status in set(ShipmentStatus)
        assert isinstance(shipment.document_ids, tuple)
        if shipment.status != ShipmentStatus.PLANNED:
            kinds = sorted({_kind_of(onec_emulator, i) for i in shipment.document_ids})
            assert kinds == ["Certificate", "Closing"]
            assert shipment.vehicle.startswith(("а/м ", "вагон № "))


def test_every_document_of_a_shipment_downloads_as_a_pdf(onec):
    shipment = next(s for s in onec.list_shipments(PROFKERAMIKA, *LAST_18_MONTHS) if s.status == "Delivered")
    for document_id in shipment.document_ids:
        assert onec.get_document_file(PROFKERAMIKA, document_id).data.startswith(b"%PDF")


def test_a_shipment_without_vehicle_or_documents_arrives_with_empty_ones(onec, onec_emulator):
    bare = ShipmentRecord("bare-shipment", "ОТ-9999/26", TODAY + timedelta(days=3), "Planned", "", Decimal("10.00"), ())
    onec_emulator.ledger.shipments[METALLURG].append(bare)
    try:
        [found] = [s for s in onec.list_shipments(METALLURG, bare.date, bare.date) if s.id == bare.id]
    finally:
        onec_emulator.ledger.shipments[METALLURG].remove(bare)
    assert (found.vehicle, found.document_ids, found.amount) == ("", (), Decimal("10.00"))


def test_shipments_include_both_ends_of_the_period(onec):
    some = onec.list_shipments(METALLURG, *LAST_18_MONTHS)[2]
    assert [s.id for s in onec.list_shipments(METALLURG, some.date, some.date)] == [some.id]


def test_shipments_of_an_empty_period_are_an_empty_list(onec):
    assert onec.list_shipments(PROFKERAMIKA, date(2001, 1, 1), date(2001, 12, 31)) == []


def test_shipments_of_a_reversed_period_are_invalid_period(onec):
    with pytest.raises(OneCError) as caught:
        onec.list_shipments(PROFKERAMIKA, TODAY, TODAY - timedelta(days=1))
    assert caught.value.kind == OneCErrorKind.INVALID_PERIOD


def test_shipments_of_an_unknown_client_are_client_not_found(onec):
    with pytest.raises(OneCError) as caught:
        onec.list_shipments(NEW_CLIENT, *AROUND_TODAY)
    assert caught.value.kind == OneCErrorKind.CLIENT_NOT_FOUND


# --- Certificates ---------------------------------------------------------------------------


def test_certificates_are_listed_like_other_documents(onec):
    certificates = onec.list_documents(PROFKERAMIKA, "Certificate", *LAST_18_MONTHS)
    assert len(certificates) >= 18
    assert {c.type for c in certificates} == {"Сертификат качества", "Паспорт качества"}
    assert all("/" in c.number and c.number[:3] in ("СК-", "ПК-") for c in certificates)
    assert all(c.file_name == f"{c.type} {c.number} от {c.date:%d.%m.%Y}.pdf" for c in certificates)


def test_a_certificates_pdf_downloads_and_names_it(onec):
    certificate = onec.list_documents(PROFKERAMIKA, "Certificate", *LAST_18_MONTHS)[-1]
    file = onec.get_document_file(PROFKERAMIKA, certificate.id)
    assert (file.file_name, file.mime_type, len(file.data)) == (
        certificate.file_name,
        "application/pdf",
        certificate.size,
    )
    text = PdfReader(BytesIO(file.data)).pages[0].extract_text()
    assert certificate.number in text and certificate.type in text and "ООО «Профкерамика»" in text


@pytest.mark.parametrize("kind", ["Certificate", "Closing"])
def test_another_clients_certificate_or_shipment_document_is_document_not_found(onec, kind):
    of_kind = {d.id for d in onec.list_documents(METALLURG, kind, *AROUND_TODAY)}
    foreign = next(i for s in onec.list_shipments(METALLURG, *AROUND_TODAY) for i in s.document_ids if i in of_kind)
    with pytest.raises(OneCError) as caught:
        onec.get_document_file(PROFKERAMIKA, foreign)
    assert caught.value.kind == OneCErrorKind.DOCUMENT_NOT_FOUND


# --- ListChangedDocuments -------------------------------------------------------------------


def test_changed_documents_come_oldest_first_after_since_at_most_limit(onec):
    since = datetime.now(UTC) - timedelta(days=20)
    page = onec.list_changed_documents(since, 10)
    assert len(page.changes) == 10
    moments = [c.changed for c in page.changes]
    assert all(m.tzinfo is not None for m in moments)
    assert moments == sorted(moments) and moments[0] > since
    assert page.until == moments[-1]


def test_changes_cover_every_client_and_kind(onec):
    page = onec.list_changed_documents(datetime.now(UTC) - timedelta(days=45), 60)
    assert {c.inn for c in page.changes} == set(DEMO_CLIENTS)
    assert {c.kind for c in page.changes} == {"Invoice", "Closing", "Certificate"}
    change = next(c for c in page.changes if c.inn == PROFKERAMIKA)
    listed = onec.list_documents(PROFKERAMIKA, change.kind, change.document.date, change.document.date)
    assert change.document in listed


def test_paging_by_until_neither_skips_nor_repeats(onec):
    since = datetime.now(UTC) - timedelta(days=30)
    whole = onec.list_changed_documents(since, 30).changes
    pages, cursor = [], since
    for _ in range(3):
        page = onec.list_changed_documents(cursor, 10)
        pages += page.changes
        cursor = page.until
    assert [c.document.id for c in pages] == [c.document.id for c in whole]


def test_a_recent_reprint_is_reported_after_the_documents_date(onec):
    page = onec.list_changed_documents(datetime.now(UTC) - timedelta(days=5), 200)
    assert any((c.changed.date() - c.document.date).days > 3 for c in page.changes)


def test_nothing_changed_since_returns_since_as_until(onec):
    since = datetime.now(UTC) + timedelta(days=3)
    page = onec.list_changed_documents(since, 10)
    assert page.changes == ()
    assert page.until == since.replace(microsecond=0)

from datetime import date

import pytest

PERIOD = {"date_from": "2026-09-01", "date_to": "2026-11-28"}


@pytest.fixture
def onec(fake_onec, client_org):
    fake_onec.add_client(client_org.inn, client_org.name)
    return fake_onec


@pytest.fixture
def shipment(onec, client_org):
    """A delivered wagon with its УПД and two certificates."""
    upd = onec.add_document(client_org.inn, "Closing", date(2026, 11, 5), number="123", type="УПД")
    cert1 = onec.add_document(client_org.inn, "Certificate", date(2026, 11, 5), number="СК-77/1")
    cert2 = onec.add_document(client_org.inn, "Certificate", date(2026, 11, 5), number="СК-77/2")
    return onec.add_shipment(
        client_org.inn,
        date(2026, 11, 5),
        number="123",
        status="Delivered",
        vehicle="Вагон 52345678",
        amount="480000.00",
        document_ids=[upd.id, cert1.id, cert2.id],
    )

from datetime import date, timedelta

import pytest
from django.test import Client as Browser
from django.utils import timezone

from apps.onec.client import OrderStatus
from apps.onec.fake_orders import order_line
from tests.clients.people_helpers import log_in, make_person

HTMX = {"HTTP_HX_REQUEST": "true"}


def days(n: int) -> date:
    """A day relative to today: the tests hold on any date."""
    return timezone.localdate() + timedelta(days=n)


def onec_calls(onec, operation: str) -> int:
    return sum(1 for call in onec.calls if call[0] == operation)


@pytest.fixture
def onec(fake_onec, client_org):
    fake_onec.add_client(client_org.inn, client_org.name)
    return fake_onec


@pytest.fixture
def order(onec, client_org):
    """A wagon of bricks partly gone: two of five lines still to ship, a shipment and an invoice."""
    upd = onec.add_document(client_org.inn, "Closing", days(-5), number="УПД-12", type="УПД")
    shipment = onec.add_shipment(
        client_org.inn, days(-5), number="ОТГ-12/1", status="Delivered", document_ids=[upd.id], shipment_id="S-12"
    )
    invoice = onec.add_document(client_org.inn, "Invoice", days(-20), number="СЧ-12", amount="300000.00")
    return onec.add_order(
        client_org.inn,
        days(-20),
        number="ЗК-12/2026",
        status=OrderStatus.PARTLY_SHIPPED,
        planned_date=days(8),
        paid="150000.00",
        contract="Договор поставки № 45-П от 10.01.2026",
        lines=[
            order_line(1, "Кирпич ШЛ-1,3 № 5", "10.000", shipped="10.000", price="12000.00", unit="т"),
            order_line(2, "Кирпич ШЛ-1,3 № 8", "2.500", shipped="1.000", price="12000.00", unit="т"),
            order_line(3, "Мертель МШ-39", "1200", shipped="1200", price="25.00", unit="кг"),
            order_line(4, "Бетон огнеупорный", "3", price="30000.00", unit="м³"),
            order_line(5, "Плита МКРП-340", "40", shipped="40", price="500.00", unit="шт"),
        ],
        shipment_ids=[shipment.id],
        invoice_ids=[invoice.id],
        order_id="ЗК/12/2026",  # 1C's ids may hold slashes
    )


@pytest.fixture
def person(client_org):
    """A colleague of the owner's organisation with the given role, logged in."""

    def as_role(role: str) -> Browser:
        http = Browser()
        email = f"{role}@profkeramika.example"
        make_person(client_org, email=email, role=role)
        log_in(http, email)
        return http

    return as_role

from datetime import date
from decimal import Decimal

import pytest

from apps.onec.client import OpenInvoice

TODAY = date(2026, 11, 28)


def invoice(number: str, due: date, amount: str = "100000.00", paid: str = "0.00", day: date | None = None):
    return OpenInvoice(
        id=f"inv-{number}",
        number=number,
        date=day or date(2026, 10, 1),
        due_date=due,
        amount=Decimal(amount),
        paid=Decimal(paid),
    )


@pytest.fixture
def onec(fake_onec, client_org):
    fake_onec.add_client(client_org.inn, client_org.name)
    return fake_onec

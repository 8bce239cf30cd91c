"""A payee with made-up details that pass every check (the demo's, Makefile), and open invoices."""

from datetime import date
from decimal import Decimal

import pytest

from apps.onec.client import OpenInvoice
from apps.payments.payee import Payee

PAYEE_ENV = {
    "PAYEE_NAME": 'АО "Подольскогнеупор"',
    "PAYEE_INN": "5036000003",
    "PAYEE_KPP": "503601001",
    "PAYEE_BANK_NAME": "ПАО Сбербанк",
    "PAYEE_BIC": "044525225",
    "PAYEE_ACCOUNT": "40702810200000000001",
    "PAYEE_CORR_ACCOUNT": "30101810400000000225",
}
# The payer's side: an account at another bank (АО «Альфа-Банк», its public BIC and corr. account).
PAYER_BIC = "044525593"
PAYER_CORR = "30101810200000000593"


def invoice(
    number: str = "48028", amount: str = "120000.00", paid: str = "0.00", vat: str | None = "20000.00", **fields
) -> OpenInvoice:
    return OpenInvoice(
        id=fields.pop("id", f"inv-{number}"),
        number=number,
        date=fields.pop("day", date(2026, 6, 11)),
        due_date=fields.pop("due", date(2026, 7, 11)),
        amount=Decimal(amount),
        paid=Decimal(paid),
        vat=None if vat is None else Decimal(vat),
    )


def key_digit(three: str, account: str) -> str:
    """The control key an account must carry, by the Bank of Russia's formula for computing it
    (a route of its own, not the check apps/payments/bank.py makes): with the key taken as 0, the
    last digit of the weighted sum, times 3, last digit."""
    digits = three + account[:8] + "0" + account[9:]
    total = sum(int(d) * (7, 1, 3)[i % 3] % 10 for i, d in enumerate(digits))
    return str(total % 10 * 3 % 10)


def with_key(three: str, account: str) -> str:
    return account[:8] + key_digit(three, account) + account[9:]


@pytest.fixture
def payee() -> Payee:
    return Payee(
        name=PAYEE_ENV["PAYEE_NAME"],
        inn=PAYEE_ENV["PAYEE_INN"],
        kpp=PAYEE_ENV["PAYEE_KPP"],
        bank_name=PAYEE_ENV["PAYEE_BANK_NAME"],
        bic=PAYEE_ENV["PAYEE_BIC"],
        account=PAYEE_ENV["PAYEE_ACCOUNT"],
        corr_account=PAYEE_ENV["PAYEE_CORR_ACCOUNT"],
    )


@pytest.fixture
def payee_settings(settings):
    for name, value in PAYEE_ENV.items():
        setattr(settings, name, value)
    return settings

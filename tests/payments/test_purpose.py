"""The purpose of a payment: the invoice, its date and the VAT of what is still due."""

from decimal import Decimal

from apps.payments.purpose import PURPOSE_MAX, payment_purpose, purpose_amount, vat_due
from tests.payments.conftest import invoice


def test_an_unpaid_invoice_carries_all_its_vat():
    assert vat_due(invoice(amount="120000.00", vat="20000.00")) == Decimal("20000.00")


def test_a_part_paid_invoice_carries_the_vat_of_the_part_still_due():
    assert vat_due(invoice(amount="120000.00", paid="60000.00", vat="20000.00")) == Decimal("10000.00")


def test_the_vat_due_is_rounded_half_up_to_kopecks():
    # 16.65 × 50 / 100 = 8.325: half up gives 8.33 where banker's rounding would give 8.32.
    assert vat_due(invoice(amount="100.00", paid="50.00", vat="16.65")) == Decimal("8.33")
    assert vat_due(invoice(amount="300.00", paid="200.00", vat="50.00")) == Decimal("16.67")


def test_an_invoice_without_vat_has_none_due():
    assert vat_due(invoice(vat=None)) is None


def test_the_purpose_names_the_invoice_its_date_and_the_vat():
    assert payment_purpose(invoice("48028", vat="20000.00")) == (
        "Оплата по счёту № 48028 от 11.06.2026, в т.ч. НДС 20000-00 руб."
    )


def test_the_purpose_of_an_invoice_without_vat_says_so():
    assert payment_purpose(invoice("48028", vat=None)) == "Оплата по счёту № 48028 от 11.06.2026, Без НДС"


def test_amounts_in_the_purpose_are_roubles_a_hyphen_and_kopecks():
    assert purpose_amount(Decimal("1234567.8")) == "1234567-80"
    assert purpose_amount(Decimal("0.5")) == "0-50"


def test_an_absurdly_long_number_is_cut_and_the_vat_kept():
    purpose = payment_purpose(invoice("ПК-" + "7" * 400, paid="20000.00", vat="20000.00"))
    assert len(purpose) == PURPOSE_MAX
    assert purpose.startswith("Оплата по счёту № ПК-777")
    assert purpose.endswith("7… от 11.06.2026, в т.ч. НДС 16666-67 руб.")


def test_a_purpose_stays_within_the_field_for_any_number_length():
    for length in range(0, 260, 7):
        for vat in ("20000.00", None):
            assert len(payment_purpose(invoice("9" * length, vat=vat))) <= PURPOSE_MAX


def test_spaces_and_line_breaks_in_a_number_are_one_space():
    assert payment_purpose(invoice(" ПК 27/26\n", vat=None)).startswith("Оплата по счёту № ПК 27/26 от")

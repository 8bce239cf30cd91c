"""From zeep's answer objects to the v1.1 dataclasses: optional fields, times, broken answers."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from types import SimpleNamespace as Answer
from zoneinfo import ZoneInfo

import pytest

from apps.onec import convert
from apps.onec.client import OneCError, OneCErrorKind

MOSCOW = ZoneInfo("Europe/Moscow")
DAY = date(2026, 2, 5)


def _change(**fields) -> Answer:
    values = dict(INN="5036012344", Kind="Certificate", Changed=datetime(2026, 2, 5, 10, 30), Id="c1",
                  Type="Сертификат качества", Number="СК-1234/26", Date=DAY, Amount=Decimal("0.00"),
                  FileName="Сертификат качества СК-1234/26 от 05.02.2026.pdf", Size=1000)  # fmt: skip
    return Answer(**{**values, **fields})


def _settlements(**fields) -> Answer:
    values = dict(OnDate=DAY, Balance=Decimal("-100.00"), Overdue=Decimal("0.00"), CreditLimit=None, OpenInvoice=[])
    return Answer(**{**values, **fields})


def test_a_naive_time_from_1c_is_moscow_time(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    changes = convert.change_list(Answer(Change=[_change()], Until=datetime(2026, 2, 5, 10, 30)))
    assert changes.changes[0].changed == datetime(2026, 2, 5, 10, 30, tzinfo=MOSCOW)
    assert changes.until == datetime(2026, 2, 5, 7, 30, tzinfo=UTC)


def test_a_time_with_an_offset_keeps_it():
    moment = datetime(2026, 2, 5, 7, 30, tzinfo=UTC)
    changes = convert.change_list(Answer(Change=[_change(Changed=moment)], Until=moment))
    assert changes.changes[0].changed == moment and changes.changes[0].changed.tzinfo is not None


def test_a_change_carries_its_document():
    [change] = convert.change_list(Answer(Change=[_change()], Until=datetime(2026, 2, 5, 11))).changes
    assert (change.inn, change.kind) == ("5036012344", "Certificate")
    assert (change.document.id, change.document.number, change.document.size) == ("c1", "СК-1234/26", 1000)


def test_no_changes_is_an_empty_tuple():
    assert convert.change_list(Answer(Change=None, Until=datetime(2026, 2, 5, 11))).changes == ()


@pytest.mark.parametrize("answer", [None, Answer(Change=[], Until=None), Answer(Change=[], Until=DAY)])
def test_a_change_list_without_a_proper_until_breaks_the_contract(answer):
    with pytest.raises(OneCError) as caught:
        convert.change_list(answer)
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE


def test_since_is_sent_as_1c_reads_it_naive_moscow_whole_seconds(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    since = datetime(2026, 2, 5, 7, 30, 15, 999_999, tzinfo=UTC)
    assert convert.to_1c_moment(since) == datetime(2026, 2, 5, 10, 30, 15)
    assert convert.to_1c_moment(datetime(2026, 2, 5, 10, 30, 15)) == datetime(2026, 2, 5, 10, 30, 15)


def test_settlements_without_a_credit_limit_have_none():
    found = convert.settlements(_settlements())
    assert (found.credit_limit, found.open_invoices, found.balance) == (None, (), Decimal("-100.00"))


def test_open_invoices_become_a_tuple_of_dataclasses():
    invoice = Answer(Id="i1", Number="12/3", Date=DAY, DueDate=DAY + timedelta(days=14), Amount=Decimal("100.00"),
                     Paid=Decimal("40.00"))  # fmt: skip
    found = convert.settlements(_settlements(CreditLimit=Decimal("5000.00"), OpenInvoice=[invoice]))
    assert found.credit_limit == Decimal("5000.00")
    [open_invoice] = found.open_invoices
    assert (open_invoice.number, open_invoice.outstanding, open_invoice.days_overdue(DAY + timedelta(days=20))) == (
        "12/3",
        Decimal("60.00"),
        6,
    )


@pytest.mark.parametrize("broken", [{"Balance": None}, {"Overdue": "0"}, {"OnDate": None}, {"CreditLimit": "x"}])
def test_settlements_that_break_the_contract_are_unavailable(broken):
    with pytest.raises(OneCError) as caught:
        convert.settlements(_settlements(**broken))
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE


def test_a_shipment_without_vehicle_and_documents_has_empty_ones():
    bare = Answer(Id="s1", Number="ОТ-1/26", Date=DAY, Status="Planned", Vehicle=None, Amount=Decimal("1.00"),
                  DocumentId=[])  # fmt: skip
    [shipment] = convert.shipment_list([bare])
    assert (shipment.vehicle, shipment.document_ids) == ("", ())


def test_a_shipment_list_arrives_unwrapped_or_wrapped_or_empty():
    one = Answer(Id="s1", Number="1", Date=DAY, Status="Weird", Vehicle="вагон № 52345678", Amount=Decimal("1"),
                 DocumentId=["a", "b"])  # fmt: skip
    assert convert.shipment_list(None) == [] and convert.shipment_list([]) == []
    [shipment] = convert.shipment_list(Answer(Shipment=[one]))
    assert (shipment.status, shipment.document_ids) == ("Weird", ("a", "b"))  # an unknown status is no crash

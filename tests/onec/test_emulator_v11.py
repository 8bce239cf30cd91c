"""The emulator's v1.1 demo data, read straight from its ledger: stable, consistent, realistic."""

import subprocess
import sys
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest

from apps.onec.emulator import protocol, trade
from apps.onec.emulator.data import MOSCOW, Ledger, load_clients, profile_of
from apps.onec.emulator.server import DEFAULT_FIXTURE

DAY = date(2026, 11, 28)
ALL_KINDS = ("Invoice", "Closing", "Certificate")


@pytest.fixture(scope="module")
def ledger() -> Ledger:
    return Ledger(load_clients(DEFAULT_FIXTURE), DAY)


def test_everything_is_the_same_on_every_start(ledger):
    again = Ledger(load_clients(DEFAULT_FIXTURE), DAY)
    assert again.documents == ledger.documents
    assert again.shipments == ledger.shipments and again.payments == ledger.payments
    assert again.reprints == ledger.reprints


@pytest.mark.parametrize("day", [DAY + timedelta(days=k) for k in range(0, 90, 5)])
def test_every_demo_client_has_settlements_matching_its_act(day):
    ledger = Ledger(load_clients(DEFAULT_FIXTURE), day)
    balances = {}
    for inn in ledger.clients:
        found = trade.settlements(ledger, inn, day)
        _, closing, _ = ledger.act(inn, day - timedelta(days=600), day)
        assert found.balance == closing, inn
        due = timedelta(days=profile_of(inn).due_days)
        assert all(o.due_date == o.invoice.date + due and o.paid < o.invoice.amount for o in found.open_invoices)
        past_due = sum((o.invoice.amount - o.paid for o in found.open_invoices if o.due_date < day), Decimal(0))
        assert found.overdue == past_due
        balances[inn] = found.balance
    assert balances["0105012349"] < 0, "the prepaying client"
    assert balances["5036012344"] > 0, "the main demo client owes for its latest shipment"


def test_some_clients_have_a_credit_limit_and_some_do_not(ledger):
    limits = {inn: trade.settlements(ledger, inn, DAY).credit_limit for inn in ledger.clients}
    assert None in limits.values() and any(limits.values())


def test_shipments_follow_the_orders(ledger):
    for inn, shipments in ledger.shipments.items():
        for shipment in shipments:
            documents = [ledger.documents[i] for i in shipment.document_ids]
            assert all(d.inn == inn and d.date == shipment.date for d in documents)
            if shipment.date > DAY:
                assert (shipment.status, documents) == ("Planned", [])
            else:
                assert shipment.status == ("Shipped" if (DAY - shipment.date).days <= 7 else "Delivered")
                assert documents[0].kind == "Closing"
                assert {d.kind for d in documents[1:]} == {"Certificate"}
                assert documents[0].amount == shipment.amount


def test_certificates_name_their_goods_and_shipment(ledger):
    certificates = [d for d in ledger.documents.values() if d.kind == "Certificate"]
    assert certificates and all(c.product and c.basis and c.amount == 0 for c in certificates)
    assert {c.type for c in certificates} == {"Сертификат качества", "Паспорт качества"}


def test_changes_are_unique_ordered_and_include_reprints(ledger):
    since = datetime.combine(DAY - timedelta(days=600), datetime.min.time(), MOSCOW)
    changes = trade.changes(ledger, since, 100_000, ALL_KINDS)
    assert len(changes) == len(ledger.documents)
    moments = [moment for moment, _ in changes]
    assert moments == sorted(set(moments))
    reprinted = [(m, d) for m, d in changes if d.id in ledger.reprints]
    assert reprinted and all(m.date() > d.date for m, d in reprinted)


def test_changes_respect_limit_and_kinds(ledger):
    since = datetime.combine(DAY - timedelta(days=30), datetime.min.time(), MOSCOW)
    assert len(trade.changes(ledger, since, 7, ALL_KINDS)) == 7
    assert trade.changes(ledger, since, 0, ALL_KINDS) == []
    assert {d.kind for _, d in trade.changes(ledger, since, 500, ("Invoice", "Closing"))} == {"Invoice", "Closing"}


def test_a_v1_0_base_refuses_the_v1_1_operations_and_the_certificate_kind(ledger):
    certificate = next(d for d in ledger.documents.values() if d.kind == "Certificate")
    requests = [
        ("GetSettlements", {"INN": certificate.inn, "OnDate": DAY.isoformat()}, "BAD_REQUEST"),
        ("ListDocuments", {"INN": certificate.inn, "Kind": "Certificate", "DateFrom": "2026-01-01",
                           "DateTo": "2026-11-28"}, "BAD_REQUEST"),
        ("GetDocumentFile", {"INN": certificate.inn, "Id": certificate.id}, "DOCUMENT_NOT_FOUND"),
    ]  # fmt: skip
    for operation, params, word in requests:
        with pytest.raises(protocol.SoapFault) as caught:
            protocol.answer(ledger, operation, params, "1.0")
        assert caught.value.text.startswith(word)


def test_changes_refuse_a_malformed_since(ledger):
    with pytest.raises(protocol.SoapFault) as caught:
        protocol.answer(ledger, "ListChangedDocuments", {"Since": "вчера", "Limit": "5"})
    assert (caught.value.code, caught.value.text.split()[0]) == ("soap:Client", "BAD_REQUEST")


@pytest.mark.integration
def test_the_command_runs_a_v1_0_base_when_told_by_the_environment():
    command = [sys.executable, "manage.py", "onec_emulator", "--port", "0"]
    env = {"DEBUG": "1", "DJANGO_SETTINGS_MODULE": "project.settings", "PATH": "/usr/bin:/bin",
           "ONEC_EMULATOR_VERSION": "1.0"}  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    try:
        wsdl_line, state_line = process.stdout.readline(), process.stdout.readline()
    finally:
        process.terminate()
        process.wait(timeout=10)
    assert "ClientPortal.1cws?wsdl" in wsdl_line
    assert "contract v1.0" in state_line

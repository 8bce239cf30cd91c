"""The poll: one ListChangedDocuments round for every client, one digest per client, each document once."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from apps.notices import poll
from apps.notices.models import AnnouncedDocument, NoticeCursor
from apps.notices.poll import notices_poll
from tests.factories import make_client

pytestmark = pytest.mark.django_db(transaction=True)


def _list_calls(fake_onec) -> list[tuple]:
    return [call for call in fake_onec.calls if call[0] == "ListChangedDocuments"]


def _to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_one_call_per_poll_whatever_the_number_of_clients(fake_onec, subscribe, add_closing):
    clients = [make_client(name=f"ООО «Клиент {n}»") for n in range(6)]
    for client in clients:
        subscribe(client)
        add_closing(client, f"УПД-{client.id}")

    assert notices_poll() == 6

    assert len(_list_calls(fake_onec)) == 1
    assert len(mail.outbox) == 6
    assert all(len(_to(client.email)) == 1 for client in clients)


def test_full_pages_are_followed_through_until_a_short_one(fake_onec, subscribe, add_closing, monkeypatch):
    monkeypatch.setattr(poll, "PAGE_SIZE", 2)
    client = make_client()
    subscribe(client)
    start = datetime.now(UTC)
    for n in range(5):
        add_closing(client, f"УПД-{n}", changed=start + timedelta(seconds=n))

    notices_poll()

    calls = _list_calls(fake_onec)
    assert len(calls) == 3  # 2 + 2 + 1: the short page ends the poll
    assert calls[1][2] == start + timedelta(seconds=1)  # each page starts at the previous `Until`
    [digest] = _to(client.email)
    assert all(f"УПД-{n}" in digest.body for n in range(5))


def test_paging_is_bounded(fake_onec, subscribe, add_closing, monkeypatch):
    monkeypatch.setattr(poll, "PAGE_SIZE", 1)
    monkeypatch.setattr(poll, "MAX_PAGES", 3)
    client = make_client()
    subscribe(client)
    start = datetime.now(UTC)
    for n in range(5):
        add_closing(client, f"УПД-{n}", changed=start + timedelta(seconds=n))

    notices_poll()
    assert len(_list_calls(fake_onec)) == 3
    assert NoticeCursor.objects.get().since == start + timedelta(seconds=2)  # the rest next time

    notices_poll()
    assert AnnouncedDocument.objects.count() == 5


def test_a_digest_lists_the_clients_new_documents(fake_onec, client_org, subscribe):
    subscribe(client_org)
    fake_onec.add_document(client_org.inn, "Closing", date(2026, 11, 20), number="УПД-77", amount="125000.50")
    fake_onec.add_document(client_org.inn, "Certificate", date(2026, 11, 21), number="СК-12", type="Паспорт")

    notices_poll()

    [digest] = mail.outbox
    assert digest.subject == "Новые документы в личном кабинете"
    assert "Закрывающий документ: УПД № УПД-77 от 20.11.2026, 125\xa0000,50 руб." in digest.body
    assert "Сертификат качества: Паспорт № СК-12 от 21.11.2026" in digest.body
    assert settings.PORTAL_BASE_URL + reverse("cabinet:register") in digest.body
    html = digest.alternatives[0][0]
    assert "УПД-77" in html and "СК-12" in html


def test_only_the_kinds_a_client_chose_and_never_invoices(fake_onec, subscribe):
    closing_only, certificates_only = make_client(), make_client()
    subscribe(closing_only, certificates=False)
    subscribe(certificates_only, closing=False)
    for client in (closing_only, certificates_only):
        fake_onec.add_document(client.inn, "Closing", date(2026, 11, 20), number=f"УПД-{client.id}")
        fake_onec.add_document(client.inn, "Certificate", date(2026, 11, 20), number=f"СК-{client.id}")
        fake_onec.add_document(client.inn, "Invoice", date(2026, 11, 20), number=f"СЧ-{client.id}")

    notices_poll()

    [closing_digest] = _to(closing_only.email)
    assert f"УПД-{closing_only.id}" in closing_digest.body
    assert f"СК-{closing_only.id}" not in closing_digest.body
    [certificate_digest] = _to(certificates_only.email)
    assert f"СК-{certificates_only.id}" in certificate_digest.body
    assert f"УПД-{certificates_only.id}" not in certificate_digest.body
    assert "СЧ-" not in closing_digest.body + certificate_digest.body
    assert not AnnouncedDocument.objects.filter(kind="Invoice").exists()


def test_a_document_is_announced_once_through_overlapping_polls_and_reprints(fake_onec, client_org, subscribe):
    subscribe(client_org)
    first = fake_onec.add_document(client_org.inn, "Closing", date(2026, 11, 20), number="УПД-1")
    notices_poll()
    assert len(mail.outbox) == 1

    fake_onec.reprint(first.id)  # 1C printed it again: reported as changed
    fake_onec.add_document(client_org.inn, "Closing", date(2026, 11, 21), number="УПД-2")
    notices_poll()
    assert len(mail.outbox) == 2
    assert "УПД-2" in mail.outbox[1].body and "УПД-1" not in mail.outbox[1].body

    # A page that overlaps what was already read (the cursor set back) announces nothing again.
    NoticeCursor.objects.update(since=datetime(2026, 1, 1, tzinfo=UTC))
    fake_onec.reprint(first.id)
    notices_poll()
    assert len(mail.outbox) == 2
    assert AnnouncedDocument.objects.filter(client=client_org).count() == 2


def test_unsubscribed_inactive_and_unsubscribing_clients_get_nothing(fake_onec, subscribe, add_closing):
    never, inactive, switched_off = make_client(), make_client(), make_client()
    subscribe(inactive)
    inactive.is_active = False
    inactive.save()
    subscribe(switched_off, closing=False, certificates=False)
    for client in (never, inactive, switched_off):
        add_closing(client, f"УПД-{client.id}")

    assert notices_poll() == 0
    assert mail.outbox == []
    assert not AnnouncedDocument.objects.exists()


@pytest.mark.parametrize(("breakage", "outcome"), [("down", "unavailable"), ("1.0", "not_supported")])
def test_with_1c_down_or_v10_nothing_is_sent_and_the_cursor_stays(
    fake_onec, client_org, subscribe, add_closing, breakage, outcome
):
    subscribe(client_org)
    add_closing(client_org, "УПД-1")
    fake_onec.set_down() if breakage == "down" else fake_onec.set_version("1.0")
    notices_poll()  # creates the cursor
    since = NoticeCursor.objects.get().since

    notices_poll()

    cursor = NoticeCursor.objects.get()
    assert mail.outbox == []
    assert cursor.since == since
    assert cursor.last_outcome == outcome
    assert cursor.polls == 0

    fake_onec.set_down(False)
    fake_onec.set_version("1.1")
    notices_poll()  # back: the document waiting since then is announced
    assert len(mail.outbox) == 1


def test_a_failure_after_the_first_page_keeps_what_was_read(fake_onec, client_org, subscribe, monkeypatch):
    monkeypatch.setattr(poll, "PAGE_SIZE", 1)
    subscribe(client_org)
    start = datetime.now(UTC)
    for n in range(3):
        changed = start + timedelta(seconds=n)
        fake_onec.add_document(client_org.inn, "Closing", date(2026, 11, 20), number=f"УПД-{n}", changed=changed)
    fake_onec.fail_after(1)

    notices_poll()

    assert len(mail.outbox) == 1
    assert AnnouncedDocument.objects.count() == 1
    assert NoticeCursor.objects.get().since == start  # the next poll goes on from the first page

    fake_onec.fail_after(None)
    notices_poll()
    assert AnnouncedDocument.objects.count() == 3


# Passes once the English catalogue has this module's msgids.
def test_the_digest_is_in_the_clients_language(fake_onec, subscribe):
    english = make_client(name="АО «Металлург-Сервис»", language="en")
    subscribe(english)
    fake_onec.add_document(english.inn, "Closing", date(2026, 11, 20), number="A-77", type="UPD", amount="100.00")

    notices_poll()

    [digest] = mail.outbox
    assert digest.subject == "New documents in the client portal"
    assert "Closing document: UPD No. A-77" in digest.body
    html = digest.alternatives[0][0]
    rest = (digest.subject + digest.body + html).replace(english.name, "").replace(settings.COMPANY_NAME, "")
    rest = rest.replace(settings.COMPANY_NAME.replace('"', "&quot;"), "").replace("&laquo;Металлург-Сервис&raquo;", "")
    assert re.findall(r"[\u0400-\u04FF]+", rest) == []


def test_the_digest_goes_to_the_address_the_client_chose(fake_onec, client_org, subscribe, add_closing):
    subscribe(client_org, email="snab@profkeramika.example")
    add_closing(client_org, "УПД-1")

    notices_poll()

    assert [message.to for message in mail.outbox] == [["snab@profkeramika.example"]]


def test_a_second_run_of_the_same_poll_writes_nothing(fake_onec, client_org, subscribe, add_closing, monkeypatch):
    subscribe(client_org)
    add_closing(client_org, "УПД-1")
    notices_poll()  # the cursor exists
    add_closing(client_org, "УПД-2")
    fetch = poll._fetch
    moved = datetime(2030, 1, 1, tzinfo=UTC)

    def fetch_while_another_run_finishes(since):
        fetched = fetch(since)
        NoticeCursor.objects.update(since=moved)  # the other delivery of this task got there first
        return fetched

    monkeypatch.setattr(poll, "_fetch", fetch_while_another_run_finishes)
    assert notices_poll() == 0
    assert len(mail.outbox) == 1
    assert NoticeCursor.objects.get().since == moved


@pytest.mark.django_db  # not transactional: a flush between tests would drop the migrations' rows
def test_the_poll_is_scheduled_on_the_main_cluster_every_interval():
    from django_q.models import Schedule

    schedule = Schedule.objects.get(name="notices.poll")
    assert schedule.func == "apps.notices.tasks.poll_new_documents"
    assert (schedule.minutes, schedule.cluster, schedule.repeats) == (settings.NOTICES_POLL_MINUTES, None, -1)


def _poll_queries(count: int) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert notices_poll() == count
    return len(queries)


def _clients_with_a_new_document(count: int, subscribe, add_closing, start: int = 0) -> None:
    for n in range(start, start + count):
        client = make_client(name=f"ООО «Клиент {n}»")
        subscribe(client)
        add_closing(client, f"УПД-{n}-1")
        add_closing(client, f"УПД-{n}-2")


def test_a_page_of_organisations_costs_the_same_queries_however_many_it_holds(
    fake_onec, subscribe, add_closing, monkeypatch
):
    monkeypatch.setattr(poll, "ANNOUNCE_PAGE", 40)
    # Sending is the mail cluster's work, not the poll's (the suite runs tasks inline): one task
    # per batch of e-mails is what the poll queues.
    queued = []
    monkeypatch.setattr("apps.mail.batch.async_task", lambda *args, **kwargs: queued.append(args))
    notices_poll()  # the cursor's first poll makes the cursor itself
    _clients_with_a_new_document(4, subscribe, add_closing)
    few = _poll_queries(4)
    _clients_with_a_new_document(40, subscribe, add_closing, start=100)
    many = _poll_queries(40)  # ten times the organisations and documents, one page still
    assert many == few
    _clients_with_a_new_document(80, subscribe, add_closing, start=200)
    assert _poll_queries(80) - few < 2 * few  # two pages: a page's queries more, nothing per organisation
    assert sum(len(args[1]) for args in queued) == 4 + 40 + 80

"""Every e-mail a client gets is wholly in its language: an English client reads no Russian.

The only Cyrillic allowed in an English e-mail is a proper name the portal does not translate:
the company's, the client's own, and addresses and answers the client or staff typed.
"""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.clients.access import client_access_send
from apps.documents import services as documents
from apps.questions import services as questions
from apps.reconciliation import services as reconciliation
from tests.factories import make_client

pytestmark = pytest.mark.django_db(transaction=True)

INN = "7728012340"
NAME = "АО «Металлург-Сервис»"
CYRILLIC = re.compile(r"[\u0400-\u04FF]+")


@pytest.fixture
def english_org(db):
    return make_client(name=NAME, inn=INN, email="buh@metallurg.example", language="en")


def _russian_words(message, *, allowed: tuple[str, ...] = ()) -> list[str]:
    """Cyrillic words left in subject, text and HTML once the allowed names are taken out."""
    html = next((body for body, mimetype in message.alternatives if mimetype == "text/html"), "")
    text = "\n".join([message.subject, message.body, html])
    for name in (NAME, settings.COMPANY_NAME, *allowed):
        text = text.replace(name, "").replace(name.replace('"', "&quot;"), "")
        text = text.replace(name.replace("«", "&laquo;").replace("»", "&raquo;"), "")
    return CYRILLIC.findall(text)


def _order(client, *, kind: str, email: str) -> None:
    documents.document_request_create(
        client=client, kind=kind, date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email=email
    )


def _one_to(address: str):
    [message] = [message for message in mail.outbox if address in message.to]
    return message


def test_archive_email_is_english(english_org, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), data=b"%PDF")
    _order(english_org, kind="Invoice", email="buh@metallurg.example")
    message = _one_to("buh@metallurg.example")
    assert "Invoice archive" in message.body
    assert _russian_words(message) == []
    assert not CYRILLIC.search(message.attachments[0][0])  # the archive's file name too


def test_archive_link_email_is_english(english_org, fake_onec, settings):
    settings.EMAIL_MAX_ATTACHMENT_MB = 0
    fake_onec.add_document(INN, "Closing", date(2026, 1, 5), data=b"%PDF")
    _order(english_org, kind="Closing", email="buh@metallurg.example")
    message = _one_to("buh@metallurg.example")
    assert "/archive/" in message.body
    assert _russian_words(message) == []


def test_owner_notice_is_english(english_org, fake_onec):
    fake_onec.set_down()
    _order(english_org, kind="Invoice", email="other@metallurg.example")
    message = _one_to("buh@metallurg.example")
    assert _russian_words(message) == []


def test_unavailable_email_is_english(english_org, fake_onec, settings):
    fake_onec.set_down()
    _order(english_org, kind="Invoice", email="buh@metallurg.example")
    with time_machine.travel(timezone.now() + timedelta(minutes=settings.ONEC_RETRY_WINDOW_MINUTES + 1)):
        documents.document_requests_sweep()
    message = _one_to("buh@metallurg.example")
    assert "1C" in message.subject
    assert _russian_words(message) == []


@pytest.fixture
def english_act_in_review(english_org, fake_onec):
    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "1500.00", "-250.50", b"%PDF-1.4 act from 1C")
    act = reconciliation.act_order_create(
        client=english_org,
        date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
        email=english_org.email,
        language="en",
    )
    act.refresh_from_db()
    assert act.status == "in_review"
    return act


def test_act_sent_email_is_english(english_act_in_review, superuser):
    reconciliation.act_approve(act=english_act_in_review, actor=superuser)
    message = _one_to("buh@metallurg.example")
    assert _russian_words(message) == []
    assert not CYRILLIC.search(message.attachments[0][0])


def test_act_rejected_email_is_english(english_act_in_review, superuser):
    reconciliation.act_reject(act=english_act_in_review, actor=superuser, reason="Balance to be checked")
    message = _one_to("buh@metallurg.example")
    assert _russian_words(message) == []


def test_answer_email_is_english(english_org, superuser):
    question = questions.question_ask(
        client=english_org,
        name="Irina",
        text="When is the October invoice due?",
        email="irina@metallurg.example",
        language="en",
    )
    questions.question_answer(question=question, actor=superuser, answer="Tomorrow.")
    message = _one_to("irina@metallurg.example")
    assert _russian_words(message) == []


def test_access_letter_is_english(english_org, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client_access_send(client_id=english_org.id)
    message = _one_to("buh@metallurg.example")
    assert _russian_words(message) == []


def test_password_reset_email_is_english_though_asked_from_a_russian_page(
    client, english_org, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_reset_password"), {"email": "buh@metallurg.example"})
    message = _one_to("buh@metallurg.example")
    assert _russian_words(message) == []

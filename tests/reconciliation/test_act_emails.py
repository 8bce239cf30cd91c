"""The client's e-mails about an act — sent, rejected — point to the act's page in the cabinet,
are answered to staff (Reply-To), speak the client's language, and go once whatever is retried."""

from datetime import date

import pytest
from django.core import mail

from apps.mail.models import OutgoingEmail
from apps.mail.services import outgoing_email_dispatch, outgoing_email_send
from apps.reconciliation import services
from tests.reconciliation.conftest import INN

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "https://lk.podolskogneupor.example"


@pytest.fixture(autouse=True)
def _addresses(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.STAFF_NOTIFY_EMAIL = "sverka@podolskogneupor.example"


def _act_in_review(client_org, fake_onec, *, language: str):
    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "1500.00", "-250.50", b"%PDF-1.4 act from 1C")
    act = services.act_order_create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email="buh@profkeramika.example",
        language=language,
    )  # fmt: skip
    act.refresh_from_db()
    return act


def _to_client():
    return [m for m in mail.outbox if m.to == ["buh@profkeramika.example"]]


def _on_the_wire(message) -> str:
    return message.message().as_string()


def test_the_act_email_links_the_acts_page_and_is_answered_to_staff(client_org, fake_onec, reviewer):
    act = services.act_approve(act=_act_in_review(client_org, fake_onec, language="ru"), actor=reviewer)
    [message] = _to_client()
    page = f"{BASE}/acts/{act.id}/"
    assert message.subject == "Акт сверки за 01.01.2026–31.03.2026"
    assert page in message.body
    assert "подтвердить акт, сообщить о расхождениях или загрузить подписанный экземпляр" in message.body
    assert "ответьте на это письмо: ответ получат наши сотрудники" in message.body
    assert "позвоните нам" not in message.body
    assert f'<a href="{page}">' in message.alternatives[0].content
    assert "Reply-To: sverka@podolskogneupor.example" in _on_the_wire(message)
    assert message.attachments[0][1] == b"%PDF-1.4 act from 1C"


def test_the_act_email_speaks_english_to_an_english_client(client_org, fake_onec, reviewer):
    act = services.act_approve(act=_act_in_review(client_org, fake_onec, language="en"), actor=reviewer)
    [message] = _to_client()
    assert message.subject == "Reconciliation act for 01.01.2026–31.03.2026"
    assert "Hello, ООО «Профкерамика»!" in message.body
    assert "confirm the act, report discrepancies or upload the signed copy" in message.body
    assert f"{BASE}/acts/{act.id}/" in message.body
    assert not any(russian in message.body for russian in ("Акт сверки", "ответьте", "кабинет"))
    assert "Reply-To: sverka@podolskogneupor.example" in _on_the_wire(message)
    assert message.attachments[0][0] == f"Reconciliation act {INN} 01.01.2026-31.03.2026.pdf"


def test_the_act_email_goes_once_whatever_is_retried(client_org, fake_onec, reviewer):
    act = _act_in_review(client_org, fake_onec, language="ru")
    services.act_approve(act=act, actor=reviewer)
    with pytest.raises(services.ActNotInReview):
        services.act_approve(act=act, actor=reviewer)  # a second click, a second reviewer
    [email] = OutgoingEmail.objects.filter(key=f"reconciliation.act.{act.id}.sent")
    assert outgoing_email_send(email_id=email.id) is False  # the task delivered twice
    outgoing_email_dispatch()  # the minute sweep
    assert len(_to_client()) == 1


def test_the_rejection_is_answered_to_staff_too(act_in_review, reviewer):
    mail.outbox.clear()
    services.act_reject(act=act_in_review, actor=reviewer, reason="Период ещё не закрыт")
    [message] = _to_client()
    assert "Reply-To: sverka@podolskogneupor.example" in _on_the_wire(message)

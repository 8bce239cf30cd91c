"""A claim's e-mails: staff told of a new claim with a link to it in the admin; the client told
of the decision in the organisation's e-mail language, answered to staff. Each goes once
whatever is retried: a form sent twice, a decision clicked twice, the sending task run twice."""

import uuid

import pytest
from django.core import mail

from apps.claims import services
from apps.mail.models import OutgoingEmail
from apps.mail.services import outgoing_email_dispatch, outgoing_email_send
from tests.claims.conftest import file_claim

pytestmark = pytest.mark.django_db(transaction=True)  # the outbox sends on commit

BASE = "https://lk.podolskogneupor.example"
STAFF = "quality@podolskogneupor.example"


@pytest.fixture(autouse=True)
def _addresses(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.STAFF_NOTIFY_EMAIL = STAFF


def _to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def _decided(claim, handler, *, answer="Заменим 0,5 т кирпича ШПД-41 до 15.12."):
    services.claim_take(claim=claim, actor=handler)
    return services.claim_decide(claim=claim, actor=handler, decision="partial", answer=answer)


def test_staff_are_told_of_a_new_claim_with_a_link_to_it_in_the_admin(client_org, shipment):
    claim = file_claim(client_org, shipment)
    [message] = _to(STAFF)
    assert message.subject == f"Претензия № {claim.number}: ООО «Профкерамика»"
    assert f"{BASE}/admin/claims/claim/{claim.id}/review/" in message.body
    assert "Клиент ООО «Профкерамика» (ИНН 5036012344) подал претензию" in message.body
    assert "1. Кирпич ШПД-41 — 1,5 т" in message.body and "Кирпич пришёл с трещинами" in message.body
    assert "Клиент просит: замена" in message.body and "1 файл приложен." in message.body
    assert f'<a href="{BASE}/admin/claims/claim/{claim.id}/review/">' in message.alternatives[0].content


def test_the_client_is_told_the_decision_with_staffs_answer(client_org, shipment, handler):
    claim = _decided(file_claim(client_org, shipment), handler)
    [message] = _to(client_org.email)
    assert message.subject == f"Решение по претензии № {claim.number}"
    assert "Решение: претензия удовлетворена частично" in message.body
    assert "Заменим 0,5 т кирпича ШПД-41 до 15.12." in message.body
    assert f"{BASE}/claims/{claim.id}/" in message.body
    assert message.extra_headers["Reply-To"] == STAFF


def test_the_decision_speaks_the_organisations_email_language(client_org, shipment, handler):
    client_org.language = "en"
    client_org.save(update_fields=["language"])
    _decided(file_claim(client_org, shipment), handler)
    [message] = _to(client_org.email)
    assert "Hello, ООО «Профкерамика»!" in message.body and "Our answer:" in message.body
    assert "If you have any questions, reply to this e-mail" in message.body
    assert "Здравствуйте" not in message.body
    [staff] = _to(STAFF)
    assert staff.subject.startswith("Претензия №")  # staff read Russian whatever the client's language


def test_each_email_goes_once_whatever_is_retried(client_org, shipment, handler):
    token = uuid.uuid4()
    claim = file_claim(client_org, shipment, token=token)
    file_claim(client_org, shipment, token=token)  # the form sent again
    _decided(claim, handler)
    with pytest.raises(services.ClaimNotOpen):
        services.claim_decide(claim=claim, actor=handler, decision="rejected", answer="Второй щелчок.")
    for email in OutgoingEmail.objects.filter(key__startswith=f"claims.claim.{claim.id}."):
        assert outgoing_email_send(email_id=email.id) is False  # the sending task delivered twice
    outgoing_email_dispatch()  # the minute sweep
    assert len(_to(STAFF)) == 1 and len(_to(client_org.email)) == 1
    assert sorted(OutgoingEmail.objects.values_list("key", flat=True)) == [
        f"claims.claim.{claim.id}.decided", f"claims.claim.{claim.id}.filed"
    ]  # fmt: skip

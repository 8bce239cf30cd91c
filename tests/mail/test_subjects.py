"""A long subject keeps every space on the wire: «Подписанный акт сверки от клиента», never
«…сверкиот клиента» (Python 3.12.1 folded the space out of the encoded words; apps/mail/headers.py)."""

from email import message_from_bytes, policy

import pytest
from django.core import mail

from apps.mail import services

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECTS = [
    "Подписанный акт сверки от клиента: ООО «Профкерамика»",
    "Клиент подтвердил акт сверки: ООО «Торговый дом Металлург-Сервис Южного федерального округа»",
    "Signed reconciliation act from the client: ООО «Профкерамика» and a few more words to fold",
    "Отчет",
    "Plain ASCII subject long enough to be folded on the wire by the mail library, twice over",
]


@pytest.mark.parametrize("subject", SUBJECTS)
def test_the_subject_reads_back_as_written(subject):
    services.outgoing_email_create(key="test.subject", to="buh@example.com", subject=subject, body_text="Текст")
    [message] = mail.outbox
    for wire in (policy.default, policy.SMTP):  # how messages are printed, and how SMTP sends them
        parsed = message_from_bytes(message.message(policy=wire).as_bytes(), policy=policy.default)
        assert parsed["Subject"] == subject
        assert all(len(line) <= 78 for line in message.message(policy=wire).as_string().splitlines())


def test_the_staff_e_mail_about_a_signed_copy_arrives_with_its_spaces(smtp_server):
    subject = SUBJECTS[0]
    services.outgoing_email_create(key="test.subject.smtp", to="info@example.com", subject=subject, body_text="…")
    [(_recipients, message)] = smtp_server.messages
    assert message["Subject"] == subject
    assert "сверкиот" not in message["Subject"]

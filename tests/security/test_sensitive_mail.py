"""The admin never shows the text of an access letter or a reset e-mail, sent or not."""

import pytest
from django.urls import reverse

from apps.clients.access import client_access_send
from apps.clients.models import AccessLetter
from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db  # no commit: the letter stays in the outbox, unsent, text and all

PASSWORD = "Zx7kPq9mWv3Rt2"
HIDDEN = "Текст скрыт: письмо содержит пароль или ссылку для входа."


@pytest.fixture
def unsent_letter(client_org, monkeypatch) -> OutgoingEmail:
    monkeypatch.setattr("apps.clients.access.access_password_generate", lambda: PASSWORD)
    letter = client_access_send(client_id=client_org.id)
    email = letter.email
    assert email.status == OutgoingEmail.Status.PENDING
    assert PASSWORD in email.body_text and PASSWORD in email.body_html  # the row does hold it
    return email


@pytest.fixture
def as_admin(client, superuser):
    client.force_login(superuser)
    return client


def test_the_change_page_of_an_unsent_access_letter_hides_its_text(as_admin, unsent_letter):
    html = as_admin.get(reverse("admin:mail_outgoingemail_change", args=[unsent_letter.id])).content.decode()
    assert PASSWORD not in html
    assert "Спам" not in html  # nor the rest of the text
    assert HIDDEN in html
    assert "Доступ в личный кабинет клиента" in html  # what staff need to see is still there
    assert unsent_letter.to in html


def test_a_failed_access_letter_stays_hidden(as_admin, unsent_letter):
    OutgoingEmail.objects.filter(id=unsent_letter.id).update(status=OutgoingEmail.Status.FAILED)
    html = as_admin.get(reverse("admin:mail_outgoingemail_change", args=[unsent_letter.id])).content.decode()
    assert PASSWORD not in html


def test_lists_and_other_admin_pages_do_not_show_the_password(as_admin, unsent_letter, client_org):
    letter = AccessLetter.objects.get()
    pages = [
        reverse("admin:mail_outgoingemail_changelist"),
        reverse("admin:clients_accessletter_changelist"),
        reverse("admin:clients_accessletter_change", args=[letter.id]),
        reverse("admin:clients_client_change", args=[client_org.id]),
        reverse("admin:core_auditentry_changelist"),
    ]
    for page in pages:
        response = as_admin.get(page)
        assert response.status_code == 200, page
        assert PASSWORD not in response.content.decode(), page


@pytest.mark.parametrize("word", [PASSWORD, "Спам", "приветствии"])
def test_searching_the_outbox_by_the_text_does_not_find_a_sensitive_letter(as_admin, unsent_letter, word):
    response = as_admin.get(reverse("admin:mail_outgoingemail_changelist"), {"q": word})
    assert response.context["cl"].result_count == 0
    assert reverse("admin:mail_outgoingemail_change", args=[unsent_letter.id]) not in response.content.decode()


def test_an_ordinary_email_shows_its_text(as_admin, db):
    email = OutgoingEmail.objects.create(
        key="test.plain.1", to="buh@example.com", subject="Отчёт", body_text="Ваш архив готов", message_id="<p1@x>"
    )
    html = as_admin.get(reverse("admin:mail_outgoingemail_change", args=[email.id])).content.decode()
    assert "Ваш архив готов" in html
    assert HIDDEN not in html

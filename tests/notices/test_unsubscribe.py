"""The one-click unsubscribe (RFC 8058): headers on the sent message, a POST without login or CSRF."""

import time
from datetime import date
from urllib.parse import urlsplit

import pytest
from django.core import signing
from django.test import Client as BrowserClient

from apps.notices.digest import unsubscribe_url
from apps.notices.models import NoticeSubscription
from apps.notices.poll import notices_poll
from apps.notices.tokens import unsubscribe_token

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(smtp_server, to: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for recipients, message in smtp_server.messages:
            if to in recipients:
                return message
        time.sleep(0.05)
    raise AssertionError(f"no e-mail to {to}")


def _path(subscription) -> str:
    return urlsplit(unsubscribe_url(subscription=subscription)).path


@pytest.fixture
def mail_program():
    """A client with no session that enforces CSRF, as a mail program's POST would be."""
    return BrowserClient(enforce_csrf_checks=True)


@pytest.mark.integration
def test_the_sent_notice_carries_a_one_click_unsubscribe(fake_onec, client_org, subscribe, smtp_server, mail_program):
    subscription = subscribe(client_org)
    fake_onec.add_document(client_org.inn, "Closing", date(2026, 11, 20), number="УПД-1")

    notices_poll()

    message = _wait_for(smtp_server, client_org.email)
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = message["List-Unsubscribe"]
    assert link == f"<{unsubscribe_url(subscription=subscription)}>"
    assert link.startswith("<http") and "/notices/unsubscribe/" in link
    path = urlsplit(link.strip("<>")).path

    response = mail_program.post(path, {"List-Unsubscribe": "One-Click"})

    assert response.status_code == 200
    subscription.refresh_from_db()
    assert subscription.kinds == ()


def test_one_click_post_unsubscribes_without_login_or_csrf(client_org, subscribe, mail_program):
    subscription = subscribe(client_org)

    response = mail_program.post(_path(subscription), "List-Unsubscribe=One-Click", "application/x-www-form-urlencoded")

    assert response.status_code == 200
    assert "Вы отписались" in response.content.decode()
    subscription.refresh_from_db()
    assert (subscription.closing, subscription.certificates) == (False, False)
    assert subscription.unsubscribed_at is not None


def test_get_only_asks_to_confirm(client_org, subscribe, mail_program):
    subscription = subscribe(client_org)

    response = mail_program.get(_path(subscription))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'method="post"' in html and "Отписаться" in html
    subscription.refresh_from_db()
    assert subscription.kinds == ("Closing", "Certificate")


def test_the_confirm_page_speaks_the_clients_language(client_org, subscribe, mail_program):
    client_org.language = "en"
    client_org.save()
    response = mail_program.get(_path(subscribe(client_org)))
    assert '<html lang="en">' in response.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_token_is_not_found(client_org, outsider_org, subscribe, mail_program, method):
    subscription = subscribe(client_org)
    subscribe(outsider_org)
    token = unsubscribe_token(subscription_id=subscription.id)
    forged = signing.dumps(subscription.id + 1, salt="notices.unsubscribe")[: len(token)]
    tampered = [
        token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        forged.split(":")[0] + token[token.index(":") :],  # another id with this token's signature
        signing.dumps(subscription.id),  # signed, but not with this salt
        "not-a-token",
    ]
    for bad in tampered:
        response = getattr(mail_program, method)(f"/notices/unsubscribe/{bad}/")
        assert response.status_code == 404, bad
    assert set(NoticeSubscription.objects.values_list("closing", flat=True)) == {True}


def test_a_token_of_a_deleted_subscription_is_not_found(client_org, subscribe, mail_program):
    subscription = subscribe(client_org)
    path = _path(subscription)
    subscription.delete()
    assert mail_program.post(path).status_code == 404

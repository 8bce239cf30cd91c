"""Access letters: a fresh one-time password for a client, sent through the outbox.

Only the password's hash is stored. Hashing is deliberately slow (PBKDF2, about 0.4 s here),
so letters are made by background tasks, one per client: a few hundred take a few minutes
in the worker instead of timing out a staff request.
"""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_q.tasks import async_task

from apps.clients.models import AccessLetter, Client
from apps.mail.services import outgoing_email_render

# No 0/O, 1/l/I: the password is copied from a letter, often by eye.
_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
PASSWORD_LENGTH = 14  # about 80 bits


def access_password_generate() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(PASSWORD_LENGTH))


def client_access_queue(*, clients, sent_by=None) -> int:
    """Queue an access letter for each active client; returns how many were queued."""
    ids = [client.id for client in clients if client.is_active]
    sent_by_id = getattr(sent_by, "id", None)
    for client_id in ids:
        transaction.on_commit(
            lambda client_id=client_id: async_task(
                "apps.clients.tasks.send_access_letter", client_id, sent_by_id, task_name=f"access-{client_id}"
            )
        )
    return len(ids)


@transaction.atomic
def client_access_send(*, client_id: int, sent_by_id: int | None = None) -> AccessLetter | None:
    """Replace the client's password with a new one-time one and put the letter in the outbox."""
    client = Client.objects.select_for_update().select_related("user").get(id=client_id)
    if not client.is_active:
        return None
    password = access_password_generate()
    expires_at = timezone.now() + timedelta(days=settings.ACCESS_PASSWORD_TTL_DAYS)
    client.user.set_password(password)
    client.user.email = client.email
    client.user.save(update_fields=["password", "email"])
    client.access_password_expires_at = expires_at
    client.save(update_fields=["access_password_expires_at", "updated_at"])
    letter = AccessLetter.objects.create(client=client, sent_by_id=sent_by_id, password_expires_at=expires_at)
    letter.email = outgoing_email_render(
        key=f"clients.access.{client.id}.{letter.id}",
        to=client.email,
        template="clients/email/access",
        context={
            "client": client,
            "password": password,
            "expires_at": expires_at,
            "portal_url": settings.PORTAL_BASE_URL + "/",
            "login_url": settings.PORTAL_BASE_URL + reverse("account_login"),
            "reset_url": settings.PORTAL_BASE_URL + reverse("account_reset_password"),
            "company_email": settings.COMPANY_EMAIL,
            "company_phones": settings.COMPANY_PHONES,
            "act_cutoff_hour": settings.ACT_CUTOFF_HOUR,
        },
        language=client.language,
        sensitive=True,
    )
    letter.save(update_fields=["email"])
    return letter

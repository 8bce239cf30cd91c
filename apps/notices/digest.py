"""The digest e-mail: a client's new documents of one poll, with a one-click unsubscribe (RFC 8058)."""

import hashlib

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from apps.mail.batch import Letter
from apps.notices.models import NoticeSubscription
from apps.notices.tokens import unsubscribe_token
from apps.onec.client import CERTIFICATE, CLOSING, DocumentChange

KIND_LABELS = {CLOSING: _("Закрывающий документ"), CERTIFICATE: _("Сертификат качества")}


def unsubscribe_url(*, subscription: NoticeSubscription) -> str:
    token = unsubscribe_token(subscription_id=subscription.id)
    return settings.PORTAL_BASE_URL + reverse("cabinet:notices_unsubscribe", args=[token])


def _register_url() -> str:
    return settings.PORTAL_BASE_URL + reverse("cabinet:register")


def digest_letter(*, subscription: NoticeSubscription, changes: list[DocumentChange]) -> Letter:
    """One digest, in the client's language, for the outbox (apps/mail/batch.py).

    Keyed on the client and the documents it lists: a poll that runs twice writes one e-mail,
    and since a document is announced to a client once, no later digest has the same key.
    """
    client = subscription.client
    listed = hashlib.sha256("\n".join(sorted(change.document.id for change in changes)).encode()).hexdigest()[:32]
    link = unsubscribe_url(subscription=subscription)
    documents = [
        {
            "kind": KIND_LABELS[change.kind],
            "type": change.document.type,
            "number": change.document.number,
            "date": change.document.date,
            "amount": change.document.amount,
        }
        for change in changes
    ]
    return Letter(
        key=f"notices.digest.{client.id}.{listed}",
        to=subscription.address,
        template="notices/email/digest",
        context={
            "client": client,
            "documents": documents,
            "register_url": _register_url(),
            "settings_url": settings.PORTAL_BASE_URL + reverse("cabinet:notices"),
            "unsubscribe_url": link,
            "company_phones": settings.COMPANY_PHONES,
            "company_email": settings.COMPANY_EMAIL,
        },
        language=client.language,
        headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
    )

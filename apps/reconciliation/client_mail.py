"""E-mails to the client about an act: in the client's language, linking the act's page in the
cabinet (where it is answered and downloaded), and answered to staff rather than to the robot
address they are sent from."""

from django.conf import settings
from django.urls import reverse

from apps.mail.models import OutgoingEmail
from apps.mail.services import outgoing_email_render, stored_attachment
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.storage import PRIVATE_STORAGE


def act_page_url(act: ReconciliationAct) -> str:
    return settings.PORTAL_BASE_URL + reverse("cabinet:act_detail", args=[act.id])


def act_attachment(act: ReconciliationAct, *, path: str) -> dict:
    """The act's PDF (`path`, its file at the time), read from the storage at each sending."""
    return stored_attachment(storage=PRIVATE_STORAGE, name=path, filename=act.file_name, mimetype="application/pdf")


def act_client_email(
    *, act: ReconciliationAct, key: str, template: str, context: dict | None = None, attachments=()
) -> OutgoingEmail:
    """Put the e-mail in the outbox once per `key` (a retried task or a double click makes one)."""
    return outgoing_email_render(
        key=key,
        to=act.email,
        template=template,
        context={"act": act, "client": act.client, "act_url": act_page_url(act), **(context or {})},
        language=act.language,
        attachments=attachments,
        headers={"Reply-To": settings.STAFF_NOTIFY_EMAIL},
    )

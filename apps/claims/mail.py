"""A claim's two e-mails, each put in the outbox once under its own key (apps/mail): staff told of
a new claim, and the client told of the decision — in the organisation's e-mail language,
answered to staff rather than to the robot address it is sent from."""

from django.conf import settings
from django.urls import reverse

from apps.claims.models import Claim
from apps.mail.models import OutgoingEmail
from apps.mail.services import outgoing_email_render


def claim_page_url(claim: Claim) -> str:
    return settings.PORTAL_BASE_URL + reverse("cabinet:claim_detail", args=[claim.id])


def claim_review_url(claim: Claim) -> str:
    return settings.PORTAL_BASE_URL + reverse("admin:claims_claim_review", args=[claim.id])


def claim_staff_email(*, claim: Claim) -> OutgoingEmail:
    """«Новая претензия» to the address told of work waiting for staff, with the claim's admin page."""
    return outgoing_email_render(
        key=f"claims.claim.{claim.id}.filed",
        to=settings.STAFF_NOTIFY_EMAIL,
        template="claims/email/staff-filed",
        context={"claim": claim, "client": claim.client, "review_url": claim_review_url(claim)},
        language=settings.LANGUAGE_CODE,
    )


def claim_decision_email(*, claim: Claim) -> OutgoingEmail:
    """The decision and staff's answer to the organisation's address, once per claim."""
    return outgoing_email_render(
        key=f"claims.claim.{claim.id}.decided",
        to=claim.client.email,
        template="claims/email/claim-decided",
        context={"claim": claim, "client": claim.client, "claim_url": claim_page_url(claim)},
        language=claim.client.language,
        headers={"Reply-To": settings.STAFF_NOTIFY_EMAIL},
    )

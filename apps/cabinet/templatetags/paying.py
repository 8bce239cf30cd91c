"""The settlements page's offer to pay (issue 23), asked by its invoices table: the page's view
stays as it was, and the rule of what may be paid lives once, in apps/cabinet/views/payments.py."""

from django import template

from apps.cabinet.views.payments import PaymentOffer
from apps.cabinet.views.payments import payment_offer as offer_for

register = template.Library()


@register.simple_tag(takes_context=True)
def payment_offer(context, state) -> PaymentOffer | None:
    """`{% payment_offer state as pay %}`: None when nothing may be paid (no payee, stale figures)."""
    return offer_for(client=context["client"], state=state, query=context["request"].GET)

"""The header's organisation switch: the list is read only for people with several."""

from django import template

from apps.clients import active
from apps.clients.selectors import organisations_of

register = template.Library()


@register.simple_tag(takes_context=True)
def org_switch_options(context) -> list:
    request = context.get("request")
    if request is None or getattr(request, "access", None) is None:
        return []
    if active.organisation_count(request.session) <= 1:
        return []  # the INN login of a single company: no query on every page
    return organisations_of(user=request.user)


@register.simple_tag(takes_context=True)
def cabinet_can(context, what: str) -> bool:
    """Whether the person may open what needs `what` (apps.clients.roles.Can): for menus and tiles."""
    access = getattr(context.get("request"), "access", None)
    return access is not None and access.can(what)

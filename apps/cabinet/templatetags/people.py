"""The header's organisation switch (the list is read only for people with several) and its
person menu."""

from dataclasses import dataclass

from django import template

from apps.clients import active
from apps.clients.models import Role
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


@dataclass(frozen=True)
class Person:
    login: str
    inn_login: bool  # an organisation's own login, its INN
    organisation: str
    role: str


@register.simple_tag(takes_context=True)
def person_menu(context) -> Person | None:
    """Who is logged in and for which organisation, for the header's person menu. Each request's
    own: base.html renders it outside every cached part. Costs no query (the login comes with its
    organisation, a colleague's access was resolved by the page)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    access = getattr(request, "access", None)
    own = getattr(user, "client", None)
    if access is not None:
        organisation, role = access.client.name, Role(access.role).label
    else:  # a page outside the cabinet (the password): the INN login still knows its company
        organisation, role = (own.name, Role.ADMIN.label) if own is not None else ("", "")
    return Person(login=user.get_username(), inn_login=own is not None, organisation=organisation, role=role)

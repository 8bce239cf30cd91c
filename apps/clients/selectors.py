from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import F

from apps.clients.models import Client, Membership, Role
from apps.clients.roles import ALLOWED, role_allows
from apps.core.prepared import PreparedQuery

# The organisation a person acts for now, chosen after login or with the header's switch.
ACTIVE_CLIENT_SESSION_KEY = "portal_client_id"


@dataclass(frozen=True)
class Access:
    """Who acts for which organisation, in which role: what the cabinet decorator resolves."""

    client: Client
    role: str
    membership_id: int | None  # None for the organisation's own login (always its administrator)

    @property
    def allowed(self) -> frozenset[str]:
        return frozenset(str(can) for can in ALLOWED.get(self.role, ()))

    def can(self, what: str | None) -> bool:
        return role_allows(self.role, what)


def access_for(*, user, client_id: int | None = None) -> Access | None:
    """The access of `user` to the organisation `client_id`, or None when there is none now.

    The organisation's own login acts for its company with no further query (the backend loads
    the login with its organisation). A colleague's membership is read on every call, so a
    person disabled, or an organisation switched off, is refused at the next request.
    """
    if not user.is_authenticated:
        return None
    own = getattr(user, "client", None)
    if own is not None and (client_id is None or client_id == own.id):
        return Access(client=own, role=Role.ADMIN, membership_id=None) if own.is_active else None
    if user.is_staff or client_id is None:
        return None
    found = _member_client(user.id, client_id)
    if not found:
        return None
    client = found[0]
    return Access(client=client, role=client.member_role, membership_id=client.member_id)


def _member_client_qs(user_id: int, client_id: int):
    # The organisation and the person's open membership of it in one row (one join).
    return Client.objects.filter(
        id=client_id, is_active=True, memberships__user_id=user_id, memberships__is_active=True
    ).annotate(member_role=F("memberships__role"), member_id=F("memberships__id"))


# On every page a colleague opens: compiled once per process (apps/core/prepared.py).
_member_client = PreparedQuery(Client, _member_client_qs, arity=2)


def client_for_user(*, user, session=None) -> Client | None:
    """The organisation a logged-in user acts for now (the session's choice), or None.

    Without a session only the organisation's own login has one: its INN login's company.
    """
    client_id = session.get(ACTIVE_CLIENT_SESSION_KEY) if session is not None else None
    access = access_for(user=user, client_id=client_id)
    return access.client if access is not None else None


def memberships_active(*, user) -> list[Membership]:
    """The organisations a person may act for now, by name (none for staff)."""
    if not user.is_authenticated or user.is_staff:
        return []
    return list(
        Membership.objects.select_related("client")
        .filter(user_id=user.id, is_active=True, client__is_active=True)
        .order_by("client__name", "client_id")
    )


def memberships_closed(*, user) -> list[Membership]:
    """The person's memberships an administrator closed, of organisations still active."""
    return list(
        Membership.objects.select_related("client")
        .filter(user_id=user.id, is_active=False, client__is_active=True)
        .order_by("client__name", "client_id")
    )


def administrator_contacts(*, client: Client) -> list[str]:
    """Whom a person of `client` asks about access: its administrators' addresses, or the
    organisation's own address when its INN login is the only administrator."""
    colleagues = (
        Membership.objects.filter(client=client, role=Role.ADMIN, is_active=True)
        .exclude(user_id=client.user_id)
        .order_by("user__username")
        .values_list("user__username", flat=True)
    )
    return list(colleagues) or [client.email]


def has_memberships(*, user) -> bool:
    """True for a person who belongs or belonged to an organisation (disabled ones included)."""
    return Membership.objects.filter(user_id=user.id).exists()


def people_of_client(*, client: Client) -> list[Membership]:
    """The organisation's people: its own login first, then colleagues by e-mail."""
    memberships = Membership.objects.filter(client=client).select_related("user", "invited_by")
    return sorted(memberships, key=lambda m: (m.user_id != client.user_id, m.user.get_username()))


def membership_of_client(*, client: Client, membership_id: int) -> Membership | None:
    return Membership.objects.filter(client=client, id=membership_id).select_related("user", "client").first()


def person_user_for_email(*, email: str):
    """A colleague's login for `email` (username = the address, lowercased); never staff's."""
    return get_user_model().objects.filter(username=email.strip().lower(), is_staff=False, is_superuser=False).first()


def users_by_client_email(*, email: str) -> list:
    """The logins whose password «Забыли пароль?» may reset for `email` (any letter case).

    The logins of the active organisations whose own address it is, and the colleague whose
    login it is, while they belong to an active organisation.
    """
    clients = Client.objects.filter(email__iexact=email.strip(), is_active=True, user__is_active=True)
    users = [client.user for client in clients.select_related("user")]
    person = person_user_for_email(email=email)
    if person is not None and person.is_active and memberships_active(user=person) and person not in users:
        users.append(person)
    return users


def organisations_of(*, user) -> list[Client]:
    """Every organisation a person may act for now, by name: memberships and the INN login's own."""
    clients = {m.client_id: m.client for m in memberships_active(user=user)}
    own = getattr(user, "client", None)
    if own is not None and own.is_active:
        clients.setdefault(own.id, own)
    return sorted(clients.values(), key=lambda client: (client.name, client.id))

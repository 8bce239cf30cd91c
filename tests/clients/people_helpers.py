"""Colleagues of a client organisation for the people and roles tests."""

from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.clients.models import Client, Membership
from tests.factories import PASSWORD

BACKEND = "apps.clients.backends.ClientAuthenticationBackend"


def make_person(client: Client, *, email: str, role: str, is_active: bool = True, password: str = PASSWORD):
    """A colleague's login (username = the address) with a membership of `client`."""
    User = get_user_model()
    user = User.objects.filter(username=email).first()
    if user is None:
        user = User.objects.create_user(username=email, email=email, password=password)
    Membership.objects.create(user=user, client=client, role=role, is_active=is_active)
    return user


def log_in(http, login: str, password: str = PASSWORD):
    """Through the login page, as a person would (so the active organisation is chosen)."""
    return http.post(reverse("account_login"), {"login": login, "password": password}, follow=True)


def invite(http, email: str, role: str = "accountant"):
    """The administrator's «Пригласить» on «Сотрудники»."""
    return http.post(reverse("cabinet:people_invite"), {"email": email, "role": role}, follow=True)


def invitation_link(email: str | None = None) -> str:
    """The newest invitation's path (to `email`), read from its letter: the only place the token exists."""
    import re

    from apps.mail.models import OutgoingEmail

    letters = OutgoingEmail.objects.filter(key__startswith="clients.invitation.")
    if email is not None:
        letters = letters.filter(to=email)
    letter = letters.latest("id")
    return re.search(r"https?://[^/\s]+(/invitation/[^\s/]+/)", letter.body_text).group(1)


def log_in_to(http, link: str, login: str, password: str = PASSWORD):
    """The login page reached from an invitation's «Войти и принять приглашение»."""
    return http.post(
        reverse("account_login") + f"?next={link}", {"login": login, "password": password, "next": link}, follow=True
    )

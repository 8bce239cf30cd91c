"""Inviting a colleague: a single-use link that expires; a newcomer sets a password, someone
with a login adds the organisation; a used or expired link says so."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from apps.clients.models import Invitation, Membership, Role
from apps.mail.models import OutgoingEmail
from tests.clients.people_helpers import log_in, make_person
from tests.factories import PASSWORD, make_client

pytestmark = pytest.mark.django_db

INVITE = reverse("cabinet:people_invite")
HOME = reverse("cabinet:home")
NEW_PASSWORD = "Ogneupor-Shamot-2026"


def _invite(http, email="anna@profkeramika.example", role="accountant"):
    return http.post(INVITE, {"email": email, "role": role}, follow=True)


def _link() -> str:
    """The invitation's path, read from the letter (the only place the token exists)."""
    letter = OutgoingEmail.objects.filter(key__startswith="clients.invitation.").latest("id")
    return re.search(r"https?://[^/\s]+(/invitation/[^\s/]+/)", letter.body_text).group(1)


def _accept_new(http, link, password=NEW_PASSWORD):
    return http.post(link, {"password1": password, "password2": password}, follow=True)


def test_an_invitation_is_a_letter_with_a_link_to_that_address(logged_in):
    response = _invite(logged_in, email="Anna@ProfKeramika.example")
    assert "Приглашение отправлено на anna@profkeramika.example." in response.content.decode()
    letter = OutgoingEmail.objects.get(key__startswith="clients.invitation.")
    assert letter.to == "anna@profkeramika.example"
    assert "ООО «Профкерамика»" in letter.subject
    assert "Ваша роль: Бухгалтер." in letter.body_text
    assert "/invitation/" in letter.body_html


def test_the_letter_is_in_the_organisations_language(client, monkeypatch):
    from apps.clients import invitations

    languages = []
    real = invitations.outgoing_email_render
    monkeypatch.setattr(
        invitations, "outgoing_email_render", lambda **kw: languages.append(kw["language"]) or real(**kw)
    )
    org = make_client(name="АО «Металлург-Сервис»", language="en")
    client.force_login(org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    _invite(client, email="john@metallurg.example")  # from a Russian page
    assert languages == ["en"]
    assert OutgoingEmail.objects.get(key__startswith="clients.invitation.").to == "john@metallurg.example"


def test_only_a_hash_of_the_token_is_stored(logged_in):
    _invite(logged_in)
    token = _link().rstrip("/").rpartition("/")[2]
    invitation = Invitation.objects.get()
    assert token not in invitation.token_hash and len(invitation.token_hash) == 64


def test_a_newcomer_sets_a_password_and_lands_in_the_cabinet(logged_in, client_org):
    _invite(logged_in, role="procurement")
    newcomer = Browser()
    page = newcomer.get(_link()).content.decode()
    assert "Организация ООО «Профкерамика» приглашает вас в личный кабинет." in page
    response = _accept_new(newcomer, _link())
    assert response.redirect_chain[-1][0] == HOME
    assert "Здравствуйте, ООО «Профкерамика»!" in response.content.decode()
    membership = Membership.objects.get(user__username="anna@profkeramika.example")
    assert membership.client == client_org and membership.role == Role.PROCUREMENT
    assert membership.invited_by == client_org.user
    # … and from now on logs in with the address and that password.
    assert log_in(Browser(), "anna@profkeramika.example", NEW_PASSWORD).redirect_chain[-1][0] == HOME


def test_the_password_must_pass_djangos_validators(logged_in):
    _invite(logged_in)
    response = _accept_new(Browser(), _link(), password="12345678")
    assert response.status_code == 200
    assert "field-error" in response.content.decode()
    assert not Membership.objects.filter(user__username="anna@profkeramika.example").exists()


def test_a_used_link_says_so(logged_in):
    _invite(logged_in)
    link = _link()
    _accept_new(Browser(), link)
    again = Browser().get(link)
    assert again.status_code == 410
    assert "Эта ссылка-приглашение уже использована." in again.content.decode()
    assert _accept_new(Browser(), link).status_code == 410


def test_an_expired_link_says_so(logged_in):
    _invite(logged_in)
    link = _link()
    with time_machine.travel(timezone.now() + timedelta(days=7, minutes=1)):
        response = _accept_new(Browser(), link)
    assert response.status_code == 410
    assert "Срок ссылки-приглашения истёк." in response.content.decode()
    assert not Membership.objects.filter(user__username="anna@profkeramika.example").exists()


def test_an_unknown_link_says_so(client, db):
    response = client.get(reverse("cabinet:invitation", args=["not-a-token"]))
    assert response.status_code == 404
    assert "Ссылка-приглашение недействительна." in response.content.decode()


def test_a_person_of_another_organisation_logs_in_through_the_login_page_and_accepts(
    logged_in, client_org, outsider_org
):
    make_person(outsider_org, email="anna@holding.example", role=Role.ADMIN)
    _invite(logged_in, email="anna@holding.example")
    link = _link()
    anna = Browser()
    page = anna.get(link).content.decode()
    assert "Войдите, чтобы принять приглашение" in page and 'name="password"' not in page
    assert f"/accounts/login/?next={link}" in page
    response = anna.post(reverse("account_login") + f"?next={link}", {"login": "anna@holding.example",
                         "password": PASSWORD, "next": link}, follow=True)  # fmt: skip
    assert response.redirect_chain[-1][0] == link and "Принять приглашение" in response.content.decode()
    response = anna.post(link, follow=True)
    assert "Здравствуйте, ООО «Профкерамика»!" in response.content.decode()
    assert set(Membership.objects.filter(user__username="anna@holding.example").values_list("client", flat=True)) == {
        client_org.id,
        outsider_org.id,
    }


def test_a_logged_in_person_accepts_with_one_click(logged_in, client_org, outsider_org):
    make_person(outsider_org, email="anna@holding.example", role=Role.ADMIN)
    _invite(logged_in, email="anna@holding.example")
    anna = Browser()
    log_in(anna, "anna@holding.example")
    assert "Принять приглашение" in anna.get(_link()).content.decode()
    response = anna.post(_link(), follow=True)
    assert "Здравствуйте, ООО «Профкерамика»!" in response.content.decode()


def test_a_staff_address_cannot_be_invited(logged_in, staff_user):
    staff_user.username = "manager@podolsk.example"
    staff_user.save()
    response = _invite(logged_in, email="manager@podolsk.example")
    assert "Этот адрес нельзя пригласить." in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_colleague_already_in_the_company_is_not_invited_twice(logged_in, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    response = _invite(logged_in)
    assert "Этот сотрудник уже имеет доступ к кабинету организации." in response.content.decode()


def test_a_person_whose_access_was_closed_is_not_invited_again_but_reopened_in_the_list(logged_in, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT, is_active=False)
    page = _invite(logged_in, role="procurement").content.decode()
    assert "Доступ anna@profkeramika.example к кабинету организации закрыт. Откройте его в списке сотрудников" in page
    assert not Invitation.objects.exists()
    membership = Membership.objects.get(user__username="anna@profkeramika.example")
    assert not membership.is_active and membership.role == Role.ACCOUNTANT


@pytest.mark.parametrize("role", [Role.ACCOUNTANT, Role.PROCUREMENT])
def test_only_an_administrator_invites(client, client_org, role):
    make_person(client_org, email="p@profkeramika.example", role=role)
    log_in(client, "p@profkeramika.example")
    assert _invite(client).status_code == 404
    assert not Invitation.objects.exists()


def _letter_lead(letter: OutgoingEmail) -> str:
    return next(line for line in letter.body_text.splitlines() if "приглашает" in line or "invites" in line)


def test_the_organisation_inviting_is_named_once(logged_in, settings):
    _invite(logged_in)
    letter = OutgoingEmail.objects.get(key__startswith="clients.invitation.")
    lead = _letter_lead(letter)
    assert lead == f"ООО «Профкерамика» приглашает вас в Личный кабинет клиента {settings.COMPANY_NAME}."
    assert letter.body_html.count("Профкерамика") == 1


def test_a_person_inviting_for_the_organisation_is_named_with_it(client_org, settings):
    from apps.clients.invitations import invitation_create

    person = make_person(client_org, email="olga@profkeramika.example", role="admin")
    invitation_create(client=client_org, email="anna@profkeramika.example", role="accountant", invited_by=person)
    lead = _letter_lead(OutgoingEmail.objects.get(key__startswith="clients.invitation."))
    assert lead == (
        f"olga@profkeramika.example приглашает вас в Личный кабинет клиента {settings.COMPANY_NAME}"
        " от имени организации ООО «Профкерамика»."
    )


def test_a_person_with_a_login_is_not_promised_a_new_password_and_is_offered_the_reset(
    logged_in, client_org, outsider_org
):
    make_person(outsider_org, email="anna@holding.example", role=Role.ADMIN)
    _invite(logged_in, email="anna@holding.example")
    letter = OutgoingEmail.objects.get(key__startswith="clients.invitation.")
    reset = reverse("account_reset_password")
    for body in (letter.body_text, letter.body_html):
        assert "Вы зададите пароль" not in body
        assert "войдите с прежним паролем" in body and reset in body
    page = Browser().get(_link()).content.decode()
    assert f'<a href="{reset}">Забыли пароль?</a>' in page


def test_a_newcomer_is_told_they_will_set_a_password_and_not_sent_to_the_reset(logged_in):
    _invite(logged_in, email="newcomer@profkeramika.example")
    letter = OutgoingEmail.objects.get(key__startswith="clients.invitation.")
    for body in (letter.body_text, letter.body_html):
        assert "Вы зададите пароль, а входить будете по своему e-mail." in body
        assert "прежним паролем" not in body and reverse("account_reset_password") not in body

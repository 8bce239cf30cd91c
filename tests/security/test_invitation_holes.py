"""Invitations under attack (issue 19, holes 1–3 and 7): an old link in a mailbox must never
reopen access an administrator closed or change a role; accepting never skips the login's code
step or its limits; invitations are limited like every other e-mail; two clicks at once make
one account and no error."""

import re
import threading

import pytest
from django.test import Client as Browser
from django.urls import reverse

from apps.clients.models import Invitation, Membership, Role
from apps.mail.models import OutgoingEmail
from tests.clients.people_helpers import invitation_link, invite, log_in_to, make_person
from tests.factories import PASSWORD
from tests.totp import give_totp, totp_code

pytestmark = pytest.mark.django_db
ANNA = "anna@profkeramika.example"
NEW_PASSWORD = "Ogneupor-Shamot-2026"


def _accept_new(http, link):
    return http.post(link, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)


def _membership(client_org) -> Membership:
    return Membership.objects.get(client=client_org, user__username=ANNA)


def _close(logged_in, client_org):
    url = reverse("cabinet:people_active", args=[_membership(client_org).id])
    logged_in.post(url, {"is_active": "0"})


def test_an_older_link_cannot_reopen_access_the_administrator_closed(logged_in, client_org):
    invite(logged_in, ANNA)
    older = invitation_link(ANNA)
    invite(logged_in, ANNA)  # no «resend» once: administrators simply invited again
    newer = invitation_link(ANNA)
    _accept_new(Browser(), newer)
    _close(logged_in, client_org)

    attacker = Browser()  # the closed person, in a fresh browser, with the older letter
    page = attacker.get(older)
    assert page.status_code == 410 and "больше не действует" in page.content.decode()
    log_in_to(attacker, older, ANNA, NEW_PASSWORD)
    attacker.post(older)
    assert not _membership(client_org).is_active
    assert attacker.get(reverse("cabinet:home")).status_code == 302


def test_an_older_link_cannot_raise_a_role(logged_in, client_org):
    invite(logged_in, ANNA, role="accountant")
    older = invitation_link(ANNA)
    invite(logged_in, ANNA, role="procurement")
    _accept_new(Browser(), invitation_link(ANNA))
    anna = Browser()
    log_in_to(anna, older, ANNA, NEW_PASSWORD)
    assert anna.post(older).status_code == 410
    assert _membership(client_org).role == Role.PROCUREMENT


def test_even_a_live_link_never_reopens_access_nor_changes_a_role(logged_in, client_org):
    """Links sent before revoking existed (or any other way a live one survives)."""
    from apps.clients import invitations

    invite(logged_in, ANNA, role="procurement")
    _accept_new(Browser(), invitation_link(ANNA))
    _invitation, token = invitations._new(client=client_org, email=ANNA, role=Role.ACCOUNTANT, invited_by=None)
    link = reverse("cabinet:invitation", args=[token])
    anna = Browser()
    log_in_to(anna, link, ANNA, NEW_PASSWORD)
    assert anna.post(link).status_code == 302  # already one of its people: welcomed, nothing changed
    assert _membership(client_org).role == Role.PROCUREMENT

    _close(logged_in, client_org)
    _invitation, token = invitations._new(client=client_org, email=ANNA, role=Role.ADMIN, invited_by=None)
    link = reverse("cabinet:invitation", args=[token])
    fresh = Browser()
    fresh.get(link)  # the invitation waits in the session: the login lets a closed person in for it
    log_in_to(fresh, link, ANNA, NEW_PASSWORD)
    refused = fresh.post(link)
    assert refused.status_code == 409 and "закрыл вам доступ" in refused.content.decode()
    membership = _membership(client_org)
    assert not membership.is_active and membership.role == Role.PROCUREMENT


def test_closing_access_or_changing_a_role_revokes_the_persons_pending_links(logged_in, client_org):
    from apps.clients import invitations

    make_person(client_org, email=ANNA, role=Role.PROCUREMENT)
    role_url = reverse("cabinet:people_role", args=[_membership(client_org).id])
    for change in (lambda: logged_in.post(role_url, {"role": "accountant"}), lambda: _close(logged_in, client_org)):
        invitation, _token = invitations._new(client=client_org, email=ANNA, role=Role.ADMIN, invited_by=None)
        change()
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None


def test_the_administrator_sees_pending_invitations_and_resends_or_revokes_them(logged_in, client_org):
    invite(logged_in, ANNA)
    first = invitation_link(ANNA)
    pending = Invitation.objects.get()
    page = logged_in.get(reverse("cabinet:people")).content.decode()
    assert ANNA in page and "Отправить ещё раз" in page and "Отменить" in page

    response = logged_in.post(reverse("cabinet:people_invitation_resend", args=[pending.id]), follow=True)
    assert "ещё раз; ссылка из прежнего письма больше не действует" in response.content.decode()
    second = invitation_link(ANNA)
    assert second != first and Browser().get(first).status_code == 410
    assert Browser().get(second).status_code == 200

    newest = Invitation.objects.latest("id")
    response = logged_in.post(reverse("cabinet:people_invitation_revoke", args=[newest.id]), follow=True)
    assert "отменено: ссылка из письма больше не действует" in response.content.decode()
    assert Browser().get(second).status_code == 410
    assert ANNA not in logged_in.get(reverse("cabinet:people")).content.decode()


def test_another_organisations_invitation_cannot_be_resent_or_revoked(logged_in, outsider_org):
    from apps.clients import invitations

    theirs, _resent = invitations.invitation_create(client=outsider_org, email=ANNA, role="accountant",
                                                    invited_by=outsider_org.user)  # fmt: skip
    for name in ("cabinet:people_invitation_resend", "cabinet:people_invitation_revoke"):
        assert logged_in.post(reverse(name, args=[theirs.id])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_accepting_asks_the_code_of_a_person_who_has_an_app(logged_in, client_org, outsider_org):
    anna = make_person(outsider_org, email=ANNA, role=Role.ADMIN)
    secret = give_totp(anna)
    invite(logged_in, ANNA)
    link = invitation_link(ANNA)
    thief = Browser()  # knows the password, not the phone
    assert thief.post(link, {"password": PASSWORD}).status_code == 200
    assert "_auth_user_id" not in thief.session
    response = log_in_to(thief, link, ANNA)
    assert response.redirect_chain[-1][0].startswith("/accounts/2fa/authenticate/")
    assert thief.post(link).status_code == 200 and "_auth_user_id" not in thief.session
    assert not Membership.objects.filter(client=client_org, user=anna).exists()

    response = thief.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == link  # the owner, with the phone, comes back to accept
    thief.post(link)
    assert Membership.objects.get(client=client_org, user=anna).is_active


def test_a_password_alone_cannot_switch_the_app_off(client, client_org, outsider_org):
    anna = make_person(outsider_org, email=ANNA, role=Role.ADMIN)
    give_totp(anna)
    client.force_login(anna, backend="apps.clients.backends.ClientAuthenticationBackend")
    deactivate = "/accounts/2fa/totp/deactivate/"
    assert client.get(deactivate)["Location"].startswith("/accounts/2fa/reauthenticate/")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD, "next": deactivate})
    assert client.get(deactivate)["Location"].startswith("/accounts/2fa/reauthenticate/")
    client.post(deactivate, {"code": ""})
    from allauth.mfa.models import Authenticator

    assert Authenticator.objects.filter(user=anna, type=Authenticator.Type.TOTP).exists()


def test_forty_invitations_to_one_address_make_one_live_link_and_few_letters(logged_in, client_org, settings):
    pages = [invite(logged_in, ANNA).content.decode() for _ in range(40)]
    letters = OutgoingEmail.objects.filter(to=ANNA).count()
    assert letters == settings.INVITATIONS_PER_ADDRESS_PER_HOUR
    assert "Слишком много приглашений за час" in pages[-1]
    live = Invitation.objects.filter(email=ANNA, accepted_at=None, revoked_at=None)
    assert live.count() == 1


def test_an_organisation_cannot_flood_many_addresses(logged_in, settings):
    settings.INVITATIONS_PER_HOUR = 5
    pages = [invite(logged_in, f"p{n}@spam.example").content.decode() for n in range(8)]
    assert OutgoingEmail.objects.filter(key__startswith="clients.invitation.").count() == 5
    assert "Слишком много приглашений за час" in pages[-1]


@pytest.mark.django_db(transaction=True)
def test_five_clicks_at_once_make_one_account_and_no_error(logged_in, smtp_server):
    invite(logged_in, ANNA)  # committed and sent: the outbox keeps no link of a sent invitation
    [(_to, letter)] = smtp_server.messages
    link = re.search(r"https?://[^/\s]+(/invitation/[^\s/]+/)", letter.get_body(("plain",)).get_content()).group(1)
    statuses, start = [], threading.Barrier(5)

    def click():
        browser = Browser(raise_request_exception=False)
        browser.get(link)
        start.wait()
        statuses.append(_accept_new(browser, link).status_code)

    threads = [threading.Thread(target=click) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(statuses) == 5 and 500 not in statuses
    assert Membership.objects.filter(user__username=ANNA).count() == 1


def test_staff_closing_access_in_the_admin_revokes_the_persons_links_too(client, superuser, client_org):
    from apps.clients import invitations

    make_person(client_org, email=ANNA, role=Role.PROCUREMENT)
    invitation, _token = invitations._new(client=client_org, email=ANNA, role=Role.ADMIN, invited_by=None)
    client.force_login(superuser)
    client.post(reverse("admin:clients_membership_changelist"),
                {"action": "disable", "_selected_action": [_membership(client_org).id]})  # fmt: skip
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None and not _membership(client_org).is_active


def test_staff_revoke_a_pending_invitation_in_the_admin(client, superuser, logged_in):
    invite(logged_in, ANNA)
    link = invitation_link(ANNA)
    client.force_login(superuser)
    chosen = {"action": "revoke", "_selected_action": [Invitation.objects.get().id]}
    response = client.post(reverse("admin:clients_invitation_changelist"), chosen, follow=True)
    assert "Отозвано приглашений: 1." in response.content.decode()
    assert Browser().get(link).status_code == 410

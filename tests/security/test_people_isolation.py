"""A person reaches their own organisation only: not another's by editing the session or the
switch form, and not at all once their access is closed (the next request is refused)."""

from datetime import date

import pytest
from django.test import Client as Browser
from django.urls import reverse

from apps.clients.models import Membership, Role
from apps.clients.selectors import ACTIVE_CLIENT_SESSION_KEY
from apps.documents.models import DocumentRequest
from tests.clients.people_helpers import log_in, make_person

pytestmark = pytest.mark.django_db

HOME = reverse("cabinet:home")
EMAIL = "anna@profkeramika.example"


def _request_of(org) -> DocumentRequest:
    return DocumentRequest.objects.create(
        client=org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email=org.email
    )


def _set_session(http, **values) -> None:
    session = http.session
    session.update(values)
    session.save()


@pytest.fixture
def anna(client_org):
    make_person(client_org, email=EMAIL, role=Role.ADMIN)
    browser = Browser()
    log_in(browser, EMAIL)
    return browser


def test_another_organisations_request_is_404_for_a_person(anna, outsider_org):
    theirs = _request_of(outsider_org)
    assert anna.get(reverse("cabinet:document_request", args=[theirs.id])).status_code == 404


def test_editing_the_session_to_another_organisation_shows_nothing_of_it(anna, outsider_org):
    theirs = _request_of(outsider_org)
    _set_session(anna, **{ACTIVE_CLIENT_SESSION_KEY: outsider_org.id})
    response = anna.get(HOME, follow=True)
    assert "Посторонний" not in response.content.decode()
    assert anna.get(reverse("cabinet:document_request", args=[theirs.id])).status_code != 200
    assert anna.session.get(ACTIVE_CLIENT_SESSION_KEY) != outsider_org.id


def test_the_inn_login_cannot_reach_another_organisation_through_the_session(logged_in, outsider_org):
    _set_session(logged_in, **{ACTIVE_CLIENT_SESSION_KEY: outsider_org.id})
    response = logged_in.get(HOME, follow=True)
    html = response.content.decode()
    assert "Посторонний" not in html
    assert response.redirect_chain[-1][0] == reverse("cabinet:switch_organisation")
    assert "ООО «Профкерамика»" in html  # its own company is all it may pick


def test_posting_another_organisations_id_to_the_switch_is_404(anna, outsider_org):
    response = anna.post(reverse("cabinet:switch_organisation"), {"client_id": outsider_org.id})
    assert response.status_code == 404
    assert anna.session.get(ACTIVE_CLIENT_SESSION_KEY) != outsider_org.id


def test_people_of_another_organisation_cannot_be_touched(anna, outsider_org):
    make_person(outsider_org, email="boris@outsider.example", role=Role.ACCOUNTANT)
    theirs = Membership.objects.get(user__username="boris@outsider.example")
    assert anna.post(reverse("cabinet:people_active", args=[theirs.id]), {"is_active": "0"}).status_code == 404
    assert anna.post(reverse("cabinet:people_role", args=[theirs.id]), {"role": "admin"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active and theirs.role == Role.ACCOUNTANT


def test_a_disabled_persons_open_session_is_refused_at_the_next_request(anna, client_org):
    assert anna.get(HOME).status_code == 200
    Membership.objects.filter(user__username=EMAIL).update(is_active=False)
    response = anna.get(reverse("cabinet:question_list"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in anna.session
    assert anna.get(HOME).status_code == 302


def test_a_disabled_person_gets_no_fragment_or_file_either(anna, client_org):
    mine = _request_of(client_org)
    Membership.objects.filter(user__username=EMAIL).update(is_active=False)
    response = anna.get(reverse("cabinet:document_request", args=[mine.id]), headers={"HX-Request": "true"})
    # A fragment sends the whole browser to the login, not the login page into the panel.
    assert response.status_code == 200 and response["HX-Redirect"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in anna.session
    assert anna.get(reverse("cabinet:archive_download", args=[mine.id])).status_code == 302


def test_an_invitation_link_of_one_organisation_joins_that_one_only(logged_in, client_org, outsider_org):
    import re

    from apps.mail.models import OutgoingEmail

    logged_in.post(reverse("cabinet:people_invite"), {"email": "new@x.example", "role": "admin"})
    body = OutgoingEmail.objects.get(key__startswith="clients.invitation.").body_text
    link = re.search(r"(/invitation/[^\s/]+/)", body).group(1)
    Browser().post(link, {"password1": "Shamot-Ogneupor-7", "password2": "Shamot-Ogneupor-7"})
    clients = set(Membership.objects.filter(user__username="new@x.example").values_list("client_id", flat=True))
    assert clients == {client_org.id}

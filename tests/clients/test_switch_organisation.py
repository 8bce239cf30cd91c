"""One person, several organisations of a holding: pick one after login, switch without logging out."""

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.clients.models import Membership, Role
from apps.clients.selectors import access_for
from tests.clients.people_helpers import log_in, make_person
from tests.factories import make_client

pytestmark = pytest.mark.django_db

HOME = reverse("cabinet:home")
SWITCH = reverse("cabinet:switch_organisation")
EMAIL = "anna@holding.example"


@pytest.fixture
def holding(client_org, outsider_org):
    """Anna keeps the books of both companies of a holding."""
    make_person(client_org, email=EMAIL, role=Role.ACCOUNTANT)
    make_person(outsider_org, email=EMAIL, role=Role.PROCUREMENT)
    return client_org, outsider_org


def test_a_person_of_several_organisations_picks_one_after_login(client, holding):
    response = log_in(client, EMAIL)
    assert response.redirect_chain[-1][0] == SWITCH
    html = response.content.decode()
    assert "АО «Посторонний»" in html and "ООО «Профкерамика»" in html
    # Nothing opens before the choice.
    assert client.get(reverse("cabinet:question_list"))["Location"] == SWITCH


def test_the_choice_opens_that_organisations_cabinet(client, holding):
    _own, other = holding
    log_in(client, EMAIL)
    response = client.post(SWITCH, {"client_id": other.id}, follow=True)
    assert response.redirect_chain[-1][0] == HOME
    assert "Здравствуйте, АО «Посторонний»!" in response.content.decode()


def test_switching_from_the_header_keeps_the_session_and_applies_the_role_there(client, holding):
    own, other = holding
    log_in(client, EMAIL)
    client.post(SWITCH, {"client_id": own.id})
    assert client.get(reverse("cabinet:documents_invoice")).status_code == 200  # accountant here
    session_key = client.session.session_key
    response = client.post(SWITCH, {"client_id": other.id, "next": HOME}, follow=True)
    assert "Здравствуйте, АО «Посторонний»!" in response.content.decode()
    assert client.get(reverse("cabinet:documents_invoice")).status_code == 404  # procurement there
    assert client.session.session_key == session_key


def test_a_person_of_one_organisation_goes_straight_to_it(client, client_org):
    make_person(client_org, email="solo@profkeramika.example", role=Role.ACCOUNTANT)
    assert log_in(client, "solo@profkeramika.example").redirect_chain[-1][0] == HOME


def test_switching_to_an_organisation_one_does_not_belong_to_is_404(client, holding):
    stranger = make_client(name="ООО «Чужое»")
    log_in(client, EMAIL)
    assert client.post(SWITCH, {"client_id": stranger.id}).status_code == 404
    assert client.post(SWITCH, {"client_id": "x"}).status_code == 404


def test_a_closed_membership_cannot_be_switched_to(client, holding):
    _own, other = holding
    Membership.objects.filter(client=other, user__username=EMAIL).update(is_active=False)
    log_in(client, EMAIL)
    assert client.post(SWITCH, {"client_id": other.id}).status_code == 404


def test_when_the_active_organisation_closes_the_person_picks_another(client, holding):
    _own, other = holding
    log_in(client, EMAIL)
    client.post(SWITCH, {"client_id": other.id})
    Membership.objects.filter(client=other, user__username=EMAIL).update(is_active=False)
    response = client.get(HOME, follow=True)
    assert response.redirect_chain[-1][0] == SWITCH
    html = response.content.decode()
    assert "Доступ к выбранной организации закрыт." in html
    assert "АО «Посторонний»" not in html


def test_the_header_switch_lists_the_persons_organisations(client, holding):
    own, other = holding
    log_in(client, EMAIL)
    client.post(SWITCH, {"client_id": own.id})
    request = client.get(HOME).wsgi_request
    html = render_to_string("cabinet/includes/org_switch.html", {"request": request})
    assert '<span class="org-current">ООО «Профкерамика»</span>' in html  # the button that opens the list
    assert f'name="client_id" value="{own.id}" class="link-button" aria-current="true">ООО «Профкерамика»<' in html
    assert f'name="client_id" value="{other.id}" class="link-button">АО «Посторонний»<' in html
    assert f'action="{SWITCH}"' in html


def test_the_header_switch_is_absent_and_costs_no_query_for_a_single_company(logged_in):
    request = logged_in.get(HOME).wsgi_request
    with CaptureQueriesContext(connection) as queries:
        html = render_to_string("cabinet/includes/org_switch.html", {"request": request})
    assert "org-switch" not in html
    assert len(queries) == 0


def test_the_inn_login_costs_no_membership_query_per_page(logged_in):
    logged_in.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        logged_in.get(HOME)
    assert not any('"clients_membership"' in q["sql"] for q in queries)


def test_without_a_session_choice_only_the_inn_login_has_an_organisation(client_org, holding):
    anna = Membership.objects.filter(user__username=EMAIL).first().user
    assert access_for(user=client_org.user).client == client_org
    assert access_for(user=anna) is None
    assert access_for(user=anna, client_id=client_org.id).role == Role.ACCOUNTANT


def test_the_switch_page_needs_a_login(client, db):
    assert client.get(SWITCH)["Location"].startswith(reverse("account_login"))


def test_a_colleagues_page_reads_the_membership_once(client, client_org):
    make_person(client_org, email="solo@profkeramika.example", role=Role.ACCOUNTANT)
    log_in(client, "solo@profkeramika.example")
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("cabinet:question_list")).status_code == 200
    assert sum('"clients_membership"' in q["sql"] for q in queries) == 1

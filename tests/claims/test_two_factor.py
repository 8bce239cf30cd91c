"""Staff who handle claims see clients' photos and send decisions in the company's name: like act
reviewers, they may not use the admin without two-factor login, nor switch it off."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.clients.two_factor import PortalMFAAdapter, two_factor_required
from tests.claims.conftest import grant
from tests.totp import totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
CODE_STEP = "/accounts/2fa/authenticate/"


@pytest.fixture
def newcomer(db, password):
    """Given the claims permission today, no authenticator app yet."""
    user = get_user_model().objects.create_user(username="newcomer", password=password, is_staff=True)
    return grant(user, "view_claim", "handle_claim")


def _admin_login(http, user, password):
    return http.post(reverse("admin:login"), {"username": user.username, "password": password, "next": "/admin/"})


def test_the_claims_permission_requires_two_factor_login_and_looking_does_not(staff_user, newcomer):
    assert two_factor_required(newcomer)
    assert not two_factor_required(grant(staff_user, "view_claim"))


def test_a_handler_without_an_app_reaches_no_claim_before_setting_it_up(client, newcomer, password):
    assert _admin_login(client, newcomer, password)["Location"] == "/admin/"
    for page in ("/admin/", "/admin/claims/claimopen/", "/admin/claims/claim/"):
        assert client.get(page)["Location"] == ACTIVATE, page


def test_a_handler_with_an_app_needs_the_code_and_cannot_switch_it_off(client, handler, password):
    from allauth.mfa.utils import decrypt

    assert _admin_login(client, handler, password)["Location"] == CODE_STEP
    assert client.get("/admin/claims/claimopen/")["Location"].startswith("/admin/login/")
    app = Authenticator.objects.get(user=handler, type=Authenticator.Type.TOTP)
    assert client.post(CODE_STEP, {"code": totp_code(decrypt(app.data["secret"]))})["Location"] == "/admin/"
    assert client.get("/admin/claims/claimopen/").status_code == 200
    assert not PortalMFAAdapter().can_delete_authenticator(app)

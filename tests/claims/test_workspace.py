"""The staff workspace (the admin's front page) counts the claims waiting for a decision and
those past their deadline, for staff who may open the queue."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.claims.conftest import file_claim

pytestmark = pytest.mark.django_db

QUEUE = "/admin/claims/claimopen/"


@pytest.fixture
def as_handler(client, handler):
    client.force_login(handler)
    return client


def test_the_workspace_counts_claims_waiting_and_late(as_handler, client_org, shipment):
    with time_machine.travel(timezone.now() - timedelta(hours=25)):
        file_claim(client_org, shipment)
    file_claim(client_org, shipment)
    page = as_handler.get("/admin/").content.decode()
    assert re.search(r'data-count="claims-waiting">2<', page)
    assert re.search(r'<p class="font-semibold text-red-600">Срок прошёл: <span data-count="claims-overdue">1<', page)
    assert f'href="{QUEUE}"' in page


def test_the_workspace_has_no_claims_tile_for_staff_who_may_not_open_them(client, staff_user):
    client.force_login(staff_user)
    assert 'id="tile-claims"' not in client.get("/admin/").content.decode()

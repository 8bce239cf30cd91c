"""Staff see 1C's health in the admin; nobody else does."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_see_the_base_name_and_latency(admin_client, fake_onec):
    page = admin_client.get(reverse("onec:health")).content.decode()
    assert "Фейковая 1С" in page and "мс" in page


def test_staff_see_the_error_when_1c_is_down(admin_client, fake_onec):
    fake_onec.set_down()
    page = admin_client.get(reverse("onec:health")).content.decode()
    assert "unavailable" in page and "Фейковая 1С" not in page


def test_a_client_cannot_see_it(client, fake_onec):
    response = client.get(reverse("onec:health"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]

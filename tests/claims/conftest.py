"""The claims' cast: the owner's delivered shipment, photos as a phone saves them, a member of
staff who handles claims (with the two-factor app such staff must use), and a filing helper."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.claims import services
from apps.claims.uploads import claim_upload_check
from tests.factories import PASSWORD
from tests.reconciliation.conftest import image_bytes
from tests.totp import give_totp

PERIOD = {"date_from": "2026-09-01", "date_to": "2026-11-28"}
SHIPMENT_DATE = date(2026, 11, 5)


@pytest.fixture
def onec(fake_onec, client_org):
    fake_onec.add_client(client_org.inn, client_org.name)
    return fake_onec


@pytest.fixture
def shipment(onec, client_org):
    """A delivered wagon of the owner's, inside PERIOD."""
    return onec.add_shipment(client_org.inn, SHIPMENT_DATE, number="123", status="Delivered", vehicle="Вагон 52345678")


@pytest.fixture
def outsider_shipment(fake_onec, outsider_org):
    fake_onec.add_client(outsider_org.inn, outsider_org.name)
    return fake_onec.add_shipment(outsider_org.inn, SHIPMENT_DATE, number="999", status="Delivered")


def grant(user, *codenames: str):
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="claims", codename__in=codenames))
    return get_user_model().objects.get(pk=user.pk)  # fresh: the permission cache is per instance


@pytest.fixture
def handler(db):
    """A member of staff who takes claims into work and decides them."""
    user = get_user_model().objects.create_user(
        username="quality", password=PASSWORD, is_staff=True, email="quality@podolskogneupor.example"
    )
    give_totp(user)  # who handles claims must log in with two-factor login (apps/clients/two_factor.py)
    return grant(user, "view_claim", "handle_claim")


def photo(name: str = "трещина.jpg", fmt: str = "JPEG", size=(40, 30)) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes(fmt, size), content_type="image/jpeg")


def line(product: str = "Кирпич ШПД-41", quantity: str = "1.5", unit: str = "t") -> services.ClaimLineData:
    return services.ClaimLineData(product=product, quantity=Decimal(quantity), unit=unit)


def file_claim(client, shipment, *, files=None, user=None, **fields):
    """A claim filed the way the cabinet files it, one photo and one line unless told."""
    uploads = [claim_upload_check(item) for item in (files if files is not None else [photo()])]
    values = {
        "description": "Кирпич пришёл с трещинами, часть поддонов разбита.",
        "outcome": "replacement",
        "lines": [line()],
        **fields,
    }
    return services.claim_create(client=client, shipment=shipment, user=user or client.user, uploads=uploads, **values)

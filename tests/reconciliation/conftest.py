import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from pypdf import PdfWriter

from apps.reconciliation import services
from tests.factories import PASSWORD
from tests.totp import give_totp

INN = "5036012344"  # client_org's


def grant(user, *codenames: str):
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="reconciliation", codename__in=codenames)
    )
    return get_user_model().objects.get(pk=user.pk)  # fresh: the permission cache is per instance


@pytest.fixture
def reviewer(db):
    """A colleague who may approve and reject acts."""
    user = get_user_model().objects.create_user(username="reviewer", password=PASSWORD, is_staff=True)
    give_totp(user)  # who may review acts must log in with two-factor login (apps/clients/two_factor.py)
    return grant(user, "view_reconciliationact", "review_reconciliationact")


@pytest.fixture
def onlooker(staff_user):
    """Staff who may look at acts but hold no review permission."""
    return grant(staff_user, "view_reconciliationact")


@pytest.fixture
def real_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def act_in_review(client_org, fake_onec):
    """An act 1C has delivered, waiting for a reviewer."""
    from datetime import date

    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "1500.00", "-250.50", b"%PDF-1.4 act from 1C")
    act = services.act_order_create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email, language="ru"
    )
    act.refresh_from_db()
    assert act.status == "in_review"
    assert act.opening_balance == Decimal("1500.00")
    return act


@pytest.fixture
def sent_act(act_in_review, reviewer):
    """An act a reviewer approved and e-mailed: the client may now answer it."""
    return services.act_approve(act=act_in_review, actor=reviewer)


def image_bytes(fmt: str, size: tuple[int, int] = (40, 30)) -> bytes:
    """A real small picture as a scanner or a phone would save it (Pillow only in tests)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 180, 150)).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def png_bytes() -> bytes:
    return image_bytes("PNG")


@pytest.fixture
def jpeg_bytes() -> bytes:
    return image_bytes("JPEG")


# The start of a Windows program: what an .exe renamed «акт.pdf» really holds.
EXE_BYTES = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"This program cannot be run in DOS mode." * 20
)

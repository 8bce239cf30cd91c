"""What a client uploads with a quality claim is someone else's file until proven otherwise:
staff open it in the admin and colleagues on the claim's page. Each hostile file is refused with
a Russian message and leaves nothing behind — no claim, no file in the private storage (a local
folder or an S3 bucket) — or, where it is a genuine PDF or picture, is neutralised: a picture is
drawn again without what it carried, and nothing is ever served inline as a type a browser runs."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.claims.models import Claim
from tests.claims.cabinet import post_claim
from tests.claims.conftest import SHIPMENT_DATE, photo
from tests.claims.images import png_of_size
from tests.e2e.conftest import blank_pdf
from tests.reconciliation.conftest import EXE_BYTES, image_bytes

pytestmark = pytest.mark.django_db

SCRIPT = b"<html><body><script>fetch('/people/').then(r => r.text()).then(alert)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


@pytest.fixture
def shipment(fake_onec, client_org):
    fake_onec.add_client(client_org.inn, client_org.name)
    return fake_onec.add_shipment(client_org.inn, SHIPMENT_DATE, number="123", status="Delivered")


@pytest.fixture(autouse=True)
def _clock():
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Europe/Moscow")), tick=True):
        yield


def _refused(logged_in, shipment, private_storage, upload, words: str) -> None:
    response = post_claim(logged_in, shipment.id, files=[photo(), SimpleUploadedFile(*upload)])
    page = response.content.decode()
    assert response.status_code == 400
    assert words in page, re.findall(r'<p class="field-error"[^>]*>(.*?)</p>', page)
    assert not Claim.objects.exists()
    assert private_storage.names() == [] and private_storage.on_disk() == []


@pytest.mark.parametrize(
    ("upload", "words"),
    [
        (("акт.pdf", SCRIPT + b"\n%PDF-1.4\n" + blank_pdf()), "«акт.pdf» по содержимому не фото"),
        (("схема.svg", SVG, "image/svg+xml"), "«схема.svg» по содержимому не фото"),
        (("фото.jpg", SVG, "image/jpeg"), "«фото.jpg» по содержимому не фото"),
        (("план.png", png_of_size(100_000, 100_000)), "Фото «план.png» слишком большое"),
        (("трещина.jpg", EXE_BYTES, "image/jpeg"), "«трещина.jpg» по содержимому не фото"),
        (("весь_вагон.jpg", b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024)), "«весь_вагон.jpg» больше 10 МБ"),
    ],  # (name, content, type): a new upload for each run, the folder's and the bucket's
    ids=["html-then-pdf-polyglot", "svg", "svg-named-jpg", "huge-png", "renamed-exe", "11-mb"],
)
def test_a_hostile_file_is_refused_in_russian_and_nothing_is_stored(
    logged_in, shipment, private_storage, upload, words
):
    _refused(logged_in, shipment, private_storage, upload, words)


def test_a_pdf_carrying_html_is_never_shown_inline(logged_in, shipment, private_storage):
    polyglot = blank_pdf() + b"\n%" + SCRIPT + b"\n"  # a valid PDF a sniffing browser could read as HTML
    response = post_claim(logged_in, shipment.id, files=[SimpleUploadedFile("акт.html", polyglot)])
    claim = Claim.objects.get()
    [stored] = claim.files.all()
    assert response.status_code == 302 and (stored.content_type, stored.file_name) == ("application/pdf", "акт.pdf")
    served = logged_in.get(reverse("cabinet:claim_file", args=[claim.id, stored.id]))
    assert served["Content-Type"] == "application/pdf" and served["X-Content-Type-Options"] == "nosniff"
    assert served["Content-Disposition"].startswith("attachment")
    assert b"".join(served.streaming_content) == polyglot  # kept as it came, only ever downloaded


def test_a_picture_carrying_a_script_is_stored_without_it(logged_in, shipment, private_storage):
    response = post_claim(logged_in, shipment.id, files=[SimpleUploadedFile("фото.jpg", image_bytes("JPEG") + SCRIPT)])
    claim = Claim.objects.get()
    [stored] = claim.files.all()
    assert response.status_code == 302
    for name in (stored.file_path, stored.preview_path):
        assert b"<script>" not in private_storage.storage.open(name).read()
    served = logged_in.get(reverse("cabinet:claim_file", args=[claim.id, stored.id]))
    assert (served["Content-Type"], served["X-Content-Type-Options"]) == ("image/jpeg", "nosniff")


def test_a_file_name_cannot_reach_a_header_or_another_folder(logged_in, shipment, private_storage):
    post_claim(logged_in, shipment.id, files=[SimpleUploadedFile('..\\..\\evil"\r\nX-Bad: 1.png', image_bytes("PNG"))])
    [stored] = Claim.objects.get().files.all()
    assert not set(stored.file_name) & set('\\/"\r\n:') and stored.file_name.endswith(".png")
    assert re.fullmatch(r"claims/\d+/[0-9a-f]{32}\.png", stored.file_path)

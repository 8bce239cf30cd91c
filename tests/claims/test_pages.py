"""The organisation's claims in the cabinet: the list, a claim's page with staff's decision once
given, its files (a photo inline only as the portal drew it, a PDF only as an attachment), and
nothing of another organisation's — nor anything at all for the accountant's role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client as Browser
from django.urls import reverse

from apps.claims import services
from apps.clients.models import Role
from tests.claims.conftest import file_claim, photo
from tests.clients.people_helpers import log_in, make_person
from tests.e2e.conftest import blank_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(client_org, shipment):
    pdf = SimpleUploadedFile("акт осмотра.pdf", blank_pdf())
    return file_claim(client_org, shipment, files=[photo("трещина.jpg"), pdf])


@pytest.fixture
def outsider_claim(outsider_org, outsider_shipment):
    return file_claim(outsider_org, outsider_shipment)


def _person(client_org, role) -> Browser:
    http = Browser()
    make_person(client_org, email=f"{role}@claims.example", role=role)
    log_in(http, f"{role}@claims.example")
    return http


def _urls(claim) -> list[str]:
    photo_file = claim.files.first()
    return [
        reverse("cabinet:claims"),
        reverse("cabinet:claim_detail", args=[claim.id]),
        reverse("cabinet:claim_file", args=[claim.id, photo_file.id]),
        reverse("cabinet:claim_file_preview", args=[claim.id, photo_file.id]),
    ]


def test_the_list_shows_each_claim_with_its_number_shipment_and_status(logged_in, claim):
    html = logged_in.get(reverse("cabinet:claims")).content.decode()
    assert claim.number in html and "№ 123, 05.11.2026" in html and ">Подана</span>" in html
    assert reverse("cabinet:claim_detail", args=[claim.id]) in html


def test_the_list_says_where_claims_are_filed_when_there_are_none(logged_in):
    html = logged_in.get(reverse("cabinet:claims")).content.decode()
    assert "Претензий пока нет." in html and reverse("cabinet:shipments") in html


def test_a_claims_page_shows_its_lines_files_and_what_happens_next(logged_in, client_org, claim):
    html = logged_in.get(reverse("cabinet:claim_detail", args=[claim.id])).content.decode()
    assert "Кирпич ШПД-41" in html and "1,5 т" in html and "Замена" in html
    assert "Кирпич пришёл с трещинами, часть поддонов разбита." in html
    assert "трещина.jpg" in html and "акт_осмотра.pdf" in html
    assert reverse("cabinet:claim_file_preview", args=[claim.id, claim.files.first().id]) in html
    assert f"Решение придёт на {client_org.email} и появится на этой странице." in html


def test_staffs_decision_and_answer_are_shown_once_given(logged_in, claim, handler):
    services.claim_take(claim=claim, actor=handler)
    html = logged_in.get(reverse("cabinet:claim_detail", args=[claim.id])).content.decode()
    assert ">На рассмотрении</span>" in html and "Мы рассматриваем претензию" in html
    services.claim_decide(claim=claim, actor=handler, decision="partial", answer="Заменим 0,5 т\nпо акту.")
    html = logged_in.get(reverse("cabinet:claim_detail", args=[claim.id])).content.decode()
    assert ">Удовлетворена частично</span>" in html
    assert "Заменим 0,5 т<br>по акту." in html


def test_a_photo_is_shown_as_drawn_again_and_never_sniffed(logged_in, claim):
    photo_file, _pdf = claim.files.all()
    response = logged_in.get(reverse("cabinet:claim_file", args=[claim.id, photo_file.id]))
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"\xff\xd8\xff")
    preview = logged_in.get(reverse("cabinet:claim_file_preview", args=[claim.id, photo_file.id]))
    assert preview["Content-Type"] == "image/jpeg" and preview["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_is_only_ever_an_attachment(logged_in, claim):
    _photo, pdf_file = claim.files.all()
    response = logged_in.get(reverse("cabinet:claim_file", args=[claim.id, pdf_file.id]))
    assert response["Content-Type"] == "application/pdf" and response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content) == blank_pdf()
    assert logged_in.get(reverse("cabinet:claim_file_preview", args=[claim.id, pdf_file.id])).status_code == 404


@pytest.mark.parametrize("role", [Role.PROCUREMENT, Role.ADMIN])
def test_another_organisations_claim_and_files_are_404_for_every_role(client_org, claim, outsider_claim, role):
    http = _person(client_org, role)
    assert all(http.get(url).status_code == 200 for url in _urls(claim))
    assert [http.get(url).status_code for url in _urls(outsider_claim)[1:]] == [404, 404, 404]
    # A file of the outsider's claim asked for under the owner's claim: still not there.
    mixed = reverse("cabinet:claim_file", args=[claim.id, outsider_claim.files.first().id])
    assert http.get(mixed).status_code == 404


def test_the_accountants_role_gets_404_for_every_claims_url(client_org, claim, shipment):
    from tests.claims.cabinet import claim_url, post_claim

    http = _person(client_org, Role.ACCOUNTANT)
    assert [http.get(url).status_code for url in [*_urls(claim), claim_url(shipment.id)]] == [404] * 5
    assert post_claim(http, shipment.id).status_code == 404


def test_claims_are_a_section_for_the_roles_that_file_them(client_org, claim):
    link = f'href="{reverse("cabinet:claims")}"'
    assert link in _person(client_org, Role.PROCUREMENT).get(reverse("cabinet:home")).content.decode()
    assert link not in _person(client_org, Role.ACCOUNTANT).get(reverse("cabinet:home")).content.decode()


def test_the_list_pages_back_through_many_claims_newest_first(logged_in, client_org, shipment):
    numbers = [file_claim(client_org, shipment).number for _ in range(51)]
    first = logged_in.get(reverse("cabinet:claims")).content.decode()
    assert numbers[-1] in first and numbers[1] in first and f">{numbers[0]}<" not in first
    assert "Страница 1 из 2" in first and 'rel="next"' in first
    second = logged_in.get(reverse("cabinet:claims"), {"page": 2}).content.decode()
    assert f">{numbers[0]}<" in second and numbers[-1] not in second
    assert logged_in.get(reverse("cabinet:claims"), {"page": "999"}).status_code == 200  # the last page

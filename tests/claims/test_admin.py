"""Staff's side in the admin: the queue of claims without a decision (oldest first, the late ones
in red), a claim's page with the client's photos behind the admin's permission check, taking it
into work and deciding it."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.claims import services
from apps.claims.models import Claim
from apps.mail.models import OutgoingEmail
from tests.claims.conftest import file_claim, grant, photo
from tests.e2e.conftest import blank_pdf

pytestmark = pytest.mark.django_db

QUEUE = "/admin/claims/claimopen/"


def _url(name: str, claim, *args) -> str:
    return reverse(f"admin:claims_claim_{name}", args=[claim.id, *args])


@pytest.fixture
def as_handler(client, handler):
    client.force_login(handler)
    return client


@pytest.fixture
def claim(client_org, shipment):
    return file_claim(client_org, shipment, files=[photo("трещина.jpg"), SimpleUploadedFile("акт.pdf", blank_pdf())])


def test_the_queue_lists_claims_without_a_decision_oldest_first_and_flags_late_ones(
    as_handler, client_org, shipment, handler
):
    start = timezone.now()
    with time_machine.travel(start - timedelta(hours=30)):
        late = file_claim(client_org, shipment)
    with time_machine.travel(start - timedelta(hours=2)):
        fresh = file_claim(client_org, shipment)
    decided = file_claim(client_org, shipment)
    services.claim_take(claim=decided, actor=handler)
    services.claim_decide(claim=decided, actor=handler, decision="rejected", answer="Не подтвердилось.")
    with time_machine.travel(start, tick=False):
        page = as_handler.get(QUEUE).content.decode()
    assert page.index(late.number) < page.index(fresh.number)
    assert decided.number not in page
    assert page.count("фото: 1, PDF: 0") == 2
    waits = re.findall(r'<span class="([^"]*)">(\d+ дн \d+ ч|\d+ ч)</span>', page)
    [(late_classes, late_age), (fresh_classes, fresh_age)] = waits
    assert (late_age, fresh_age) == ("1 дн 6 ч", "2 ч")
    assert "bg-red-100" in late_classes  # not taken into work within a day
    assert "bg-red-100" not in fresh_classes


def test_a_claim_in_work_is_late_after_ten_days_without_a_decision(client_org, shipment, handler):
    from apps.claims.selectors import claim_is_overdue

    claim = file_claim(client_org, shipment)
    services.claim_take(claim=claim, actor=handler)
    assert not claim_is_overdue(claim=claim, now=claim.filed_at + timedelta(days=9, hours=23))
    assert claim_is_overdue(claim=claim, now=claim.filed_at + timedelta(days=10, minutes=1))


def test_a_claims_page_shows_what_the_client_wrote_with_the_photos(as_handler, claim):
    page = as_handler.get(_url("review", claim)).content.decode()
    photo_file, pdf_file = claim.files.all()
    assert "ООО «Профкерамика»" in page and "№ 123, 05.11.2026" in page and "Замена" in page
    assert "Кирпич пришёл с трещинами" in page and "1. Кирпич ШПД-41 — 1,5 т" in page
    assert f'src="{_url("file_preview", claim, photo_file.id)}"' in page
    assert _url("file", claim, pdf_file.id) in page
    assert "Претензия подана" in page and "Взять в работу" in page


def test_staff_see_the_photo_inline_and_the_pdf_as_an_attachment(as_handler, claim):
    photo_file, pdf_file = claim.files.all()
    image = as_handler.get(_url("file", claim, photo_file.id))
    assert (image["Content-Type"], image["X-Content-Type-Options"]) == ("image/jpeg", "nosniff")
    assert image["Content-Disposition"].startswith("inline")
    pdf = as_handler.get(_url("file", claim, pdf_file.id))
    assert pdf["Content-Disposition"].startswith("attachment") and pdf["X-Content-Type-Options"] == "nosniff"


def test_a_file_is_found_only_under_its_own_claim(as_handler, claim, client_org, shipment):
    other = file_claim(client_org, shipment)
    assert as_handler.get(_url("file", claim, other.files.first().id)).status_code == 404
    assert as_handler.get(_url("file", claim, "1x")).status_code == 404
    assert as_handler.get(reverse("admin:claims_claim_review", args=["abc"])).status_code == 404


def test_staff_take_the_claim_into_work_and_decide_it(as_handler, claim, client_org):
    response = as_handler.post(_url("take", claim), follow=True)
    assert "Претензия взята в работу." in response.content.decode()
    again = as_handler.post(_url("take", claim), follow=True)
    assert "Эту претензию уже взяли в работу." in again.content.decode()
    response = as_handler.post(_url("decide", claim), {"decision": "satisfied", "answer": "Заменим всю партию."})
    assert response["Location"] == QUEUE
    claim.refresh_from_db()
    assert (claim.status, claim.answer) == ("satisfied", "Заменим всю партию.")
    page = as_handler.get(_url("review", claim)).content.decode()
    assert "Решение по претензии отправлено клиенту" in page and client_org.email in page


def test_a_decision_without_its_choice_or_answer_comes_back_with_both_reasons(as_handler, claim, handler):
    services.claim_take(claim=claim, actor=handler)
    response = as_handler.post(_url("decide", claim), {"answer": "  "})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Выберите решение по претензии." in page and "Напишите клиенту, что решено и почему." in page
    assert Claim.objects.get().status == "in_work" and not OutgoingEmail.objects.filter(key__endswith=".decided")


def test_staff_who_may_only_look_cannot_move_a_claim(client, staff_user, claim):
    client.force_login(grant(staff_user, "view_claim"))
    page = client.get(_url("review", claim)).content.decode()
    assert "Рассматривать претензии и принимать по ним решения может только сотрудник с этим правом." in page
    assert client.post(_url("take", claim)).status_code == 403
    assert client.post(_url("decide", claim), {"decision": "rejected", "answer": "Нет."}).status_code == 403
    assert Claim.objects.get().status == "new"


def test_staff_without_the_claims_permissions_see_no_claim_and_no_photo(client, staff_user, claim):
    client.force_login(staff_user)
    photo_file = claim.files.first()
    for url in (_url("review", claim), _url("file", claim, photo_file.id), _url("file_preview", claim, photo_file.id)):
        assert client.get(url).status_code == 403, url
    assert client.get(QUEUE).status_code == 403


def test_nobody_deletes_a_claim_in_the_admin(client, superuser, claim):
    client.force_login(superuser)
    assert client.get(reverse("admin:claims_claim_delete", args=[claim.id])).status_code == 403
    assert "Рассмотреть" in client.get(reverse("admin:claims_claim_changelist")).content.decode()
    assert client.get(reverse("admin:claims_claim_change", args=[claim.id]))["Location"] == _url("review", claim)


def test_lines_files_and_counters_are_read_only_lists(client, superuser, claim):
    client.force_login(superuser)
    photo_file = claim.files.first()
    files = client.get("/admin/claims/claimfile/", {"q": "5036012344"}).content.decode()
    assert _url("file", claim, photo_file.id) in files and claim.number in files
    assert "Кирпич ШПД-41" in client.get("/admin/claims/claimline/").content.decode()
    assert client.get(f"/admin/claims/claimfile/{photo_file.id}/change/").status_code == 200
    assert client.get("/admin/claims/claimcounter/").status_code == 200
    assert client.get(f"/admin/claims/claimfile/{photo_file.id}/delete/").status_code == 403


@pytest.mark.parametrize("bad_id", ["abc", "1'", "99999999999999999999999", "-1", "%00"])
def test_a_malformed_id_on_a_claims_admin_page_is_not_found(client, superuser, claim, bad_id):
    from django.test import Client as HttpClient

    http = HttpClient(raise_request_exception=False)
    http.force_login(superuser)
    base = "/admin/claims/claim"
    pages = [("get", f"{base}/{bad_id}/review/"), ("post", f"{base}/{bad_id}/take/"),
             ("post", f"{base}/{bad_id}/decide/"), ("get", f"{base}/{bad_id}/files/1/"),
             ("get", f"{base}/{claim.id}/files/{bad_id}/"), ("get", f"{base}/{claim.id}/files/{bad_id}/preview/"),
             ("get", f"/admin/claims/claimopen/{bad_id}/change/")]  # fmt: skip
    assert [getattr(http, method)(page).status_code for method, page in pages] == [404] * len(pages)


def test_the_claims_lists_cost_the_same_queries_for_three_times_the_rows(client, superuser, client_org, shipment):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(superuser)
    pages = [QUEUE, "/admin/claims/claim/", "/admin/claims/claimline/", "/admin/claims/claimfile/", "/admin/"]

    def counts() -> list[int]:
        found = []
        for page in pages:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(page).status_code == 200, page
            found.append(len(queries))
        return found

    for _ in range(3):
        file_claim(client_org, shipment, files=[photo(), SimpleUploadedFile("акт.pdf", blank_pdf())])
    counts()  # warm: the session, content types and permissions are read once
    at_n = counts()
    for _ in range(6):
        file_claim(client_org, shipment)
    assert counts() == at_n

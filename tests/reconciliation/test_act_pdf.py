"""The sent act's PDF from its page in the cabinet: only the organisation's own sent act, only for
the roles that see acts, streamed from the private storage and written in the download journal."""

from datetime import date

import pytest
from django.test import Client as Browser
from django.urls import reverse

from apps.clients.models import Role
from apps.core.private_files import PrivateFileUnavailable
from apps.documents.models import DocumentDownload
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.storage import act_file_store
from tests.clients.people_helpers import log_in, make_person

pytestmark = pytest.mark.django_db(transaction=True)


def _pdf_url(act) -> str:
    return reverse("cabinet:act_pdf", args=[act.id])


def test_the_sent_act_downloads_from_its_page(logged_in, sent_act, client_org):
    page = logged_in.get(reverse("cabinet:act_detail", args=[sent_act.id])).content.decode()
    assert _pdf_url(sent_act) in page and "Скачать акт (PDF)" in page
    assert "Распечатайте акт из письма" not in page
    response = logged_in.get(_pdf_url(sent_act))
    assert response.status_code == 200
    assert response.streaming  # from the storage in chunks, never whole in memory
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "5036012344" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == b"%PDF-1.4 act from 1C"


def test_the_download_is_written_in_the_journal(logged_in, sent_act, client_org):
    b"".join(logged_in.get(_pdf_url(sent_act)).streaming_content)
    [entry] = DocumentDownload.objects.filter(client=client_org)
    assert (entry.what, entry.user, entry.title) == ("act", client_org.user, sent_act.file_name)
    assert (entry.document_id, entry.size) == (f"act-{sent_act.id}", len(b"%PDF-1.4 act from 1C"))
    assert entry.get_what_display() == "акт сверки"


def test_another_organisations_act_is_404(client, outsider_org, sent_act):
    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    assert client.get(_pdf_url(sent_act)).status_code == 404
    assert not DocumentDownload.objects.exists()


@pytest.mark.parametrize("status", ["queued", "running", "retrying", "in_review", "rejected", "unavailable"])
def test_an_act_not_sent_is_404_even_with_its_file(logged_in, client_org, status):
    act = ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email,
        status=status, file_name="act.pdf",
    )  # fmt: skip
    act.file_path = act_file_store(act_id=act.id, data=b"%PDF-1.4 not approved yet")
    act.save(update_fields=["file_path"])
    assert logged_in.get(_pdf_url(act)).status_code == 404
    page = logged_in.get(reverse("cabinet:act_detail", args=[act.id])).content.decode()
    assert _pdf_url(act) not in page
    assert not DocumentDownload.objects.exists()


def test_an_unknown_act_or_a_lost_file_is_404(logged_in, sent_act):
    assert logged_in.get(reverse("cabinet:act_pdf", args=[2**70])).status_code == 404
    ReconciliationAct.objects.filter(id=sent_act.id).update(file_path=f"acts/{sent_act.id}/gone.pdf")
    assert logged_in.get(_pdf_url(sent_act)).status_code == 404


@pytest.mark.parametrize(("role", "opens"), [(Role.ACCOUNTANT, True), (Role.ADMIN, True), (Role.PROCUREMENT, False)])
def test_acts_are_for_the_accountant_and_the_administrator(client_org, sent_act, role, opens):
    http = Browser()
    make_person(client_org, email=f"{role}@profkeramika.example", role=role)
    log_in(http, f"{role}@profkeramika.example")
    assert http.get(_pdf_url(sent_act)).status_code == (200 if opens else 404)
    assert DocumentDownload.objects.filter(what="act").count() == (1 if opens else 0)


def test_a_storage_that_does_not_answer_sends_the_client_back_with_a_message(logged_in, sent_act, monkeypatch):
    def down(name):
        raise PrivateFileUnavailable("timeout")

    monkeypatch.setattr("apps.cabinet.views.acts.act_file_stream", down)
    response = logged_in.get(_pdf_url(sent_act), follow=True)
    assert response.redirect_chain[-1][0] == reverse("cabinet:act_detail", args=[sent_act.id])
    assert "Хранилище файлов сейчас недоступно" in response.content.decode()
    assert not DocumentDownload.objects.exists()

"""The client answers a sent act in the cabinet: confirms it, disputes it, or sends the signed copy."""

from datetime import date

import pytest
from django.core import mail
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.documents.models import DocumentDownload
from apps.mail.models import OutgoingEmail
from apps.reconciliation import answers, disputes, services
from apps.reconciliation.models import ReconciliationAct, ReconciliationActAnswer
from apps.reconciliation.scans import scan_from_upload
from tests.reconciliation.conftest import EXE_BYTES

pytestmark = pytest.mark.django_db(transaction=True)


def _answer_url(act) -> str:
    return reverse("cabinet:act_answer", args=[act.id])


def _detail(logged_in, act) -> str:
    return logged_in.get(reverse("cabinet:act_detail", args=[act.id])).content.decode()


def _confirm(logged_in, act):
    return logged_in.post(_answer_url(act), {"kind": "confirm"})


def _dispute(logged_in, act, comment="Оплата от 12.03 на 150 000,00 не учтена", upload=None):
    data = {"kind": "dispute", "dispute-comment": comment}
    if upload is not None:
        data["dispute-file"] = upload
    return logged_in.post(_answer_url(act), data)


def _signed(logged_in, act, upload):
    return logged_in.post(_answer_url(act), {"kind": "signed_copy", "signed-file": upload})


def _staff_emails():
    return list(OutgoingEmail.objects.filter(key__contains=".answer.").order_by("id"))


def _stored_answer_files(act) -> list[str]:
    storage = storages["private"]
    folder = f"acts/{act.id}/answers"
    return storage.listdir(folder)[1] if storage.exists(folder) else []


# --- The page before any answer -------------------------------------------------------------------


def test_a_sent_act_offers_the_three_answers(logged_in, sent_act):
    page = _detail(logged_in, sent_act)
    assert "Ваш ответ на акт" in page
    assert '<span class="status status-ok">Отправлен</span>' in page
    assert "Подтвердить" in page and "Есть расхождения" in page and "Подписанный экземпляр" in page
    assert "-250,50" in page  # the closing balance the client is asked to agree with


def test_an_act_in_review_offers_no_answer(logged_in, act_in_review):
    page = _detail(logged_in, act_in_review)
    assert "Ваш ответ на акт" not in page
    assert 'name="kind"' not in page


# --- Confirm --------------------------------------------------------------------------------------


def test_client_confirms_the_act_and_sees_it_confirmed(logged_in, sent_act, client_org):
    mail.outbox.clear()
    response = _confirm(logged_in, sent_act)
    assert response.status_code == 302
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "confirmed"
    assert sent_act.client_answered_at is not None
    [answer] = sent_act.answers.all()
    assert (answer.kind, answer.created_by, answer.file_path) == ("confirm", client_org.user, "")

    page = logged_in.get(response["Location"]).content.decode()
    assert "Спасибо! Акт сверки подтверждён." in page
    assert '<span class="status status-ok">Подтверждён</span>' in page
    assert 'value="confirm"' not in page  # confirmed once is enough
    order_page = logged_in.get(reverse("cabinet:act_order")).content.decode()
    assert '<span class="status status-ok">Подтверждён</span>' in order_page


def test_a_second_confirmation_is_refused_and_tells_staff_nothing_new(logged_in, sent_act):
    _confirm(logged_in, sent_act)
    again = _confirm(logged_in, sent_act)
    assert again.status_code == 302
    assert "Вы уже подтвердили этот акт." in logged_in.get(again["Location"]).content.decode()
    assert sent_act.answers.count() == 1
    assert len(_staff_emails()) == 1


# --- Dispute --------------------------------------------------------------------------------------


def test_client_reports_a_difference_with_a_comment(logged_in, sent_act):
    response = _dispute(logged_in, sent_act)
    assert response.status_code == 302
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "disputed"
    [answer] = sent_act.answers.all()
    assert answer.comment == "Оплата от 12.03 на 150 000,00 не учтена"
    page = logged_in.get(response["Location"]).content.decode()
    assert "Мы получили ваш ответ о расхождениях" in page
    assert '<span class="status status-warn">Есть расхождения</span>' in page
    assert "Оплата от 12.03 на 150 000,00 не учтена" in page


def test_a_dispute_needs_a_comment(logged_in, sent_act):
    response = _dispute(logged_in, sent_act, comment="   ")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Опишите, что не совпадает с вашими данными." in page
    assert 'aria-invalid="true"' in page
    assert not sent_act.answers.exists()
    assert _staff_emails() == []


def test_a_dispute_may_carry_a_file_which_the_client_can_download_back(logged_in, sent_act, png_bytes, client_org):
    upload = SimpleUploadedFile("наша сверка.png", png_bytes, content_type="image/png")
    assert _dispute(logged_in, sent_act, upload=upload).status_code == 302
    answer = sent_act.answers.get()
    assert (answer.file_name, answer.content_type, answer.file_size) == ("наша_сверка.png", "image/png", len(png_bytes))
    assert answer.file_path.startswith(f"acts/{sent_act.id}/answers/")

    url = reverse("cabinet:act_answer_file", args=[sent_act.id, answer.id])
    assert url in _detail(logged_in, sent_act)
    download = logged_in.get(url)
    assert download.status_code == 200
    assert download["Content-Type"] == "image/png"
    assert download["Content-Disposition"].startswith("attachment;")
    assert b"".join(download.streaming_content) == png_bytes
    [logged] = DocumentDownload.objects.filter(client=client_org)
    assert logged.title == "наша_сверка.png"


def test_after_a_dispute_the_client_cannot_confirm_until_staff_answer_it(logged_in, sent_act, reviewer):
    _dispute(logged_in, sent_act)
    page = _detail(logged_in, sent_act)
    assert 'value="confirm"' not in page and "Подтвердить</button>" not in page
    refused = _confirm(logged_in, sent_act)
    assert "Подтвердить акт можно, когда мы ответим на ваше сообщение о расхождениях." in (
        logged_in.get(refused["Location"]).content.decode()
    )
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "disputed"
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Оплата от 12.03 учтена в апреле.")
    assert _confirm(logged_in, sent_act).status_code == 302
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "confirmed"
    assert [a.kind for a in sent_act.answers.all()] == ["dispute", "confirm"]


# --- Signed copy ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fixture", "name", "content_type", "stored_name"),
    [
        ("real_pdf", "Акт сверки подписан.pdf", "application/pdf", "Акт_сверки_подписан.pdf"),
        ("jpeg_bytes", "IMG_2041.JPEG", "image/jpeg", "IMG_2041.jpg"),
        ("png_bytes", "scan.png", "image/png", "scan.png"),
    ],
)
def test_client_uploads_the_signed_copy_as_pdf_jpeg_or_png(
    logged_in, sent_act, request, fixture, name, content_type, stored_name
):
    data = request.getfixturevalue(fixture)
    response = _signed(logged_in, sent_act, SimpleUploadedFile(name, data, content_type="application/octet-stream"))
    assert response.status_code == 302
    sent_act.refresh_from_db()
    assert (sent_act.client_answer, sent_act.signed_copy_at is not None) == ("", True)
    answer = sent_act.answers.get()
    assert (answer.kind, answer.content_type, answer.file_name) == ("signed_copy", content_type, stored_name)
    with storages["private"].open(answer.file_path, "rb") as stored:
        assert stored.read() == data
    page = logged_in.get(response["Location"]).content.decode()
    assert "Спасибо! Подписанный экземпляр акта получен." in page
    assert '<span class="status status-ok">Получен подписанный экземпляр</span>' in page


def test_a_program_renamed_pdf_is_refused_with_a_clear_message(logged_in, sent_act):
    upload = SimpleUploadedFile("акт подписанный.pdf", EXE_BYTES, content_type="application/pdf")
    response = _signed(logged_in, sent_act, upload)
    assert response.status_code == 400
    assert "По содержимому этот файл не PDF, JPEG или PNG" in response.content.decode()
    assert not sent_act.answers.exists()
    assert _stored_answer_files(sent_act) == []


def test_an_11_mb_file_is_refused(logged_in, sent_act, real_pdf):
    big = real_pdf + b"\0" * (11 * 1024 * 1024 - len(real_pdf))
    response = _signed(logged_in, sent_act, SimpleUploadedFile("big.pdf", big, content_type="application/pdf"))
    assert response.status_code == 400
    assert "Файл больше 10 МБ." in response.content.decode()
    assert not sent_act.answers.exists()


def test_an_empty_file_is_refused(logged_in, sent_act):
    response = _signed(logged_in, sent_act, SimpleUploadedFile("empty.pdf", b"", content_type="application/pdf"))
    assert response.status_code == 400
    assert "Файл пустой." in response.content.decode()


def test_a_signed_copy_needs_a_file(logged_in, sent_act):
    response = logged_in.post(_answer_url(sent_act), {"kind": "signed_copy"})
    assert response.status_code == 400
    assert "Выберите файл." in response.content.decode()


def test_a_signed_copy_may_follow_a_confirmation(logged_in, sent_act, real_pdf):
    _confirm(logged_in, sent_act)
    assert _signed(logged_in, sent_act, SimpleUploadedFile("a.pdf", real_pdf)).status_code == 302
    sent_act.refresh_from_db()
    assert (sent_act.client_answer, sent_act.signed_copy_at is not None) == ("confirmed", True)


def test_after_the_signed_copy_only_another_scan_is_taken(logged_in, sent_act, real_pdf, png_bytes):
    _signed(logged_in, sent_act, SimpleUploadedFile("a.pdf", real_pdf))
    page = _detail(logged_in, sent_act)
    assert 'value="confirm"' not in page and 'value="dispute"' not in page
    assert "Прислать другой скан" in page
    refused = _dispute(logged_in, sent_act)
    assert "Подписанный экземпляр акта уже получен" in logged_in.get(refused["Location"]).content.decode()
    assert _signed(logged_in, sent_act, SimpleUploadedFile("b.png", png_bytes)).status_code == 302
    assert [a.kind for a in sent_act.answers.all()] == ["signed_copy", "signed_copy"]


# --- Who may answer what --------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["in_review", "rejected", "queued", "unavailable"])
def test_an_act_not_sent_cannot_be_answered(logged_in, client_org, status):
    act = ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email, status=status
    )
    response = _confirm(logged_in, act)
    assert response.status_code == 302
    assert (
        "Ответить можно только на отправленный вам акт сверки." in logged_in.get(response["Location"]).content.decode()
    )
    assert not ReconciliationActAnswer.objects.exists()
    with pytest.raises(answers.ActNotAnswerable):
        answers.act_answer_create(act=act, user=client_org.user, kind="confirm")


def test_another_clients_act_and_files_are_404(client, outsider_org, sent_act, png_bytes, logged_in):
    _dispute(logged_in, sent_act, upload=SimpleUploadedFile("x.png", png_bytes))
    answer = sent_act.answers.get()
    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    assert client.get(reverse("cabinet:act_detail", args=[sent_act.id])).status_code == 404
    assert client.post(_answer_url(sent_act), {"kind": "confirm"}).status_code == 404
    assert client.get(reverse("cabinet:act_answer_file", args=[sent_act.id, answer.id])).status_code == 404
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "disputed"


def test_an_answer_file_is_found_only_under_its_own_act(logged_in, sent_act, client_org, png_bytes):
    _dispute(logged_in, sent_act, upload=SimpleUploadedFile("x.png", png_bytes))
    answer = sent_act.answers.get()
    other = ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 4, 1), date_to=date(2026, 4, 30), email=client_org.email, status="sent"
    )
    assert logged_in.get(reverse("cabinet:act_answer_file", args=[other.id, answer.id])).status_code == 404
    assert logged_in.get(reverse("cabinet:act_answer_file", args=[sent_act.id, 2**70])).status_code == 404


def test_a_confirmation_has_no_file_to_download(logged_in, sent_act):
    _confirm(logged_in, sent_act)
    answer = sent_act.answers.get()
    assert logged_in.get(reverse("cabinet:act_answer_file", args=[sent_act.id, answer.id])).status_code == 404


def test_answering_needs_post(logged_in, sent_act):
    assert logged_in.get(_answer_url(sent_act)).status_code == 405


def test_an_unknown_answer_kind_changes_nothing(logged_in, sent_act):
    assert logged_in.post(_answer_url(sent_act), {"kind": "approve"}).status_code == 302
    assert not sent_act.answers.exists()


# --- Files and the live page -----------------------------------------------------------------------


def test_a_file_is_removed_again_when_the_answer_is_not_recorded(sent_act, client_org, real_pdf):
    services_scan = scan_from_upload(SimpleUploadedFile("a.pdf", real_pdf))
    ReconciliationAct.objects.filter(id=sent_act.id).update(signed_copy_at=timezone.now())
    with pytest.raises(answers.AnswerNotAllowed):
        answers.act_answer_create(act=sent_act, user=client_org.user, kind="dispute", comment="x", scan=services_scan)
    assert _stored_answer_files(sent_act) == []


def test_the_status_fragment_reloads_the_page_once_the_act_is_sent(logged_in, act_in_review, reviewer):
    url = reverse("cabinet:act_detail", args=[act_in_review.id])
    assert "HX-Refresh" not in logged_in.get(url, headers={"HX-Request": "true"})
    services.act_approve(act=act_in_review, actor=reviewer)
    assert logged_in.get(url, headers={"HX-Request": "true"})["HX-Refresh"] == "true"

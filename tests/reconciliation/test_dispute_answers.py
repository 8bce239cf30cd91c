"""Staff answer a client's dispute (apps/reconciliation/disputes.py): the answer — an explanation
or a corrected act — reaches the client once, in their language, linking the act's page and
answered to staff; a second answer to the same dispute is refused."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.mail.services import outgoing_email_dispatch, outgoing_email_send
from apps.reconciliation import answers, disputes, services
from apps.reconciliation.scans import scan_from_upload

pytestmark = pytest.mark.django_db(transaction=True)

BASE = "https://lk.podolskogneupor.example"


@pytest.fixture(autouse=True)
def _addresses(settings):
    settings.PORTAL_BASE_URL = BASE
    settings.STAFF_NOTIFY_EMAIL = "sverka@podolskogneupor.example"


def _to_client():
    return [m for m in mail.outbox if m.to == ["buh@profkeramika.example"]]


def _on_the_wire(message) -> str:
    return message.message().as_string()


def _disputed(act, client_org):
    answers.act_answer_create(act=act, user=client_org.user, kind="dispute", comment="Не учтена оплата от 12.03")
    mail.outbox.clear()


def test_the_answer_to_a_dispute_reaches_the_client_with_the_text_and_the_link(sent_act, client_org, reviewer):
    _disputed(sent_act, client_org)
    resolution = disputes.act_dispute_resolve(
        act=sent_act, actor=reviewer, text="Оплата от 12.03 пришла 02.04\nи вошла в следующий период."
    )
    [message] = _to_client()
    assert message.subject == "Ответ о расхождениях в акте сверки за 01.01.2026–31.03.2026"
    assert "Оплата от 12.03 пришла 02.04\nи вошла в следующий период." in message.body
    assert "Оплата от 12.03 пришла 02.04<br>и вошла" in message.alternatives[0].content
    assert f"{BASE}/acts/{sent_act.id}/" in message.body
    assert "Reply-To: sverka@podolskogneupor.example" in _on_the_wire(message)
    assert message.attachments == []
    assert resolution.outgoing_email.key == f"reconciliation.act.{sent_act.id}.resolution.{resolution.id}"


def test_a_corrected_act_is_attached_and_becomes_the_acts_file(sent_act, client_org, reviewer, real_pdf):
    _disputed(sent_act, client_org)
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Исправили акт.", corrected_pdf=real_pdf)
    [message] = _to_client()
    assert message.subject == "Исправленный акт сверки за 01.01.2026–31.03.2026"
    assert "Исправленный акт — в прикреплённом файле." in message.body
    [(filename, content, mimetype)] = message.attachments
    assert (filename, content, mimetype) == (sent_act.file_name, real_pdf, "application/pdf")
    sent_act.refresh_from_db()
    assert sent_act.file_replaced is True
    assert sent_act.resolutions.get().file_path == sent_act.file_path


def test_the_answer_to_a_dispute_speaks_the_clients_language(act_in_review, client_org, reviewer):
    act_in_review.language = "en"
    act_in_review.save(update_fields=["language"])
    act = services.act_approve(act=act_in_review, actor=reviewer)
    _disputed(act, client_org)
    disputes.act_dispute_resolve(act=act, actor=reviewer, text="The payment of 12.03 is in April.")
    [message] = _to_client()
    assert message.subject == "Answer about the discrepancies in the reconciliation act for 01.01.2026–31.03.2026"
    assert "We have looked into the discrepancies you reported" in message.body
    assert "The payment of 12.03 is in April." in message.body
    assert f"{BASE}/acts/{act.id}/" in message.body
    assert "Reply-To: sverka@podolskogneupor.example" in _on_the_wire(message)


def test_the_answer_to_a_dispute_goes_once_whatever_is_retried(sent_act, client_org, reviewer, real_pdf):
    _disputed(sent_act, client_org)
    file_from_1c = sent_act.file_path
    resolution = disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Оплата учтена в апреле.")
    with pytest.raises(disputes.DisputeNotOpen):  # a double click, a colleague at the same moment
        disputes.act_dispute_resolve(
            act=sent_act, actor=reviewer, text="Оплата учтена в апреле.", corrected_pdf=real_pdf
        )
    assert outgoing_email_send(email_id=resolution.outgoing_email_id) is False
    outgoing_email_dispatch()
    assert len(_to_client()) == 1
    assert sent_act.resolutions.count() == 1
    sent_act.refresh_from_db()
    assert sent_act.file_path == file_from_1c  # the refused second answer's PDF did not replace it


def test_a_second_dispute_gets_an_answer_of_its_own(sent_act, client_org, reviewer):
    _disputed(sent_act, client_org)
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Первый ответ.")
    answers.act_answer_create(act=sent_act, user=client_org.user, kind="dispute", comment="Всё ещё не сходится")
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Второй ответ.")
    bodies = [m.body for m in _to_client()]
    assert len(bodies) == 2 and "Первый ответ." in bodies[0] and "Второй ответ." in bodies[1]


def test_only_reviewers_answer_disputes_and_an_answer_needs_text(sent_act, client_org, reviewer, onlooker):
    _disputed(sent_act, client_org)
    with pytest.raises(PermissionDenied):
        disputes.act_dispute_resolve(act=sent_act, actor=onlooker, text="Ответ")
    with pytest.raises(ValidationError):
        disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="   ")
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "disputed"
    assert _to_client() == []


def test_a_broken_corrected_pdf_is_refused_and_nothing_is_stored(sent_act, client_org, reviewer):
    _disputed(sent_act, client_org)
    before = storages["private"].listdir(f"acts/{sent_act.id}")[1]
    with pytest.raises(ValidationError):
        disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Ответ", corrected_pdf=b"MZ not a pdf")
    assert storages["private"].listdir(f"acts/{sent_act.id}")[1] == before
    assert not sent_act.resolutions.exists()


def test_a_scan_sent_during_the_dispute_stays_after_an_explanation(sent_act, client_org, reviewer, png_bytes):
    _disputed(sent_act, client_org)
    scan = scan_from_upload(SimpleUploadedFile("подписан с разногласиями.png", png_bytes))
    answers.act_answer_create(act=sent_act, user=client_org.user, kind="signed_copy", scan=scan)
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Разногласия сняты.")
    sent_act.refresh_from_db()
    assert (sent_act.client_answer, sent_act.signed_copy_at is not None) == ("resolved", True)


def test_the_client_downloads_the_corrected_act_from_its_page(logged_in, sent_act, client_org, reviewer, real_pdf):
    _disputed(sent_act, client_org)
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Исправили.", corrected_pdf=real_pdf)
    response = logged_in.get(reverse("cabinet:act_pdf", args=[sent_act.id]))
    assert b"".join(response.streaming_content) == real_pdf

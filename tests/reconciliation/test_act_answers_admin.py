"""Staff see the client's answer in the list of acts, on the act's page and in its journal, and take its file."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.core.audit import audit_entries_for
from apps.core.audit_labels import audit_action_label
from apps.mail.models import OutgoingEmail
from apps.reconciliation import answers
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.scans import scan_from_upload
from tests.factories import PASSWORD
from tests.reconciliation.conftest import grant

pytestmark = pytest.mark.django_db(transaction=True)


def _review(act) -> str:
    return reverse("admin:reconciliation_reconciliationact_review", args=[act.id])


def _file_url(act, answer_id) -> str:
    return reverse("admin:reconciliation_reconciliationact_answer_file", args=[act.id, answer_id])


@pytest.fixture
def disputed(sent_act, client_org, png_bytes):
    scan = scan_from_upload(SimpleUploadedFile("наш акт.png", png_bytes))
    return answers.act_answer_create(
        act=sent_act, user=client_org.user, kind="dispute", comment="Не учтена оплата <b>12.03</b>", scan=scan
    )


@pytest.fixture
def as_onlooker(client, onlooker):
    client.force_login(onlooker)
    return client


def test_the_list_of_acts_shows_and_filters_by_the_clients_answer(as_onlooker, disputed, sent_act):
    changelist = reverse("admin:reconciliation_reconciliationact_changelist")
    page = as_onlooker.get(changelist).content.decode()
    assert "Ответ клиента" in page
    assert "есть расхождения" in page
    assert "ждём ответа" not in page
    assert _review(sent_act) in as_onlooker.get(changelist, {"client_answer": "disputed"}).content.decode()
    assert _review(sent_act) not in as_onlooker.get(changelist, {"client_answer": "confirmed"}).content.decode()


def test_a_sent_act_without_an_answer_is_shown_as_awaiting_one(as_onlooker, sent_act):
    page = as_onlooker.get(reverse("admin:reconciliation_reconciliationact_changelist")).content.decode()
    assert "ждём ответа" in page
    assert "Клиент ещё не ответил на акт." in as_onlooker.get(_review(sent_act)).content.decode()


def test_the_act_page_shows_the_answer_its_file_and_the_journal_in_russian(as_onlooker, disputed, sent_act):
    page = as_onlooker.get(_review(sent_act)).content.decode()
    assert "Ответ клиента" in page
    assert "Не учтена оплата &lt;b&gt;12.03&lt;/b&gt;" in page  # the client's text, escaped
    assert _file_url(sent_act, disputed.id) in page
    assert "Клиент сообщил о расхождениях в акте сверки" in page
    assert "reconciliation.act.disputed" not in page


def test_staff_who_may_view_acts_download_the_clients_file(as_onlooker, disputed, sent_act, png_bytes):
    response = as_onlooker.get(_file_url(sent_act, disputed.id))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content) == png_bytes


def test_staff_without_the_view_permission_cannot_download_it(client, disputed, sent_act):
    clerk = get_user_model().objects.create_user(username="clerk", password=PASSWORD, is_staff=True)
    client.force_login(grant(clerk, "view_actinreview"))
    assert client.get(_file_url(sent_act, disputed.id)).status_code == 403


def test_a_client_login_cannot_reach_the_staff_download(logged_in, disputed, sent_act):
    response = logged_in.get(_file_url(sent_act, disputed.id))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_an_answer_of_another_act_or_no_answer_is_404(as_onlooker, disputed, sent_act, client_org):
    other = ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 4, 1), date_to=date(2026, 4, 30), email=client_org.email, status="sent"
    )
    assert as_onlooker.get(_file_url(other, disputed.id)).status_code == 404
    assert as_onlooker.get(_file_url(sent_act, "not-a-number")).status_code == 404
    assert as_onlooker.get(_file_url(sent_act, str(2**70))).status_code == 404


def test_the_journal_labels_the_three_answers():
    assert audit_action_label("reconciliation.act.confirmed") == "Клиент подтвердил акт сверки"
    assert audit_action_label("reconciliation.act.disputed") == "Клиент сообщил о расхождениях в акте сверки"
    assert audit_action_label("reconciliation.act.signed_copy_received") == (
        "Клиент прислал подписанный экземпляр акта сверки"
    )


# --- Staff are told by e-mail, and the journal keeps every answer --------------------------------


def test_staff_get_one_email_per_answer_with_the_client_period_answer_comment_and_link(
    sent_act, client_org, settings, png_bytes
):
    settings.PORTAL_BASE_URL = "https://portal.example.ru"
    mail.outbox.clear()
    scan = scan_from_upload(SimpleUploadedFile("p.png", png_bytes))
    answers.act_answer_create(
        act=sent_act, user=client_org.user, kind="dispute", comment="Не учтена\nоплата", scan=scan
    )
    [email] = OutgoingEmail.objects.filter(key__contains=".answer.")
    assert email.to == settings.STAFF_NOTIFY_EMAIL
    assert email.subject == "Расхождения в акте сверки: ООО «Профкерамика»"
    review = f"https://portal.example.ru/admin/reconciliation/reconciliationact/{sent_act.id}/review/"
    for text in ["ООО «Профкерамика» (ИНН 5036012344)", "01.01.2026–31.03.2026", "Ответ: есть расхождения",
                 "Не учтена\nоплата", "p.png", review]:  # fmt: skip
        assert text in email.body_text
    assert "Не учтена<br>оплата" in email.body_html
    [sent] = [m for m in mail.outbox if m.to == [settings.STAFF_NOTIFY_EMAIL]]
    assert sent.subject == email.subject


def test_the_confirmation_and_the_signed_copy_have_subjects_of_their_own(sent_act, client_org, real_pdf):
    answers.act_answer_create(act=sent_act, user=client_org.user, kind="confirm")
    scan = scan_from_upload(SimpleUploadedFile("a.pdf", real_pdf))
    answers.act_answer_create(act=sent_act, user=client_org.user, kind="signed_copy", scan=scan)
    subjects = list(
        OutgoingEmail.objects.filter(key__contains=".answer.").order_by("id").values_list("subject", flat=True)
    )
    assert subjects == [
        "Клиент подтвердил акт сверки: ООО «Профкерамика»",
        "Подписанный акт сверки от клиента: ООО «Профкерамика»",
    ]


def test_each_answer_is_a_journal_entry_with_its_author(sent_act, client_org, real_pdf):
    user = client_org.user
    answers.act_answer_create(act=sent_act, user=user, kind="confirm")
    answers.act_answer_create(act=sent_act, user=user, kind="dispute", comment="Не учтена оплата")
    scan = scan_from_upload(SimpleUploadedFile("a.pdf", real_pdf))
    answers.act_answer_create(act=sent_act, user=user, kind="signed_copy", scan=scan)
    entries = list(audit_entries_for(obj=sent_act).order_by("id"))[-3:]
    assert [e.action for e in entries] == [
        "reconciliation.act.confirmed",
        "reconciliation.act.disputed",
        "reconciliation.act.signed_copy_received",
    ]
    assert {e.actor for e in entries} == {user}
    assert entries[1].data["comment"] == "Не учтена оплата"
    assert entries[2].data["file_name"] == "a.pdf"


def test_acts_not_sent_show_no_answer_in_the_list(as_onlooker, act_in_review):
    response = as_onlooker.get(reverse("admin:reconciliation_reconciliationact_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert _review(act_in_review) in page
    assert "ждём ответа" not in page


def test_every_answer_is_listed_with_its_client_comment_and_file(as_onlooker, disputed, sent_act, client_org):
    page = as_onlooker.get(reverse("admin:reconciliation_reconciliationactanswer_changelist")).content.decode()
    assert client_org.name in page
    assert "Не учтена оплата &lt;b&gt;12.03&lt;/b&gt;" in page  # the client's words, escaped
    assert _file_url(sent_act, disputed.id) in page
    assert "1 ответ клиента" in page
    assert as_onlooker.get(reverse("admin:reconciliation_reconciliationactanswer_add")).status_code == 403

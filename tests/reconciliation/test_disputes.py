"""A dispute stays in sight until staff answer it: on the act's page, on the home page and in the
staff queue of disputes; a signed scan does not hide it; staff answer it from the act's page in
the admin and the client sees the answer."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.reconciliation import answers, disputes
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.scans import scan_from_upload

pytestmark = pytest.mark.django_db(transaction=True)

HOME = reverse("cabinet:home")
QUEUE = reverse("admin:reconciliation_actdisputed_changelist")


def _detail(http, act) -> str:
    return http.get(reverse("cabinet:act_detail", args=[act.id])).content.decode()


def _review(act) -> str:
    return reverse("admin:reconciliation_reconciliationact_review", args=[act.id])


def _resolve_url(act) -> str:
    return reverse("admin:reconciliation_reconciliationact_resolve", args=[act.id])


def _dispute(act, client_org, comment="Не учтена оплата от 12.03 на 150 000,00"):
    return answers.act_answer_create(act=act, user=client_org.user, kind="dispute", comment=comment)


def _scan(act, client_org, png_bytes):
    scan = scan_from_upload(SimpleUploadedFile("подписан.png", png_bytes))
    return answers.act_answer_create(act=act, user=client_org.user, kind="signed_copy", scan=scan)


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


# --- The client's page ------------------------------------------------------------------------------


def test_a_disputed_act_shows_the_open_dispute_and_no_confirm(logged_in, sent_act, client_org):
    _dispute(sent_act, client_org)
    page = _detail(logged_in, sent_act)
    assert '<span class="status status-warn">Есть расхождения</span>' in page
    assert "Расхождения ещё не разобраны" in page
    assert "Не учтена оплата от 12.03 на 150 000,00" in page
    assert 'value="confirm"' not in page
    assert 'value="dispute"' in page and "Дополнить сообщение о расхождениях" in page
    assert 'value="signed_copy"' in page


def test_a_scan_uploaded_during_the_dispute_does_not_hide_it(logged_in, sent_act, client_org, png_bytes):
    _dispute(sent_act, client_org)
    response = logged_in.post(
        reverse("cabinet:act_answer", args=[sent_act.id]),
        {"kind": "signed_copy", "signed-file": SimpleUploadedFile("подписан.png", png_bytes)},
    )
    assert response.status_code == 302
    page = _detail(logged_in, sent_act)
    assert '<span class="status status-warn">Есть расхождения</span>' in page
    assert "Получен подписанный экземпляр</span>" not in page
    assert "Расхождения ещё не разобраны" in page and "Подписанный экземпляр получен" in page
    assert 'value="confirm"' not in page
    home = logged_in.get(HOME).content.decode()
    assert "Расхождения в актах сверки" in home and "Получен подписанный экземпляр" not in home


def test_the_client_sees_staffs_answer_and_may_confirm_again(logged_in, sent_act, client_org, reviewer):
    _dispute(sent_act, client_org)
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Оплата от 12.03 пришла 02.04.")
    page = _detail(logged_in, sent_act)
    assert '<span class="status status-ok">Расхождения разобраны</span>' in page
    assert "Мы разобрали расхождения" in page and "Оплата от 12.03 пришла 02.04." in page
    assert "Расхождения ещё не разобраны" not in page
    assert 'value="confirm"' in page
    assert page.index("Не учтена оплата") < page.index("Наш ответ о расхождениях")  # the conversation in order


def test_staffs_answer_escapes_html(logged_in, sent_act, client_org, reviewer):
    _dispute(sent_act, client_org)
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="<script>alert(1)</script> учтено")
    page = _detail(logged_in, sent_act)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; учтено" in page and "<script>alert(1)" not in page


# --- The home page --------------------------------------------------------------------------------


def _act(client_org, month: int, **fields) -> ReconciliationAct:
    return ReconciliationAct.objects.create(
        client=client_org, date_from=date(2025, month, 1), date_to=date(2025, month, 28), email=client_org.email,
        status="sent", **fields,
    )  # fmt: skip


def test_the_home_page_lists_open_disputes_of_any_age_until_they_are_answered(logged_in, client_org, reviewer):
    old = _act(client_org, 1)
    _dispute(old, client_org)
    ReconciliationAct.objects.filter(id=old.id).update(created_at=timezone.now() - timedelta(days=90))
    for month in range(2, 8):  # six newer acts push the disputed one out of the five latest
        _act(client_org, month)
    home = logged_in.get(HOME).content.decode()
    link = reverse("cabinet:act_detail", args=[old.id])
    assert "Расхождения в актах сверки" in home and link in home
    assert "Акт сверки за 01.01.2025–28.01.2025" in home
    disputes.act_dispute_resolve(act=old, actor=reviewer, text="Разобрались.")
    home = logged_in.get(HOME).content.decode()
    assert "Расхождения в актах сверки" not in home and link not in home


def test_a_disputed_then_signed_act_keeps_its_badge_on_the_home_table(logged_in, sent_act, client_org, png_bytes):
    _dispute(sent_act, client_org)
    assert 'status-warn">Есть расхождения' in logged_in.get(HOME).content.decode()
    _scan(sent_act, client_org, png_bytes)
    table = logged_in.get(HOME).content.decode().split('id="home-acts-title"')[1]
    assert "Есть расхождения" in table and "Получен подписанный экземпляр" not in table


def test_a_signed_act_without_a_dispute_shows_the_scan_at_the_next_page(logged_in, sent_act):
    assert ">Отправлен<" in logged_in.get(HOME).content.decode()
    ReconciliationAct.objects.filter(id=sent_act.id).update(signed_copy_at=timezone.now())  # a bare UPDATE
    assert "Получен подписанный экземпляр" in logged_in.get(HOME).content.decode()


def test_the_home_page_reads_disputes_in_one_query_whatever_their_number(logged_in, client_org):
    _dispute(_act(client_org, 1), client_org)
    logged_in.get(HOME)  # compiled and cached once
    with CaptureQueriesContext(connection) as one:
        logged_in.get(HOME)
    for month in range(2, 12):
        _dispute(_act(client_org, month), client_org)
    with CaptureQueriesContext(connection) as many:
        page = logged_in.get(HOME).content.decode()
    assert page.count("Вы сообщили о расхождениях") == 11
    assert len(many.captured_queries) == len(one.captured_queries)


# --- Staff -------------------------------------------------------------------------------------------


def test_the_queue_of_disputes_lists_open_ones_oldest_first_until_answered(
    as_reviewer, sent_act, client_org, reviewer, png_bytes
):
    newer = _act(client_org, 5)
    _dispute(sent_act, client_org)
    _dispute(newer, client_org)
    _scan(sent_act, client_org, png_bytes)  # the scan does not take it off the queue
    page = as_reviewer.get(QUEUE).content.decode()
    assert page.index(_review(sent_act)) < page.index(_review(newer))
    assert "есть расхождения, подписанный экземпляр получен" in page
    disputes.act_dispute_resolve(act=sent_act, actor=reviewer, text="Ответ.")
    page = as_reviewer.get(QUEUE).content.decode()
    assert _review(sent_act) not in page and _review(newer) in page


def test_staff_answer_a_dispute_from_the_acts_page(as_reviewer, sent_act, client_org, real_pdf):
    _dispute(sent_act, client_org)
    page = as_reviewer.get(_review(sent_act)).content.decode()
    assert "Ответить на расхождения" in page and _resolve_url(sent_act) in page
    response = as_reviewer.post(
        _resolve_url(sent_act),
        {"text": "Исправили акт: оплата учтена.", "file": SimpleUploadedFile("исправленный.pdf", real_pdf)},
    )
    assert response.status_code == 302 and response["Location"] == QUEUE
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "resolved" and sent_act.dispute_opened_at is None
    page = as_reviewer.get(_review(sent_act)).content.decode()
    assert "Ответ на расхождения с исправленным актом" in page and "Исправили акт: оплата учтена." in page
    assert "Сотрудник ответил клиенту на расхождения в акте сверки" in page  # the journal
    assert _resolve_url(sent_act) not in page


def test_an_answer_without_text_or_with_a_broken_pdf_is_refused_on_the_page(as_reviewer, sent_act, client_org):
    _dispute(sent_act, client_org)
    empty = as_reviewer.post(_resolve_url(sent_act), {"text": "  "})
    assert empty.status_code == 400
    assert "Напишите клиенту, что показала проверка расхождений." in empty.content.decode()
    broken = as_reviewer.post(
        _resolve_url(sent_act), {"text": "Ответ", "file": SimpleUploadedFile("a.pdf", b"MZ not a pdf")}
    )
    assert broken.status_code == 400
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "disputed"


def test_a_second_answer_to_the_same_dispute_is_refused_with_a_message(as_reviewer, sent_act, client_org):
    _dispute(sent_act, client_org)
    as_reviewer.post(_resolve_url(sent_act), {"text": "Первый"})
    again = as_reviewer.post(_resolve_url(sent_act), {"text": "Второй"}, follow=True)
    assert "Расхождения по этому акту уже разобраны." in again.content.decode()
    assert sent_act.resolutions.count() == 1


def test_staff_without_the_review_permission_cannot_answer(client, onlooker, sent_act, client_org):
    _dispute(sent_act, client_org)
    client.force_login(onlooker)
    page = client.get(_review(sent_act)).content.decode()
    assert "Ответить на расхождения может только сотрудник с правом проверять акты сверки." in page
    assert client.post(_resolve_url(sent_act), {"text": "Ответ"}).status_code == 403
    assert client.get(QUEUE).status_code == 200  # the queue is for whoever may look at acts
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "disputed"


def test_a_client_login_cannot_reach_the_resolve_action(logged_in, sent_act, client_org):
    _dispute(sent_act, client_org)
    response = logged_in.post(_resolve_url(sent_act), {"text": "Сам себе ответил"})
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    sent_act.refresh_from_db()
    assert sent_act.client_answer == "disputed"

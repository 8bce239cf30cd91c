import re
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from apps.reconciliation import services

pytestmark = pytest.mark.django_db(transaction=True)


def _url(name, act):
    return reverse(f"admin:reconciliation_reconciliationact_{name}", args=[act.id])


@pytest.fixture
def as_reviewer(client, reviewer):
    client.force_login(reviewer)
    return client


@pytest.fixture
def as_onlooker(client, onlooker):
    client.force_login(onlooker)
    return client


def test_review_queue_lists_waiting_acts_oldest_first_and_flags_overdue(
    as_reviewer, act_in_review, client_org, fake_onec
):
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        newer = services.act_order_create(
            client=client_org,
            date_from=date(2026, 4, 1),
            date_to=date(2026, 4, 30),
            email="x@example.com",
            language="ru",
        )
    with time_machine.travel(act_in_review.review_started_at + timedelta(hours=4, minutes=2)):
        page = as_reviewer.get(reverse("admin:reconciliation_actinreview_changelist")).content.decode()
    assert page.index(_url("review", act_in_review)) < page.index(_url("review", newer))
    assert "ООО «Профкерамика»" in page
    assert "1\u00a0500,00\u00a0₽" in page and "-250,50\u00a0₽" in page  # as the cabinet shows amounts
    [(older_classes, older_age), (newer_classes, _age)] = re.findall(r'class="([^"]*)"[^>]*>\s*(\d+ ч \d\d мин)', page)
    assert older_age == "4 ч 02 мин"
    assert "bg-red-100" in older_classes  # waited longer than ACT_REVIEW_OVERDUE_HOURS
    assert "bg-red-100" not in newer_classes


def test_reviewer_opens_the_pdf_and_approves(as_reviewer, act_in_review):
    review = as_reviewer.get(_url("review", act_in_review))
    assert review.status_code == 200
    assert "Одобрить и отправить" in review.content.decode()
    pdf = as_reviewer.get(_url("pdf", act_in_review))
    assert pdf["Content-Type"] == "application/pdf"
    assert b"".join(pdf.streaming_content) == b"%PDF-1.4 act from 1C"

    mail.outbox.clear()
    response = as_reviewer.post(_url("approve", act_in_review))
    assert response.status_code == 302
    act_in_review.refresh_from_db()
    assert act_in_review.status == "sent"
    assert [m.to for m in mail.outbox] == [["buh@profkeramika.example"]]


def test_staff_without_the_permission_cannot_approve_through_the_admin(as_onlooker, act_in_review):
    review = as_onlooker.get(_url("review", act_in_review)).content.decode()
    assert "Одобрить и отправить" not in review
    assert "нет права" in review
    for name, data in [("approve", {}), ("reject", {"reason": "нет"})]:
        assert as_onlooker.post(_url(name, act_in_review), data).status_code == 403
    act_in_review.refresh_from_db()
    assert act_in_review.status == "in_review"


def test_approve_needs_post(as_reviewer, act_in_review):
    assert as_reviewer.get(_url("approve", act_in_review)).status_code == 405
    act_in_review.refresh_from_db()
    assert act_in_review.status == "in_review"


def test_upload_that_is_not_a_pdf_is_refused(as_reviewer, act_in_review):
    fake = SimpleUploadedFile("act.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = as_reviewer.post(_url("replace", act_in_review), {"file": fake})
    assert response.status_code == 400
    assert "Файл не является PDF." in response.content.decode()
    act_in_review.refresh_from_db()
    assert not act_in_review.file_replaced


def test_reviewer_replaces_the_file_then_approves(as_reviewer, act_in_review, real_pdf):
    upload = SimpleUploadedFile("fixed.pdf", real_pdf, content_type="application/pdf")
    assert as_reviewer.post(_url("replace", act_in_review), {"file": upload}).status_code == 302
    mail.outbox.clear()
    as_reviewer.post(_url("approve", act_in_review))
    [message] = mail.outbox
    assert message.attachments[0][1] == real_pdf


def test_reject_requires_a_comment_and_emails_it(as_reviewer, act_in_review):
    empty = as_reviewer.post(_url("reject", act_in_review), {"reason": "  "})
    assert empty.status_code == 400
    assert "Напишите клиенту, почему акт отклонён." in empty.content.decode()
    mail.outbox.clear()
    as_reviewer.post(_url("reject", act_in_review), {"reason": "Период не закрыт"})
    act_in_review.refresh_from_db()
    assert act_in_review.status == "rejected"
    [message] = mail.outbox
    assert "Период не закрыт" in message.body


def test_a_client_login_cannot_reach_the_review_page(logged_in, act_in_review):
    response = logged_in.get(_url("pdf", act_in_review))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_the_review_page_journal_reads_in_russian(as_reviewer, act_in_review):
    page = as_reviewer.get(_url("review", act_in_review)).content.decode()
    assert "Акт сверки заказан" in page
    assert "Акт сверки получен из 1С и ждёт проверки" in page
    assert "reconciliation.act." not in page

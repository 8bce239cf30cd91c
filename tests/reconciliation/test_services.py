from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.utils import timezone

from apps.core.audit import audit_entries_for
from apps.core.private_files import private_file_read
from apps.reconciliation import services
from apps.reconciliation.models import ReconciliationAct
from tests.reconciliation.conftest import INN

pytestmark = pytest.mark.django_db(transaction=True)

Q1 = (date(2026, 1, 1), date(2026, 3, 31))


def _order(client_org, period=Q1, email="buh@profkeramika.example"):
    act = services.act_order_create(
        client=client_org, date_from=period[0], date_to=period[1], email=email, language="ru"
    )
    act.refresh_from_db()
    return act


def test_ordered_act_is_fetched_stored_and_queued_for_review(client_org, fake_onec, settings):
    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "1500.00", "-250.50", b"%PDF-1.4 the act")

    act = _order(client_org)

    assert act.status == "in_review"
    assert (act.opening_balance, act.closing_balance) == (Decimal("1500.00"), Decimal("-250.50"))
    assert act.review_started_at is not None
    assert act.file_path.startswith(f"acts/{act.id}/")
    assert private_file_read(act.file_path) == b"%PDF-1.4 the act"
    assert (settings.PRIVATE_STORAGE_DIR / act.file_path).is_file()  # the local folder by default
    # Nothing goes to the client before a person approves; staff are told an act waits.
    [notice] = mail.outbox
    assert notice.to == [settings.STAFF_NOTIFY_EMAIL]
    assert "ООО «Профкерамика»" in notice.subject
    assert f"/admin/reconciliation/reconciliationact/{act.id}/review/" in notice.body
    assert "1\xa0500,00" in notice.body and "-250,50" in notice.body


def test_unreachable_1c_is_retried_then_marked_unavailable(client_org, fake_onec, settings):
    fake_onec.add_client(INN)
    fake_onec.set_down()
    act = _order(client_org)
    assert act.status == "retrying"
    assert act.next_attempt_at > timezone.now()

    with time_machine.travel(timezone.now() + timedelta(minutes=settings.ONEC_RETRY_WINDOW_MINUTES + 1)):
        assert services.act_fetch(act_id=act.id) == "unavailable"
    act.refresh_from_db()
    assert act.status == "unavailable"
    [notice] = mail.outbox  # staff learn that a promised act did not come
    assert notice.to == [settings.STAFF_NOTIFY_EMAIL]


def test_1c_recovering_before_the_window_ends_delivers_the_act(client_org, fake_onec):
    fake_onec.add_client(INN)
    fake_onec.set_down()
    act = _order(client_org)
    fake_onec.set_down(False)
    with time_machine.travel(act.next_attempt_at + timedelta(seconds=1)):
        services.acts_sweep()
    act.refresh_from_db()
    assert act.status == "in_review"
    assert act.attempts == 2


def test_unknown_organisation_ends_not_found(client_org, fake_onec):
    act = _order(client_org)
    assert act.status == "not_found"
    assert not act.file_path


def test_approving_sends_the_pdf_to_the_clients_address(act_in_review, reviewer):
    mail.outbox.clear()
    act = services.act_approve(act=act_in_review, actor=reviewer)

    assert act.status == "sent"
    assert act.reviewed_by == reviewer and act.reviewed_at is not None
    [message] = mail.outbox
    assert message.to == ["buh@profkeramika.example"]
    assert "01.01.2026–31.03.2026" in message.subject
    [(filename, content, mimetype)] = message.attachments
    assert filename == f"Акт сверки {INN} 01.01.2026-31.03.2026.pdf"
    assert content == b"%PDF-1.4 act from 1C"
    assert mimetype == "application/pdf"
    actions = [(e.action, e.actor) for e in audit_entries_for(obj=act)]
    assert ("reconciliation.act.approved", reviewer) in actions


def test_an_act_is_approved_only_once(act_in_review, reviewer):
    services.act_approve(act=act_in_review, actor=reviewer)
    with pytest.raises(services.ActNotInReview):
        services.act_approve(act=act_in_review, actor=reviewer)
    with pytest.raises(services.ActNotInReview):
        services.act_reject(act=act_in_review, actor=reviewer, reason="late")


def test_staff_without_the_review_permission_cannot_approve_or_reject(act_in_review, onlooker, real_pdf):
    mail.outbox.clear()
    with pytest.raises(PermissionDenied):
        services.act_approve(act=act_in_review, actor=onlooker)
    with pytest.raises(PermissionDenied):
        services.act_reject(act=act_in_review, actor=onlooker, reason="no")
    with pytest.raises(PermissionDenied):
        services.act_file_replace(act=act_in_review, actor=onlooker, data=real_pdf)
    act_in_review.refresh_from_db()
    assert act_in_review.status == "in_review"
    assert mail.outbox == []


def test_rejecting_emails_the_client_the_reason(act_in_review, reviewer):
    mail.outbox.clear()
    act = services.act_reject(act=act_in_review, actor=reviewer, reason="Сальдо не сходится с <нашими> данными")

    assert act.status == "rejected"
    assert act.reject_reason == "Сальдо не сходится с <нашими> данными"
    [message] = mail.outbox
    assert message.to == ["buh@profkeramika.example"]
    assert "не отправлен" in message.subject
    assert "Сальдо не сходится с <нашими> данными" in message.body  # plain text, not HTML-escaped
    html = message.alternatives[0].content
    assert "&lt;нашими&gt;" in html
    assert message.attachments == []


def test_rejection_needs_a_reason(act_in_review, reviewer):
    with pytest.raises(ValidationError):
        services.act_reject(act=act_in_review, actor=reviewer, reason="   ")
    act_in_review.refresh_from_db()
    assert act_in_review.status == "in_review"


def test_replacement_must_be_a_real_pdf(act_in_review, reviewer):
    with pytest.raises(ValidationError) as not_pdf:
        services.act_file_replace(act=act_in_review, actor=reviewer, data=b"MZ\x90\x00 an executable")
    assert not_pdf.value.code == "not_pdf"
    with pytest.raises(ValidationError) as broken:
        services.act_file_replace(act=act_in_review, actor=reviewer, data=b"%PDF-1.7\nnothing else")
    assert broken.value.code == "broken_pdf"
    act_in_review.refresh_from_db()
    assert not act_in_review.file_replaced


def test_replaced_file_is_what_the_client_receives(act_in_review, reviewer, real_pdf):
    original = act_in_review.file_path
    services.act_file_replace(act=act_in_review, actor=reviewer, data=real_pdf)
    act_in_review.refresh_from_db()
    assert act_in_review.status == "in_review"  # replacing does not send by itself
    assert act_in_review.file_replaced and act_in_review.file_path != original
    assert storages["private"].exists(original)  # 1C's version is kept for the record

    mail.outbox.clear()
    services.act_approve(act=act_in_review, actor=reviewer)
    [message] = mail.outbox
    assert message.attachments[0][1] == real_pdf


def test_identical_order_while_one_is_pending_is_not_duplicated(client_org, fake_onec):
    fake_onec.add_client(INN)
    first = _order(client_org)
    second = _order(client_org)
    assert first.id == second.id
    assert ReconciliationAct.objects.count() == 1


def test_orders_per_hour_are_limited(client_org, fake_onec, settings):
    settings.ACTS_PER_HOUR = 2
    fake_onec.add_client(INN)
    _order(client_org, period=(date(2026, 1, 1), date(2026, 1, 31)))
    _order(client_org, period=(date(2026, 2, 1), date(2026, 2, 28)))
    with pytest.raises(services.ActRateLimited):
        _order(client_org, period=(date(2026, 3, 1), date(2026, 3, 31)))
    with time_machine.travel(timezone.now() + timedelta(hours=1, minutes=1)):
        _order(client_org, period=(date(2026, 3, 1), date(2026, 3, 31)))


def test_act_files_go_through_the_storage_api(client_org, fake_onec, reviewer, real_pdf, settings):
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    storage = storages["private"]
    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "1500.00", "-250.50", b"%PDF-1.4 act from 1C")
    act = _order(client_org)
    original = act.file_path
    assert storage.open(original, "rb").read() == b"%PDF-1.4 act from 1C"

    services.act_file_replace(act=act, actor=reviewer, data=real_pdf)
    act.refresh_from_db()
    assert storage.open(act.file_path, "rb").read() == real_pdf
    assert storage.exists(original)
    mail.outbox.clear()
    services.act_approve(act=act, actor=reviewer)

    [message] = mail.outbox
    assert message.attachments[0][1] == real_pdf  # read back from the storage when sending
    assert not settings.PRIVATE_STORAGE_DIR.exists()  # nothing went to the local folder

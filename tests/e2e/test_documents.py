from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import PHONE, axe_check, login_client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _request_invoices(page: Page, start: date, end: date, email: str | None = None) -> None:
    if not page.get_by_role("button", name="Запросить").count():
        page.get_by_role("link", name="Архив счетов").click()
    page.get_by_label("Начало периода").fill(start.isoformat())
    page.get_by_label("Конец периода").fill(end.isoformat())
    if email:
        page.get_by_label("E-mail").fill(email)
    page.get_by_role("button", name="Запросить").click()


@pytest.fixture
def cabinet(page, client_org, password, fake_onec):
    login_client(page, client_org.inn, password)
    return page


def test_invoices_for_a_period_with_documents_are_sent(cabinet, fake_onec, smtp_server):
    fake_onec.add_document("5036012344", "Invoice", date(2026, 3, 10), number="101")
    fake_onec.add_document("5036012344", "Invoice", date(2026, 3, 20), number="102")
    cabinet.get_by_role("link", name="Архив счетов").click()
    expect(cabinet.get_by_label("E-mail")).to_have_value("buh@profkeramika.example")  # prefilled
    axe_check(cabinet)

    _request_invoices(cabinet, date(2026, 3, 1), date(2026, 3, 31), email="glavbuh@profkeramika.example")

    expect(
        cabinet.get_by_text("Документы отправлены на электронную почту glavbuh@profkeramika.example")
    ).to_be_visible()
    axe_check(cabinet)
    by_recipient = {recipient: message for [recipient], message in smtp_server.messages}
    # The archive to the address typed, and a notice of it to the organisation's own address.
    assert set(by_recipient) == {"glavbuh@profkeramika.example", "buh@profkeramika.example"}
    assert by_recipient["glavbuh@profkeramika.example"]["Subject"] == "Отчет"
    assert "на другой адрес" in by_recipient["buh@profkeramika.example"]["Subject"]


def test_period_without_documents(cabinet, fake_onec):
    fake_onec.add_client("5036012344")
    _request_invoices(cabinet, date(2026, 3, 1), date(2026, 3, 31))
    expect(cabinet.get_by_text("За данный период документов нет")).to_be_visible()


def test_1c_down(cabinet, fake_onec):
    fake_onec.set_down()
    _request_invoices(cabinet, date(2026, 3, 1), date(2026, 3, 31))
    expect(cabinet.get_by_text("Сервис 1С временно недоступен")).to_be_visible()
    expect(cabinet.get_by_text("Мы продолжаем попытки")).to_be_visible()
    axe_check(cabinet)


def test_end_before_start(cabinet, fake_onec):
    _request_invoices(cabinet, date(2026, 3, 31), date(2026, 3, 1))
    expect(cabinet.get_by_text("Дата конца периода меньше даты начала")).to_be_visible()
    axe_check(cabinet)


def test_request_form_on_a_phone(new_page, client_org, password, fake_onec):
    phone = new_page(PHONE)
    login_client(phone, client_org.inn, password)
    axe_check(phone)
    phone.get_by_role("link", name="Архив закрывающих документов").click()
    axe_check(phone)
    today = timezone.localdate()
    phone.get_by_label("Начало периода").fill((today + timedelta(days=3)).isoformat())
    phone.get_by_label("Конец периода").fill((today + timedelta(days=9)).isoformat())
    phone.get_by_role("button", name="Запросить").click()
    expect(phone.get_by_text("Период не может начинаться в будущем.")).to_be_visible()
    axe_check(phone)


def test_progress_updates_live_without_reloading(cabinet, client_org):
    from apps.documents.models import DocumentRequest

    request = DocumentRequest.objects.create(
        client=client_org, kind="Invoice", date_from=date(2026, 3, 1), date_to=date(2026, 3, 31),
        email="buh@profkeramika.example", status="running", documents_total=8, documents_fetched=2,
    )  # fmt: skip
    cabinet.goto(f"/documents/requests/{request.id}/")
    expect(cabinet.get_by_text("Обработка", exact=True)).to_be_visible()
    expect(cabinet.get_by_text("Получено документов: 2 из 8")).to_be_visible()
    axe_check(cabinet)
    cabinet.evaluate("window.__same_page = true")  # survives only if the page is never reloaded

    DocumentRequest.objects.filter(id=request.id).update(documents_fetched=6)
    expect(cabinet.get_by_text("Получено документов: 6 из 8")).to_be_visible()
    DocumentRequest.objects.filter(id=request.id).update(status="sent", documents_fetched=8)
    expect(cabinet.get_by_text("Документы отправлены на электронную почту buh@profkeramika.example")).to_be_visible()
    assert cabinet.evaluate("window.__same_page") is True

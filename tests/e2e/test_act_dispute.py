"""A dispute's round trip in a real browser, in Russian and English, on a desktop and a 360 px
phone: the act's e-mail leads to its page (answers go to staff), the PDF downloads there, the
client reports a discrepancy — the page shows it and no «Подтвердить» — then uploads the signed
scan, and the dispute is still shown (page and home) until a reviewer answers it in the admin;
then the client reads the answer there. Every client page is axe clean and fits.
"""

import re
import time
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from apps.core.private_files import private_file_read
from apps.reconciliation import services
from tests.e2e.conftest import PHONE, axe_check, blank_pdf
from tests.e2e.test_acts import login_staff
from tests.e2e.test_phone_layout import LONG_EMAIL, assert_fits, assert_statuses_in_view, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INN = "5036012344"
COMMENT = "Не учтена оплата по платёжному поручению № 2026-000012345/ПК-ОГНЕУПОР-ПОДОЛЬСК-ФИЛИАЛ-ЮГ на 150 000,00 ₽"
ANSWER = "Оплата от 12.03 пришла 02.04 и вошла в следующий период: акт верен."
TEXTS = {
    "ru": {"subject": "Акт сверки за 01.01.2026–31.03.2026", "answered": "Ответ о расхождениях в акте сверки"},
    "en": {"subject": "Reconciliation act for 01.01.2026–31.03.2026", "answered": "Answer about the discrepancies"},
}


@pytest.fixture
def scan_file(tmp_path):
    path = tmp_path / "Акт_сверки_подписан_с_разногласиями.pdf"
    path.write_bytes(blank_pdf())
    return path


def _mail(smtp_server, subject_start: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for recipients, message in smtp_server.messages:
            if LONG_EMAIL in recipients and message["Subject"].startswith(subject_start):
                return message
        time.sleep(0.1)
    raise AssertionError(f"no «{subject_start}…» to the client; got {[m['Subject'] for _, m in smtp_server.messages]}")


def _check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
        assert_statuses_in_view(page, PHONE["width"])
    axe_check(page)


def _sent_act(client_org, fake_onec, reviewer_user, language: str):
    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "1500.00", "-1234567.89", blank_pdf())
    act = services.act_order_create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=LONG_EMAIL, language=language
    )
    return services.act_approve(act=act, actor=reviewer_user)


def _staff_answers(new_page, password) -> None:
    staff = new_page()
    login_staff(staff, "reviewer", password)
    staff.goto("/admin/reconciliation/actdisputed/")
    staff.get_by_role("link", name="Ответить").first.click()
    expect(staff.get_by_text(COMMENT)).to_be_visible()
    staff.get_by_label("Ответ клиенту").fill(ANSWER)
    staff.get_by_role("button", name="Отправить ответ").click()
    expect(staff.get_by_text("Ответ о расхождениях отправлен клиенту")).to_be_visible()


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, {"width": 1280, "height": 900}], ids=["phone", "desktop"])
def test_a_dispute_stays_in_sight_through_the_scan_until_staff_answer_it(
    new_page,
    client_org,
    password,
    fake_onec,
    smtp_server,
    reviewer,
    settings,
    scan_file,
    language,
    viewport,
):
    act = _sent_act(client_org, fake_onec, reviewer, language)
    letter = _mail(smtp_server, TEXTS[language]["subject"])
    assert letter["Reply-To"] == settings.STAFF_NOTIFY_EMAIL
    link = re.search(r"https?://\S+(/acts/\d+/)", letter.get_body(("plain",)).get_content()).group(1)
    assert link == f"/acts/{act.id}/"

    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)
    page.goto(link)
    with page.expect_download() as download:
        page.locator(".act-pdf a").click()
    assert open(download.value.path(), "rb").read() == private_file_read(act.file_path)
    _check(page, viewport)

    # A discrepancy: shown on the page, and nothing offers to confirm the act.
    page.locator("form:has(input[value=dispute]) textarea").fill(COMMENT)
    page.locator("form:has(input[value=dispute]) button[type=submit]").click()
    expect(page.locator(".act-dispute")).to_be_visible()
    expect(page.locator(".act-answer-state .status-warn")).to_be_visible()
    expect(page.get_by_text(COMMENT)).to_be_visible()
    expect(page.locator("form:has(input[value=confirm])")).to_have_count(0)
    _check(page, viewport)

    # The signed scan: recorded beside the dispute, which stays open.
    page.locator("form:has(input[value=signed_copy]) input[type=file]").set_input_files(scan_file)
    page.locator("form:has(input[value=signed_copy]) button[type=submit]").click()
    expect(page.locator(".act-signed")).to_be_visible()
    expect(page.locator(".act-dispute")).to_be_visible()
    expect(page.locator(".act-answer-state .status-warn")).to_be_visible()
    expect(page.locator("form:has(input[value=confirm])")).to_have_count(0)
    _check(page, viewport)
    page.goto("/")
    expect(page.locator(f".act-disputes a[href='{link}']")).to_be_visible()
    _check(page, viewport)

    # A reviewer answers in the admin; the client gets the answer by e-mail and on the page.
    _staff_answers(new_page, password)
    answer_letter = _mail(smtp_server, TEXTS[language]["answered"])
    assert answer_letter["Reply-To"] == settings.STAFF_NOTIFY_EMAIL
    assert ANSWER in answer_letter.get_body(("plain",)).get_content()
    page.goto(link)
    expect(page.locator(".act-resolved")).to_contain_text(ANSWER)
    expect(page.locator(".act-dispute")).to_have_count(0)
    expect(page.locator(".act-answer-state .status-ok")).to_be_visible()
    expect(page.locator("form:has(input[value=confirm])")).to_have_count(0)  # the scan is on file: settled
    expect(page.locator(".act-signed")).to_be_visible()
    _check(page, viewport)
    page.goto("/")
    expect(page.locator(".act-disputes")).to_have_count(0)
    _check(page, viewport)

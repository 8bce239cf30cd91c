"""The client's answer to a sent act in a real browser: every state of the act's page axe clean,
no sideways scroll at 360 px, in Russian and English; confirm, a refused file and a signed scan
by clicking, as a person would.

The acts carry what widens a page: a long address, a long comment with an unbroken number, a
long file name.
"""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import Page, expect

from apps.reconciliation import answers
from apps.reconciliation.models import ReconciliationAct
from apps.reconciliation.scans import scan_from_upload
from tests.e2e.conftest import DESKTOP, PHONE, axe_check, blank_pdf
from tests.e2e.test_phone_layout import LONG_EMAIL, assert_fits, assert_statuses_in_view, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_COMMENT = (
    "Не учтена оплата по платёжному поручению № 2026-000012345/ПК-ОГНЕУПОР-ПОДОЛЬСК-ФИЛИАЛ-ЮГ от 12.03.2026 "
    "на 150 000,00 ₽; просим проверить и прислать исправленный акт. "
) * 2
LONG_FILE = "Акт_сверки_ООО_Профкерамика_за_первый_квартал_2026_года_подписанный_главным_бухгалтером_и_директором"


@pytest.fixture
def scan_file(tmp_path):
    path = tmp_path / f"{LONG_FILE}.pdf"
    path.write_bytes(blank_pdf())
    return path


@pytest.fixture
def acts(client_org):
    """One sent act in each answer state the client can see."""

    def sent_act(month: int) -> ReconciliationAct:
        return ReconciliationAct.objects.create(
            client=client_org, email=LONG_EMAIL, status="sent", closing_balance=Decimal("-1234567.89"),
            date_from=date(2026, month, 1), date_to=date(2026, month, 28),
        )  # fmt: skip

    user = client_org.user
    scan = scan_from_upload(SimpleUploadedFile(f"{LONG_FILE}.pdf", blank_pdf()))
    confirmed, disputed, signed, waiting = sent_act(1), sent_act(2), sent_act(3), sent_act(4)
    answers.act_answer_create(act=confirmed, user=user, kind="confirm")
    answers.act_answer_create(act=disputed, user=user, kind="dispute", comment=LONG_COMMENT, scan=scan)
    answers.act_answer_create(act=signed, user=user, kind="confirm")
    answers.act_answer_create(act=signed, user=user, kind="signed_copy", scan=scan)
    return {"waiting": waiting, "confirmed": confirmed, "disputed": disputed, "signed": signed}


def check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
        assert_statuses_in_view(page, PHONE["width"])
    axe_check(page)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_answer_state_fits_and_is_accessible(new_page, client_org, password, acts, language, viewport):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)
    for act in acts.values():
        page.goto(f"/acts/{act.id}/")
        expect(page.locator(".act-answer-state .status")).to_be_visible()
        check(page, viewport)
    for address in ("/", "/acts/new/"):
        page.goto(address)
        check(page, viewport)

    # A dispute without its comment: the form's errors, as they are shown.
    page.goto(f"/acts/{acts['waiting'].id}/")
    page.locator("form:has(input[value=dispute]) button[type=submit]").click()
    expect(page.locator(".field-error").first).to_be_visible()
    check(page, viewport)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_client_confirms_then_sends_the_signed_scan(
    new_page, client_org, password, acts, scan_file, viewport, tmp_path
):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    page.goto(f"/acts/{acts['waiting'].id}/")
    expect(page.locator(".act-answer-state")).to_contain_text("Отправлен")
    page.get_by_role("button", name="Подтвердить").click()
    expect(page.get_by_text("Спасибо! Акт сверки подтверждён.")).to_be_visible()
    expect(page.locator(".act-answer-state")).to_contain_text("Подтверждён")
    check(page, viewport)

    program = tmp_path / "акт.pdf"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" + b"This program cannot be run in DOS mode." * 10)
    page.get_by_label("Подписанный экземпляр акта").set_input_files(program)
    page.get_by_role("button", name="Загрузить подписанный экземпляр").click()
    expect(page.get_by_text("По содержимому этот файл не PDF, JPEG или PNG")).to_be_visible()
    check(page, viewport)

    page.get_by_label("Подписанный экземпляр акта").set_input_files(scan_file)
    page.get_by_role("button", name="Загрузить подписанный экземпляр").click()
    expect(page.get_by_text("Спасибо! Подписанный экземпляр акта получен.")).to_be_visible()
    expect(page.locator(".act-answer-state")).to_contain_text("Получен подписанный экземпляр")
    check(page, viewport)

    with page.expect_download() as download:
        page.locator(".act-answer-file a").first.click()
    assert download.value.suggested_filename == f"{LONG_FILE}.pdf"
    assert open(download.value.path(), "rb").read() == scan_file.read_bytes()

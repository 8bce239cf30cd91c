import time
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from tests.e2e.conftest import axe_check, login_client
from tests.totp import code_for

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
INN = "5036012344"


def login_staff(page: Page, username: str, password: str) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(password)
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()
    if page.url.endswith("/accounts/2fa/authenticate/"):  # staff with an authenticator app: the code
        page.locator("input[name=code]").fill(code_for(get_user_model().objects.get(username=username)))
        page.locator("input[name=code]").press("Enter")
    page.wait_for_url("**/admin/")


def wait_for_mail(smtp_server, to: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for recipients, message in smtp_server.messages:
            if to in recipients:
                return message
        time.sleep(0.1)
    raise AssertionError(f"no e-mail to {to}; got {[r for r, _ in smtp_server.messages]}")


def test_ordered_act_is_approved_by_a_reviewer_and_arrives_with_the_pdf(
    page, new_page, client_org, password, fake_onec, smtp_server, reviewer, settings
):
    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "120000.00", "35500.25", b"%PDF-1.4 act of reconciliation for e2e")
    login_client(page, client_org.inn, password)
    page.locator(".tiles").get_by_role("link", name="Заказать акт сверки").click()  # the tile, not the settlements link
    expect(page.get_by_label("E-mail")).to_have_value("buh@profkeramika.example")
    axe_check(page)
    page.get_by_label("Начало периода").fill(date(2026, 7, 1).isoformat())
    page.get_by_label("Конец периода").fill(date(2026, 9, 30).isoformat())
    page.get_by_role("button", name="Запросить").click()

    expect(page.get_by_text("Запрос принят")).to_be_visible()
    expect(page.get_by_text("Акты сверки проверяются вручную")).to_be_visible()
    expect(page.get_by_text("Статус: акт получен из 1С и проверяется.")).to_be_visible()
    axe_check(page)
    staff_notice = wait_for_mail(smtp_server, settings.STAFF_NOTIFY_EMAIL)
    assert "ООО «Профкерамика»" in staff_notice["Subject"]

    staff = new_page()
    login_staff(staff, "reviewer", password)
    staff.goto("/admin/reconciliation/actinreview/")
    expect(staff.get_by_text("01.07.2026–30.09.2026")).to_be_visible()
    staff.get_by_role("link", name="Проверить").first.click()
    expect(staff.get_by_role("link", name="Открыть PDF акта")).to_be_visible()
    pdf = staff.request.get(staff.get_by_role("link", name="Открыть PDF акта").get_attribute("href"))
    assert pdf.body() == b"%PDF-1.4 act of reconciliation for e2e"
    staff.get_by_role("button", name="Одобрить и отправить").click()
    expect(staff.get_by_text("Акт одобрен и поставлен в отправку")).to_be_visible()

    message = wait_for_mail(smtp_server, "buh@profkeramika.example")
    assert message["Subject"] == "Акт сверки за 01.07.2026–30.09.2026"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_content_type() == "application/pdf"
    assert attachment.get_filename() == f"Акт сверки {INN} 01.07.2026-30.09.2026.pdf"
    assert attachment.get_content() == b"%PDF-1.4 act of reconciliation for e2e"

    page.reload()
    expect(page.get_by_text("Акт сверки отправлен на электронную почту buh@profkeramika.example")).to_be_visible()
    page.get_by_role("link", name="Личный кабинет").first.click()
    expect(page.locator(".status-ok", has_text="Отправлен")).to_be_visible()
    axe_check(page)

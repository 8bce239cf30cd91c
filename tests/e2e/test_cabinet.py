import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import axe_check, login_client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("viewport", ["desktop", "phone"])
def test_client_logs_in_sees_greeting_switches_language_and_logs_out(new_page, client_org, password, viewport):
    from tests.e2e.conftest import DESKTOP, PHONE

    page = new_page(DESKTOP if viewport == "desktop" else PHONE)
    page.goto("/accounts/login/")
    axe_check(page)
    login_client(page, client_org.inn, password)
    expect(page.get_by_text("Здравствуйте, ООО «Профкерамика»!")).to_be_visible()
    axe_check(page)

    page.get_by_role("button", name="Eng").click()
    expect(page.get_by_text("Hello, ООО «Профкерамика»!")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("button", name="Rus").click()
    expect(page.get_by_text("Здравствуйте, ООО «Профкерамика»!")).to_be_visible()

    page.locator("header summary", has_text="ИНН 5036012344").click()  # the person menu, named by who is logged in
    page.get_by_role("button", name="Выход").click()
    expect(page.get_by_role("heading", name="Вход в личный кабинет")).to_be_visible()


def test_wrong_password_shows_one_message(page, client_org):
    login_client(page, client_org.inn, "not-the-password")
    expect(page.get_by_role("alert")).to_have_text("Неверный ИНН или пароль.")
    axe_check(page)

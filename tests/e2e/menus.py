"""The header's disclosures as a person uses them: the person menu (login, organisation,
«Безопасность», «Сменить пароль», «Выход») and, on a phone, the «Разделы» button."""

from playwright.sync_api import Page, expect


def open_person_menu(page: Page) -> None:
    menu = page.locator("details.person-menu")
    if menu.get_attribute("open") is None:
        menu.locator("summary").click()
    expect(menu.locator(".menu-panel")).to_be_visible()


def log_out(page: Page) -> None:
    open_person_menu(page)
    page.locator("details.person-menu form[action='/accounts/logout/'] button").click()
    page.wait_for_load_state()


def open_sections(page: Page) -> None:
    """On a phone the sections hide behind «Разделы»; on a desktop they are always shown."""
    menu = page.locator("details.nav-menu")
    if menu.is_visible() and menu.get_attribute("open") is None:
        menu.locator("summary").click()
        expect(menu.locator("ul")).to_be_visible()

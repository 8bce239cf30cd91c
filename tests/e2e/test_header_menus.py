"""The header on a 360 px phone and on a desktop, in both languages, axe clean: every section
is on screen or behind the «Разделы» button, the organisation's name is read whole, and the
person menu says who is logged in and leads to «Безопасность», «Сменить пароль» and «Выход»."""

import re

import pytest
from playwright.sync_api import Page, expect

from apps.clients.models import Role
from tests.clients.people_helpers import make_person
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.menus import log_out, open_person_menu, open_sections
from tests.e2e.test_phone_layout import assert_fits, login, switch_language
from tests.factories import make_client

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LONG_NAME = "ООО «Торговый дом Подольскогнеупор-Логистик Северо-Западного федерального округа»"
ANNA = "anna.petrova.glavnyi.bukhgalter@profkeramika-podolsk.example"
SECTIONS = {
    "ru": ["Главная", "Документы", "Взаиморасчёты", "Отгрузки", "Уведомления", "Сотрудники"],
    "en": ["Home", "Documents", "Settlements", "Shipments", "Notices", "People"],
}


def check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    axe_check(page)


def assert_inside_viewport(page: Page, locator, width: int) -> None:
    box = locator.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= width, f"{locator} off-screen: {box}"


def assert_not_clipped(locator) -> None:
    """The element shows all of its text: nothing cut off to the right or below."""
    sizes = locator.evaluate(
        "el => [el.scrollWidth, el.clientWidth, el.scrollHeight, el.clientHeight, getComputedStyle(el).textOverflow]"
    )
    scroll_width, client_width, scroll_height, client_height, text_overflow = sizes
    assert client_width > 0 and scroll_width <= client_width, sizes
    assert scroll_height <= client_height and text_overflow != "ellipsis", sizes


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_every_section_is_reachable_and_seen_to_be(new_page, client_org, password, language, viewport):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)
    nav = page.get_by_role("navigation", name={"ru": "Разделы кабинета", "en": "Cabinet sections"}[language])
    if viewport is PHONE:
        # One button, on screen, that says what it opens and where the person is.
        button = nav.locator("summary")
        expect(button).to_be_visible()
        expect(button).to_contain_text(SECTIONS[language][0])
        assert_inside_viewport(page, button, PHONE["width"])
        expect(nav.get_by_role("link", name=SECTIONS[language][1])).to_be_hidden()
        check(page, viewport)
        open_sections(page)
        check(page, viewport)  # open, too
    for title in SECTIONS[language]:
        link = nav.get_by_role("link", name=title, exact=True)
        expect(link).to_be_visible()
        assert_inside_viewport(page, link, viewport["width"])
        assert_not_clipped(link)

    # Each section opens from the menu; the menu then names it.
    for title in SECTIONS[language][1:]:
        open_sections(page)
        nav.get_by_role("link", name=title, exact=True).click()
        page.wait_for_load_state()
        if viewport is PHONE:
            expect(nav.locator("summary")).to_contain_text(title)
        else:
            expect(nav.locator(".nav-list a[aria-current=page]")).to_have_text(title)
        check(page, viewport)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_long_organisation_name_is_read_whole_and_switched_from_the_header(
    new_page, client_org, password, language, viewport
):
    holding = make_client(name=LONG_NAME)
    make_person(client_org, email=ANNA, role=Role.PROCUREMENT)
    make_person(holding, email=ANNA, role=Role.ACCOUNTANT)
    page = new_page(viewport)
    login(page, ANNA, password)
    page.get_by_role("button", name=LONG_NAME).click()  # the choice after login
    switch_language(page, language)

    current = page.locator("header .org-current")
    expect(current).to_be_visible()
    expect(current).to_have_text(LONG_NAME)
    assert_not_clipped(current)
    assert_inside_viewport(page, current, viewport["width"])
    login_name = page.locator("header .person-login")
    expect(login_name).to_have_text(ANNA)
    assert_not_clipped(login_name)
    assert_inside_viewport(page, login_name, viewport["width"])
    check(page, viewport)

    page.locator("header .org-switch summary").click()
    check(page, viewport)
    page.locator("header .org-switch").get_by_role("button", name="ООО «Профкерамика»").click()
    page.wait_for_load_state()
    expect(current).to_have_text("ООО «Профкерамика»")
    greeting = {"ru": "Здравствуйте, ООО «Профкерамика»!", "en": "Hello, ООО «Профкерамика»!"}[language]
    expect(page.get_by_text(greeting)).to_be_visible()
    check(page, viewport)


PERSON = {
    "ru": {"security": "Безопасность", "password": "Сменить пароль", "logout": "Выход",
           "security_h1": "Безопасность", "password_h1": "Смена пароля", "login_h1": "Вход в личный кабинет"},
    "en": {"security": "Security", "password": "Change password", "logout": "Log out",
           "security_h1": "Security", "password_h1": "Change password", "login_h1": "Log in to your account"},
}  # fmt: skip


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_person_menu_says_who_and_leads_to_security_password_and_logout(
    new_page, client_org, password, language, viewport
):
    make_person(client_org, email=ANNA, role=Role.PROCUREMENT)
    words = PERSON[language]
    page = new_page(viewport)
    login(page, ANNA, password)
    switch_language(page, language)
    menu = page.locator("header details.person-menu")
    expect(menu.locator("summary")).to_be_visible()
    expect(menu.locator("summary")).to_have_accessible_name(
        {"ru": "Вы вошли как ", "en": "Logged in as "}[language] + ANNA
    )
    expect(menu.locator(".menu-panel")).to_be_hidden()

    menu.locator("summary").focus()  # a <summary> takes the focus by itself…
    page.keyboard.press("Enter")  # …and a keyboard opens it as a mouse does
    panel = menu.locator(".menu-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text("ООО «Профкерамика»")
    expect(panel).to_contain_text({"ru": "Снабжение", "en": "Procurement"}[language])
    assert_inside_viewport(page, panel, viewport["width"])
    check(page, viewport)

    panel.get_by_role("link", name=words["security"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["security_h1"])
    open_person_menu(page)
    panel.get_by_role("link", name=words["password"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["password_h1"])
    check(page, viewport)

    open_person_menu(page)
    panel.get_by_role("button", name=words["logout"]).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(words["login_h1"])
    expect(page.locator("details.person-menu")).to_have_count(0)
    page.goto("/")
    expect(page).to_have_url(re.compile(r".*/accounts/login/.*"))  # the session is gone


def test_logging_out_from_the_phone(phone_page, client_org, password):
    login(phone_page, client_org.inn, password)
    expect(phone_page.locator("header .person-login")).to_have_text(f"ИНН {client_org.inn}")
    log_out(phone_page)
    expect(phone_page.get_by_role("heading", name="Вход в личный кабинет")).to_be_visible()

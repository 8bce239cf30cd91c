"""«Документы» in a browser: on a phone each card keeps «Скачать» inside it; «Выбрать все на
странице» ticks a page, the count covers every page of the period, paging keeps the ticks, and
the archive is made of all of them; past the limit the page says so and the server refuses."""

import pytest
from playwright.sync_api import Page, expect

from apps.documents.models import DocumentRequest
from tests.e2e import test_register
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.test_phone_layout import assert_fits, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
documents = test_register.documents  # the fixture: thirty documents of every kind

WORDS = {
    "ru": {"all": "Выбрать все на странице", "none": "Снять отметки на странице", "clear": "Снять все отметки",
           "count": "Отмечено на всех страницах:", "limit": "За один раз можно собрать не больше {} документов.",
           "archive": "Собрать архив из отмеченных"},
    "en": {"all": "Select all on this page", "none": "Clear this page's ticks", "clear": "Clear all ticks",
           "count": "Ticked on all pages:", "limit": "No more than {} documents can be archived at once.",
           "archive": "Archive the ticked documents"},
}  # fmt: skip


def boxes(page: Page):
    return page.locator(".register-table input[type=checkbox][name=document]")


def expect_picked(page: Page, text: str) -> None:
    """The count as it reads on screen (the limit's warning beside it is hidden below the limit)."""
    expect(page.locator(".register-picks [role=status]")).to_have_text(text, use_inner_text=True)


def check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    axe_check(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_download_stays_inside_its_card(new_page, client_org, password, documents, viewport):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    page.goto("/documents/")
    rows = page.locator(".register-table tbody tr")
    expect(rows).to_have_count(25)
    for index in range(rows.count()):
        row = rows.nth(index)
        cell = row.locator("td.register-links")
        row_box, cell_box = row.bounding_box(), cell.bounding_box()
        for name in ("Открыть", "Скачать"):
            link = cell.get_by_role("link", name=name)
            box = link.bounding_box()
            assert row_box["x"] <= box["x"] and box["x"] + box["width"] <= row_box["x"] + row_box["width"]
            assert cell_box["y"] <= box["y"] and box["y"] + box["height"] <= cell_box["y"] + cell_box["height"]
            if viewport is PHONE:
                # Beside the cell's label, not under it: the label column ends before the link starts.
                label_right = cell.evaluate("el => el.getBoundingClientRect().left") + 7 * 16
                assert box["x"] >= label_right, (index, name, box)
    check(page, viewport)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_ticks_across_pages_become_one_archive(
    new_page, client_org, password, documents, smtp_server, language, viewport
):
    words = WORDS[language]
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)
    page.goto("/documents/")
    expect(page.locator(".register-picks")).to_be_visible()
    expect(page.locator(".register-actions")).to_contain_text(words["limit"].format(100))
    check(page, viewport)

    page.get_by_role("button", name=words["all"]).click()
    expect(boxes(page).and_(page.locator(":checked"))).to_have_count(25)
    expect_picked(page, f"{words['count']} 25")
    expect(page.get_by_role("button", name=words["none"])).to_be_visible()
    check(page, viewport)

    page.locator(".register-pages a[rel=next]").click()
    expect(boxes(page)).to_have_count(5)
    expect_picked(page, f"{words['count']} 25")
    boxes(page).nth(0).check()
    boxes(page).nth(1).check()
    expect_picked(page, f"{words['count']} 27")
    check(page, viewport)

    page.locator(".register-pages a[rel=prev]").click()
    expect(boxes(page).and_(page.locator(":checked"))).to_have_count(25)  # kept while paging
    boxes(page).nth(0).uncheck()
    expect_picked(page, f"{words['count']} 26")
    ticked = sorted(boxes(page).evaluate_all("els => els.filter(e => e.checked).map(e => e.value)"))

    page.get_by_role("button", name=words["archive"]).click()
    page.wait_for_url("**/documents/requests/*/")
    request = DocumentRequest.objects.latest("id")
    assert len(request.document_ids) == 26 and set(ticked) <= set(request.document_ids)
    page.goto("/documents/")  # a new selection starts empty
    expect_picked(page, f"{words['count']} 0")


def test_clearing_every_tick_and_a_page_of_them(page, client_org, password, documents):
    login(page, client_org.inn, password)
    page.goto("/documents/")
    page.get_by_role("button", name="Выбрать все на странице").click()
    page.get_by_role("button", name="Снять отметки на странице").click()
    expect(boxes(page).and_(page.locator(":checked"))).to_have_count(0)
    page.get_by_role("button", name="Выбрать все на странице").click()
    page.locator(".register-pages a[rel=next]").click()
    page.get_by_role("button", name="Снять все отметки").click()
    expect_picked(page, "Отмечено на всех страницах: 0")
    expect(page.get_by_role("button", name="Снять все отметки")).to_be_hidden()
    page.locator(".register-pages a[rel=prev]").click()
    expect(boxes(page).and_(page.locator(":checked"))).to_have_count(0)


def test_past_the_limit_the_page_warns_and_the_server_refuses(page, client_org, password, documents, monkeypatch):
    monkeypatch.setattr("apps.cabinet.views.register.MAX_SELECTED", 20)
    login(page, client_org.inn, password)
    page.goto("/documents/")
    warning = page.locator(".register-picks .register-over")
    expect(warning).to_be_hidden()
    page.get_by_role("button", name="Выбрать все на странице").click()
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("За один раз можно собрать не больше 20 документов.")
    axe_check(page)
    page.get_by_role("button", name="Собрать архив из отмеченных").click()
    expect(page.locator(".messages")).to_contain_text("За один раз можно собрать не больше 20 документов.")
    expect(boxes(page).and_(page.locator(":checked"))).to_have_count(25)  # the ticks wait to be fixed
    assert not DocumentRequest.objects.exists()

"""«Документы» in a real browser: the register on a desktop and at 360 px, in both languages
(1C's types in English in English), axe clean; paging, a file opened, ticked rows sent as a ZIP;
another client's id is 404."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.test_phone_layout import assert_fits, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

INN = "5036012344"
LONG_TYPE = "Универсальный передаточный документ (счёт-фактура и передаточный документ)"


@pytest.fixture
def documents(fake_onec, client_org):
    """Thirty documents of every kind over the last weeks, with long types and numbers."""
    today = timezone.localdate()
    made = []
    for n in range(30):
        kind = ("Invoice", "Closing", "Certificate")[n % 3]
        number = f"СК-{n:02d}/26" if n % 2 else f"2026-000012345/ПК-ОГНЕУПОР-ФИЛИАЛ-{n:02d}"
        type_ = LONG_TYPE if kind == "Closing" else ""
        made.append(fake_onec.add_document(INN, kind, today - timedelta(days=n), number=number, type=type_))
    fake_onec.add_document("7728012340", "Invoice", today, document_id="someone-elses")
    return made


def _rows_are_cards(page: Page) -> None:
    row = page.locator(".register-table tbody tr").first
    assert row.evaluate("el => getComputedStyle(el).display") == "block"
    box = row.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def _types_are_in(page: Page, language: str) -> None:
    """1C's types in the column and the filter: the known ones in the page's language, the long
    one the portal does not know as 1C wrote it."""
    cells = page.locator(".register-table tbody td:nth-of-type(3)")
    filter_ = page.locator("#id_type option")
    certificate, invoice = {"ru": ("Сертификат качества", "Счёт на оплату"), "en": ("Quality certificate", "Invoice")}[
        language
    ]
    for label in (certificate, invoice, LONG_TYPE):
        expect(cells.filter(has_text=label).first).to_be_visible()
        expect(filter_.filter(has_text=label)).to_have_count(1)
    if language == "en":
        expect(cells.filter(has_text="Сертификат качества")).to_have_count(0)
        expect(page.locator("#id_type option[value='Сертификат качества']")).to_have_text("Quality certificate")


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_register_fits_and_is_accessible(new_page, client_org, password, documents, language, viewport):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)
    page.goto("/documents/")
    expect(page.locator(".register-table tbody tr")).to_have_count(25)
    _types_are_in(page, language)
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
        _rows_are_cards(page)
    axe_check(page)

    page.locator(".register-pages a[rel=next]").click()
    expect(page.locator(".register-table tbody tr")).to_have_count(5)
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    axe_check(page)

    page.locator("#id_date_to").fill("2026-01-01")
    page.locator("#id_date_from").fill("2026-02-01")
    page.locator("main form[role=search] button[type=submit]").click()
    expect(page.locator(".field-error").first).to_be_visible()
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    axe_check(page)


def test_search_filter_and_open_a_document(page, client_org, password, documents, fake_onec):
    login(page, client_org.inn, password)
    page.goto("/documents/")
    page.get_by_label("Номер").fill("ск-05/26")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator(".register-table tbody tr")).to_have_count(1)
    calls = len(fake_onec.calls)

    link = page.get_by_role("link", name="Открыть Сертификат качества № СК-05/26")
    response = page.request.get(link.get_attribute("href"))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline;")
    assert [c[0] for c in fake_onec.calls[calls:]] == ["GetDocumentFile"]

    page.get_by_label("Вид").select_option("Closing")
    page.get_by_label("Номер").fill("")
    page.get_by_role("button", name="Показать").click()
    expect(page.locator(".register-table tbody tr")).to_have_count(10)
    axe_check(page)

    theirs = page.request.get("/documents/file/someone-elses/")
    assert theirs.status == 404


def test_ticked_rows_arrive_as_one_archive(page, client_org, password, documents, smtp_server):
    login(page, client_org.inn, password)
    page.goto("/documents/")
    page.get_by_label("Выбрать: Счёт на оплату № 2026-000012345/ПК-ОГНЕУПОР-ФИЛИАЛ-00").check()
    page.get_by_label("Выбрать: Сертификат качества № СК-05/26").check()
    page.get_by_role("button", name="Собрать архив из отмеченных").click()
    expect(page.get_by_text("Документы отправлены на электронную почту buh@profkeramika.example")).to_be_visible()
    axe_check(page)


def test_with_1c_down_the_register_says_so(page, client_org, password, fake_onec):
    fake_onec.set_down()
    login(page, client_org.inn, password)
    page.goto("/documents/")
    expect(page.get_by_text("Сервис 1С временно недоступен")).to_be_visible()
    axe_check(page)

"""A quality claim's round trip in a real browser: from «Отгрузки» the client files a claim with
two photos, staff take it into work and decide it in the admin (the photos shown), the client
reads the decision — every client page axe clean, no sideways scroll at 360 px; the pages in
English too.

The claim carries what widens a page: a long product name, a long unbroken number in the
description, long photo names.
"""

import re
import time

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from playwright.sync_api import Page, expect

from apps.claims.models import Claim
from tests.claims.conftest import file_claim
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.test_acts import login_staff
from tests.e2e.test_phone_layout import assert_fits, assert_statuses_in_view, login, switch_language
from tests.reconciliation.conftest import image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PRODUCT = "Кирпич огнеупорный шамотный ШПД-41 ГОСТ 390-2021, партия ПК-2026/000012345/ПОДОЛЬСК-ЮГ"
DESCRIPTION = (
    "В вагоне 52345678 треснули кирпичи на трёх поддонах из двенадцати, сколы по граням; "
    "акт приёмки № АП-2026/000012345/ПРОФКЕРАМИКА-ПОДОЛЬСК-ФИЛИАЛ-ЮГ составлен при разгрузке."
)
ANSWER = "Заменим 1,5 т кирпича ШПД-41 со следующей отгрузкой; за разбитые поддоны выставим уценку 10 %."
PHOTO_NAMES = ["Фото_трещин_поддон_номер_три_вагон_52345678_общий_план_при_разгрузке.jpg", "скол_крупно.png"]


@pytest.fixture
def shipment(fake_onec, client_org):
    fake_onec.add_client(client_org.inn, client_org.name)
    day = timezone.localdate() - timezone.timedelta(days=3)
    return fake_onec.add_shipment(client_org.inn, day, number="12/3", status="Delivered", vehicle="Вагон 52345678")


@pytest.fixture
def photos(tmp_path):
    paths = []
    for name, fmt in zip(PHOTO_NAMES, ("JPEG", "PNG"), strict=True):
        path = tmp_path / name
        path.write_bytes(image_bytes(fmt, size=(640, 480)))
        paths.append(path)
    return paths


@pytest.fixture
def handler(reviewer):
    """The acts' reviewer, also handling claims (two-factor app already set up)."""
    reviewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_claim", "handle_claim"]))
    return reviewer


def check(page: Page, viewport: dict, *, statuses: bool = False) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
        if statuses:
            assert_statuses_in_view(page, PHONE["width"])
    axe_check(page)


def _mail(smtp_server, to: str, subject_start: str, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for recipients, message in smtp_server.messages:
            if to in recipients and message["Subject"].startswith(subject_start):
                return message
        time.sleep(0.1)
    raise AssertionError(f"no «{subject_start}…» to {to}; got {[m['Subject'] for _, m in smtp_server.messages]}")


def _file_the_claim(page: Page, viewport: dict, photos) -> None:
    page.goto("/shipments/")
    page.get_by_role("link", name="Подать претензию по отгрузке 12/3").click()
    expect(page.get_by_role("heading", name="Подать претензию")).to_be_visible()
    check(page, viewport)

    # Sent empty first: every reason at once, the form still there.
    page.get_by_role("button", name="Отправить претензию").click()
    expect(page.get_by_text("Опишите, что не так с продукцией.")).to_be_visible()
    expect(page.get_by_text("Приложите хотя бы одно фото или PDF.")).to_be_visible()
    check(page, viewport)

    page.get_by_label("Что не так").fill(DESCRIPTION)
    expect(page.locator(".char-counter")).to_contain_text("Осталось")
    page.locator("#id_lines-0-product").fill(PRODUCT)
    page.locator("#id_lines-0-quantity").fill("1,5")
    page.locator("#id_lines-0-unit").select_option("t")
    page.get_by_label("Замена").check()
    page.get_by_label("Фото или PDF").set_input_files(photos)
    page.get_by_role("button", name="Отправить претензию").click()


def _staff_decide(new_page, password, claim: Claim) -> None:
    staff = new_page(DESKTOP)
    login_staff(staff, "reviewer", password)
    expect(staff.locator("#tile-claims [data-count=claims-waiting]")).to_have_text("1")
    staff.goto("/admin/claims/claimopen/")
    staff.get_by_role("link", name="Рассмотреть").first.click()
    expect(staff.get_by_text(PRODUCT)).to_be_visible()
    previews = staff.locator("#claim-files img")
    expect(previews).to_have_count(2)  # the JPEG and the PNG, each with its preview
    for image in previews.all():
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("img => img.naturalWidth") > 0  # drawn: the admin served it
    staff.get_by_role("button", name="Взять в работу").click()
    expect(staff.get_by_text("Претензия взята в работу.")).to_be_visible()
    staff.get_by_label("Частично").check()
    staff.get_by_label("Ответ клиенту").fill(ANSWER)
    staff.get_by_role("button", name="Отправить решение").click()
    expect(staff.get_by_text("Решение принято, письмо клиенту поставлено в отправку")).to_be_visible()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_claim_from_a_shipment_to_staffs_decision(
    new_page, client_org, password, shipment, photos, handler, smtp_server, settings, viewport
):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    _file_the_claim(page, viewport, photos)

    claim = Claim.objects.get()
    number = f"П-{timezone.localdate(claim.filed_at).year}-0001"  # the year of the clock that filed it
    assert claim.number == number
    expect(page.get_by_text(f"Претензия № {number} подана.")).to_be_visible()
    expect(page.get_by_role("heading", name=f"Претензия № {number}")).to_be_visible()
    expect(page.locator(".claim-state .status")).to_have_text("Подана")
    expect(page.locator(".claim-preview img")).to_have_count(2)
    for image in page.locator(".claim-preview img").all():
        # Drawn, not merely present: waited for (a loaded machine serves the preview after the page).
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    check(page, viewport, statuses=True)
    staff_mail = _mail(smtp_server, settings.STAFF_NOTIFY_EMAIL, f"Претензия № {number}")
    assert re.search(rf"/admin/claims/claim/{claim.id}/review/", staff_mail.get_body(("plain",)).get_content())

    _staff_decide(new_page, password, claim)

    client_mail = _mail(smtp_server, client_org.email, f"Решение по претензии № {number}")
    assert ANSWER in client_mail.get_body(("plain",)).get_content()
    page.reload()
    expect(page.locator(".claim-decision")).to_contain_text("Удовлетворена частично")
    expect(page.locator(".claim-answer")).to_have_text(ANSWER)
    check(page, viewport, statuses=True)
    page.get_by_role("link", name="Претензии", exact=True).first.click() if viewport is DESKTOP else page.goto(
        "/claims/"
    )
    expect(page.get_by_role("link", name=number)).to_be_visible()
    check(page, viewport, statuses=True)


@pytest.mark.parametrize("language", ["ru", "en"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_claims_pages_fit_and_are_accessible(new_page, client_org, password, shipment, language, viewport):
    pdf = SimpleUploadedFile("Акт_осмотра_партии_ПК-2026-000012345-ПОДОЛЬСК.pdf", _blank_pdf())
    claim = file_claim(client_org, shipment, description=DESCRIPTION, files=[pdf])
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)
    for address in ("/claims/", f"/claims/{claim.id}/", "/shipments/"):
        page.goto(address)
        check(page, viewport, statuses=True)
        if address == "/claims/":
            expect(page.locator("h1")).to_have_text({"ru": "Претензии", "en": "Claims"}[language])
        elif address.startswith("/claims/"):
            expect(page.locator("h1")).to_contain_text({"ru": "Претензия №", "en": "Claim No."}[language])
    page.locator(f"a[href^='/claims/new/{shipment.id}/']").click()
    check(page, viewport)
    page.locator(".claim-more-lines summary").click()
    page.locator("#id_lines-4-product").fill(PRODUCT)  # a line begun in the hidden part, left unfinished
    page.locator("button[type=submit].primary").click()
    expect(page.locator(".claim-more-lines")).to_have_attribute("open", "")
    expect(page.locator("#id_lines-4-quantity_error")).to_be_visible()
    check(page, viewport)


def _blank_pdf() -> bytes:
    from tests.e2e.conftest import blank_pdf

    return blank_pdf()


def test_files_the_server_would_refuse_are_said_before_sending(page, client_org, password, shipment, tmp_path):
    # The proxy in front takes a claim form up to 105 MB: a form over it would never reach the
    # portal's words, so the page says what the server would refuse before sending.
    login(page, client_org.inn, password)
    page.goto("/shipments/")
    page.get_by_role("link", name="Подать претензию по отгрузке 12/3").click()
    many = []
    for n in range(11):
        path = tmp_path / f"{n}.jpg"
        path.write_bytes(image_bytes("JPEG"))
        many.append(path)
    page.get_by_label("Фото или PDF").set_input_files(many)
    expect(page.locator(".claim-files-check")).to_have_text("Не больше 10 файлов: уберите лишние.")
    big = tmp_path / "весь_вагон.jpg"
    big.write_bytes(b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024))
    page.get_by_label("Фото или PDF").set_input_files(big)
    expect(page.locator(".claim-files-check")).to_have_text("Файл «весь_вагон.jpg» больше 10 МБ.")
    page.get_by_role("button", name="Отправить претензию").click()
    expect(page.get_by_label("Фото или PDF")).to_be_focused()
    assert "Проверьте поля формы." not in page.content()  # not sent: the server never saw it
    axe_check(page)
    page.get_by_label("Фото или PDF").set_input_files([])
    expect(page.locator(".claim-files-check")).to_be_hidden()

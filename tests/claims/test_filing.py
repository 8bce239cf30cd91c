"""Filing a claim from a shipment in the cabinet: each outcome in the client's words, every word
typed kept when the form comes back, nothing stored from a refused form, and the shipment always
looked up in the client's own list."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from apps.claims.models import Claim, ClaimFile
from apps.onec.client import OneCError, OneCErrorKind
from tests.claims.cabinet import claim_url, post_claim
from tests.claims.conftest import PERIOD, photo
from tests.reconciliation.conftest import EXE_BYTES

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clock():
    # The number names the year of filing: the clock is fixed, not read from today's calendar.
    with time_machine.travel(datetime(2026, 12, 1, 12, 0, tzinfo=ZoneInfo("Europe/Moscow")), tick=True):
        yield


def _html(response) -> str:
    return response.content.decode()


def _nothing_stored():
    assert not Claim.objects.exists() and not ClaimFile.objects.exists()


def test_the_form_names_the_shipment_and_says_its_limits(logged_in, shipment):
    html = _html(logged_in.get(claim_url(shipment.id)))
    assert "Отгрузка № 123 от 05.11.2026" in html
    assert "Не больше 4\xa0000 знаков." in html and 'maxlength="4000"' in html
    assert "До 10 файлов: фото JPEG или PNG и PDF, каждый до 10 МБ, вместе до 100 МБ." in html
    for label in ("Что не так", "Продукция", "Количество", "Ед. изм.", "Что вы просите", "Фото или PDF"):
        assert label in html
    for outcome in ("Замена", "Возврат", "Уценка", "Другое"):
        assert f">{outcome}</label>" in html


def test_a_claim_is_filed_and_its_number_shown_at_once(logged_in, client_org, shipment):
    response = post_claim(logged_in, shipment.id)
    claim = Claim.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("cabinet:claim_detail", args=[claim.id])
    html = _html(logged_in.get(response["Location"]))
    assert f"Претензия № П-2026-0001 подана. Мы рассмотрим её и ответим на {client_org.email}." in html
    assert '<h1 id="claim-title">Претензия № П-2026-0001</h1>' in html
    assert ">Подана</span>" in html
    assert [item.file_name for item in claim.files.all()] == ["трещина.jpg", "поддон.png"]
    assert [(line.product, str(line.quantity), line.unit) for line in claim.lines.all()] == [
        ("Кирпич ШПД-41", "1.500", "t")
    ]


def test_an_empty_form_says_what_is_missing_and_stores_nothing(logged_in, shipment):
    response = post_claim(logged_in, shipment.id, description="", outcome=None, files=None,
                          **{"lines-0-product": "", "lines-0-quantity": "", "lines-0-unit": ""})  # fmt: skip
    html = _html(response)
    assert response.status_code == 400
    for words in (
        "Опишите, что не так с продукцией.",
        "Укажите хотя бы одну позицию: продукцию, количество и единицу измерения.",
        "Выберите, что вы просите: замену, возврат, уценку или другое.",
        "Приложите хотя бы одно фото или PDF.",
    ):
        assert words in html
    _nothing_stored()


def test_a_bad_file_keeps_every_word_typed_and_says_to_choose_the_files_again(logged_in, shipment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    program = SimpleUploadedFile("фото.jpg", EXE_BYTES)
    response = post_claim(logged_in, shipment.id, description="Скол на\r\nкаждом втором кирпиче", outcome="discount",
                          files=[photo(), program], **{"lines-1-product": "Мертель", "lines-1-quantity": "40",
                                                        "lines-1-unit": "kg"})  # fmt: skip
    html = _html(response)
    assert response.status_code == 400
    assert "Файл «фото.jpg» по содержимому не фото JPEG или PNG и не PDF" in html
    assert "Браузер не хранит выбранные файлы после проверки формы: выберите их ещё раз." in html
    assert "Скол на\r\nкаждом втором кирпиче</textarea>" in html
    assert 'value="Кирпич ШПД-41"' in html and 'value="Мертель"' in html and 'value="1,5"' in html
    assert re.search(r'<input type="radio" name="outcome" value="discount"[^>]* checked>', html)
    _nothing_stored()


def test_a_line_begun_must_be_finished(logged_in, shipment):
    html = _html(post_claim(logged_in, shipment.id, **{"lines-0-quantity": "", "lines-0-unit": ""}))
    assert "Укажите количество." in html and "Выберите единицу измерения." in html
    html = _html(post_claim(logged_in, shipment.id, **{"lines-0-product": "", "lines-0-quantity": "-2"}))
    assert "Укажите продукцию." in html
    _nothing_stored()


def test_a_description_over_the_limit_is_refused_whole_not_cut(logged_in, shipment):
    text = "Трещины. " * 500  # 4 500 characters
    html = _html(post_claim(logged_in, shipment.id, description=text))
    assert "Описание длиннее 4\xa0000 знаков (сейчас 4\xa0499): сократите его." in html
    assert text.strip() in html
    _nothing_stored()


def test_more_than_ten_files_are_refused(logged_in, shipment):
    html = _html(post_claim(logged_in, shipment.id, files=[photo(f"{n}.jpg") for n in range(11)]))
    assert "Не больше 10 файлов: уберите лишние." in html
    _nothing_stored()


def test_another_clients_shipment_is_a_404_and_stores_nothing(logged_in, shipment, outsider_shipment):
    assert logged_in.get(claim_url(outsider_shipment.id)).status_code == 404
    assert post_claim(logged_in, outsider_shipment.id).status_code == 404
    assert post_claim(logged_in, "no-such-shipment").status_code == 404
    _nothing_stored()


def test_a_shipment_outside_the_period_is_not_found_either(logged_in, shipment):
    period = {"date_from": "2026-01-01", "date_to": "2026-03-31"}
    assert logged_in.get(claim_url(shipment.id, period)).status_code == 404
    assert logged_in.get(claim_url(shipment.id, period=None)).status_code == 404  # no period at all


def test_a_shipment_still_planned_cannot_be_claimed(logged_in, onec, client_org):
    planned = onec.add_shipment(client_org.inn, date(2026, 11, 25), number="P-7", status="Planned")
    response = logged_in.get(claim_url(planned.id), follow=True)
    assert "Претензию можно подать на отгрузку, которая уже отгружена или доставлена." in _html(response)
    assert post_claim(logged_in, planned.id).status_code == 302
    _nothing_stored()


def test_1c_down_while_sending_keeps_the_claim_on_screen(logged_in, shipment, onec, monkeypatch):
    from apps.cabinet.views import claims as views

    def down(**kwargs):
        raise OneCError(OneCErrorKind.UNAVAILABLE, "timeout")

    monkeypatch.setattr(views, "shipment_for_client", down)
    response = post_claim(logged_in, shipment.id, description="Сколы по всей партии")
    html = _html(response)
    assert response.status_code == 503
    assert "Сервис 1С временно недоступен, и мы не смогли проверить отгрузку: претензия не подана." in html
    assert "Сколы по всей партии</textarea>" in html and 'value="Кирпич ШПД-41"' in html
    _nothing_stored()
    response = logged_in.get(claim_url(shipment.id), follow=True)
    assert "Сервис 1С временно недоступен" in _html(response)
    assert (
        response.redirect_chain[-1][0] == reverse("cabinet:shipments") + "?" + "date_from=2026-09-01&date_to=2026-11-28"
    )


def test_the_same_form_sent_twice_files_one_claim(logged_in, shipment):
    from tests.claims.cabinet import form_data

    data = form_data()
    first = logged_in.post(claim_url(shipment.id), data)
    data["files"] = [photo(), photo("поддон.png", fmt="PNG")]  # a browser sends the files again
    again = logged_in.post(claim_url(shipment.id), data)
    assert first["Location"] == again["Location"] and Claim.objects.count() == 1


def test_the_shipments_page_offers_a_claim_for_shipped_and_delivered_only(logged_in, onec, client_org, shipment):
    onec.add_shipment(client_org.inn, date(2026, 11, 25), number="P-7", status="Planned")
    html = _html(logged_in.get(reverse("cabinet:shipments"), PERIOD))
    assert html.count("Подать претензию") == 1
    assert claim_url(shipment.id).replace("&", "&amp;") in html


def test_a_storage_that_does_not_answer_keeps_the_claim_on_screen(logged_in, shipment, monkeypatch):
    from apps.claims import storage
    from apps.core.private_files import PrivateFileUnavailable

    def down(*args, **kwargs):
        raise PrivateFileUnavailable("the bucket stopped answering")

    monkeypatch.setattr(storage, "private_file_save", down)
    response = post_claim(logged_in, shipment.id, description="Сколы по всей партии")
    html = _html(response)
    assert response.status_code == 503
    assert "Хранилище файлов сейчас недоступно: претензия не подана." in html
    assert "Сколы по всей партии</textarea>" in html
    _nothing_stored()

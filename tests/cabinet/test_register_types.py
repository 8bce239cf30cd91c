"""«Документы» in English says the types 1C sends in English, in the column and in the filter,
and still filters by 1C's own value; a type the portal does not know is shown as 1C wrote it."""

from datetime import date
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

INN = "5036012344"
PERIOD = {"date_from": "2026-09-01", "date_to": "2026-11-27"}
UNKNOWN = "Реестр отгрузок"


@pytest.fixture
def documents(fake_onec):
    return {
        "invoice": fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="INV-1"),
        "upd": fake_onec.add_document(INN, "Closing", date(2026, 9, 6), number="UPD-1", type="УПД"),
        "unknown": fake_onec.add_document(INN, "Closing", date(2026, 9, 7), number="REG-1", type=UNKNOWN),
        "cert": fake_onec.add_document(INN, "Certificate", date(2026, 9, 8), number="CERT-1"),
    }


def _in(browser, language: str):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return browser


def _page(browser, **params) -> str:
    return browser.get(reverse("cabinet:register"), {**PERIOD, **params}).content.decode()


def test_english_register_shows_known_types_in_english_and_an_unknown_one_as_1c_wrote_it(logged_in, documents):
    html = _page(_in(logged_in, "en"))
    for label in ("Invoice", "Universal transfer document", "Quality certificate"):
        assert f'data-label="Type">{label}</td>' in html
    assert f'data-label="Type">{UNKNOWN}</td>' in html
    for russian in ("Счёт на оплату", "УПД", "Сертификат качества"):  # in no text, only in option values
        assert f">{russian}<" not in html and f" {russian} " not in html
    assert 'Open<span class="visually-hidden"> Universal transfer document No. UPD-1</span>' in html


def test_english_type_filter_offers_english_labels_with_1cs_values(logged_in, documents):
    html = _page(_in(logged_in, "en"))
    assert '<option value="УПД">Universal transfer document</option>' in html
    assert '<option value="Счёт на оплату">Invoice</option>' in html
    assert '<option value="Сертификат качества">Quality certificate</option>' in html
    assert f'<option value="{UNKNOWN}">{UNKNOWN}</option>' in html


def test_the_filter_still_filters_by_1cs_own_value_in_either_language(logged_in, documents):
    for language in ("ru", "en"):
        html = _page(_in(logged_in, language), type="УПД")
        assert "UPD-1" in html and "INV-1" not in html and "REG-1" not in html
        html = _page(_in(logged_in, language), type=UNKNOWN)
        assert "REG-1" in html and "UPD-1" not in html
    assert "UPD-1" not in _page(logged_in, type="Universal transfer document")  # a label is no type


def test_russian_register_shows_1cs_types(logged_in, documents):
    html = _page(_in(logged_in, "ru"))
    assert 'data-label="Тип">УПД</td>' in html and 'data-label="Тип">Счёт на оплату</td>' in html
    assert f'<option value="{UNKNOWN}">{UNKNOWN}</option>' in html
    assert '<option value="УПД">УПД</option>' in html


def test_an_english_download_is_named_in_english(logged_in, documents):
    url = reverse("cabinet:register_file", args=[documents["upd"].id])
    response = _in(logged_in, "en").get(url, {**PERIOD, "download": "1"})
    assert response.status_code == 200
    assert "2026-09-06 Universal transfer document UPD-1 of 06.09.2026.pdf" in unquote(response["Content-Disposition"])

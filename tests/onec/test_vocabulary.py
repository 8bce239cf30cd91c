"""1C's words as the portal shows them (apps/onec/vocabulary.py): known ones translated, the rest
as 1C wrote them."""

import pytest
from django.template import Context, Template
from django.utils import translation

from apps.onec.vocabulary import DOCUMENT_TYPES, document_type_label, is_known_document_type, vehicle_label


@pytest.mark.parametrize(
    ("type_", "ru", "en"),
    [
        ("Счёт на оплату", "Счёт на оплату", "Invoice"),
        ("УПД", "УПД", "Universal transfer document"),
        ("Счёт-фактура", "Счёт-фактура", "VAT invoice"),
        ("ТОРГ-12", "ТОРГ-12", "Consignment note (TORG-12)"),
        ("Акт", "Акт", "Acceptance act"),
        ("Сертификат качества", "Сертификат качества", "Quality certificate"),
        ("Паспорт качества", "Паспорт качества", "Quality passport"),
    ],
)
def test_a_known_type_is_said_in_the_active_language(type_, ru, en):
    with translation.override("ru"):
        assert document_type_label(type_) == ru
    with translation.override("en"):
        assert document_type_label(type_) == en


def test_every_type_the_demo_1c_sends_is_known():
    from apps.onec.emulator.data import CERTIFICATE_TYPES, CLOSING_TYPES

    sent = {"Счёт на оплату", *CLOSING_TYPES, *(type_ for type_, _prefix in CERTIFICATE_TYPES)}
    assert {type_ for type_ in sent if not is_known_document_type(type_)} == set()
    assert set(DOCUMENT_TYPES) >= sent


def test_the_same_type_written_without_yo_or_in_other_case_is_known_and_kept_in_russian():
    with translation.override("en"):
        assert document_type_label("Счет на оплату") == "Invoice"
        assert document_type_label(" упд ") == "Universal transfer document"
    with translation.override("ru"):
        assert document_type_label("Счет-фактура") == "Счет-фактура"  # 1C's own spelling


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_type_the_portal_does_not_know_stays_as_1c_wrote_it(language):
    with translation.override(language):
        assert document_type_label("Акт сверки взаимозачёта") == "Акт сверки взаимозачёта"
        assert document_type_label("") == ""
    assert not is_known_document_type("Акт сверки взаимозачёта")


@pytest.mark.parametrize(
    ("vehicle", "ru", "en"),
    [
        ("а/м А123ВЕ 50", "а/м А123ВЕ 50", "truck А123ВЕ 50"),
        ("вагон № 52345678", "вагон № 52345678", "wagon No. 52345678"),
        ("Вагон № 5", "Вагон № 5", "wagon No. 5"),
        ("Полувагон 52345678", "Полувагон 52345678", "Полувагон 52345678"),  # not a word the portal knows
        ("а/мобиль", "а/мобиль", "а/мобиль"),  # the word must end where the prefix does
        ("", "", ""),
    ],
)
def test_a_vehicles_known_first_word_is_translated_and_the_rest_kept(vehicle, ru, en):
    with translation.override("ru"):
        assert vehicle_label(vehicle) == ru
    with translation.override("en"):
        assert vehicle_label(vehicle) == en


def test_the_template_filters_render_in_the_templates_language():
    template = Template("{% load onec_words %}{{ type|document_type }} / {{ vehicle|vehicle }}")
    context = Context({"type": "УПД", "vehicle": "а/м А123ВЕ 50"})
    with translation.override("en"):
        assert template.render(context) == "Universal transfer document / truck А123ВЕ 50"
    with translation.override("ru"):
        assert template.render(context) == "УПД / а/м А123ВЕ 50"

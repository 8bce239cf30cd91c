"""The digest names each document's type in the organisation's language; a type the portal does
not know stays as 1C wrote it."""

from datetime import date

import pytest
from django.core import mail

from apps.notices.models import AnnouncedDocument
from apps.notices.poll import notices_poll
from tests.factories import make_client

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize(
    ("language", "upd", "certificate"),
    [
        ("en", "Closing document: Universal transfer document No. A-77", "Quality certificate No. СК-1"),
        ("ru", "Закрывающий документ: УПД № A-77", "Сертификат качества № СК-1"),
    ],
)
def test_the_digest_says_known_types_in_the_organisations_language(fake_onec, subscribe, language, upd, certificate):
    client = make_client(name="АО «Металлург-Сервис»", language=language)
    subscribe(client)
    fake_onec.add_document(client.inn, "Closing", date(2026, 11, 20), number="A-77", type="УПД")
    fake_onec.add_document(client.inn, "Certificate", date(2026, 11, 20), number="СК-1")
    fake_onec.add_document(client.inn, "Closing", date(2026, 11, 20), number="R-1", type="Реестр отгрузок")

    notices_poll()

    [digest] = mail.outbox
    html = digest.alternatives[0][0]
    assert upd in digest.body and certificate in digest.body
    assert "Реестр отгрузок" in digest.body and "Реестр отгрузок" in html
    # The journal keeps 1C's own words.
    assert set(AnnouncedDocument.objects.values_list("type", flat=True)) == {
        "УПД",
        "Сертификат качества",
        "Реестр отгрузок",
    }

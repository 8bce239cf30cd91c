"""The «Документы» register page: what a client sees, what each row opens, what ticking makes."""

import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.documents import register
from apps.documents.models import DocumentDownload, DocumentKind, DocumentRequest
from apps.onec.client import DocumentFile

pytestmark = pytest.mark.django_db

INN = "5036012344"
PERIOD = {"date_from": "2026-09-01", "date_to": "2026-11-27"}


def _page(client, **params):
    return client.get(reverse("cabinet:register"), {**PERIOD, **params}).content.decode()


def _file_url(document_id, **params):
    query = "&".join(f"{k}={v}" for k, v in {**PERIOD, **params}.items())
    return reverse("cabinet:register_file", args=[document_id]) + "?" + query


def _list_calls(fake_onec):
    return [call for call in fake_onec.calls if call[0] == "ListDocuments"]


def test_register_shows_date_type_number_and_amount_newest_first(logged_in, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="31/26", amount="1234567.50")
    fake_onec.add_document(INN, "Closing", date(2026, 10, 19), number="СК-12/26", type="Акт")
    html = _page(logged_in)
    assert "05.09.2026" in html and "Счёт на оплату" in html and "31/26" in html
    assert "1" in html and "234" in html and "567,50" in html
    assert html.index("СК-12/26") < html.index("31/26")


def test_default_period_is_the_last_three_months_ending_today(logged_in, fake_onec):
    fake_onec.add_client(INN)
    today = timezone.localdate()
    logged_in.get(reverse("cabinet:register"))
    _, _, _, start, end = _list_calls(fake_onec)[0]
    assert end == today
    assert timedelta(days=89) <= today - start <= timedelta(days=92)


def test_reversed_period_is_refused_with_the_guides_message(logged_in, fake_onec):
    html = _page(logged_in, date_from="2026-11-01", date_to="2026-10-01")
    assert "Дата конца периода меньше даты начала" in html
    assert fake_onec.calls == []


def test_empty_period_says_there_are_no_documents(logged_in, fake_onec):
    fake_onec.add_client(INN)
    assert "За данный период документов нет" in _page(logged_in)


def test_filters_by_kind_and_by_type(logged_in, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="INV-1")
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), number="UPD-1", type="УПД")
    fake_onec.add_document(INN, "Closing", date(2026, 9, 7), number="ACT-1", type="Акт")
    fake_onec.add_document(INN, "Certificate", date(2026, 9, 8), number="CERT-1")
    html = _page(logged_in, kind="Closing")
    assert "UPD-1" in html and "ACT-1" in html and "INV-1" not in html and "CERT-1" not in html
    html = _page(logged_in, type="Акт")
    assert "ACT-1" in html and "UPD-1" not in html
    assert '<option value="Акт"' in html and '<option value="УПД"' in html  # the types present
    html = _page(logged_in, kind="Certificate")
    assert "CERT-1" in html and "UPD-1" not in html


def test_search_by_part_of_the_number_ignores_case(logged_in, fake_onec):
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), number="СК-12/26")
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 7), number="31/26")
    html = _page(logged_in, number="ск-12")
    assert "СК-12/26" in html and "31/26" not in html
    assert "Нет документов, подходящих под условия отбора." in _page(logged_in, number="999")


def test_paging_filtering_and_searching_do_not_call_1c_again(logged_in, fake_onec):
    for n in range(60):
        fake_onec.add_document(INN, "Closing", date(2026, 9, 1) + timedelta(days=n), number=f"N-{n:03d}")
    first = _page(logged_in)
    calls = len(fake_onec.calls)
    second = _page(logged_in, page=2)
    _page(logged_in, kind="Closing", number="N-05", page=3)
    assert len(fake_onec.calls) == calls
    assert "N-059" in first and "N-059" not in second and "N-034" in second
    assert "Страница 2 из 3" in second


def test_with_1c_down_the_last_list_is_shown_with_its_time(logged_in, fake_onec, monkeypatch):
    monkeypatch.setattr(register, "FRESH_SECONDS", 0)  # as if the fresh list had expired
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="31/26")
    _page(logged_in)
    fetched = timezone.localtime()
    fake_onec.set_down()
    html = _page(logged_in)
    assert "Сервис 1С временно недоступен" in html
    assert f"Список на {fetched:%d.%m.%Y %H:}" in html
    assert "31/26" in html


def test_with_1c_down_and_no_earlier_list_the_page_says_so(logged_in, fake_onec):
    fake_onec.set_down()
    html = _page(logged_in)
    assert "Сервис 1С временно недоступен" in html
    assert "За данный период документов нет" not in html


def test_unknown_organisation_is_told_so(logged_in, fake_onec):
    assert "Ваша организация не найдена в 1С" in _page(logged_in)


def test_without_certificates_in_1c_the_choice_is_absent_and_the_rest_works(logged_in, fake_onec):
    fake_onec.set_version("1.0")
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="INV-7")
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), number="UPD-7")
    html = _page(logged_in)
    assert "INV-7" in html and "UPD-7" in html
    assert 'value="Certificate"' not in html
    assert "Сертификаты пока недоступны" in _page(logged_in, kind="Certificate")


def test_each_row_opens_its_file_inline_or_saves_it(logged_in, fake_onec, client_org):
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), number="СК-12/26", type="Акт", document_id="doc-1")
    assert reverse("cabinet:register_file", args=["doc-1"]) in _page(logged_in)

    opened = logged_in.get(_file_url("doc-1"))
    assert opened.status_code == 200 and opened["Content-Type"] == "application/pdf"
    assert opened["Content-Disposition"].startswith("inline;")
    assert "%D0%90%D0%BA%D1%82%20%D0%A1%D0%9A-12-26%20%D0%BE%D1%82%2006.09.2026.pdf" in opened["Content-Disposition"]
    assert b"".join(opened.streaming_content).startswith(b"%PDF")

    saved = logged_in.get(_file_url("doc-1", download=1))
    assert saved["Content-Disposition"].startswith("attachment;")
    downloads = DocumentDownload.objects.filter(client=client_org, what=DocumentDownload.What.DOCUMENT)
    assert downloads.count() == 2
    assert downloads.first().document_id == "doc-1"
    assert downloads.first().title == "2026-09-06 Акт СК-12-26 от 06.09.2026.pdf"


def test_a_file_1c_sends_as_something_else_is_saved_never_shown(logged_in, fake_onec, monkeypatch):
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), document_id="doc-x")
    page = DocumentFile("x.pdf", "text/html", b"<html><script>alert(1)</script>")
    monkeypatch.setattr(fake_onec, "get_document_file", lambda inn, document_id: page)
    response = logged_in.get(_file_url("doc-x"))
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Type"] == "application/octet-stream"


def test_another_clients_document_is_not_found_and_1c_is_not_asked_for_it(logged_in, fake_onec):
    fake_onec.add_client(INN)
    fake_onec.add_document("7728012340", "Closing", date(2026, 9, 6), document_id="theirs")
    assert logged_in.get(_file_url("theirs")).status_code == 404
    assert not [call for call in fake_onec.calls if call[0] == "GetDocumentFile"]


def test_a_document_1c_refuses_as_someone_elses_is_not_found(logged_in, fake_onec):
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), document_id="doc-1")
    fake_onec.lose_document("doc-1")  # 1C answers DOCUMENT_NOT_FOUND
    assert logged_in.get(_file_url("doc-1")).status_code == 404


def test_a_file_link_with_a_bad_period_is_not_found(logged_in, fake_onec):
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), document_id="doc-1")
    assert logged_in.get(_file_url("doc-1", date_from="2026-12-01")).status_code == 404


def test_a_file_while_1c_is_down_says_so(logged_in, fake_onec):
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), document_id="doc-1")
    _page(logged_in)
    fake_onec.set_down()
    response = logged_in.get(_file_url("doc-1"))
    assert response.status_code == 503
    assert "Сервис 1С временно недоступен" in response.content.decode()


def test_ticked_rows_become_an_archive_request_for_those_documents(logged_in, fake_onec, client_org):
    fake_onec.add_client(INN)
    response = logged_in.post(reverse("cabinet:register_archive"), {**PERIOD, "document": ["b", "a", "a"]})
    request = DocumentRequest.objects.get(client=client_org)
    assert response.url == reverse("cabinet:document_request", args=[request.id])
    assert request.kind == DocumentKind.SELECTED and request.document_ids == ["a", "b"]
    assert request.email == client_org.email
    assert (request.date_from, request.date_to) == (date(2026, 9, 1), date(2026, 11, 27))


def test_pressing_the_button_with_nothing_ticked_asks_to_tick(logged_in, fake_onec):
    fake_onec.add_client(INN)
    html = logged_in.post(reverse("cabinet:register_archive"), PERIOD, follow=True).content.decode()
    assert "Отметьте документы, которые нужно собрать в архив." in html
    assert DocumentRequest.objects.count() == 0


def test_the_archive_button_takes_only_post(logged_in):
    assert logged_in.get(reverse("cabinet:register_archive")).status_code == 405


def test_register_pages_need_a_login(client):
    for url in (reverse("cabinet:register"), _file_url("doc-1")):
        assert client.get(url).status_code == 302


def test_register_in_english(logged_in, fake_onec):
    """Passes once the English catalogue has the register's strings."""
    fake_onec.add_client(INN)
    logged_in.cookies.load({"django_language": "en"})
    html = _page(logged_in)
    assert re.search(r"<h1>Documents</h1>", html)
    assert "There are no documents for this period" in html

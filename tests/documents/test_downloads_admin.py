"""Staff see what each client downloaded, when and by whom, from the client's own page."""

from datetime import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.documents.downloads import record_download
from apps.documents.models import DocumentDownload
from apps.notices.models import AnnouncedDocument, NoticeSubscription

pytestmark = pytest.mark.django_db

LIST = "admin:documents_documentdownload_changelist"


@pytest.fixture
def manager(client, staff_user):
    codenames = ["view_client", "view_documentdownload", "view_noticesubscription", "view_announceddocument"]
    staff_user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client.force_login(staff_user)
    return client


def _downloads(client_org, count: int, prefix: str = "УПД") -> None:
    for n in range(count):
        record_download(
            client=client_org, user=client_org.user, what=DocumentDownload.What.DOCUMENT,
            title=f"{prefix} {n} от 20.11.2026.pdf", document_id=f"doc-{n}", size=2048,
        )  # fmt: skip


def test_the_clients_page_links_to_its_downloads_filtered_to_it(manager, client_org, outsider_org):
    _downloads(client_org, 2, prefix="Наш")
    _downloads(outsider_org, 1, prefix="Чужой")

    page = manager.get(reverse("admin:clients_client_change", args=[client_org.id])).content.decode()
    link = reverse(LIST) + f"?client__id__exact={client_org.id}"
    assert f'href="{link}"' in page
    assert "Скачивания" in page

    html = manager.get(link).content.decode()
    assert "Наш 0 от 20.11.2026.pdf" in html and "Наш 1 от 20.11.2026.pdf" in html
    assert "Чужой" not in html
    assert client_org.inn in html  # the login that downloaded
    assert "2,0\xa0КБ" in html or "2.0\xa0KB" in html or "2,0 КБ" in html


def test_downloads_are_searched_by_inn_and_filtered_by_what_and_date(manager, client_org, outsider_org):
    _downloads(client_org, 1, prefix="Наш")
    _downloads(outsider_org, 1, prefix="Чужой")
    record_download(client=client_org, user=None, what=DocumentDownload.What.ARCHIVE, title="Архив.zip")

    html = manager.get(reverse(LIST), {"q": outsider_org.inn}).content.decode()
    assert "Чужой" in html and "Наш" not in html
    html = manager.get(reverse(LIST), {"q": "Посторонний"}).content.decode()
    assert "Чужой" in html and "Наш" not in html
    html = manager.get(reverse(LIST), {"what__exact": "archive"}).content.decode()
    assert "Архив.zip" in html and "Наш" not in html
    html = manager.get(reverse(LIST), {"created_at_from": "01.01.2000", "created_at_to": "02.01.2000"}).content.decode()
    assert "Наш" not in html and "Архив.zip" not in html


def test_the_download_log_is_read_only(manager, client_org):
    _downloads(client_org, 1)
    download = DocumentDownload.objects.get()
    response = manager.post(reverse("admin:documents_documentdownload_change", args=[download.id]), {"title": "x"})
    assert response.status_code == 403
    assert manager.get(reverse("admin:documents_documentdownload_add")).status_code == 403


def test_the_list_makes_the_same_queries_for_many_rows(manager, client_org, outsider_org):
    _downloads(client_org, 2)
    manager.get(reverse(LIST))  # the first page of a session loads its permissions
    with CaptureQueriesContext(connection) as few:
        manager.get(reverse(LIST))
    _downloads(outsider_org, 30)
    with CaptureQueriesContext(connection) as many:
        assert manager.get(reverse(LIST)).status_code == 200
    assert len(many) == len(few)


def test_the_clients_notice_subscription_and_announced_log(manager, client_org, outsider_org):
    NoticeSubscription.objects.create(client=client_org, closing=True, email="snab@profkeramika.example")
    NoticeSubscription.objects.create(client=outsider_org, certificates=True)
    AnnouncedDocument.objects.create(
        client=client_org, document_id="d1", kind="Closing", type="УПД", number="УПД-77", date="2026-11-20",
        amount="10.00", changed="2026-11-20T10:00Z",
    )  # fmt: skip
    query = f"?client__id__exact={client_org.id}"
    page = manager.get(reverse("admin:clients_client_change", args=[client_org.id])).content.decode()
    for name in ("admin:notices_noticesubscription_changelist", "admin:notices_announceddocument_changelist"):
        assert f'href="{reverse(name)}{query}"' in page

    html = manager.get(reverse("admin:notices_noticesubscription_changelist") + query).content.decode()
    assert "snab@profkeramika.example" in html and outsider_org.name not in html
    html = manager.get(reverse("admin:notices_announceddocument_changelist") + query).content.decode()
    assert "УПД-77" in html


def test_the_notice_lists_make_the_same_queries_for_many_rows(manager, client_org, outsider_org):
    for name in ("admin:notices_noticesubscription_changelist", "admin:notices_announceddocument_changelist"):
        NoticeSubscription.objects.all().delete()
        AnnouncedDocument.objects.all().delete()
        NoticeSubscription.objects.create(client=client_org, closing=True)
        AnnouncedDocument.objects.create(
            client=client_org, document_id="d0", kind="Closing", type="УПД", number="0", date="2026-11-20",
            amount="1.00", changed="2026-11-20T10:00Z",
        )  # fmt: skip
        manager.get(reverse(name))  # the first page of a session loads its permissions
        with CaptureQueriesContext(connection) as few:
            manager.get(reverse(name))
        NoticeSubscription.objects.create(client=outsider_org, closing=True)
        for n in range(1, 20):
            AnnouncedDocument.objects.create(
                client=outsider_org, document_id=f"d{n}", kind="Certificate", type="СК", number=str(n),
                date="2026-11-20", amount="0.00", changed="2026-11-20T10:00Z",
            )  # fmt: skip
        with CaptureQueriesContext(connection) as many:
            manager.get(reverse(name))
        assert len(many) == len(few), name


def test_the_date_filter_takes_whole_moscow_days_both_ends_included(manager, client_org):
    # 23:30 on 7 December in Moscow is 20:30 UTC; 00:10 on 8 December is 21:10 UTC on the 7th.
    times = {
        "late": "2026-12-07T20:30:00+00:00",
        "next": "2026-12-07T21:10:00+00:00",
        "early": "2026-12-06T21:05:00+00:00",
    }
    for title, moment in times.items():
        record_download(client=client_org, user=None, what=DocumentDownload.What.ARCHIVE, title=f"{title}.zip")
        DocumentDownload.objects.filter(title=f"{title}.zip").update(created_at=datetime.fromisoformat(moment))

    html = manager.get(reverse(LIST), {"created_at_from": "07.12.2026", "created_at_to": "07.12.2026"}).content.decode()
    assert "late.zip" in html and "early.zip" in html  # 00:05 and 23:30 Moscow time on the 7th
    assert "next.zip" not in html  # the 8th in Moscow


def test_a_date_the_filter_cannot_read_filters_nothing_out(manager, client_org):
    _downloads(client_org, 1, prefix="Наш")
    response = manager.get(reverse(LIST), {"created_at_from": "вчера", "created_at_to": "32.13.2026"})
    assert response.status_code == 200 and "Наш 0" in response.content.decode()

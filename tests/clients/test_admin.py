"""Staff pages: «Импорт из Excel» with its preview, «Отправить доступ», and recorded e-mail changes."""

import pytest
from django.core import mail
from django.urls import reverse

from apps.clients.models import AccessLetter, Client, ClientEmailChange
from tests.clients.conftest import INN_A, INN_B
from tests.factories import make_client

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:clients_client_import_excel"


@pytest.fixture
def admin_http(client, superuser):
    client.force_login(superuser)
    return client


def _upload(http, data: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("clients.xlsx", data, content_type="application/octet-stream")
    return http.post(reverse(IMPORT_URL), {"file": upload})


def test_changelist_offers_the_import_button(admin_http):
    html = admin_http.get(reverse("admin:clients_client_changelist")).content.decode()
    assert reverse(IMPORT_URL) in html
    assert "Импорт из Excel" in html


def test_import_shows_a_preview_first_and_imports_only_on_confirmation(
    private_storage, admin_http, make_xlsx, superuser
):
    data = make_xlsx(
        [
            [INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None],
            ["5036012345", None, "ООО «Опечатка»", "x@x.example", None],
        ]
    )
    response = _upload(admin_http, data)
    html = response.content.decode()
    assert "Предпросмотр: ничего ещё не изменено" in html
    assert "Новых: 1, изменится: 0, без изменений: 0, с ошибками: 1." in html
    assert "ИНН 5036012345: неверная контрольная сумма — проверьте цифры." in html
    assert not Client.objects.exists()
    token = response.context["token"]
    # Waiting in the private storage (a bucket: the confirmation may reach another web host).
    assert private_storage.names() == [f"client-imports/{token}.xlsx"]
    assert private_storage.on_disk() == []

    response = admin_http.post(reverse(IMPORT_URL), {"token": token}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:clients_client_changelist")
    assert "Импорт выполнен: новых 1, изменено 0, без изменений 0, с ошибками 1." in response.content.decode()
    assert list(Client.objects.values_list("inn", flat=True)) == [INN_A]
    assert private_storage.names() == []

    # The same token cannot be confirmed twice.
    response = admin_http.post(reverse(IMPORT_URL), {"token": token}, follow=True)
    assert "Файл для импорта не найден: загрузите его снова." in response.content.decode()


def test_a_refused_file_shows_its_message_on_the_form(admin_http):
    html = _upload(admin_http, b"not a workbook").content.decode()
    assert "Это не файл Excel (.xlsx)." in html
    assert not Client.objects.exists()


def test_import_page_needs_the_import_permission(client, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse(IMPORT_URL)).status_code in (302, 403)


def test_confirming_with_send_access_queues_letters_for_new_clients(
    admin_http, make_xlsx, django_capture_on_commit_callbacks
):
    response = _upload(admin_http, make_xlsx([[INN_B, None, "АО «Металлург»", "a@m.example", None]]))
    with django_capture_on_commit_callbacks(execute=True):
        admin_http.post(reverse(IMPORT_URL), {"token": response.context["token"], "send_access": "1"})
    assert [message.to for message in mail.outbox] == [["a@m.example"]]


def test_send_access_action_sends_letters_and_shows_when_they_went_out(
    admin_http, superuser, django_capture_on_commit_callbacks
):
    active = make_client(name="ООО «Активное»", password=None)
    inactive = make_client(name="ООО «Спящее»", password=None)
    inactive.is_active = False
    inactive.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_http.post(
            reverse("admin:clients_client_changelist"),
            {"action": "send_access", "_selected_action": [active.id, inactive.id]},
            follow=True,
        )
    html = response.content.decode()
    assert "Письма с доступом поставлены в очередь: 1." in html
    assert "Неактивным клиентам письма не отправлены: 1." in html
    letter = AccessLetter.objects.get()
    assert (letter.client, letter.sent_by) == (active, superuser)
    assert letter.email.sent_at is not None
    html = admin_http.get(reverse("admin:clients_client_changelist")).content.decode()
    assert "доступ отправлен" in html.lower()
    html = admin_http.get(reverse("admin:clients_client_change", args=[active.id])).content.decode()
    assert "письма с доступом" in html.lower()


def test_staff_change_of_the_default_address_is_recorded_and_the_login_follows(admin_http, client_org, superuser):
    url = reverse("admin:clients_client_change", args=[client_org.id])
    form = {
        "name": client_org.name,
        "inn": client_org.inn,
        "kpp": "",
        "email": "New@PK.example",
        "phone": "",
        "language": "ru",
        "is_active": "on",
    }
    for prefix in ("memberships", "invitations", "access_letters", "email_changes"):
        form |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = admin_http.post(url, form)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    client_org.refresh_from_db()
    client_org.user.refresh_from_db()
    assert client_org.email == client_org.user.email == "new@pk.example"
    change = ClientEmailChange.objects.get()
    assert (change.old_email, change.new_email, change.changed_by, change.source) == (
        "buh@profkeramika.example",
        "new@pk.example",
        superuser,
        "admin",
    )
    assert "new@pk.example" in admin_http.get(url).content.decode()

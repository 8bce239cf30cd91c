import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_cabinet_shows_the_four_tiles(logged_in):
    html = logged_in.get(reverse("cabinet:home")).content.decode()
    for title in ["Архив счетов", "Архив закрывающих документов", "Заказать акт сверки", "Задать вопрос"]:
        assert title in html
    assert "Выход" in html


def test_header_shows_company_name_and_contacts(logged_in):
    html = logged_in.get(reverse("cabinet:home")).content.decode()
    assert "Подольскогнеупор" in html
    assert "(800) 302-71-15" in html
    assert "info@podolskogneupor.ru" in html


def test_switching_to_english_and_back(logged_in, client_org):
    response = logged_in.post(reverse("cabinet:language"), {"language": "en", "next": "/"}, follow=True)
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Hello, ООО «Профкерамика»!" in html
    assert "Invoice archive" in html
    client_org.refresh_from_db()
    assert client_org.language == "ru"  # the person's pages, not the organisation's e-mails

    response = logged_in.post(reverse("cabinet:language"), {"language": "ru", "next": "/"}, follow=True)
    assert "Здравствуйте, ООО «Профкерамика»!" in response.content.decode()


def test_login_page_can_be_switched_to_english(client):
    response = client.post(
        reverse("cabinet:language"), {"language": "en", "next": reverse("account_login")}, follow=True
    )
    html = response.content.decode()
    assert '<label for="id_login">INN' in html
    assert "Log in</button>" in html


def test_client_is_kept_out_of_the_admin(logged_in):
    response = logged_in.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_client_password_does_not_open_the_admin(client, client_org, password):
    response = client.post("/admin/login/", {"username": client_org.inn, "password": password})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session


def test_staff_user_is_not_a_client_and_is_sent_to_the_admin(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse("cabinet:home"))
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_a_user_without_a_client_gets_no_cabinet(client, db):
    user = get_user_model().objects.create_user(username="stray", password="x-long-password-1")
    client.force_login(user)
    response = client.get(reverse("cabinet:home"))
    assert response.status_code == 403
    assert "Это не учётная запись клиента" in response.content.decode()


def test_superuser_sees_the_themed_admin_with_the_portals_models(client, superuser):
    client.force_login(superuser)
    html = client.get("/admin/").content.decode()
    assert "Подольскогнеупор" in html
    for model in ["clients/client", "mail/outgoingemail", "documents/documentrequest"]:
        assert f"/admin/{model}/" in html


def test_admin_search_finds_a_client_by_inn(client, superuser, client_org, outsider_org):
    client.force_login(superuser)
    html = client.get("/admin/clients/client/", {"q": "5036012344"}).content.decode()
    assert "ООО «Профкерамика»" in html
    assert "АО «Посторонний»" not in html


def test_client_pages_send_a_strict_csp(logged_in):
    policy = logged_in.get(reverse("cabinet:home"))["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "unsafe-inline" not in policy


def test_staff_login_locks_out_after_repeated_failures_in_unfolds_look(client, staff_user, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post("/admin/login/", {"username": "manager", "password": "wrong-password"})
    response = client.post("/admin/login/", {"username": "manager", "password": password})
    assert response.status_code == 429
    assert "Вход временно заблокирован" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_russian_is_the_default_whatever_the_browser_prefers(client):
    html = client.get(reverse("account_login"), headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert '<html lang="ru">' in html
    assert "Вход в личный кабинет" in html


def test_each_client_sees_its_own_prefill_in_the_question_form(client, client_org, outsider_org):
    # The blank form is rendered once per prefill and kept in memory: never another client's.
    for org in (client_org, outsider_org, client_org):
        client.force_login(org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
        html = client.get("/").content.decode()
        assert f'value="{org.email}"' in html
        other = outsider_org if org == client_org else client_org
        assert other.email not in html


def test_the_act_form_and_the_archive_form_keep_their_own_wording(logged_in, client_org):
    # Both blank period forms are cached with the same prefill; each keeps its own help text.
    archive = logged_in.get(reverse("cabinet:documents_invoice")).content.decode()
    act = logged_in.get(reverse("cabinet:act_order")).content.decode()
    notice = "тогда мы сообщим об этом на адрес организации по умолчанию"
    assert notice in archive
    assert notice not in act
    assert logged_in.get(reverse("cabinet:documents_invoice")).content.decode().count(notice) == 1

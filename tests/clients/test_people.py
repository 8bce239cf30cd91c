"""People and roles: the INN login is its company's administrator; colleagues log in by e-mail;
the administrator's «Сотрудники» page changes roles and closes access at once."""

from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.test import Client as Browser
from django.urls import reverse

from apps.clients.importing import clients_import
from apps.clients.models import Client, Membership, Role
from apps.documents.downloads import record_download
from apps.documents.models import DocumentDownload
from tests.clients.people_helpers import log_in, make_person
from tests.clients.xlsx import client_rows, workbook_bytes
from tests.factories import PASSWORD, make_client
from tests.totp import give_totp

pytestmark = pytest.mark.django_db

HOME = reverse("cabinet:home")
PEOPLE = reverse("cabinet:people")


def test_a_new_organisations_own_login_is_its_administrator(client_org):
    membership = Membership.objects.get(client=client_org)
    assert membership.user == client_org.user
    assert membership.role == Role.ADMIN and membership.is_active


def test_the_excel_import_makes_each_new_organisations_login_its_administrator():
    clients_import(data=workbook_bytes(client_rows(3)))
    for client in Client.objects.all():
        assert Membership.objects.filter(client=client, user=client.user, role=Role.ADMIN).exists()


def test_the_data_migration_makes_existing_logins_administrators(client_org, outsider_org):
    Membership.objects.all().delete()
    migration = import_module("apps.clients.migrations.0005_own_login_memberships")
    migration.own_logins_are_administrators(django_apps, None)
    migration.own_logins_are_administrators(django_apps, None)  # twice: still one each
    assert Membership.objects.filter(role=Role.ADMIN).count() == 2
    assert Membership.objects.get(client=client_org).user == client_org.user


def test_a_colleague_logs_in_with_their_email_in_any_letter_case(client, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    response = log_in(client, "  Anna@ProfKeramika.example ")
    assert response.redirect_chain[-1][0] == HOME
    assert "Здравствуйте, ООО «Профкерамика»!" in response.content.decode()


def test_a_wrong_password_with_an_email_speaks_of_the_email_and_with_an_inn_of_the_inn(client, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    assert "Неверный e-mail или пароль." in log_in(client, "anna@profkeramika.example", "wrong-one").content.decode()
    assert "Неверный e-mail или пароль." in log_in(client, "nobody@nowhere.example", "wrong-one").content.decode()
    assert "Неверный ИНН или пароль." in log_in(client, "5036012344", "wrong-one").content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_field_says_it_takes_an_inn_or_an_email(client):
    html = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">ИНН или e-mail' in html
    assert 'placeholder="ИНН"' in html
    assert "приглашённые сотрудники — по своему e-mail" in html


def test_staff_cannot_log_in_at_the_client_login_even_with_an_email_username(client, db):
    get_user_model().objects.create_user(username="boss@podolsk.example", password=PASSWORD, is_staff=True)
    response = log_in(client, "boss@podolsk.example")
    assert "Неверный e-mail или пароль." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_colleague_without_any_open_access_cannot_log_in_and_is_told_whom_to_ask(client, client_org):
    make_person(client_org, email="gone@profkeramika.example", role=Role.ACCOUNTANT, is_active=False)
    make_person(client_org, email="boss@profkeramika.example", role=Role.ADMIN)
    page = log_in(client, "gone@profkeramika.example").content.decode()
    assert "Ваш доступ к личному кабинету закрыл администратор вашей организации" in page
    assert "«ООО «Профкерамика»» (администратор: boss@profkeramika.example)" in page
    assert "Неверный e-mail или пароль." not in page
    assert "_auth_user_id" not in client.session


def test_a_closed_colleague_with_a_wrong_password_hears_only_the_usual_answer(client, client_org):
    make_person(client_org, email="gone@profkeramika.example", role=Role.ACCOUNTANT, is_active=False)
    page = log_in(client, "gone@profkeramika.example", "not-the-password").content.decode()
    assert "Неверный e-mail или пароль." in page
    assert "закрыл администратор" not in page and "Профкерамика" not in page


def test_with_no_colleague_administrator_the_closed_person_is_pointed_to_the_organisations_address(client, client_org):
    make_person(client_org, email="gone@profkeramika.example", role=Role.ACCOUNTANT, is_active=False)
    page = log_in(client, "gone@profkeramika.example").content.decode()
    assert "(администратор: buh@profkeramika.example)" in page


def test_the_administrator_sees_the_companys_people_roles_and_last_login(logged_in, client_org):
    anna = make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    log_in(Browser(), "anna@profkeramika.example")
    anna.refresh_from_db()
    html = logged_in.get(PEOPLE).content.decode()
    assert "ИНН 5036012344 — логин организации" in html
    assert "anna@profkeramika.example" in html
    assert "Бухгалтер" in html
    assert anna.last_login.astimezone().strftime("%d.%m.%Y") in html


def test_people_of_another_organisation_are_not_listed(logged_in, client_org, outsider_org):
    make_person(outsider_org, email="stranger@outsider.example", role=Role.ADMIN)
    assert "stranger@outsider.example" not in logged_in.get(PEOPLE).content.decode()


@pytest.mark.parametrize("role", [Role.ACCOUNTANT, Role.PROCUREMENT])
def test_only_an_administrator_reaches_the_people_page(client, client_org, role):
    make_person(client_org, email="p@profkeramika.example", role=role)
    log_in(client, "p@profkeramika.example")
    assert client.get(PEOPLE).status_code == 404


def test_a_colleague_administrator_reaches_the_people_page(client, client_org):
    make_person(client_org, email="boss@profkeramika.example", role=Role.ADMIN)
    log_in(client, "boss@profkeramika.example")
    assert client.get(PEOPLE).status_code == 200


def _membership(client_org, email):
    return Membership.objects.get(client=client_org, user__username=email)


def test_the_administrator_changes_a_role(logged_in, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    membership = _membership(client_org, "anna@profkeramika.example")
    response = logged_in.post(
        reverse("cabinet:people_role", args=[membership.id]), {"role": "procurement"}, follow=True
    )
    assert "anna@profkeramika.example: роль «Снабжение»." in response.content.decode()
    membership.refresh_from_db()
    assert membership.role == Role.PROCUREMENT


def test_a_role_change_applies_at_the_colleagues_next_request(logged_in, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    anna = Browser()
    log_in(anna, "anna@profkeramika.example")
    assert anna.get(reverse("cabinet:documents_invoice")).status_code == 200
    membership = _membership(client_org, "anna@profkeramika.example")
    logged_in.post(reverse("cabinet:people_role", args=[membership.id]), {"role": "procurement"})
    assert anna.get(reverse("cabinet:documents_invoice")).status_code == 404


def test_disabling_a_person_ends_their_open_session_at_the_next_request(logged_in, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    client = Browser()  # the colleague's own browser, beside the administrator's
    log_in(client, "anna@profkeramika.example")
    assert client.get(HOME).status_code == 200
    membership = _membership(client_org, "anna@profkeramika.example")
    response = logged_in.post(reverse("cabinet:people_active", args=[membership.id]), {"is_active": "0"}, follow=True)
    assert "anna@profkeramika.example: доступ закрыт." in response.content.decode()
    refused = client.get(HOME)
    assert refused.status_code == 302 and refused["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session
    assert "закрыл администратор" in log_in(client, "anna@profkeramika.example").content.decode()


def test_enabling_a_person_again_lets_them_log_in(logged_in, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT, is_active=False)
    membership = _membership(client_org, "anna@profkeramika.example")
    logged_in.post(reverse("cabinet:people_active", args=[membership.id]), {"is_active": "1"})
    assert log_in(Browser(), "anna@profkeramika.example").redirect_chain[-1][0] == HOME


def test_the_organisations_own_login_cannot_be_disabled_or_demoted(client, client_org):
    make_person(client_org, email="boss@profkeramika.example", role=Role.ADMIN)
    log_in(client, "boss@profkeramika.example")
    own = _membership(client_org, "5036012344")
    response = client.post(reverse("cabinet:people_active", args=[own.id]), {"is_active": "0"}, follow=True)
    assert "Логин организации (ИНН) — всегда администратор" in response.content.decode()
    client.post(reverse("cabinet:people_role", args=[own.id]), {"role": "accountant"})
    own.refresh_from_db()
    assert own.is_active and own.role == Role.ADMIN


def test_an_administrator_cannot_disable_themselves(client, client_org):
    make_person(client_org, email="boss@profkeramika.example", role=Role.ADMIN)
    log_in(client, "boss@profkeramika.example")
    mine = _membership(client_org, "boss@profkeramika.example")
    response = client.post(reverse("cabinet:people_active", args=[mine.id]), {"is_active": "0"}, follow=True)
    assert "Себя отключить или лишить прав администратора нельзя." in response.content.decode()
    mine.refresh_from_db()
    assert mine.is_active


def test_another_organisations_person_cannot_be_changed(logged_in, outsider_org):
    make_person(outsider_org, email="stranger@outsider.example", role=Role.ACCOUNTANT)
    theirs = _membership(outsider_org, "stranger@outsider.example")
    assert logged_in.post(reverse("cabinet:people_active", args=[theirs.id]), {"is_active": "0"}).status_code == 404
    assert logged_in.post(reverse("cabinet:people_role", args=[theirs.id]), {"role": "admin"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.is_active and theirs.role == Role.ACCOUNTANT


def test_the_log_shows_who_downloaded_what(logged_in, client_org, outsider_org):
    anna = make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    record_download(
        client=client_org, user=anna, what=DocumentDownload.What.DOCUMENT, title="Счёт 31 от 05.09.2026.pdf"
    )
    record_download(client=outsider_org, user=outsider_org.user, what=DocumentDownload.What.DOCUMENT, title="Чужой.pdf")
    html = logged_in.get(PEOPLE).content.decode()
    assert "Счёт 31 от 05.09.2026.pdf" in html and "anna@profkeramika.example" in html
    assert "Чужой.pdf" not in html


def test_a_download_is_named_without_brackets_in_brackets(logged_in, client_org):
    record_download(
        client=client_org,
        user=client_org.user,
        what=DocumentDownload.What.OPEN_INVOICES,
        title="Неоплаченные счета на 28.11.2026.xlsx",
    )
    html = logged_in.get(PEOPLE).content.decode()
    assert "Неоплаченные счета на 28.11.2026.xlsx" in html
    assert "(неоплаченные счета (XLSX))" not in html
    assert "— неоплаченные счета (XLSX)" in html


def test_the_log_shows_who_asked_for_what(logged_in, client_org, outsider_org, fake_onec):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    anna = Browser()
    log_in(anna, "anna@profkeramika.example")
    period = {"date_from": "01.01.2026", "date_to": "31.01.2026", "email": "anna@profkeramika.example"}
    anna.post(reverse("cabinet:documents_invoice"), period)
    anna.post(
        reverse("cabinet:act_order"), {"date_from": "01.01.2026", "date_to": "31.03.2026", "email": "a@b.example"}
    )
    anna.post(
        reverse("cabinet:question_ask"),
        {"name": "Анна", "text": "Когда отгрузка?", "email": "anna@profkeramika.example"},
    )
    outsider = Browser()
    outsider.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    outsider.post(reverse("cabinet:documents_closing"), {**period, "email": "x@outsider.example"})
    html = logged_in.get(PEOPLE).content.decode()
    log = html[html.index("Кто что запросил") : html.index("Кто что скачал")]
    assert log.count("anna@profkeramika.example") == 3  # the archive, the act, the question
    # In the client's words, what was asked for: not the staff journal's «Запрос документов создан».
    assert "Архив счетов" in log and "Запрос документов создан" not in log
    assert "01.01.2026 – 31.01.2026" in log
    assert "Вопрос" in log and "Клиент задал вопрос" not in log
    assert "Заказ акта сверки" in log and "01.01.2026 – 31.03.2026" in log
    assert "Акт сверки заказан" not in log
    assert "Архив закрывающих" not in log  # the other organisation's request


def test_a_colleagues_forgotten_password_is_reset_at_their_own_address(client, client_org):
    from apps.mail.models import OutgoingEmail

    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    client.post(reverse("account_reset_password"), {"email": "anna@profkeramika.example"})
    assert list(OutgoingEmail.objects.values_list("to", flat=True)) == ["anna@profkeramika.example"]


def test_a_client_switched_off_by_staff_shuts_its_colleagues_out_too(client, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    log_in(client, "anna@profkeramika.example")
    Client.objects.filter(id=client_org.id).update(is_active=False)
    assert client.get(HOME).status_code == 302
    response = log_in(client, "anna@profkeramika.example")
    assert "Доступ вашей организации к личному кабинету приостановлен" in response.content.decode()


def test_another_client_keeps_the_page_to_itself(client, outsider_org):
    make_client(name="ООО «Третье»")
    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    assert "Профкерамика" not in client.get(PEOPLE).content.decode()


# --- Staff -------------------------------------------------------------------------------------


def test_staff_see_a_clients_people_and_invitations_on_its_page(client, superuser, client_org):
    from apps.clients.invitations import invitation_create

    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    invitation_create(client=client_org, email="new@profkeramika.example", role=Role.ADMIN, invited_by=None)
    client.force_login(superuser)
    html = client.get(reverse("admin:clients_client_change", args=[client_org.id])).content.decode()
    assert "anna@profkeramika.example" in html
    assert "new@profkeramika.example" in html


def test_staff_list_people_by_client(client, superuser, client_org, outsider_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    make_person(outsider_org, email="boris@outsider.example", role=Role.ACCOUNTANT)
    client.force_login(superuser)
    url = reverse("admin:clients_membership_changelist")
    html = client.get(url, {"q": client_org.inn}).content.decode()
    assert "anna@profkeramika.example" in html and "boris@outsider.example" not in html


def test_staff_disable_a_person_but_not_an_organisations_own_login(client, superuser, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    anna = Browser()
    log_in(anna, "anna@profkeramika.example")
    client.force_login(superuser)
    ids = list(Membership.objects.filter(client=client_org).values_list("id", flat=True))
    client.post(
        reverse("admin:clients_membership_changelist"),
        {"action": "disable", "_selected_action": [str(pk) for pk in ids]},
    )
    assert not _membership(client_org, "anna@profkeramika.example").is_active
    assert _membership(client_org, "5036012344").is_active
    assert anna.get(HOME).status_code == 302  # her open session ends at once


def test_staff_cannot_demote_an_organisations_own_login_on_its_page(client, superuser, client_org):
    own = _membership(client_org, "5036012344")
    client.force_login(superuser)
    html = client.get(reverse("admin:clients_membership_change", args=[own.id])).content.decode()
    assert 'name="role"' not in html and 'name="is_active"' not in html


def test_the_administrator_requires_two_factor_login_of_every_colleague(logged_in, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    page = logged_in.post(reverse("cabinet:people_two_factor"), {"required": "1"}, follow=True)
    assert "Теперь все сотрудники входят с кодом" in page.content.decode()
    client_org.refresh_from_db()
    assert client_org.require_two_factor
    colleague = Browser()
    landed = log_in(colleague, "anna@profkeramika.example")
    assert landed.redirect_chain[-1][0] == reverse("cabinet:security")
    # The administrator is bound too: its own next page is the app's setup, then the switch works.
    assert logged_in.get(reverse("cabinet:people")).url == reverse("cabinet:security")
    give_totp(client_org.user)
    logged_in.post(reverse("cabinet:people_two_factor"), {"required": "0"})
    client_org.refresh_from_db()
    assert not client_org.require_two_factor


def test_a_colleague_who_is_not_an_administrator_cannot_require_it(client, client_org):
    make_person(client_org, email="anna@profkeramika.example", role=Role.ACCOUNTANT)
    log_in(client, "anna@profkeramika.example")
    assert client.post(reverse("cabinet:people_two_factor"), {"required": "1"}).status_code == 404
    client_org.refresh_from_db()
    assert not client_org.require_two_factor

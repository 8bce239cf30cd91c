"""Access letters: a one-time, expiring password that leads to setting one's own."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client as Browser
from django.urls import reverse
from django.utils import timezone

from apps.clients.access import client_access_send
from apps.clients.models import AccessLetter, Client
from apps.mail.models import OutgoingEmail
from tests.factories import make_client

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Огнеупор-2026-своё"


@pytest.fixture
def newcomer(db):
    """A client fresh from the import: a login without a usable password."""
    return make_client(name="ООО «Огнеупор-Юг»", inn="0105012349", email="buh@yug.example", password=None)


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def send(client: Client, **kwargs) -> str:
        """Send a letter (the outbox sends on commit) and return the password written in it."""
        with django_capture_on_commit_callbacks(execute=True):
            client_access_send(client_id=client.id, **kwargs)
        return _password_in(mail.outbox[-1].body)

    return send


def _password_in(body: str) -> str:
    return re.search(r"(?:Пароль|Password): (\S+)", body).group(1)


def _login(http, inn, password):
    return http.post(reverse("account_login"), {"login": inn, "password": password}, follow=True)


def _change(http, old, new):
    return http.post(
        reverse("account_change_password"),
        {"oldpassword": old, "password1": new, "password2": new},
        follow=True,
    )


def test_letter_goes_through_the_outbox_with_address_login_password_and_how_to(newcomer, settings, send):
    settings.PORTAL_BASE_URL = "https://lk.podolskogneupor.ru"
    password = send(newcomer)
    message = mail.outbox[-1]
    assert message.to == ["buh@yug.example"]
    assert message.subject == 'Доступ в личный кабинет клиента АО "Подольскогнеупор"'
    assert "https://lk.podolskogneupor.ru/" in message.body
    assert "Логин (ИНН вашей организации): 0105012349" in message.body
    assert "«Заказать акт сверки»" in message.body
    assert "не передавайте данные для входа третьим лицам" in message.body
    email = OutgoingEmail.objects.get()
    assert email.key.startswith(f"clients.access.{newcomer.id}.")
    assert email.status == OutgoingEmail.Status.SENT
    newcomer.user.refresh_from_db()
    assert password not in newcomer.user.password  # only the hash is stored
    assert newcomer.user.check_password(password)


def test_letter_is_written_in_the_clients_language(newcomer, send):
    newcomer.language = "en"
    newcomer.save()
    send(newcomer)
    message = mail.outbox[-1]
    assert message.alternatives  # text and HTML
    assert "0105012349" in message.body
    assert AccessLetter.objects.get(client=newcomer).email.to == "buh@yug.example"


def test_letters_passwords_differ_and_sending_again_replaces_the_password(client, newcomer, send):
    first = send(newcomer)
    second = send(newcomer)
    assert first != second
    assert OutgoingEmail.objects.count() == 2
    assert "Неверный ИНН или пароль." in _login(client, newcomer.inn, first).content.decode()
    assert _login(client, newcomer.inn, second).redirect_chain[-1][0] == reverse("account_change_password")


def test_letter_password_expires_after_the_configured_days(newcomer, settings):
    settings.ACCESS_PASSWORD_TTL_DAYS = 14
    before = timezone.now()
    client_access_send(client_id=newcomer.id)
    newcomer.refresh_from_db()
    assert before + timedelta(days=14) <= newcomer.access_password_expires_at <= timezone.now() + timedelta(days=14)


def test_first_login_leads_to_setting_own_password_then_the_cabinet(client, newcomer, send):
    password = send(newcomer)
    response = _login(client, newcomer.inn, password)
    assert response.redirect_chain[-1][0] == reverse("account_change_password")
    assert "Придумайте свой пароль" in response.content.decode()
    # The cabinet stays closed until then.
    assert client.get(reverse("cabinet:home")).url == reverse("account_change_password")

    response = _change(client, password, NEW_PASSWORD)
    assert response.redirect_chain[-1][0] == reverse("cabinet:home")
    assert "Здравствуйте, ООО «Огнеупор-Юг»!" in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.access_password_expires_at is None


def test_the_letters_password_no_longer_works_once_replaced(client, newcomer, send):
    password = send(newcomer)
    _login(client, newcomer.inn, password)
    _change(client, password, NEW_PASSWORD)
    client.post(reverse("account_logout"))
    assert "Неверный ИНН или пароль." in _login(client, newcomer.inn, password).content.decode()
    assert _login(client, newcomer.inn, NEW_PASSWORD).redirect_chain[-1][0] == reverse("cabinet:home")


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("Ab1-xyz", "Введённый пароль слишком короткий"),
        ("password123", "Введённый пароль слишком широко распространён"),
        ("8675309112", "Введённый пароль состоит только из цифр"),
    ],
)
def test_own_password_must_pass_djangos_validators(client, newcomer, new_password, message, send):
    password = send(newcomer)
    _login(client, newcomer.inn, password)
    response = _change(client, password, new_password)
    assert message in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.access_password_expires_at is not None


def test_own_password_cannot_be_the_letters_one(client, newcomer, send):
    password = send(newcomer)
    _login(client, newcomer.inn, password)
    response = _change(client, password, password)
    assert "Придумайте свой пароль: пароль из письма использовать нельзя." in response.content.decode()


def test_an_expired_letter_password_is_refused(client, newcomer, settings, send):
    settings.ACCESS_PASSWORD_TTL_DAYS = 14
    password = send(newcomer)
    with time_machine.travel(timezone.now() + timedelta(days=14, minutes=1)):
        response = _login(client, newcomer.inn, password)
    assert "Неверный ИНН или пароль." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_letter_password_expiring_during_a_session_ends_it(client, newcomer, send):
    password = send(newcomer)
    _login(client, newcomer.inn, password)
    Client.objects.filter(id=newcomer.id).update(access_password_expires_at=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("cabinet:home"))
    assert response.url.startswith(reverse("account_login"))


def test_inactive_client_gets_no_letter(newcomer):
    newcomer.is_active = False
    newcomer.save()
    assert client_access_send(client_id=newcomer.id) is None
    assert not mail.outbox


def test_a_client_with_its_own_password_is_not_sent_to_the_password_page(logged_in):
    assert logged_in.get(reverse("cabinet:home")).status_code == 200


def test_the_letters_password_is_not_kept_in_the_outbox(newcomer, send):
    password = send(newcomer)
    email = AccessLetter.objects.get(client=newcomer).email
    email.refresh_from_db()
    assert email.status == "sent"
    assert password not in email.body_text + email.body_html


def test_letter_dates_the_password_without_a_doubled_period(newcomer, send):
    send(newcomer)
    message = mail.outbox[-1]
    html = next(body for body, mimetype in message.alternatives if mimetype == "text/html")
    for text in (message.body, html):
        assert "г.." not in text
        assert "Пароль действует до " in text
    assert re.search(r"Пароль действует до \d{1,2} \w+ \d{4} г\. и только для первого входа\.", message.body)


def test_english_chosen_in_the_cabinet_stays_the_persons_and_not_the_organisations(client, client_org, password):
    _login(client, client_org.inn, password)
    client.post(reverse("cabinet:language"), {"language": "en", "next": "/"})
    client_org.refresh_from_db()
    assert client_org.language == "ru"  # its e-mails keep the language its administrator set

    client.post(reverse("account_logout"))
    response = _login(client, client_org.inn, password)  # the same browser remembers the choice
    assert '<html lang="en">' in response.content.decode()

    fresh = Browser()  # no choice made there: the organisation's language
    response = _login(fresh, client_org.inn, password)
    assert response.redirect_chain[-1][0] == reverse("cabinet:home")
    assert '<html lang="ru">' in response.content.decode()


def test_an_english_organisation_is_greeted_in_english_in_a_fresh_browser(client, client_org, password):
    Client.objects.filter(id=client_org.id).update(language="en")
    page = _login(client, client_org.inn, password).content.decode()
    assert '<html lang="en">' in page
    assert "Hello, ООО «Профкерамика»!" in page or "Hello, ООО &laquo;Профкерамика&raquo;!" in page


def test_english_picked_on_the_login_page_is_kept_for_the_person_only(client, client_org, password):
    client.post(reverse("cabinet:language"), {"language": "en", "next": reverse("account_login")})
    response = _login(client, client_org.inn, password)
    assert '<html lang="en">' in response.content.decode()
    client_org.refresh_from_db()
    assert client_org.language == "ru"


def test_a_russian_client_is_greeted_in_russian_after_another_chose_english(client, client_org, outsider_org, password):
    Client.objects.filter(id=outsider_org.id).update(language="en")
    _login(client, outsider_org.inn, password)
    client.post(reverse("account_logout"))
    response = _login(client, client_org.inn, password)
    assert '<html lang="ru">' in response.content.decode()


def test_letter_promises_acts_by_the_same_cut_off_as_the_cabinet(newcomer, send, settings):
    settings.ACT_CUTOFF_HOUR = 14
    send(newcomer)
    body = mail.outbox[-1].body
    assert "в день запроса" not in body
    assert "заказанный в рабочий день до 14:00 придёт в тот же день, позже — на следующий рабочий день" in body


def test_letter_lists_what_the_cabinet_offers_now(newcomer, send):
    send(newcomer)
    body = mail.outbox[-1].body
    for offered in (
        "архив счетов или закрывающих документов",
        "заказать акт сверки",
        "в разделе «Документы»",
        "в разделе «Взаиморасчёты»",
        "в разделе «Отгрузки»",
        "в разделе «Заказы»",
        "в разделе «Претензии»",
        "в разделе «Уведомления»",
        "в разделе «Сотрудники»",
        "задать нам вопрос",
    ):
        assert offered in body, offered
    [html] = [content for content, mimetype in mail.outbox[-1].alternatives if mimetype == "text/html"]
    assert "<li>в разделе «Взаиморасчёты»" in html


def test_an_english_letter_lists_the_same_in_english(newcomer, send):
    newcomer.language = "en"
    newcomer.save()
    send(newcomer)
    body = mail.outbox[-1].body
    for offered in (
        "in «Documents»", "in «Settlements»", "in «Shipments»", "in «Orders»", "in «Claims»", "in «Notices»",
        "in «People»",
    ):  # fmt: skip
        assert offered in body, offered
    assert "раздел" not in body

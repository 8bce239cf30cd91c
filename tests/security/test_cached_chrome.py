"""The page chrome and the home page's top are rendered once per process and reused (issue 10).

What is cut out of the cached parts must stay each request's own: a CSRF token reused from
another person's page would let a forged form through (or break everyone's forms), a reused
script nonce would void the CSP, and an organisation's name must never greet another one.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import make_client

pytestmark = pytest.mark.django_db

HOME = reverse("cabinet:home")
BACKEND = "apps.clients.backends.ClientAuthenticationBackend"


def _browser(org) -> Client:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(org.user, backend=BACKEND)
    return browser


def _tokens(html: str) -> list[str]:
    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def _switch_language(browser: Client, token: str) -> int:
    data = {"language": "ru", "next": HOME, "csrfmiddlewaretoken": token}
    return browser.post(reverse("cabinet:language"), data).status_code


def test_each_person_gets_csrf_tokens_of_their_own_session(client_org, outsider_org):
    owner, outsider = _browser(client_org), _browser(outsider_org)
    owner_tokens = _tokens(owner.get(HOME).content.decode())
    outsider_tokens = _tokens(outsider.get(HOME).content.decode())
    assert owner_tokens and outsider_tokens
    assert not set(owner_tokens) & set(outsider_tokens)
    # The outsider's token, rendered right after the owner's page, is no good in the owner's session…
    assert _switch_language(owner, outsider_tokens[0]) == 403
    # …and each page's own token works in its own session.
    assert _switch_language(owner, owner_tokens[0]) == 302
    assert _switch_language(outsider, outsider_tokens[-1]) == 302


def test_every_page_has_a_fresh_script_nonce_that_its_policy_names(client_org):
    browser = _browser(client_org)
    nonces = []
    for _ in range(2):
        response = browser.get(HOME)
        [nonce] = re.findall(r'<script src="[^"]+" defer nonce="([^"]+)"></script>', response.content.decode())
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_the_language_switch_returns_to_the_page_it_was_pressed_on(client_org):
    browser = _browser(client_org)
    for path in (HOME, reverse("cabinet:documents_invoice"), reverse("cabinet:question_list")):
        html = browser.get(path).content.decode()
        assert f'<input type="hidden" name="next" value="{path}">' in html


def test_each_organisation_is_greeted_by_its_own_name(client_org):
    other = make_client(name="ООО «Второй завод»")
    first, second = _browser(client_org).get(HOME), _browser(other).get(HOME)
    assert "Здравствуйте, ООО «Профкерамика»!" in first.content.decode()
    assert "Здравствуйте, ООО «Второй завод»!" in second.content.decode()
    assert "Профкерамика" not in second.content.decode()


def test_a_blank_form_keeps_each_organisations_own_prefill(client_org):
    other = make_client(name="ООО «Второй завод»", email="second@example.com")
    url = reverse("cabinet:documents_invoice")
    assert 'value="buh@profkeramika.example"' in _browser(client_org).get(url).content.decode()
    html = _browser(other).get(url).content.decode()
    assert 'value="second@example.com"' in html and "profkeramika" not in html


def _person_menu(html: str) -> str:
    return re.search(r'<details class="header-menu person-menu".*?</details>', html, re.S).group(0)


def test_each_person_sees_their_own_login_and_organisation_in_the_person_menu(client_org):
    from apps.clients.models import Role
    from tests.clients.people_helpers import log_in, make_person

    other = make_client(name="ООО «Второй завод»")
    make_person(client_org, email="anna@profkeramika.example", role=Role.PROCUREMENT)
    anna = Client()
    log_in(anna, "anna@profkeramika.example")
    owner_menu = _person_menu(_browser(client_org).get(HOME).content.decode())
    other_menu = _person_menu(_browser(other).get(HOME).content.decode())
    anna_menu = _person_menu(anna.get(HOME).content.decode())

    assert f"ИНН {client_org.inn}" in owner_menu and "ООО «Профкерамика»" in owner_menu
    assert f"ИНН {other.inn}" in other_menu and "ООО «Второй завод»" in other_menu
    assert client_org.inn not in other_menu and "Профкерамика" not in other_menu
    assert "anna@<wbr>profkeramika<wbr>.example" in anna_menu and "Снабжение" in anna_menu
    assert client_org.inn not in anna_menu and "Администратор" not in anna_menu
    for menu in (owner_menu, other_menu, anna_menu):
        assert 'action="/accounts/logout/"' in menu and 'name="csrfmiddlewaretoken"' in menu


def test_the_person_menu_names_the_company_on_a_page_outside_the_cabinet(client_org):
    html = _browser(client_org).get(reverse("account_change_password")).content.decode()
    menu = _person_menu(html)
    assert f"ИНН {client_org.inn}" in menu and "ООО «Профкерамика»" in menu
    assert f'href="{reverse("cabinet:security")}"' in menu

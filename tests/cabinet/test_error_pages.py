"""The portal's own 404, 403 and 500 pages: in the person's language, with the portal's header and
a way home, never Django's English technical page (`make demo` runs with DEBUG on). A page the
role may not open answers the same 404 as a page that does not exist."""

import re

import pytest
from django.test import Client as Browser
from django.urls import get_resolver, reverse
from django.utils import translation

from apps.clients.models import Role
from tests.clients.people_helpers import log_in, make_person

MISSING = "/no-such-page/"
TEXTS = {
    "ru": {"404": "Страница не найдена", "403": "Доступ запрещён", "500": "Что-то пошло не так",
           "home": "На главную", "login": "Войти"},
    "en": {"404": "Page not found", "403": "Access denied", "500": "Something went wrong",
           "home": "Home", "login": "Log in"},
}  # fmt: skip
# What differs between any two pages by design: each request's CSRF token, script nonce and address.
_PER_REQUEST = [
    (re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'), 'name="csrfmiddlewaretoken" value=""'),
    (re.compile(r'nonce="[^"]*"'), 'nonce=""'),
    (re.compile(r'name="next" value="[^"]*"'), 'name="next" value=""'),
]


@pytest.fixture(params=[False, True], ids=["debug-off", "debug-on"])
def debug(request, settings):
    settings.DEBUG = request.param  # before the first request: the middleware chain is built then
    return request.param


@pytest.fixture(params=["ru", "en"])
def language(request):
    return request.param


@pytest.fixture
def buyer(debug, client_org, settings, language):
    """A «Снабжение» colleague: the settlements page is beyond the role."""
    browser = Browser()
    make_person(client_org, email="snab@profkeramika.example", role=Role.PROCUREMENT)
    log_in(browser, "snab@profkeramika.example")
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return browser


def _same_for_everyone(html: str) -> str:
    for pattern, blank in _PER_REQUEST:
        html = pattern.sub(blank, html)
    return html


def _assert_portal_page(response, *, status: int, text: str, language: str, settings):
    html = response.content.decode()
    assert response.status_code == status
    assert f'<html lang="{language}">' in html
    assert f"<h1>{text}</h1>" in html
    assert settings.COMPANY_NAME.replace('"', "&quot;") in html  # the portal's header
    assert "DEBUG = True" not in html and "Not Found</h1>" not in html  # not Django's pages
    return html


def test_a_page_beyond_the_role_looks_exactly_like_a_missing_one(buyer, language, settings):
    forbidden = buyer.get(reverse("cabinet:settlements"))
    missing = buyer.get(MISSING)
    texts = TEXTS[language]
    for response in (forbidden, missing):
        html = _assert_portal_page(response, status=404, text=texts["404"], language=language, settings=settings)
        assert f'<a class="button primary" href="{reverse("cabinet:home")}">{texts["home"]}</a>' in html
    assert _same_for_everyone(forbidden.content.decode()) == _same_for_everyone(missing.content.decode())


def test_the_404_menu_shows_only_the_roles_sections(buyer):
    html = buyer.get(reverse("cabinet:settlements")).content.decode()
    assert f'href="{reverse("cabinet:shipments")}"' in html
    assert f'href="{reverse("cabinet:settlements")}"' not in html


def test_a_visitor_not_logged_in_is_offered_the_login(db, debug, language, settings):
    browser = Browser()
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = _assert_portal_page(browser.get(MISSING), status=404, text=TEXTS[language]["404"], language=language,
                               settings=settings)  # fmt: skip
    assert f'<a class="button primary" href="{reverse("account_login")}">{TEXTS[language]["login"]}</a>' in html


def test_the_404_page_keeps_the_script_policy(buyer):
    response = buyer.get(MISSING)
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    scripts = re.findall(r"<script[^>]*>", response.content.decode())
    assert scripts and all(f'nonce="{nonce}"' in tag for tag in scripts)


def test_a_forbidden_action_shows_the_portals_403(debug, logged_in, language, settings, monkeypatch):
    from django.core.exceptions import PermissionDenied

    def refuse(**kwargs):
        raise PermissionDenied

    monkeypatch.setattr("apps.cabinet.views.home.document_requests_recent", refuse)
    logged_in.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = _assert_portal_page(logged_in.get(reverse("cabinet:home")), status=403, text=TEXTS[language]["403"],
                               language=language, settings=settings)  # fmt: skip
    assert f'href="{reverse("cabinet:home")}">{TEXTS[language]["home"]}</a>' in html


def test_a_server_error_shows_the_portals_500(client_org, language, settings, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("apps.cabinet.views.home.document_requests_recent", broken)
    browser = Browser(raise_request_exception=False)
    browser.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = browser.get(reverse("cabinet:home"))
    html = _assert_portal_page(response, status=500, text=TEXTS[language]["500"], language=language,
                               settings=settings)  # fmt: skip
    assert f'href="/">{TEXTS[language]["home"]}</a>' in html
    assert settings.COMPANY_PHONES[0] in html and "a bug" not in html
    assert "Content-Security-Policy" in response


def test_the_500_page_needs_no_database_and_no_request(rf, settings):
    """Not marked django_db: any query would fail the test. Django may render this page when the
    database is gone, with a request whose session and user were never read."""
    with translation.override("ru"):  # as PortalLocaleMiddleware left it
        response = get_resolver().resolve_error_handler(500)(rf.get("/"))
    assert response.status_code == 500
    assert "<h1>Что-то пошло не так</h1>" in response.content.decode()

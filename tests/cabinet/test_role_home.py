"""Each role's home page leads with its own work: «Снабжение» with shipments, certificates and
the register (the question form below, no lone «Задать вопрос» tile); the accountant and the
organisation's own login with the guide's «Для бухгалтерии»."""

import re

import pytest
from django.test import Client as Browser
from django.urls import reverse

from apps.clients.models import Role
from tests.clients.people_helpers import log_in, make_person

pytestmark = pytest.mark.django_db

HOME = reverse("cabinet:home")


def _home_as(client_org, role, language: str = "ru") -> str:
    browser = Browser()
    email = f"{role}@profkeramika.example"
    make_person(client_org, email=email, role=role)
    log_in(browser, email)
    if language != "ru":
        browser.post(reverse("cabinet:language"), {"language": language, "next": HOME})
    return browser.get(HOME).content.decode()


def _tiles(html: str) -> list[tuple[str, str]]:
    """(address, title) of each tile, in order."""
    return re.findall(r'<a class="tile" href="([^"]+)">.*?<span class="tile-title">([^<]+)</span>', html, re.S)


def test_procurement_home_leads_with_shipments_certificates_and_the_register(client_org):
    html = _home_as(client_org, Role.PROCUREMENT)
    assert '<h2 id="tiles-title">Для снабжения</h2>' in html
    assert "Для бухгалтерии" not in html
    assert _tiles(html) == [
        (reverse("cabinet:shipments"), "Отгрузки"),
        (reverse("cabinet:register") + "?kind=Certificate", "Сертификаты качества"),
        (reverse("cabinet:register"), "Документы"),
    ]
    # The question form is there once, under its own heading, not behind a tile as well.
    assert html.count("Задать вопрос") == 1 and 'id="ask-title"' in html


def test_procurement_home_in_english(client_org):
    html = _home_as(client_org, Role.PROCUREMENT, language="en")
    assert '<h2 id="tiles-title">For procurement</h2>' in html
    assert [title for _url, title in _tiles(html)] == ["Shipments", "Quality certificates", "Documents"]


def test_the_certificates_tile_opens_the_register_with_certificates_alone(client_org, fake_onec):
    browser = Browser()
    make_person(client_org, email="snab@profkeramika.example", role=Role.PROCUREMENT)
    log_in(browser, "snab@profkeramika.example")
    response = browser.get(reverse("cabinet:register") + "?kind=Certificate")
    assert response.status_code == 200
    assert response.context["form"].cleaned_data["kind"] == "Certificate"


def test_the_accountants_home_stays_as_the_guide_shows_it(client_org):
    html = _home_as(client_org, Role.ACCOUNTANT)
    assert '<h2 id="tiles-title">Для бухгалтерии</h2>' in html and "Для снабжения" not in html
    assert [title for _url, title in _tiles(html)] == [
        "Архив счетов", "Архив закрывающих документов", "Заказать акт сверки", "Задать вопрос",
    ]  # fmt: skip


def test_the_organisations_own_login_sees_the_accountants_home(logged_in):
    html = logged_in.get(HOME).content.decode()
    assert '<h2 id="tiles-title">Для бухгалтерии</h2>' in html
    assert [title for _url, title in _tiles(html)][:3] == [
        "Архив счетов", "Архив закрывающих документов", "Заказать акт сверки",
    ]  # fmt: skip


def test_two_roles_of_one_organisation_each_get_their_own_cached_top(client_org):
    """The home page's top is cached per language and role: one role's tiles never reach another."""
    procurement = _home_as(client_org, Role.PROCUREMENT)
    accountant = _home_as(client_org, Role.ACCOUNTANT)
    assert "Для снабжения" in procurement and "Архив счетов" not in procurement
    assert "Для бухгалтерии" in accountant and "Отгрузки за период" not in accountant

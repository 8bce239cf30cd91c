"""The notices pages in a browser: the client's choice and the unsubscribe page from an e-mail.

Each is checked in Russian and English, on a desktop and at 360 px: axe clean, no sideways scroll.
The English pages read English once the catalogue has this feature's msgids merged.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from apps.notices.digest import unsubscribe_url
from apps.notices.models import NoticeCursor, NoticeSubscription
from apps.notices.services import notice_subscription_save
from tests.e2e.conftest import DESKTOP, PHONE, axe_check
from tests.e2e.test_phone_layout import LONG_EMAIL, assert_fits, login, switch_language

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
LANGUAGES = pytest.mark.parametrize("language", ["ru", "en"])


def _check(page: Page, viewport: dict) -> None:
    if viewport is PHONE:
        assert_fits(page, PHONE["width"])
    axe_check(page)


@LANGUAGES
@VIEWPORTS
def test_the_notices_page_saves_choices_and_fits(new_page, client_org, password, language, viewport):
    page = new_page(viewport)
    login(page, client_org.inn, password)
    switch_language(page, language)
    page.goto("/notices/")
    _check(page, viewport)

    page.locator("input[name=closing]").check()
    page.locator("input[name=email]").fill(LONG_EMAIL.replace("@", ""))  # an error, with a long word
    page.locator("main button[type=submit].primary").click()
    expect(page.locator(".field-error").first).to_be_visible()
    _check(page, viewport)

    page.locator("input[name=email]").fill(LONG_EMAIL)
    page.locator("input[name=certificates]").check()
    page.locator("main button[type=submit].primary").click()
    expect(page.locator(".message-success")).to_be_visible()
    expect(page.locator("input[name=closing]")).to_be_checked()
    _check(page, viewport)
    assert NoticeSubscription.objects.get(client=client_org).address == LONG_EMAIL

    NoticeCursor.objects.create(id=1, since="2026-11-01T00:00Z", last_outcome="not_supported")
    page.goto("/notices/")
    expect(page.locator(".alert-warning")).to_be_visible()
    _check(page, viewport)


@LANGUAGES
@VIEWPORTS
def test_the_unsubscribe_pages_from_an_email_fit(new_page, client_org, language, viewport):
    client_org.language = language
    client_org.save()
    subscription = notice_subscription_save(client=client_org, closing=True, certificates=True, email=LONG_EMAIL)
    page = new_page(viewport)  # no login: opened from the e-mail
    page.goto(urlsplit(unsubscribe_url(subscription=subscription)).path)
    expect(page.locator("html")).to_have_attribute("lang", language)
    _check(page, viewport)

    page.locator("main button[type=submit].primary").click()
    expect(page.locator(".alert-success")).to_be_visible()
    _check(page, viewport)
    subscription.refresh_from_db()
    assert subscription.kinds == ()

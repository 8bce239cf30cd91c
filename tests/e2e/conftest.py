"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

They never skip: without /usr/bin/chromium they fail and say how to install it
(`make test` and .ci/run install it first).
"""

import os
import shutil
from io import BytesIO

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, sync_playwright
from pypdf import PdfWriter

# Playwright's sync API runs an event loop in the test thread; Django's ORM refuses to run
# beside one unless told it is safe (it is: the loop only talks to the browser).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) or run `make test`")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open a fresh browser context (own cookies) with a viewport; closes them after the test."""
    contexts = []

    def open_page(viewport: dict = DESKTOP) -> Page:
        context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="ru-RU")
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    return new_page(DESKTOP)


@pytest.fixture
def phone_page(new_page) -> Page:
    return new_page(PHONE)


def login_client(page: Page, inn: str, password: str) -> None:
    """Log in through the login form as a person would: by the visible labels."""
    page.goto("/accounts/login/")
    page.get_by_label("ИНН").fill(inn)
    page.get_by_label("Пароль").fill(password)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def axe_check(page: Page) -> None:
    """No serious or critical accessibility finding on the page as it is now."""
    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    details = [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}" for v in bad]
    assert not bad, f"axe found on {page.url}:\n" + "\n".join(details)


def blank_pdf() -> bytes:
    """A one-page PDF the act's uploads take (they are decided by content)."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture
def reviewer(db, password):
    """A member of staff who reviews acts, with the two-factor app such staff must use."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Permission

    from tests.totp import give_totp

    user = get_user_model().objects.create_user(username="reviewer", password=password, is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_reconciliationact", "review_reconciliationact"])
    )
    give_totp(user)
    return user

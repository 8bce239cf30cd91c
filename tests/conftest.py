import os
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth import get_user_model
from django.core.cache import cache

from apps.onec.testing import fake_onec, onec_emulator, onec_emulator_server  # noqa: F401  (fixtures)
from tests import clock
from tests.factories import PASSWORD, make_client
from tests.private_storage import PrivateStore, bucket_use, scratch_use
from tests.servers import S3Server
from tests.totp import give_totp
from tests.utils import free_port


def pytest_addoption(parser):
    parser.addoption(
        "--clock",
        default=os.environ.get("PORTAL_TEST_CLOCK", ""),
        help="Run the whole session with Python's clock moved to this moment (ISO 8601 with an offset, "
        "e.g. 2027-01-01T00:20+03:00), ticking on from there: the suite must pass on any day.",
    )


def pytest_configure(config):
    if config.getoption("--clock"):
        try:
            clock.start(config.getoption("--clock"))
        except ValueError as error:
            raise pytest.UsageError(str(error)) from None


def pytest_report_header(config):
    moment = config.getoption("--clock")
    return f"clock moved to {moment} (ticking)" if moment else None


def pytest_unconfigure(config):
    clock.stop()


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    # Archives and acts go to a per-test folder, never into var/. Changing STORAGES makes
    # Django drop the storages it built, so `storages["private"]` is this folder's.
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """moto's S3 server, one per test process; each test that uses it gets a bucket of its own."""
    with S3Server(tmp_path_factory.mktemp("s3")) as server:
        yield server


@pytest.fixture(params=["folder", "s3"])
def private_storage(request, _private_storage, settings, tmp_path, monkeypatch) -> PrivateStore:
    """The test runs twice: on the local folder and on a bucket of a real S3 server, configured
    from the environment as in production (tests/private_storage.py). The system's temporary
    folder is a fresh one, to see what is left behind."""
    scratch = scratch_use(monkeypatch, tmp_path / "system-tmp")
    if request.param == "folder":
        return PrivateStore("folder", folder=settings.PRIVATE_STORAGE_DIR, scratch=scratch)
    server = request.getfixturevalue("s3_server")
    bucket = bucket_use(settings, monkeypatch, server)
    return PrivateStore("s3", folder=settings.PRIVATE_STORAGE_DIR, scratch=scratch, server=server, bucket=bucket)


@pytest.fixture(autouse=True)
def _empty_cache(request):
    """Rate-limit counters live in the cache; on Redis they would outlive a test's transaction.

    The database cache needs the database, so tests that use none are left alone.
    """
    names = request.fixturenames
    if "transactional_db" in names:
        request.getfixturevalue("transactional_db")
    elif "db" in names:
        request.getfixturevalue("db")
    elif not request.node.get_closest_marker("django_db"):
        yield
        return
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture
def client_org(db):
    """The owner: the organisation whose cabinet a test looks at."""
    return make_client(name="ООО «Профкерамика»", inn="5036012344", email="buh@profkeramika.example")


@pytest.fixture
def outsider_org(db):
    """Another organisation, which must never see the owner's data."""
    return make_client(name="АО «Посторонний»", inn="7728012340", email="buh@outsider.example")


@pytest.fixture
def staff_user(db):
    return get_user_model().objects.create_user(
        username="manager", password=PASSWORD, is_staff=True, email="manager@example.com"
    )


@pytest.fixture
def superuser(db):
    """May do anything, so must log in with two-factor login: the app is set up (tests/totp.py)."""
    user = get_user_model().objects.create_superuser(username="root", password=PASSWORD, email="root@example.com")
    user.totp_secret = give_totp(user)
    return user


@pytest.fixture
def admin_user(admin_user):
    """pytest-django's superuser (behind `admin_client`), with its app set up like `superuser`'s."""
    admin_user.totp_secret = give_totp(admin_user)
    return admin_user


@pytest.fixture
def logged_in(client, client_org):
    """Django's test client logged in as the owner organisation."""
    client.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    return client


class _Collector:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; the portal's mailer points at it for the test.

    `.messages` holds (envelope recipients, email.message.EmailMessage) in arrival order.
    """
    handler = _Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 10},
        }
    }
    handler.port = controller.port
    yield handler
    controller.stop()

"""The shipped reverse proxy: Debian's nginx with deploy/nginx/portal.conf in front of a real
gunicorn (tests/deploy/conftest.py), reached over HTTPS the way a client's browser reaches it.

The client connects from 127.0.0.2 (or 127.0.0.3): nginx sees that address, gunicorn sees only
nginx's 127.0.0.1, and TRUSTED_PROXY_COUNT=1 must recover the client's from X-Forwarded-For.
"""

import http.client
import io
import json
import re
import runpy
import socket
import ssl
import time
import zipfile
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from axes.models import AccessAttempt, AccessLog
from django.conf import global_settings
from django.utils import timezone

from apps.documents.models import DocumentRequest
from tests.deploy.shipped import ROOT, SERVER_NAME, SITE

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _production_hashers(settings):
    """Passwords hashed as production hashes them: gunicorn runs the production settings, which
    do not know the suite's fast MD5."""
    settings.PASSWORD_HASHERS = global_settings.PASSWORD_HASHERS


def _wait(condition, what: str, log, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}\n{log.read_text(errors='replace')[-4000:]}")


def _text(message) -> str:
    return message.get_body(("plain",)).get_content()


def _log_in(browser, login: str, password: str, **kwargs):
    return browser.submit("/accounts/login/", {"login": login, "password": password}, **kwargs)


def test_client_gets_the_archive_through_nginx_byte_for_byte(site, workers, client_org, password):
    browser = site.browser("127.0.0.2")
    answer = _log_in(browser, client_org.inn, password)
    assert (answer.status, answer.location) == (302, "/"), site.logs()
    assert browser.tls_version == "TLSv1.3"

    today = timezone.localdate()
    start = today - timedelta(days=90)
    asked = browser.submit("/documents/closing/", {"date_from": start, "date_to": today, "email": client_org.email})
    assert asked.status == 302, asked.text
    request_id = int(re.fullmatch(r"/documents/requests/(\d+)/", asked.location).group(1))

    # The worker builds it; too large for an attachment here, so the e-mail links to the cabinet.
    link = f"https://{SERVER_NAME}/documents/requests/{request_id}/archive/"
    _wait(lambda: any(link in _text(message) for message in site.smtp.messages), "the archive's e-mail", workers.log)

    download = browser.get(urlsplit(link).path)
    assert download.status == 200, download.text[:500]
    assert download.headers["Content-Disposition"].startswith("attachment")
    stored = DocumentRequest.objects.get(id=request_id)
    assert download.body == (site.private_dir / stored.archive_path).read_bytes()
    listed = site.emulator.ledger.find(client_org.inn, "Closing", start, today)
    with zipfile.ZipFile(io.BytesIO(download.body)) as archive:
        assert [archive.read(name) for name in archive.namelist()] == [site.emulator.ledger.file(d) for d in listed]
    assert len(download.body) > 1024 * 1024  # past nginx's memory buffers: through its temporary file

    # The portal's only journal with addresses is the login log (django-axes' AccessLog); the
    # download log (apps/documents/downloads.py) keeps who and what, not where from.
    assert list(AccessLog.objects.values_list("username", "ip_address")) == [(client_org.user.username, "127.0.0.2")]
    assert "127.0.0.2 - " in site.nginx.access_log()


def test_failed_client_logins_lock_out_the_real_address_only(site, client_org, password):
    attacker, owner = site.browser("127.0.0.2"), site.browser("127.0.0.3")
    for attempt in range(5):  # allauth: 5 failures in 5 minutes per login and address
        # Whatever the client writes into X-Forwarded-For is ignored: nginx appends the real one.
        forged = {"X-Forwarded-For": f"198.51.100.{attempt}"}
        answer = _log_in(attacker, client_org.inn, "wrong-password", headers=forged)
        assert answer.status == 200 and "Слишком много" not in answer.text

    refused = _log_in(attacker, client_org.inn, password)
    assert refused.status == 200
    assert "Слишком много попыток входа" in refused.text

    answer = _log_in(owner, client_org.inn, password)
    assert (answer.status, answer.location) == (302, "/"), answer.text[:2000]


def test_staff_lockout_keys_on_the_real_address(site, staff_user, password):
    attacker, colleague = site.browser("127.0.0.2"), site.browser("127.0.0.3")
    statuses = [
        attacker.submit("/admin/login/", {"username": staff_user.username, "password": "wrong-password"}).status
        for _ in range(5)  # ADMIN_LOGIN_FAILURE_LIMIT
    ]
    assert statuses == [200, 200, 200, 200, 429]
    assert attacker.submit("/admin/login/", {"username": staff_user.username, "password": password}).status == 429

    answer = colleague.submit("/admin/login/?next=/admin/", {"username": staff_user.username, "password": password})
    assert answer.status == 302, answer.text[:2000]
    assert list(AccessAttempt.objects.values_list("username", "ip_address")) == [(staff_user.username, "127.0.0.2")]


def test_plain_http_is_redirected_and_unknown_names_get_no_answer(site):
    connection = http.client.HTTPConnection("127.0.0.1", site.nginx.http_port, timeout=10)
    connection.request("GET", "/documents/?page=2", headers={"Host": SERVER_NAME})
    answer = connection.getresponse()
    assert (answer.status, answer.getheader("Location")) == (301, f"https://{SERVER_NAME}/documents/?page=2")
    connection.close()

    connection = http.client.HTTPConnection("127.0.0.1", site.nginx.http_port, timeout=10)
    connection.request("GET", "/", headers={"Host": "203.0.113.9"})
    with pytest.raises(http.client.RemoteDisconnected):  # nginx's 444: the connection closed
        connection.getresponse()
    connection.close()

    anything = ssl.create_default_context()
    anything.check_hostname, anything.verify_mode = False, ssl.CERT_NONE  # refused before any certificate
    for name in ("other.example", None):  # another name, or the bare address (no SNI)
        with socket.create_connection(("127.0.0.1", site.nginx.https_port), timeout=10) as sock:
            with pytest.raises(ssl.SSLError):
                anything.wrap_socket(sock, server_hostname=name)


def test_only_tls_12_and_13_with_aead_ciphers(site):
    def handshake(ciphers: str) -> str:
        context = ssl.create_default_context(cafile=str(site.nginx.certificate))
        context.maximum_version = ssl.TLSVersion.TLSv1_2
        context.set_ciphers(ciphers)
        with socket.create_connection(("127.0.0.1", site.nginx.https_port), timeout=10) as sock:
            with context.wrap_socket(sock, server_hostname=SERVER_NAME) as tls:
                return tls.cipher()[0]

    assert handshake("ECDHE-RSA-AES128-GCM-SHA256") == "ECDHE-RSA-AES128-GCM-SHA256"
    with pytest.raises(ssl.SSLError):
        handshake("ECDHE-RSA-AES128-SHA:AES128-SHA")  # CBC, or no forward secrecy: OpenSSL's default allows them


def test_healthz_and_metrics_through_the_proxy_tell_a_stranger_nothing(site):
    through_proxy = site.browser("127.0.0.1").get("/healthz")  # even from the host itself
    assert json.loads(through_proxy.body).keys() == {"status"}
    direct = http.client.HTTPConnection("127.0.0.1", site.gunicorn_port, timeout=10)
    direct.request("GET", "/healthz")
    assert "database" in json.loads(direct.getresponse().read())  # loopback, no proxy: the report
    direct.close()

    metrics = site.browser("127.0.0.1").get("/metrics")
    assert b"# TYPE" not in metrics.body
    assert "/healthz" not in site.nginx.access_log()


def test_uploads_up_to_the_act_limit_pass_nginx_and_larger_bodies_stop_there(site, settings):
    limit_mb = int(re.search(r"client_max_body_size (\d+)m;", SITE.read_text()).group(1))
    assert limit_mb > settings.ACT_MAX_UPLOAD_MB
    browser = site.browser()
    token = browser.get("/accounts/login/").csrf_token()
    scan = b"%PDF-" + b"x" * (settings.ACT_MAX_UPLOAD_MB * 1024 * 1024 - 5)
    content_type, body = _multipart({"csrfmiddlewaretoken": token, "login": ""}, scan)
    passed = browser.request("POST", "/accounts/login/", body=body, headers={"Content-Type": content_type})
    assert passed.status == 200, passed.text[:500]  # Django read it all and answered: the form is incomplete

    too_large = browser.headers_only("POST", "/acts/1/answer/", {"Content-Length": str((limit_mb + 1) * 1024 * 1024)})
    assert too_large.status == 413


def test_a_claim_with_ten_full_size_photos_passes_nginx_and_only_its_own_form_takes_that_much(site):
    from apps.claims.forms import FILES_TOTAL_MB

    limits = dict(re.findall(r"location \^~ (\S+) \{\s*client_max_body_size (\d+)m;", SITE.read_text()))
    claim_limit = int(limits["/claims/new/"])
    assert claim_limit > FILES_TOTAL_MB  # ten files of 10 MB and the envelope
    browser = site.browser()
    token = browser.get("/accounts/login/").csrf_token()
    content_type, body = _multipart({"csrfmiddlewaretoken": token}, b"%PDF-" + b"x" * (FILES_TOTAL_MB * 1024 * 1024))
    passed = browser.request("POST", "/claims/new/S-1/", body=body, headers={"Content-Type": content_type})
    assert passed.status in (302, 403, 404)  # the portal answered (not logged in): nginx let it through

    past = browser.headers_only("POST", "/claims/new/S-1/", {"Content-Length": str((claim_limit + 1) * 1024 * 1024)})
    assert past.status == 413
    elsewhere = browser.headers_only("POST", "/claims/S-1/", {"Content-Length": str(26 * 1024 * 1024)})
    assert elsewhere.status == 413  # the larger limit is the claim form's alone


def _multipart(fields: dict, file: bytes) -> tuple[str, bytes]:
    boundary = "portal-test-boundary"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items()]  # fmt: skip
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="scan"; filename="scan.pdf"\r\n'
                 "Content-Type: application/pdf\r\n\r\n".encode() + file + b"\r\n")  # fmt: skip
    return f"multipart/form-data; boundary={boundary}", b"".join(parts) + f"--{boundary}--\r\n".encode()


def test_static_files_are_served_by_whitenoise_through_the_proxy(site):
    browser = site.browser()
    page = browser.get("/accounts/login/").text
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
    answer = browser.get(stylesheet, headers={"Accept-Encoding": "gzip"})
    assert answer.status == 200
    assert "immutable" in answer.headers["Cache-Control"]
    assert answer.headers["Content-Encoding"] == "gzip"  # WhiteNoise's precompressed file, not nginx's gzip


def test_nginx_waits_for_a_page_longer_than_gunicorn_lets_it_run():
    gunicorn_timeout = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["timeout"]
    site = SITE.read_text()
    for directive in ("proxy_read_timeout", "proxy_send_timeout"):
        seconds = int(re.search(rf"{directive} (\d+)s;", site).group(1))
        assert seconds > gunicorn_timeout, directive

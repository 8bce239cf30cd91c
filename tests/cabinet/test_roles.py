"""Every cabinet URL for every role: what the role opens answers, the rest is 404 — pages,
htmx fragments and downloads alike; another organisation's objects are 404 for everyone.

The table below is the test's own statement of the roles (apps/clients/roles.py is the code's):
a URL added to apps/cabinet/urls.py fails here until it is classified.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.test import Client as Browser
from django.urls import URLPattern, reverse
from django.utils import timezone

from apps.cabinet import urls as cabinet_urls
from apps.clients.invitations import invitation_create
from apps.clients.models import Membership, Role
from apps.documents.models import DocumentRequest
from apps.onec.client import OpenInvoice
from apps.reconciliation.models import ReconciliationAct
from tests.cabinet.test_payments import use_payee
from tests.clients.people_helpers import log_in, make_person

pytestmark = pytest.mark.django_db

A, P, ADMIN = Role.ACCOUNTANT, Role.PROCUREMENT, Role.ADMIN
EVERYONE = {A, P, ADMIN}
BOOKS = {A, ADMIN}
SUPPLY = {P, ADMIN}

# URL name → the roles that open it.
EXPECTED = {
    "home": EVERYONE,
    "documents_invoice": BOOKS,
    "documents_closing": BOOKS,
    "document_request": BOOKS,
    "document_request_again": BOOKS,
    "archive_download": BOOKS,
    "register": EVERYONE,
    "register_archive": BOOKS,  # ticked rows become an archive: accounting work
    "register_file": EVERYONE,
    "act_order": BOOKS,
    "act_detail": BOOKS,
    "act_answer": BOOKS,
    "act_answer_file": BOOKS,
    "act_pdf": BOOKS,
    "question_ask": EVERYONE,
    "question_list": EVERYONE,
    "notices": EVERYONE,
    "settlements": BOOKS,
    "settlements_panel": BOOKS,
    "settlements_xlsx": BOOKS,
    "payment_orders": BOOKS,  # paying the open invoices goes with seeing them
    "payer_account": BOOKS,
    "payment_qr": BOOKS,
    "payment_qr_png": BOOKS,
    "shipments": SUPPLY,
    "shipment_pack": SUPPLY,
    "certificate_download": SUPPLY,
    "claims": SUPPLY,  # quality claims are filed from a shipment: they go with the shipments
    "claim_new": SUPPLY,
    "claim_detail": SUPPLY,
    "claim_file": SUPPLY,
    "claim_file_preview": SUPPLY,
    "orders": EVERYONE,  # accounting asks what is paid, procurement what is still to ship
    "orders_panel": EVERYONE,
    "order_detail": EVERYONE,
    "security": EVERYONE,
    "people": {ADMIN},
    "people_invite": {ADMIN},
    "people_two_factor": {ADMIN},
    "people_language": {ADMIN},
    "people_role": {ADMIN},
    "people_active": {ADMIN},
    "people_invitation_resend": {ADMIN},
    "people_invitation_revoke": {ADMIN},
}
# Not an organisation's pages: before login, by a link from a letter, or choosing the organisation.
OPEN = {"language", "notices_unsubscribe", "invitation", "switch_organisation", "security_index"}

PERIOD = {"date_from": "2026-09-01", "date_to": "2026-11-28"}


def _patterns() -> list[URLPattern]:
    return [p for p in cabinet_urls.urlpatterns if isinstance(p, URLPattern)]


def test_every_cabinet_url_is_classified_and_guarded():
    names = {p.name for p in _patterns()}
    assert names - OPEN - set(EXPECTED) == set(), "a new cabinet URL: say in EXPECTED who opens it"
    for pattern in _patterns():
        if pattern.name in EXPECTED:
            assert hasattr(pattern.callback, "cabinet_can"), f"{pattern.name} is not behind client_required"


def _world(org, fake_onec, *, answer_file: bool) -> dict:
    """One real object of `org` for every id a cabinet URL takes."""
    storage = storages["private"]
    path = storage.save(f"archives/{org.inn}.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18))
    request = DocumentRequest.objects.create(
        client=org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email=org.email,
        status="sent", archive_path=path, archive_name="archive.zip",
        archive_expires_at=timezone.now() + timedelta(days=3),
    )  # fmt: skip
    act_path = storage.save(f"acts/{org.inn}.pdf", ContentFile(b"%PDF-1.4 act"))
    act = ReconciliationAct.objects.create(
        client=org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=org.email, status="sent",
        file_path=act_path, file_name="act.pdf",
    )  # fmt: skip
    fake_onec.add_client(org.inn, org.name)
    invoice = fake_onec.add_document(org.inn, "Invoice", date(2026, 10, 5), number=f"INV-{org.inn}")
    upd = fake_onec.add_document(org.inn, "Closing", date(2026, 11, 5), number=f"U-{org.inn}", type="УПД")
    today = timezone.localdate()
    cert = fake_onec.add_document(org.inn, "Certificate", today - timedelta(days=20), number=f"СК-{org.inn}")
    shipment = fake_onec.add_shipment(
        org.inn, date(2026, 11, 5), number=f"S-{org.inn}", status="Delivered", document_ids=[upd.id]
    )
    # An id with a slash: the other organisation's must be 404 (1C's DOCUMENT_NOT_FOUND) all the same.
    order = fake_onec.add_order(
        org.inn,
        today - timedelta(days=10),
        order_id=f"ORD/{org.inn}",
        shipment_ids=[shipment.id],
        invoice_ids=[invoice.id],
    )
    claim = _claim(org, shipment)
    # An open invoice to pay, its id with a slash like the orders'.
    to_pay = OpenInvoice(f"INV/{org.inn}", f"ПК-{org.inn}", today - timedelta(days=5), today, Decimal(100), Decimal(0))
    fake_onec.set_settlements(org.inn, "100.00", open_invoices=[to_pay])
    colleague = make_person(org, email=f"colleague@{org.inn}.example", role=A)
    invitation, _resent = invitation_create(client=org, email=f"invitee@{org.inn}.example", role=A, invited_by=org.user)
    ids = {
        "request_id": request.id,
        "act_id": act.id,
        "document_id": None,  # per URL: the register's file or the certificate
        "shipment_id": shipment.id,
        "order_id": order.id,
        "membership_id": Membership.objects.get(client=org, user=colleague).id,
        "invitation_id": invitation.id,
        "answer_id": _answer_id(act, org) if answer_file else 0,
        "claim_id": claim.id,
        "file_id": claim.files.get().id,  # a photo, so its preview exists too
        "invoice_id": to_pay.id,
    }
    return {"ids": ids, "invoice": invoice.id, "certificate": cert.id}


def _claim(org, shipment):
    """A claim with one photo, filed the way the cabinet files it."""
    from tests.claims.conftest import file_claim

    return file_claim(org, shipment)


def _answer_id(act, org) -> int:
    """A disputed answer with a scan, recorded the way the cabinet records it."""
    from apps.reconciliation.answers import act_answer_create
    from apps.reconciliation.scans import Scan
    from tests.reconciliation.conftest import image_bytes

    scan = Scan(data=image_bytes("PNG"), name="scan.png", content_type="image/png", extension="png")
    return act_answer_create(act=act, user=org.user, kind="dispute", comment="Не сходится", scan=scan).id


def _url(pattern: URLPattern, world: dict) -> str:
    keys = pattern.pattern.converters.keys()
    ids = dict(world["ids"])
    ids["document_id"] = world["certificate"] if pattern.name == "certificate_download" else world["invoice"]
    return reverse(f"cabinet:{pattern.name}", kwargs={key: ids[key] for key in keys})


def _statuses(http, url: str) -> tuple[int, int]:
    get = http.get(url, PERIOD).status_code
    post = http.post(url, {}).status_code
    return get, post


def _opens(get: int, post: int) -> bool:
    """The URL answers the method it serves (a POST-only URL says 405 to a GET)."""
    return get != 404 if get != 405 else post not in (404, 405)


@pytest.fixture
def worlds(client_org, outsider_org, fake_onec, settings):
    use_payee(settings)  # without the payee's settings the payment URLs are 404 for everyone
    return {
        "own": _world(client_org, fake_onec, answer_file=True),
        "other": _world(outsider_org, fake_onec, answer_file=True),
    }


def _browser_for(client_org, role) -> Browser:
    http = Browser()
    email = f"{role}@walk.example"
    make_person(client_org, email=email, role=role)
    log_in(http, email)
    return http


@pytest.mark.parametrize("role", [A, P, ADMIN])
def test_each_role_opens_its_urls_and_gets_404_for_the_rest(client_org, worlds, role):
    http = _browser_for(client_org, role)
    wrong = []
    for pattern in _patterns():
        if pattern.name not in EXPECTED:
            continue
        get, post = _statuses(http, _url(pattern, worlds["own"]))
        if role in EXPECTED[pattern.name]:
            ok = _opens(get, post)
        else:
            # 404 to the method the URL serves; a method it never serves may say 405 first.
            ok = {get, post} <= {404, 405} and 404 in {get, post}
        if not ok:
            wrong.append((pattern.name, get, post))
    assert wrong == []


def test_the_inn_login_opens_everything_an_administrator_does(logged_in, worlds):
    wrong = []
    for pattern in _patterns():
        if pattern.name in EXPECTED:
            get, post = _statuses(logged_in, _url(pattern, worlds["own"]))
            if not _opens(get, post):
                wrong.append((pattern.name, get, post))
    assert wrong == []


@pytest.mark.parametrize("role", [A, P, ADMIN])
def test_another_organisations_objects_are_404_for_every_role(client_org, worlds, role):
    http = _browser_for(client_org, role)
    leaked = []
    for pattern in _patterns():
        if pattern.name not in EXPECTED or not pattern.pattern.converters:
            continue
        get, post = _statuses(http, _url(pattern, worlds["other"]))
        if not ({get, post} <= {404, 405} and 404 in {get, post}):
            leaked.append((pattern.name, get, post))
    assert leaked == []


def test_the_home_page_offers_each_role_only_what_it_opens(client_org, worlds):
    procurement = _browser_for(client_org, P).get(reverse("cabinet:home"))
    assert [tile.icon for tile in procurement.context["tiles"]] == ["shipment", "certificate", "register"]
    assert "acts" not in procurement.context and "document_requests" not in procurement.context
    accountant = _browser_for(client_org, A).get(reverse("cabinet:home"))
    assert [tile.icon for tile in accountant.context["tiles"]] == ["invoice", "closing", "act", "question"]
    assert "acts" in accountant.context and "document_requests" in accountant.context


def test_the_navigation_lists_each_role_only_its_sections(client_org, worlds):
    from apps.cabinet.tiles import sections

    names = {}
    for role in (A, P, ADMIN):
        request = _browser_for(client_org, role).get(reverse("cabinet:home")).wsgi_request
        names[role] = {section.url_name for section in sections(request.access)}
    assert {"cabinet:people", "cabinet:shipments", "cabinet:settlements"} <= names[ADMIN]
    assert "cabinet:settlements" not in names[P] and "cabinet:people" not in names[P]
    assert "cabinet:shipments" not in names[A] and "cabinet:people" not in names[A]
    assert "cabinet:register" in names[A] & names[P]
    assert "cabinet:orders" in names[A] & names[P] & names[ADMIN]

"""Filing a claim and deciding it (apps/claims/services.py): what is stored, what the journal
says, and that nothing half-done is left behind when a filing is refused or fails."""

import uuid
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages

from apps.claims import services, storage
from apps.claims.models import Claim, ClaimFile
from apps.core.audit import audit_entries_for
from apps.core.private_files import PrivateFileUnavailable
from apps.mail.models import OutgoingEmail
from apps.onec.client import Shipment
from tests.claims.conftest import file_claim, line, photo
from tests.e2e.conftest import blank_pdf

pytestmark = pytest.mark.django_db


def _stored_names() -> list[str]:
    store = storages["private"]
    if not store.exists("claims"):
        return []
    folders, _files = store.listdir("claims")
    return [f"claims/{folder}/{name}" for folder in folders for name in store.listdir(f"claims/{folder}")[1]]


def test_a_filed_claim_keeps_its_shipment_lines_files_and_journal(client_org, shipment):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pdf = SimpleUploadedFile("акт осмотра.pdf", blank_pdf())
    lines = [line(), line("Мертель МШ-39", "250", "kg")]
    claim = file_claim(client_org, shipment, files=[photo(), pdf], lines=lines, outcome="discount")
    claim.refresh_from_db()
    assert (claim.shipment_id, claim.shipment_number, claim.shipment_date) == (shipment.id, "123", date(2026, 11, 5))
    assert (claim.status, claim.outcome, claim.filed_by) == ("new", "discount", client_org.user)
    assert [str(item) for item in claim.lines.all()] == ["Кирпич ШПД-41: 1.5 т", "Мертель МШ-39: 250 кг"]
    photo_file, pdf_file = claim.files.all()
    assert (photo_file.content_type, bool(photo_file.preview_path)) == ("image/jpeg", True)
    assert (pdf_file.content_type, pdf_file.preview_path) == ("application/pdf", "")
    assert pdf_file.file_name == "акт_осмотра.pdf"
    assert sorted(_stored_names()) == sorted([photo_file.file_path, photo_file.preview_path, pdf_file.file_path])
    [entry] = audit_entries_for(obj=claim)
    assert (entry.action, entry.actor, entry.data["number"], entry.data["files"]) == (
        "claims.claim.filed", client_org.user, claim.number, 2
    )  # fmt: skip


def test_the_same_form_sent_twice_files_one_claim(client_org, shipment):
    token = uuid.uuid4()
    first = file_claim(client_org, shipment, token=token)
    again = file_claim(client_org, shipment, token=token)
    assert again.id == first.id and Claim.objects.count() == 1
    assert OutgoingEmail.objects.filter(key__startswith="claims.").count() == 1
    assert len(_stored_names()) == 2  # the photo and its preview, once


def test_a_shipment_not_yet_shipped_cannot_be_claimed(client_org, onec):
    planned = onec.add_shipment(client_org.inn, date(2026, 11, 30), number="P-1", status="Planned")
    with pytest.raises(services.ShipmentNotClaimable):
        file_claim(client_org, planned)
    assert not Claim.objects.exists() and _stored_names() == []


@pytest.mark.parametrize(
    "fields",
    [{"description": "  "}, {"lines": []}, {"files": []}, {"outcome": "money"}, {"lines": [line(quantity="0")]}],
    ids=["no-description", "no-lines", "no-files", "unknown-outcome", "zero-quantity"],
)
def test_an_incomplete_claim_is_refused_before_anything_is_stored(client_org, shipment, fields):
    with pytest.raises(ValidationError):
        file_claim(client_org, shipment, **fields)
    assert not Claim.objects.exists() and _stored_names() == []


def test_a_storage_failing_half_way_leaves_no_file_and_no_claim(client_org, shipment, monkeypatch):
    real, calls = storage.private_file_save, []

    def flaky(name, content, **kwargs):
        calls.append(name)
        if len(calls) == 3:  # the second photo's file, after the first photo and its preview
            raise PrivateFileUnavailable("the bucket stopped answering")
        return real(name, content, **kwargs)

    monkeypatch.setattr(storage, "private_file_save", flaky)
    with pytest.raises(PrivateFileUnavailable):
        file_claim(client_org, shipment, files=[photo("1.jpg"), photo("2.jpg")])
    assert not Claim.objects.exists() and _stored_names() == []


def test_a_failure_after_the_files_are_stored_takes_them_back_out(client_org, shipment, monkeypatch):
    monkeypatch.setattr(services, "audit_log", lambda **kwargs: (_ for _ in ()).throw(RuntimeError("journal")))
    with pytest.raises(RuntimeError):
        file_claim(client_org, shipment)
    assert not Claim.objects.exists() and not ClaimFile.objects.exists() and _stored_names() == []


# --- Staff -------------------------------------------------------------------------------------


def test_staff_take_a_claim_into_work_then_decide_it(client_org, shipment, handler):
    claim = file_claim(client_org, shipment)
    services.claim_take(claim=claim, actor=handler)
    services.claim_decide(claim=claim, actor=handler, decision="partial", answer="  Заменим 0,5 т.  ")
    claim.refresh_from_db()
    assert (claim.status, claim.answer) == ("partial", "Заменим 0,5 т.")
    assert claim.taken_by == claim.decided_by == handler
    assert claim.decision_email.to == client_org.email
    actions = [(entry.action, entry.actor) for entry in audit_entries_for(obj=claim)]
    assert actions == [
        ("claims.claim.filed", client_org.user), ("claims.claim.taken", handler), ("claims.claim.decided", handler)
    ]  # fmt: skip


def test_a_decision_follows_taking_into_work_and_is_made_once(client_org, shipment, handler):
    claim = file_claim(client_org, shipment)
    with pytest.raises(services.ClaimNotOpen):
        services.claim_decide(claim=claim, actor=handler, decision="satisfied", answer="Заменим.")
    services.claim_take(claim=claim, actor=handler)
    with pytest.raises(services.ClaimNotOpen):
        services.claim_take(claim=claim, actor=handler)
    services.claim_decide(claim=claim, actor=handler, decision="satisfied", answer="Заменим.")
    with pytest.raises(services.ClaimNotOpen):
        services.claim_decide(claim=claim, actor=handler, decision="rejected", answer="Передумали.")
    claim.refresh_from_db()
    assert (claim.status, claim.answer) == ("satisfied", "Заменим.")


@pytest.mark.parametrize(("decision", "answer"), [("satisfied", "   "), ("new", "Текст"), ("in_work", "Текст")])
def test_a_decision_needs_a_known_outcome_and_an_answer(client_org, shipment, handler, decision, answer):
    claim = file_claim(client_org, shipment)
    services.claim_take(claim=claim, actor=handler)
    with pytest.raises(ValidationError):
        services.claim_decide(claim=claim, actor=handler, decision=decision, answer=answer)
    assert Claim.objects.get().status == "in_work"


def test_only_staff_with_the_claims_permission_move_a_claim(client_org, shipment, staff_user, superuser):
    claim = file_claim(client_org, shipment)
    for stranger in (staff_user, client_org.user):
        with pytest.raises(PermissionDenied):
            services.claim_take(claim=claim, actor=stranger)
    services.claim_take(claim=claim, actor=superuser)  # holds every permission
    assert Claim.objects.get().status == "in_work"


def test_a_claim_keeps_the_shipment_as_it_was_when_filed(client_org):
    shipment = Shipment("id-1", "77", date(2026, 10, 1), "Shipped", "", 0, ())
    claim = file_claim(client_org, shipment)
    assert (claim.shipment_number, claim.shipment_date) == ("77", date(2026, 10, 1))

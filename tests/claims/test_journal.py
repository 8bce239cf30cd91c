"""A claim in the journals: the client's «Кто что запросил» names it and links it; staff's journal
says each step in words. And no action the code records is left without its staff label."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

from apps.core.audit_labels import ACTION_LABELS, audit_action_label
from apps.core.models import AuditEntry
from tests.claims.conftest import file_claim

pytestmark = pytest.mark.django_db
APPS = Path(__file__).resolve().parents[2] / "apps"


def test_a_filed_claim_is_in_the_organisations_log_with_a_link(logged_in, client_org, shipment):
    claim = file_claim(client_org, shipment)
    html = logged_in.get(reverse("cabinet:people")).content.decode()
    log = html[html.index("Кто что запросил") : html.index("Кто что скачал")]
    assert "Претензия" in log and "Клиент подал претензию" not in log
    assert reverse("cabinet:claim_detail", args=[claim.id]) in log


def test_the_claims_steps_read_as_words_in_staffs_journal(client_org, shipment):
    file_claim(client_org, shipment)
    entry = AuditEntry.objects.get(action="claims.claim.filed")
    assert audit_action_label(entry.action) == "Клиент подал претензию"


def test_every_action_the_code_records_has_a_label():
    recorded = set()
    for path in APPS.rglob("*.py"):
        recorded |= set(re.findall(r'\baction="([a-z_]+\.[a-z_]+\.[a-z_]+)"', path.read_text(encoding="utf-8")))
    assert recorded, "the search found the code's actions"
    assert recorded - set(ACTION_LABELS) == set()

"""Posting the claim form as a browser does, for the view and security tests."""

import uuid
from urllib.parse import urlencode

from django.urls import reverse

from tests.claims.conftest import PERIOD, photo


def claim_url(shipment_id: str, period: dict | None = PERIOD) -> str:
    url = reverse("cabinet:claim_new", args=[shipment_id])
    return f"{url}?{urlencode(period)}" if period else url


def form_data(**overrides) -> dict:
    """A complete claim: a description, one line, the outcome, two photos."""
    data = {
        "token": str(uuid.uuid4()),
        "description": "Кирпич пришёл с трещинами, часть поддонов разбита.",
        "outcome": "replacement",
        "lines-TOTAL_FORMS": "10",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "10",
        "lines-0-product": "Кирпич ШПД-41",
        "lines-0-quantity": "1,5",
        "lines-0-unit": "t",
        "files": [photo("трещина.jpg"), photo("поддон.png", fmt="PNG")],
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_claim(http, shipment_id: str, *, period: dict | None = PERIOD, **overrides):
    return http.post(claim_url(shipment_id, period), form_data(**overrides))

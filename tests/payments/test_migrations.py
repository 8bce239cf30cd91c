"""The models of payments and the download journal's kinds match their migrations."""

import pytest
from django.core.management import call_command

from apps.documents.models import DocumentDownload


@pytest.mark.django_db
def test_no_migration_is_missing_for_payments_or_documents():
    call_command("makemigrations", "payments", "documents", check=True, dry_run=True, verbosity=0)


def test_the_download_journal_names_payment_orders_and_qr_codes():
    assert DocumentDownload.What.PAYMENT_ORDERS == "payment_orders"
    assert DocumentDownload.What.PAYMENT_QR == "payment_qr"

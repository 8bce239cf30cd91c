"""A large archive goes from the storage to the client in chunks: the portal's memory holds a few
of them whatever the file's size, and nothing is spooled to the node's disk on the way."""

import hashlib
import os
import tracemalloc
from datetime import date

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from apps.documents import services

pytestmark = pytest.mark.django_db(transaction=True)

INN = "5036012344"
SIZE = 50 * 1024 * 1024
PEAK_LIMIT = 4 * 1024 * 1024  # a few 64 KiB chunks and the request's own objects, not the file


def test_a_50_mb_archive_downloads_byte_for_byte_in_bounded_memory(
    logged_in, client_org, fake_onec, private_storage, capsys
):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), data=b"%PDF-" + os.urandom(SIZE))
    request, _ = services.document_request_create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email=client_org.email
    )
    request.refresh_from_db()
    assert request.status == "sent" and request.archive_size > SIZE
    stored = private_storage.sha256(request.archive_path)

    tracemalloc.start()
    try:
        response = logged_in.get(reverse("cabinet:archive_download", args=[request.id]))
        digest, received = hashlib.sha256(), 0
        for chunk in response.streaming_content:
            digest.update(chunk)
            received += len(chunk)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert isinstance(response, StreamingHttpResponse)
    assert received == request.archive_size
    assert digest.hexdigest() == stored
    assert peak < PEAK_LIMIT, f"{peak / 2**20:.1f} MB held to send a {received / 2**20:.0f} MB file"
    assert private_storage.on_disk() == []
    with capsys.disabled():
        print(f"\n{private_storage.kind}: {received / 2**20:.1f} MB sent, Python memory peak {peak / 2**10:.0f} KiB")

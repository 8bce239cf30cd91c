"""1C's last known state, recorded by the SOAP client's calls (shown by /healthz without a Ping)."""

import pytest

from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError
from apps.onec.status import onec_status_get

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def test_calls_record_whether_1c_answers(onec_emulator):
    assert onec_status_get().state == "unknown"
    get_onec_client().ping()
    assert onec_status_get().state == "ok"

    onec_emulator.set_down()
    with pytest.raises(OneCError):
        get_onec_client().ping()
    status = onec_status_get()
    assert status.state == "unavailable"
    assert status.last_error_at >= status.last_ok_at
    assert status.last_error  # the cause, for the staff who read it


def test_a_client_unknown_to_1c_is_1c_answering(onec_emulator):
    with pytest.raises(OneCError):
        get_onec_client().get_client("7707083893")
    assert onec_status_get().state == "ok"

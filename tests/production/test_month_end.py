"""The month's first day, small: the month-end benchmark's whole path (the cabinet's form, the
worker clusters as production runs them, 1C with a licence limit, SMTP) with a dozen
organisations. Only what must hold is asserted — every client gets exactly one e-mail and 1C
refuses no call for want of a licence; the times are the benchmark's business (bench/)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [pytest.mark.integration]
ROOT = Path(__file__).resolve().parents[2]


def test_a_small_month_end_sends_every_client_exactly_one_email_within_the_licences():
    result = subprocess.run(
        [sys.executable, "bench/month_end.py", "--organisations", "12", "--spread", "2", "--latency-ms", "30",
         "--sessions", "3", "--workers", "2"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    assert "e-mails: 12 to 12 addresses (missing 0, twice 0)" in result.stdout
    in_flight = int(re.search(r"at most (\d+) calls at once, refused for licences: 0", result.stdout).group(1))
    assert 1 <= in_flight <= 3

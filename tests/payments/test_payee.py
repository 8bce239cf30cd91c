"""The payee's details: all seven or none, each checked at start-up with an error naming it."""

import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.payments.payee import Payee, payee
from tests.payments.conftest import PAYEE_ENV

ROOT = Path(__file__).resolve().parents[2]


def _start_up(monkeypatch, **env) -> dict:
    """Runs project/config/payments.py as start-up does, with these PAYEE_* variables only."""
    for name in PAYEE_ENV:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "project" / "config" / "payments.py"))


def test_no_payee_variables_mean_no_payee(monkeypatch, settings):
    assert _start_up(monkeypatch)["PAYEE_NAME"] == ""
    for name in PAYEE_ENV:
        setattr(settings, name, "")
    assert payee() is None


def test_all_seven_good_variables_make_the_payee(monkeypatch, payee_settings):
    assert _start_up(monkeypatch, **PAYEE_ENV)["PAYEE_ACCOUNT"] == "40702810200000000001"
    assert payee() == Payee(
        name='АО "Подольскогнеупор"',
        inn="5036000003",
        kpp="503601001",
        bank_name="ПАО Сбербанк",
        bic="044525225",
        account="40702810200000000001",
        corr_account="30101810400000000225",
    )


def test_a_payee_left_half_filled_by_a_settings_override_is_no_payee(payee_settings):
    payee_settings.PAYEE_CORR_ACCOUNT = ""
    assert payee() is None


@pytest.mark.parametrize("missing", list(PAYEE_ENV))
def test_each_variable_left_out_stops_start_up_naming_it(monkeypatch, missing):
    env = {name: value for name, value in PAYEE_ENV.items() if name != missing}
    with pytest.raises(ImproperlyConfigured, match=f"^{missing} must be set"):
        _start_up(monkeypatch, **env)


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        ("PAYEE_NAME", "А" * 161, "at most 160 characters"),
        ("PAYEE_INN", "5036000004", "valid checksum"),
        ("PAYEE_INN", "503600000", "valid checksum"),
        ("PAYEE_KPP", "50360100", "9 characters"),
        ("PAYEE_KPP", "5036ab001", "9 characters"),
        ("PAYEE_BANK_NAME", "Б" * 46, "at most 45 characters"),
        ("PAYEE_BIC", "04452522", "9 digits"),
        ("PAYEE_BIC", "144525225", "start with 04"),
        ("PAYEE_ACCOUNT", "4070281020000000001", "20 digits"),
        ("PAYEE_ACCOUNT", "40702810300000000001", "does not match PAYEE_BIC 044525225"),
        ("PAYEE_ACCOUNT", "30101810400000000225", "correspondent account"),
        ("PAYEE_CORR_ACCOUNT", "3010181040000000022", "20 digits"),
        ("PAYEE_CORR_ACCOUNT", "40702810200000000001", "start with 30101"),
        ("PAYEE_CORR_ACCOUNT", "30101810500000000225", "does not match PAYEE_BIC 044525225"),
    ],
)
def test_a_wrong_value_stops_start_up_naming_the_variable_and_the_fault(monkeypatch, variable, value, says):
    with pytest.raises(ImproperlyConfigured, match=f"^{variable} ") as raised:
        _start_up(monkeypatch, **{**PAYEE_ENV, variable: value})
    assert says in str(raised.value)


def test_a_kpp_with_letters_in_the_reason_code_is_accepted(monkeypatch):
    assert _start_up(monkeypatch, **{**PAYEE_ENV, "PAYEE_KPP": "5036AB001"})["PAYEE_KPP"] == "5036AB001"


def test_django_refuses_to_start_with_a_mistyped_payee_account():
    """The check is part of the settings, so every process (web, worker, manage.py) stops."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PAYEE_", "DJANGO_SETTINGS_MODULE"))}
    env.update(PAYEE_ENV, DEBUG="1", PAYEE_ACCOUNT="40702810300000000001", DJANGO_SETTINGS_MODULE="project.settings")
    code = "import django; django.setup()"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "ImproperlyConfigured: PAYEE_ACCOUNT does not match PAYEE_BIC" in result.stderr.strip().splitlines()[-1]


def test_the_demo_sets_a_payee_that_passes_the_start_up_checks(monkeypatch):
    """`make demo` exports these (Makefile): a demo with payments shown, never refused at start-up."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    demo = dict(re.findall(r"^demo: export (PAYEE_\w+) \?= (.*)$", makefile, re.MULTILINE))
    assert demo == PAYEE_ENV
    assert _start_up(monkeypatch, **demo)["PAYEE_NAME"] == 'АО "Подольскогнеупор"'

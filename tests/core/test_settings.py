"""Start-up refuses bad configuration with a message naming the variable."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-secret-key-with-enough-length-1234567890"


def _load(env: dict) -> subprocess.CompletedProcess:
    base = {
        k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"))
    }
    base.update(
        {
            "DJANGO_SETTINGS_MODULE": "project.settings",
            "ALLOWED_HOSTS": "portal.example.com",
            "PORTAL_BASE_URL": "https://portal.example.com",
        }
    )
    base.update(env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SESSION_COOKIE_NAME)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60)


def test_production_settings_load_with_good_values():
    result = _load({"DEBUG": "0", "SECRET_KEY": GOOD_KEY})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "__Host-sessionid"


@pytest.mark.parametrize(
    ("env", "variable"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"DEBUG": "0", "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DEBUG": "1", "EMAIL_PORT": "smtp"}, "EMAIL_PORT"),
        ({"DEBUG": "1", "EMAIL_TIMEOUT": "0"}, "EMAIL_TIMEOUT"),
        ({"DEBUG": "1", "REDIS_URL": "localhost:6379"}, "REDIS_URL"),
        ({"DEBUG": "1", "ONEC_WSDL_URL": "ftp://1c/ws"}, "ONEC_WSDL_URL"),
        ({"DEBUG": "1", "ONEC_TIMEOUT": "soon"}, "ONEC_TIMEOUT"),
        ({"DEBUG": "1", "DEFAULT_FROM_EMAIL": "not an address"}, "DEFAULT_FROM_EMAIL"),
        ({"DEBUG": "1", "DATABASE_URL": "nosuchdb://x"}, "DATABASE_URL"),
        ({"DEBUG": "1", "ONEC_BACKEND": "magic"}, "ONEC_BACKEND"),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "PORTAL_BASE_URL": ""}, "PORTAL_BASE_URL"),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY, "ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS"),
        ({"DEBUG": "1", "SESSION_IDLE_HOURS": "0"}, "SESSION_IDLE_HOURS"),
        ({"DEBUG": "1", "ONEC_TIMEOUT": "120"}, "ONEC_TIMEOUT"),
        ({"DEBUG": "1", "TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
        ({"DEBUG": "1", "TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(env, variable):
    result = _load(env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def _manage(*args: str) -> subprocess.CompletedProcess:
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "SECRET_KEY", "DATABASE_URL", "REDIS_URL"))
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_offline_commands_run_on_a_bare_checkout_without_secret_key():
    result = _manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_commands_that_serve_or_work_still_require_secret_key():
    result = _manage("check")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_each_parallel_test_worker_has_a_redis_database_of_its_own():
    from project.settings_test import _redis_of_worker

    assert _redis_of_worker("redis://127.0.0.1:6379/7", "gw0") == "redis://127.0.0.1:6379/7"
    assert _redis_of_worker("redis://127.0.0.1:6379/7", "gw3") == "redis://127.0.0.1:6379/10"
    assert _redis_of_worker("redis://:pw@cache:6379", "gw1") == "redis://:pw@cache:6379/1"

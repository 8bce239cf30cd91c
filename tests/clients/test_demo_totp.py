"""The demo's admin logs in with a code from `manage.py demo_totp`, which a production server refuses."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import validate_totp_code
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_the_demo_admin_has_an_app_and_the_command_prints_its_current_code(settings, capsys):
    call_command("loaddata", "fixtures/demo.json", verbosity=0)
    settings.DEBUG = True
    call_command("demo_totp")
    code = capsys.readouterr().out.strip()
    secret = Authenticator.objects.get(user__username="admin", type="totp").data["secret"]
    assert len(code) == 6 and validate_totp_code(secret, code)


def test_without_debug_the_command_refuses(settings, staff_user):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_totp", staff_user.username)

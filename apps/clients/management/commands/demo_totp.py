"""Print the current two-factor code of a login's authenticator app — for the demo only.

Staff who review acts or manage clients must log in with a code (apps/clients/two_factor.py);
the demo's `admin` has an app whose key is in fixtures/demo.json, so whoever tries the demo
needs no phone. Refused unless DEBUG is on: a production server has no use for it.
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from allauth.mfa.utils import decrypt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Print the current two-factor login code of a user (DEBUG only, for the demo)."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", default="admin")

    def handle(self, *args, username: str, **options):
        if not settings.DEBUG:
            raise CommandError("demo_totp works only with DEBUG=1 (the demo).")
        user = get_user_model().objects.filter(username=username).first()
        authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
        if authenticator is None:
            raise CommandError(f"{username} has no authenticator app.")
        secret = decrypt(authenticator.data["secret"])
        counter = int(time.time()) // app_settings.TOTP_PERIOD
        self.stdout.write(format_hotp_value(hotp_value(secret, counter)))

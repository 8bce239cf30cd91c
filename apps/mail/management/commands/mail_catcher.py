"""A local SMTP server for the demo: every message is stored as an .eml file, none is relayed."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run a local SMTP server that stores every message under var/mail/ (demo and tests)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=1025)
        parser.add_argument("--dir", default=str(settings.VAR_DIR / "mail"))

    def handle(self, *args, host, port, dir, **options):
        from aiosmtpd.controller import Controller

        from apps.mail.catcher import MaildirHandler

        controller = Controller(MaildirHandler(Path(dir)), hostname=host, port=port)
        controller.start()
        self.stdout.write(f"SMTP catcher on {host}:{port}, storing messages in {dir}", ending="\n")
        self.stdout.flush()
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()

"""`manage.py demo_load`: the demo's data, loaded once — what `make demo` runs before it starts.

`loaddata fixtures/demo.json` on every start would write the demo's organisations, logins and
passwords back over whatever a person changed while trying the demo (a password, an address, the
e-mail language). So the fixture is loaded only into a database with no organisations yet, and
the command says which it did; `--reload` loads it over the demo's rows on purpose. Refused
unless DEBUG is on: the fixture's passwords are public.
"""

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from apps.clients.models import Client

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "demo.json"


class Command(BaseCommand):
    help = "Load the demo data (fixtures/demo.json) unless the database has organisations already (DEBUG only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reload", action="store_true", help="load it again over the demo's rows, undoing changes made to them"
        )

    def handle(self, *args, reload: bool = False, **options):
        if not settings.DEBUG:
            raise CommandError("demo_load works only with DEBUG=1 (the demo).")
        count = Client.objects.count()
        if count and not reload:
            self.stdout.write(
                f"Demo data not loaded: the database has {count} organisation(s) already, kept as they are "
                "(manage.py demo_load --reload loads fixtures/demo.json over them)."
            )
            return
        call_command("loaddata", str(FIXTURE), verbosity=0)
        self.stdout.write(
            f"Demo data {'reloaded' if count else 'loaded'} from fixtures/demo.json: "
            f"{Client.objects.count()} organisation(s); logins in fixtures/demo-logins.txt."
        )

import gc
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from apps.clients.access import client_access_queue
from apps.clients.importing import ImportFileError, clients_import, limits
from apps.clients.importing.report import report_lines
from apps.clients.models import Client


class Command(BaseCommand):
    help = "Import client organisations from an Excel workbook (.xlsx), matched by INN."
    # Django's system checks (which import every URL and admin module) were a fifth of a
    # 10,000-row import; a deployment runs them with `check --deploy`, not with every import.
    requires_system_checks = []

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Only report what would change.")
        parser.add_argument(
            "--send-access", action="store_true", help="Queue access letters for the clients this import creates."
        )

    def handle(self, *args, file: Path, dry_run: bool, send_access: bool, **options) -> None:
        if dry_run and send_access:
            raise CommandError("--dry-run and --send-access cannot be used together")
        data = _read(file)
        # The import keeps a report of every row, and each full collection while it builds them
        # would walk again every object Django's start-up left (some 100,000): set those aside.
        gc.freeze()
        try:
            report = clients_import(data=data, dry_run=dry_run)
        except ImportFileError as error:
            raise CommandError(error.message) from None
        finally:
            gc.unfreeze()  # in a process that goes on (call_command), they can be collected again
        self.stdout.write("\n".join(report_lines(report)))
        if send_access:
            queued = client_access_queue(clients=Client.objects.filter(id__in=report.created_ids))
            self.stdout.write(_("Письма с доступом поставлены в очередь: %(count)d.") % {"count": queued})


def _read(file: Path) -> bytes:
    """The file, refused by its size before a byte is read, and never read past the limit."""
    try:
        limits.check_file_size(file.stat().st_size)
        with file.open("rb") as stream:
            # A pipe or a growing file has no size to trust: one byte more, and clients_import refuses it.
            return stream.read(limits.MAX_FILE_MB * limits.MB + 1)
    except OSError as error:
        raise CommandError(f"{file}: {error.strerror}") from None
    except ImportFileError as error:
        raise CommandError(error.message) from None

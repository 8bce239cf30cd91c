"""`manage.py notices_poll`: the notices poll now, instead of at its next scheduled run.

The same poll the schedule runs every NOTICES_POLL_MINUTES (apps/notices/poll.py): one call of
1C for every client, a digest in the outbox for each subscribed client with new documents, sent
by the mail cluster. For the demo (after `manage.py demo_new_document`) and for staff who need
it at once; running it beside the schedule is safe (a document is announced to a client once).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from apps.notices.models import NoticeCursor
from apps.notices.poll import notices_poll


class Command(BaseCommand):
    help = "Poll 1C for new documents now and put each subscribed client's digest in the outbox."

    def handle(self, *args, **opts):
        digests = notices_poll()
        cursor = NoticeCursor.objects.get(id=1)
        if cursor.last_outcome != NoticeCursor.Outcome.OK:
            raise CommandError(f"Nothing announced: {cursor.get_last_outcome_display()} ({cursor.last_error})")
        self.stdout.write(
            f"Notices poll: {digests} digest(s) in the outbox, sent by the mail worker "
            "(make demo: var/mail/*.eml); 1C's changes are read up to "
            f"{timezone.localtime(cursor.since):%d.%m.%Y %H:%M:%S}."
        )

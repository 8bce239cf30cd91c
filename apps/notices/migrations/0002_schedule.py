"""The poll for new documents: one ListChangedDocuments round for every client, on the main cluster.

The interval is NOTICES_POLL_MINUTES as it is when this migration runs; a later change of the
setting is applied by editing the «notices.poll» schedule in the admin.
"""

from django.conf import settings
from django.db import migrations

NAME = "notices.poll"


def create(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name=NAME,
        defaults={
            "func": "apps.notices.tasks.poll_new_documents",
            "schedule_type": "I",
            "minutes": settings.NOTICES_POLL_MINUTES,
            "repeats": -1,
        },
    )


def remove(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name=NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notices", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [migrations.RunPython(create, remove)]

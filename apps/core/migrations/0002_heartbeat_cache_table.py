"""The workers' heartbeat (read by /healthz), its schedule, and the database cache's table.

The cache table was made only by `make demo`'s createcachetable: a deployment that ran
`migrate` alone, without Redis, answered 500 at the first login (allauth's rate limits live in
the cache). createcachetable does nothing when the cache is Redis, and nothing twice.
"""

from django.core.management import call_command
from django.db import migrations, models


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


def create_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.update_or_create(
        name="core.heartbeat",
        defaults={"func": "apps.core.tasks.worker_heartbeat", "schedule_type": "I", "minutes": 1, "repeats": -1},
    )


def remove_schedule(apps, schema_editor):
    apps.get_model("django_q", "Schedule").objects.filter(name="core.heartbeat").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [
        migrations.CreateModel(
            name="Heartbeat",
            fields=[
                ("cluster", models.CharField(max_length=50, primary_key=True, serialize=False, verbose_name="кластер")),
                ("seen_at", models.DateTimeField(verbose_name="последний раз")),
            ],
            options={"verbose_name": "пульс фоновых задач", "verbose_name_plural": "пульс фоновых задач"},
        ),
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.RunPython(create_schedule, remove_schedule),
    ]

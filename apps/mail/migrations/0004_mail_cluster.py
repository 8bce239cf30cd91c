"""E-mail runs on its own django-q2 cluster ("portal-mail"): its sweep and its heartbeat too.

update_or_create, so the order against documents.0002 (which first made mail.dispatch) does not
matter: that migration's defaults do not touch `cluster`.
"""

from django.db import migrations

MAIL_CLUSTER = "portal-mail"
SCHEDULES = [
    ("mail.dispatch", "apps.mail.tasks.dispatch_outgoing_emails"),
    ("mail.heartbeat", "apps.core.tasks.worker_heartbeat"),
]


def forward(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    for name, func in SCHEDULES:
        Schedule.objects.update_or_create(
            name=name,
            defaults={"func": func, "schedule_type": "I", "minutes": 1, "repeats": -1, "cluster": MAIL_CLUSTER},
        )


def backward(apps, schema_editor):
    Schedule = apps.get_model("django_q", "Schedule")
    Schedule.objects.filter(name="mail.heartbeat").delete()
    Schedule.objects.filter(name="mail.dispatch").update(cluster=None)


class Migration(migrations.Migration):
    dependencies = [
        ("mail", "0003_resend_permission"),
        ("django_q", "0019_alter_task_options_alter_ormq_key_alter_ormq_lock_and_more"),
    ]
    operations = [migrations.RunPython(forward, backward)]

from django.db import migrations


def own_logins_are_administrators(apps, schema_editor):
    """Every organisation's own INN login becomes its company's administrator."""
    Client = apps.get_model("clients", "Client")
    Membership = apps.get_model("clients", "Membership")
    have = set(Membership.objects.filter(role="admin").values_list("client_id", "user_id"))
    Membership.objects.bulk_create(
        [
            Membership(user_id=user_id, client_id=client_id, role="admin")
            for client_id, user_id in Client.objects.values_list("id", "user_id").iterator()
            if (client_id, user_id) not in have
        ],
        batch_size=500,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0004_people"),
    ]

    operations = [
        migrations.RunPython(own_logins_are_administrators, migrations.RunPython.noop),
    ]

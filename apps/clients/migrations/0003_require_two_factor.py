from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0002_access_letters_email_changes"),
    ]

    operations = [
        migrations.AddField(
            model_name="client",
            name="require_two_factor",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Входить только с кодом из приложения-аутентификатора; без него кабинет попросит его подключить."
                ),
                verbose_name="двухфакторный вход обязателен",
            ),
        ),
    ]

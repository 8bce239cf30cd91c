"""`make demo` loads the demo data once: a restart keeps what a person changed while trying it."""

import pytest
from django.core.management import CommandError, call_command

from apps.clients.models import Client

pytestmark = pytest.mark.django_db
INN = "5036012344"  # ООО «Профкерамика» in fixtures/demo.json


def test_a_second_start_keeps_a_changed_address_and_says_so(settings, capsys):
    settings.DEBUG = True
    call_command("demo_load")
    assert "Demo data loaded" in capsys.readouterr().out
    Client.objects.filter(inn=INN).update(email="my-own@example.com", language="en")

    call_command("demo_load")  # `make demo` again

    assert "Demo data not loaded" in capsys.readouterr().out
    kept = Client.objects.get(inn=INN)
    assert (kept.email, kept.language) == ("my-own@example.com", "en")


def test_reload_puts_the_demo_rows_back(settings, capsys):
    settings.DEBUG = True
    call_command("demo_load")
    original = Client.objects.get(inn=INN).email
    Client.objects.filter(inn=INN).update(email="my-own@example.com")

    call_command("demo_load", "--reload")

    assert "reloaded" in capsys.readouterr().out
    assert Client.objects.get(inn=INN).email == original != "my-own@example.com"


def test_a_database_with_organisations_of_its_own_is_left_alone(settings, client_org):
    settings.DEBUG = True
    call_command("demo_load")
    assert list(Client.objects.values_list("inn", flat=True)) == [client_org.inn]


def test_without_debug_the_public_passwords_are_not_loaded(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("demo_load")
    assert not Client.objects.exists()

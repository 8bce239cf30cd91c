from django.contrib.auth import get_user_model
from django.db import transaction

from apps.clients.models import Client
from apps.clients.validators import normalize_inn


@transaction.atomic
def client_create(
    *,
    inn: str,
    name: str,
    email: str,
    kpp: str = "",
    phone: str = "",
    language: str = "ru",
    password: str | None = None,
) -> Client:
    """Create an organisation and the login it uses (username = INN).

    Without a password the login has none usable until staff send an access letter.
    """
    inn = normalize_inn(inn)
    user = get_user_model()(username=inn, email=email)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    client = Client(user=user, inn=inn, name=name, email=email, kpp=kpp, phone=phone, language=language)
    client.full_clean()
    client.save()
    return client


def client_set_language(*, client: Client, language: str) -> None:
    """Remember the language the client chose; its e-mails are written in it."""
    if client.language != language:
        client.language = language
        client.save(update_fields=["language", "updated_at"])

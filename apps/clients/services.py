from django.contrib.auth import get_user_model
from django.db import transaction

from apps.clients.models import Client, ClientEmailChange, Membership, Role
from apps.clients.validators import normalize_email, normalize_inn
from apps.core.audit import audit_log


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
    """Create an organisation and the login it uses (username = INN), its administrator.

    Without a password the login has none usable until staff send an access letter.
    """
    inn = normalize_inn(inn)
    email = normalize_email(email)
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
    Membership.objects.create(user=user, client=client, role=Role.ADMIN)
    return client


def client_set_language(*, client: Client, language: str, by=None) -> bool:
    """The organisation's e-mail language (archives, acts, notices, letters to its people): set by
    its administrator on «Сотрудники» or by staff, never by a person's Rus/Eng switch, which
    changes only that person's pages. Recorded in the journal; False when nothing changed."""
    if client.language == language:
        return False
    old = client.language
    client.language = language
    client.save(update_fields=["language", "updated_at"])
    audit_log(obj=client, action="clients.client.language_changed", actor=by, old=old, new=language)
    return True


@transaction.atomic
def client_email_change(
    *, client: Client, email: str, changed_by=None, source: str = ClientEmailChange.Source.ADMIN
) -> ClientEmailChange | None:
    """Change the default address, keep the login's address equal to it, and record who did it.

    The login's address is where allauth sends a password reset, so the two must not drift.
    Returns None when the address did not really change.
    """
    email = normalize_email(email)
    old_email = Client.objects.filter(id=client.id).values_list("email", flat=True).get()
    client.email = email
    client.save(update_fields=["email", "updated_at"])
    get_user_model().objects.filter(id=client.user_id).update(email=email)
    if old_email == email:
        return None
    return ClientEmailChange.objects.create(
        client=client, old_email=old_email, new_email=email, changed_by=changed_by, source=source
    )


@transaction.atomic
def client_password_set(*, user, password: str) -> None:
    """Set a password the client chose; a password from an access letter stops being one."""
    user.set_password(password)
    user.save()
    Client.objects.filter(user_id=user.id, access_password_expires_at__isnull=False).update(
        access_password_expires_at=None
    )

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.ru import inn as stdnum_inn


def normalize_inn(value: str) -> str:
    """An INN as people type or paste it: spaces and dashes dropped."""
    return "".join(ch for ch in str(value) if not ch.isspace() and ch != "-")


def validate_inn(value: str) -> None:
    """A Russian INN: 10 digits for an organisation, 12 for an entrepreneur, checksum included."""
    try:
        stdnum_inn.validate(value)
    except StdnumError:
        raise ValidationError(
            _("Некорректный ИНН: нужно 10 или 12 цифр с верной контрольной суммой."), code="invalid_inn"
        ) from None


def normalize_email(value: str) -> str:
    """One spelling per address: allauth's password reset looks the login up by the lowercased address."""
    return str(value).strip().lower()

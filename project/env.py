"""Strict readers of environment variables.

Every helper refuses a bad value with ImproperlyConfigured naming the variable, so a typo in
production stops start-up instead of silently falling back to a default.
"""

import ipaddress
import os
from email.utils import parseaddr
from urllib.parse import urlparse

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import validate_email

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _raw(name: str) -> str | None:
    value = os.environ.get(name)
    return None if value is None else value.strip()


def env_str(name: str, default: str | None = None, *, required: bool = False) -> str:
    value = _raw(name)
    if value:
        return value
    if required:
        raise ImproperlyConfigured(f"{name} must be set")
    return default if default is not None else ""


def env_bool(name: str, default: bool = False) -> bool:
    value = _raw(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None, maximum: int | None = None) -> int:
    value = _raw(name)
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {number}")
    return number


def env_float(name: str, default: float, *, minimum: float = 0.0, maximum: float | None = None) -> float:
    value = _raw(name)
    if not value:
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, got {number}")
    if maximum is not None and number > maximum:
        raise ImproperlyConfigured(f"{name} must be at most {maximum}, got {number}")
    return number


def env_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_networks(name: str, default: list[str]) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """Comma-separated IP addresses or CIDR networks ("10.0.0.0/8, 192.0.2.7, ::1"); empty: none.
    A network with host bits set ("10.0.0.1/8") is refused: it is a typo more often than not."""
    networks = []
    for item in env_list(name, default):
        try:
            networks.append(ipaddress.ip_network(item))
        except ValueError as error:
            raise ImproperlyConfigured(f"{name} must be IP addresses or networks, comma-separated: {error}") from None
    return networks


def env_token(name: str) -> str:
    """A bearer token for machines (/healthz's report, /metrics); empty: no token is accepted.
    Neither has a rate limit, so a short token could be guessed."""
    value = env_str(name, "")
    if value and (len(value) < 32 or not value.isascii() or len(value.split()) > 1):
        raise ImproperlyConfigured(f"{name} must be at least 32 characters of ASCII without spaces (or empty)")
    return value


def env_directory(name: str) -> str:
    """An existing directory, or "" when the variable is unset. Set but empty is refused too:
    a library that only asks whether it is set would then write into the working directory."""
    value = os.environ.get(name)
    if value is None:
        return ""
    if not os.path.isdir(value):
        raise ImproperlyConfigured(f"{name} must be an existing directory (or unset), got {value!r}")
    return value


def env_url(name: str, default: str = "", *, schemes: tuple[str, ...] = ("http", "https")) -> str:
    value = _raw(name)
    if not value:
        return default
    parsed = urlparse(value)
    if parsed.scheme not in schemes or not parsed.netloc:
        raise ImproperlyConfigured(f"{name} must be a URL starting with {' or '.join(schemes)}://, got {value!r}")
    return value


def env_email(name: str, default: str) -> str:
    value = _raw(name) or default
    # Accept both "addr@host" and 'Company <addr@host>' (the form DEFAULT_FROM_EMAIL uses).
    _, address = parseaddr(value)
    try:
        validate_email(address)
    except ValidationError:
        raise ImproperlyConfigured(f"{name} must be an e-mail address, got {value!r}") from None
    return value

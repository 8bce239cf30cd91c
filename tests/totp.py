"""Two-factor login in tests: an authenticator app set up for a login, and the codes it shows.

The codes are computed with allauth's own TOTP functions from the stored secret, as the
phone's app would. allauth refuses a code used once (for its whole window), so `code(step)`
gives the codes of neighbouring 30-second steps, all valid with MFA_TOTP_TOLERANCE = 1.
"""

import time

from allauth.mfa import app_settings
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value


def totp_code(secret: str, step: int = 0) -> str:
    """The code the app shows now (step 0), 30 s ago (-1) or in 30 s (+1)."""
    counter = int(time.time()) // app_settings.TOTP_PERIOD + step
    return format_hotp_value(hotp_value(secret, counter))


def give_totp(user) -> str:
    """Set up an authenticator app (and recovery codes) for `user`; returns the app's secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def recovery_codes(user) -> list[str]:
    from allauth.mfa.models import Authenticator

    instance = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return instance.wrap().get_unused_codes()


def code_for(user, step: int = 0) -> str:
    """The code `user`'s app shows now, from the secret allauth stored for it."""
    from allauth.mfa.models import Authenticator
    from allauth.mfa.utils import decrypt

    instance = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    return totp_code(decrypt(instance.data["secret"]), step)

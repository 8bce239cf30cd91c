"""The manufacturer's bank details: the payee of the payment orders and QR codes the cabinet
offers (apps/payments/).

All seven or none. Unset, the payment features are hidden; set, each is checked here, because a
mistyped account would be printed into every client's payment and send their money astray.
"""

import re

from django.core.exceptions import ImproperlyConfigured
from stdnum.exceptions import ValidationError as _StdnumError
from stdnum.ru import inn as _inn

from apps.payments import bank as _bank  # only its checks without Django: see its docstring
from project.env import env_str

PAYEE_NAME = env_str("PAYEE_NAME", "")
PAYEE_INN = env_str("PAYEE_INN", "")
PAYEE_KPP = env_str("PAYEE_KPP", "")
PAYEE_BANK_NAME = env_str("PAYEE_BANK_NAME", "")
PAYEE_BIC = env_str("PAYEE_BIC", "")
PAYEE_ACCOUNT = env_str("PAYEE_ACCOUNT", "")
PAYEE_CORR_ACCOUNT = env_str("PAYEE_CORR_ACCOUNT", "")

# Four digits of the tax office, two of the reason (digits or capital Latin letters), three digits.
_KPP = re.compile(r"\d{4}[0-9A-Z]{2}\d{3}", re.ASCII)
_KPP_SHAPE = "must be 9 characters: 4 digits, 2 digits or capital Latin letters, 3 digits"
# What the payment QR code (ГОСТ Р 56042-2014) holds at most: a longer one would be cut there.
_QR_LIMITS = {"PAYEE_NAME": 160, "PAYEE_BANK_NAME": 45}


def _inn_problem(value: str) -> str | None:
    try:
        _inn.validate(value)
    except _StdnumError:
        return "must be an INN of 10 or 12 digits with a valid checksum"
    return None


def _payee_problem(values: dict[str, str]) -> str | None:
    """The first wrong variable and what is wrong with it, or None."""
    for name, value in values.items():
        if not value:
            return f"{name} must be set when any PAYEE_* variable is (all seven or none)"
        if name in _QR_LIMITS and len(value) > _QR_LIMITS[name]:
            return f"{name} must be at most {_QR_LIMITS[name]} characters (the payment QR code's limit)"
    bic = values["PAYEE_BIC"]
    problems = {
        "PAYEE_INN": _inn_problem(values["PAYEE_INN"]),
        "PAYEE_KPP": None if _KPP.fullmatch(values["PAYEE_KPP"]) else _KPP_SHAPE,
        "PAYEE_BIC": {"digits": "must be 9 digits", "country": "must start with 04"}.get(_bank.bic_problem(bic)),
        "PAYEE_ACCOUNT": {
            "digits": "must be 20 digits",
            "corr": "is a correspondent account (30101…), not a settlement account",
            "key": f"does not match PAYEE_BIC {bic}: its control key is wrong (a typo in one of them)",
        }.get(_bank.account_problem(values["PAYEE_ACCOUNT"], bic)),
        "PAYEE_CORR_ACCOUNT": {
            "digits": "must be 20 digits",
            "prefix": "must start with 30101",
            "key": f"does not match PAYEE_BIC {bic}: its control key is wrong (a typo in one of them)",
        }.get(_bank.corr_account_problem(values["PAYEE_CORR_ACCOUNT"], bic)),
    }
    return next((f"{name} {problem}" for name, problem in problems.items() if problem), None)


_payee = {
    "PAYEE_NAME": PAYEE_NAME,
    "PAYEE_INN": PAYEE_INN,
    "PAYEE_KPP": PAYEE_KPP,
    "PAYEE_BANK_NAME": PAYEE_BANK_NAME,
    "PAYEE_BIC": PAYEE_BIC,
    "PAYEE_ACCOUNT": PAYEE_ACCOUNT,
    "PAYEE_CORR_ACCOUNT": PAYEE_CORR_ACCOUNT,
}
if any(_payee.values()) and (_problem := _payee_problem(_payee)):
    raise ImproperlyConfigured(_problem)

"""Russian bank details as people type them: a BIC, a settlement account, a correspondent account.

An account number carries a control key (its ninth digit) computed with the bank's BIC, so a
mistyped digit in either is caught here rather than by a payment that goes astray or comes back
days later. The rule is the Bank of Russia's: weights 7, 1, 3 repeating over 23 digits — three
taken from the BIC, then the 20 of the account — and the last digits of the products add up to a
multiple of 10. An account held at a bank takes the BIC's last three digits; a bank's
correspondent account, held at the Bank of Russia, takes "0" and the BIC's fifth and sixth.

The `*_problem` functions say what is wrong as a short code and touch nothing of Django, so the
settings can check the payee's details at start-up (project/config/payments.py); the `*_error`
functions say it to a person.
"""

from django.utils.translation import gettext as _

_WEIGHTS = (7, 1, 3)
CORR_PREFIX = "30101"  # a bank's correspondent account at the Bank of Russia, in roubles


def _is_digits(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()


def control_key_matches(three: str, account: str) -> bool:
    digits = three + account
    return sum(int(d) * _WEIGHTS[i % 3] % 10 for i, d in enumerate(digits)) % 10 == 0


def bic_problem(bic: str) -> str | None:
    """ "digits" (not 9 digits) or "country" (a Russian bank's BIC starts with 04)."""
    if not _is_digits(bic, 9):
        return "digits"
    if not bic.startswith("04"):
        return "country"
    return None


def account_problem(account: str, bic: str) -> str | None:
    """ "digits", "corr" (the bank's correspondent account typed instead) or "key"; the key is
    checked only against a well-formed BIC, whose own problem is said on its own."""
    if not _is_digits(account, 20):
        return "digits"
    if account.startswith(CORR_PREFIX):
        return "corr"
    if bic_problem(bic) is None and not control_key_matches(bic[-3:], account):
        return "key"
    return None


def corr_account_problem(corr: str, bic: str) -> str | None:
    """ "digits", "prefix" (a correspondent account starts with 30101) or "key"."""
    if not _is_digits(corr, 20):
        return "digits"
    if not corr.startswith(CORR_PREFIX):
        return "prefix"
    if bic_problem(bic) is None and not control_key_matches("0" + bic[4:6], corr):
        return "key"
    return None


def bic_error(bic: str) -> str | None:
    return {
        "digits": _("БИК — 9 цифр."),
        "country": _("БИК российского банка начинается с 04."),
    }.get(bic_problem(bic))


def account_error(account: str, bic: str) -> str | None:
    return {
        "digits": _("Расчётный счёт — 20 цифр."),
        "corr": _("Это корреспондентский счёт банка (30101…), а нужен расчётный счёт организации."),
        "key": _("Расчётный счёт не подходит к этому БИК: проверьте оба номера, в одном из них опечатка."),
    }.get(account_problem(account, bic))


def corr_account_error(corr: str, bic: str) -> str | None:
    return {
        "digits": _("Корреспондентский счёт — 20 цифр."),
        "prefix": _("Корреспондентский счёт банка начинается с 30101."),
        "key": _("Корреспондентский счёт не подходит к этому БИК: проверьте оба номера, в одном из них опечатка."),
    }.get(corr_account_problem(corr, bic))

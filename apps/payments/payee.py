"""Who clients pay: the manufacturer's bank details from the settings (project/config/payments.py)."""

from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Payee:
    name: str
    inn: str
    kpp: str
    bank_name: str
    bic: str
    account: str
    corr_account: str


def payee() -> Payee | None:
    """The payee, or None when the portal has none: then nothing offers to pay.

    Start-up refuses a half-filled set; a settings override that leaves one out (a test) gets
    None too, never a payment order with an empty field.
    """
    details = Payee(
        name=settings.PAYEE_NAME,
        inn=settings.PAYEE_INN,
        kpp=settings.PAYEE_KPP,
        bank_name=settings.PAYEE_BANK_NAME,
        bic=settings.PAYEE_BIC,
        account=settings.PAYEE_ACCOUNT,
        corr_account=settings.PAYEE_CORR_ACCOUNT,
    )
    return details if all(vars(details).values()) else None

"""The organisation's own account, entered once in the cabinet and changed there."""

from django.core.exceptions import ValidationError
from django.db import transaction

from apps.clients.models import Client
from apps.core.audit import audit_log
from apps.payments.bank import account_error, bic_error, corr_account_error
from apps.payments.models import PayerAccount

CHANGED = "payments.payer_account.changed"


def payer_account_save(
    *, client: Client, user, account: str, bic: str, bank_name: str = "", corr_account: str = ""
) -> PayerAccount:
    """Saves the account and journals who changed it from what: every payment order the
    organisation's people download afterwards is drawn on the new one.

    Checked again here (the form checked it for the person): no caller can put a number that
    fails its control key into the payment orders. Saving the same details again changes nothing.
    """
    errors = [e for e in (bic_error(bic), account_error(account, bic)) if e]
    if corr_account and (error := corr_account_error(corr_account, bic)):
        errors.append(error)
    if errors:
        raise ValidationError(errors)
    details = {"account": account, "bic": bic, "bank_name": bank_name, "corr_account": corr_account}
    actor = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        before = PayerAccount.objects.select_for_update().filter(client=client).first()
        if before is not None and all(getattr(before, k) == v for k, v in details.items()):
            return before
        saved, _ = PayerAccount.objects.update_or_create(client=client, defaults={**details, "updated_by": actor})
        previous = {k: getattr(before, k) for k in ("account", "bic")} if before else {}
        audit_log(obj=saved, action=CHANGED, actor=actor, **details, previous=previous)
    return saved

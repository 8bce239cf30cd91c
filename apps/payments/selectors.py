from apps.clients.models import Client
from apps.payments.models import PayerAccount


def payer_account_for_client(*, client: Client) -> PayerAccount | None:
    """The account the organisation pays from, or None until someone of it has entered one."""
    return PayerAccount.objects.filter(client=client).first()

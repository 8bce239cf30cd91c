from apps.mail import batch, services


def send_outgoing_email(email_id: int) -> bool:
    return services.outgoing_email_send(email_id=email_id)


def send_outgoing_emails(email_ids: list[int]) -> int:
    return batch.outgoing_emails_send(email_ids=email_ids)


def dispatch_outgoing_emails() -> int:
    return services.outgoing_email_dispatch()

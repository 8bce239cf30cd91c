from apps.mail import services


def send_outgoing_email(email_id: int) -> bool:
    return services.outgoing_email_send(email_id=email_id)


def dispatch_outgoing_emails() -> int:
    return services.outgoing_email_dispatch()

from apps.clients import access


def send_access_letter(client_id: int, sent_by_id: int | None = None) -> None:
    access.client_access_send(client_id=client_id, sent_by_id=sent_by_id)

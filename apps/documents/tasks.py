from apps.documents import services


def process_document_request(request_id: int) -> None:
    services.document_request_process(request_id=request_id)


def sweep_document_requests() -> dict[str, int]:
    return services.document_requests_sweep()


def expire_archives() -> int:
    return services.archives_expire()

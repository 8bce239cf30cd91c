from apps.notices.poll import notices_poll


def poll_new_documents() -> int:
    """The schedule's entry point: one poll of 1C for every client; returns the digests written."""
    return notices_poll()

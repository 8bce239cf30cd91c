import socket

from apps.onec.client import DocumentFile, OneCClient


def free_port() -> int:
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class FilesOneC(OneCClient):
    """A 1C that answers each document's file from `files` (its id → the file), and nothing else:
    for tests of what the portal does with the bytes 1C sends."""

    def __init__(self, files: dict[str, DocumentFile]):
        self.files = files

    def ping(self):
        return "stub"

    def get_client(self, inn):
        raise NotImplementedError

    def list_documents(self, inn, kind, date_from, date_to):
        raise NotImplementedError

    def get_document_file(self, inn, document_id):
        return self.files[document_id]

    def get_reconciliation_act(self, inn, date_from, date_to):
        raise NotImplementedError

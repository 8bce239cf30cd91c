"""aiosmtpd handler that writes each accepted message to a file (demo catcher and tests)."""

import time
import uuid
from pathlib import Path


class MaildirHandler:
    def __init__(self, directory: Path):
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server, session, envelope):
        name = f"{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:8]}.eml"
        rcpt = ", ".join(envelope.rcpt_tos)
        data = envelope.original_content or envelope.content
        if isinstance(data, str):
            data = data.encode()
        path = self.directory / name
        tmp = path.with_suffix(".tmp")
        # Written aside, then renamed: a reader never sees half a message.
        tmp.write_bytes(f"X-Envelope-To: {rcpt}\r\n".encode() + data)
        tmp.rename(path)
        return "250 Message accepted for delivery"

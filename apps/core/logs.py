"""Log lines with the request id (apps/core/request_id.py): plain for people, JSON for machines.

LOG_FORMAT=json writes one JSON object a line — time, level, logger, message, request_id, and
the traceback as `exception` — so a log shipper needs no pattern to read them. Loaded by
`logging.config` before the apps are, so nothing here may touch a model.
"""

import json
import logging
from datetime import UTC, datetime

from apps.core.request_id import request_id_get


class PlainFormatter(logging.Formatter):
    """`%(request_id)s` in the format string: the id, or "-" outside a page or a task."""

    def format(self, record: logging.LogRecord) -> str:
        record.request_id = request_id_get() or "-"
        return super().format(record)


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": request_id_get(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # Russian as it is (the files are UTF-8); a newline inside a message stays escaped.
        return json.dumps(entry, ensure_ascii=False, default=str)

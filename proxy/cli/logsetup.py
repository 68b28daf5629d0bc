"""Log set-up for every command: timestamped text lines on stderr (journald adds
its own stamp, a person at a terminal needs one), optionally JSON objects, and
optionally a rotated log file. Log calls never carry prompt text or values
(STYLE 7); the JSON form adds nothing but time, level, logger and message."""

from __future__ import annotations

import datetime as dt
import json
import logging
import logging.handlers
from pathlib import Path

__all__ = ["setup_logging", "JsonFormatter", "TEXT_FORMAT"]

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_ROTATE_BYTES = 10 * 1024 * 1024
_ROTATE_KEEP = 5


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (ISO 8601 with offset), level, logger, message (and exception type)."""

    def format(self, record: logging.LogRecord) -> str:
        doc: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created).astimezone().isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and record.exc_info[0] is not None:
            # The type only: an exception's text may quote the data that caused it.
            doc["exception"] = record.exc_info[0].__name__
        return json.dumps(doc, ensure_ascii=False)


def setup_logging(*, level: int = logging.WARNING, fmt: str = "text", file: Path | None = None) -> None:
    """Replace the root logger's handlers (idempotent: a second call reconfigures)."""
    formatter: logging.Formatter = JsonFormatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT)
    handlers: list[logging.Handler] = [logging.StreamHandler()]
    if file is not None:
        file.parent.mkdir(parents=True, exist_ok=True)
        handlers.append(logging.handlers.RotatingFileHandler(file, maxBytes=_ROTATE_BYTES,
                                                             backupCount=_ROTATE_KEEP, encoding="utf-8"))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
        old.close()
    for h in handlers:
        h.setFormatter(formatter)
        root.addHandler(h)
    root.setLevel(level)

"""Logger levels for the libraries detection uses, set without importing them
(importing Presidio's analyzer loads spaCy: seconds of cold start for nothing)."""

from __future__ import annotations

import logging

__all__ = ["quiet_presidio_logging"]


def quiet_presidio_logging() -> None:
    """Presidio logs every decision at DEBUG/INFO; once mitmproxy sets the root
    logger to DEBUG that costs more than the detection itself."""
    for name in ("presidio-analyzer", "presidio-anonymizer", "presidio_analyzer", "presidio_anonymizer"):
        logging.getLogger(name).setLevel(logging.WARNING)

"""The error tree for the whole product, drawn once here.

    GuardError                      base of everything we raise on purpose
    ├── ConfigError(ValueError)     bad configuration: names the file, YAML path, expectation
    ├── ResourceError(OSError)      a data file (word list, roster store) cannot be read
    ├── RosterError(ValueError)     a roster CSV row cannot be imported
    ├── InputError(ValueError)      bad scan input (JSON line, missing field, encoding)
    └── ScanError(RuntimeError)     a detector failed; the caller fails closed
"""

from __future__ import annotations

__all__ = ["GuardError", "ConfigError", "ResourceError", "RosterError", "InputError", "ScanError"]


class GuardError(Exception):
    """Base class; `status` is the HTTP status a proxy answer should carry."""

    status: int = 500

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class ConfigError(GuardError, ValueError):
    status = 500


class ResourceError(GuardError, OSError):
    status = 500


class RosterError(GuardError, ValueError):
    status = 400


class InputError(GuardError, ValueError):
    status = 400


class ScanError(GuardError, RuntimeError):
    """A detector failed: callers must treat the text as unscanned and fail closed."""

    status = 503

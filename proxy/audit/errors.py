"""Errors of the audit store, under the product's one error tree (detectors/errors.py):

    GuardError
    └── AuditError(RuntimeError)        the audit store cannot be used as asked
        ├── AuditStoreLocked            another live process writes this chain
        └── AuditIntegrityError         the store ends before its last signed record
"""

from __future__ import annotations

from detectors.errors import GuardError

__all__ = ["AuditError", "AuditStoreLocked", "AuditIntegrityError"]


class AuditError(GuardError, RuntimeError):
    status = 503


class AuditStoreLocked(AuditError):
    """A second process on the same store (SQLite) or node id (PostgreSQL) would
    write the same chain, and half of its requests would fail: refuse at start-up."""


class AuditIntegrityError(AuditError):
    """Found at start-up: appending would hide a truncation behind new records."""

"""Errors the use cases raise; the CLI turns each into one line on stderr and an exit code."""

from __future__ import annotations


class WorkbenchError(Exception):
    """Base of every error a user can cause and fix."""

    exit_code = 1


class NotFound(WorkbenchError):
    """A claim, source, document or link named by the user does not exist."""

    exit_code = 3


class InvalidInput(WorkbenchError):
    """A value the user gave is not acceptable (unknown verdict, grade out of range...)."""

    exit_code = 2


class AmbiguousReference(InvalidInput):
    """A name matches more than one record; the user must be more specific."""


class StaleClaim(WorkbenchError):
    """The claim changed in the database after the caller loaded it: the save was refused."""

    exit_code = 4

    def __init__(self, claim_id: int, expected_version: int, actual_version: int) -> None:
        super().__init__(
            f"claim {claim_id} was changed by someone else (version {actual_version}, you had "
            f"{expected_version}); nothing was saved — reload it and try again"
        )
        self.claim_id = claim_id
        self.expected_version = expected_version
        self.actual_version = actual_version


class ChangedMeanwhile(WorkbenchError):
    """The database found a row changed by another transaction after this one read it.

    Claims are read under a lock before they change, so this is a rare race through some
    other path; like a stale version, nothing is saved (exit code 4) and the user retries.
    """

    exit_code = StaleClaim.exit_code


CHANGED_MEANWHILE = (
    "a claim was changed by someone else while this change was being saved; "
    "nothing was saved — reload it and try again"
)


class BadImportFile(WorkbenchError):
    """Bad input in an import file: carries the file, line and field."""

    exit_code = 2

    def __init__(self, file: str, line: int | None, field: str, reason: str) -> None:
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {field}: {reason}")
        self.file = file
        self.line = line
        self.field = field
        self.reason = reason


class UnreadableDocument(InvalidInput):
    """A file given to intake is not an article it can read: empty, binary, too large, no text."""


class NoDatabase(NotFound):
    """There is no database where ``--db`` points, and the command only reads or changes one."""


class DatabaseRefused(WorkbenchError):
    """The database cannot be used: written by a newer workbench, not a workbench database,
    not a database at all, damaged, or out of reach."""

    exit_code = 6


class DatabaseBusy(WorkbenchError):
    """Another program held the database locked for longer than the busy timeout."""

    exit_code = 8


class StorageFull(WorkbenchError):
    """A write failed for lack of room: no space left on the device, or a file-size limit."""

    exit_code = 9


class MissingExtra(WorkbenchError):
    """A feature needs an optional dependency that is not installed (``pip install -e ".[postgres]"``)."""


class NotConfirmed(WorkbenchError):
    """A change that needs the user's confirmation did not get it (declined, or nobody to ask)."""

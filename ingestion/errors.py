"""Error types the CLI turns into clear one-line messages."""


class SbfError(Exception):
    """An expected failure with a message meant for the user (exit code 1)."""

    exit_code = 1


class UsageError(SbfError):
    """Bad input from the user (exit code 2): nothing has been written."""

    exit_code = 2


class CatalogueError(UsageError):
    """An invalid catalogue entry; the message names the entry and the field."""


class WarehouseLockedError(SbfError):
    """Another process holds the DuckDB write lock."""

    def __init__(self, message: str, holder: str = "another process") -> None:
        super().__init__(message)
        self.holder = holder


class MigrationError(SbfError):
    """A migration could not be applied, or an applied one has changed on disk."""

"""Named exceptions of the archive core."""

__all__ = ["ArchiveError", "StaleWrite"]


class ArchiveError(Exception):
    """Base class of the archive's own errors."""


class StaleWrite(ArchiveError):
    """Someone else changed the row since it was read; nothing was overwritten."""

    def __init__(self, table: str, row_id: object, expected_version: int) -> None:
        self.table, self.row_id, self.expected_version = table, row_id, expected_version
        super().__init__(
            f"{table} #{row_id} was changed by someone else after version {expected_version} "
            "was read; reload it and apply the change again"
        )

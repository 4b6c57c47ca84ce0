"""Counts in words people read: "1 record", "2 records" (never "1 record(s)")."""

from __future__ import annotations

__all__ = ["counted"]


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """``number`` and the noun in the form that number takes."""
    return f"{number} {singular if number == 1 else plural or singular + 's'}"

"""One citation found in a note: its CSL fields, where it stands, how sure the parse is."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

__all__ = ["Citation", "Form"]

Form = Literal["full", "short", "ibid"]
_WORK_FIELDS_KEPT = ("page",)


@dataclass(frozen=True, slots=True)
class Citation:
    """``item`` holds CSL-JSON fields (no ``id``); ``span`` is ``note[start:end]``.

    A short form or an ibid that was resolved carries the full citation's
    fields, its own pages as ``locator``, and ``refers_to`` = (note index,
    citation index) of the full citation in the same document.
    """

    item: dict[str, Any]
    span: tuple[int, int]
    confidence: float
    form: Form = "full"
    refers_to: tuple[int, int] | None = None

    def referring_to(self, note: int, index: int, full: Citation) -> Citation:
        item = {key: value for key, value in full.item.items() if key != "locator"}
        if "page" in self.item:
            item["locator"] = self.item["page"]
        form: Form = "ibid" if self.form == "ibid" else "short"
        root = full.refers_to or (note, index)
        return replace(self, item=item, form=form, refers_to=root)

    def csl(self, item_id: str, refers_to_id: str | None = None) -> dict[str, Any]:
        """The CSL-JSON item; what CSL has no variable for goes under ``custom``."""
        custom: dict[str, Any] = {"span": list(self.span), "confidence": self.confidence,
                                  "form": self.form}
        if refers_to_id:
            custom["refers_to"] = refers_to_id
        return {"id": item_id, **self.item, "custom": custom}

"""The metadata formats the provider disseminates: prefix, schema, namespace, builder.

Every record is available in every format (a deleted record as a header in
each), so ``noMetadataFormats`` never applies here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from lxml import etree

from archive.oai.context import RecordContext
from archive.oai.dc import OAI_DC_NS, OAI_DC_SCHEMA, oai_dc
from archive.oai.mods import MODS_NS, MODS_SCHEMA, mods

__all__ = ["FORMATS", "MetadataFormat"]


@dataclass(frozen=True, slots=True)
class MetadataFormat:
    prefix: str
    schema: str
    namespace: str
    build: Callable[[dict[str, Any], RecordContext], etree._Element]


FORMATS: dict[str, MetadataFormat] = {
    fmt.prefix: fmt
    for fmt in (
        MetadataFormat("oai_dc", OAI_DC_SCHEMA, OAI_DC_NS, oai_dc),
        MetadataFormat("mods", MODS_SCHEMA, MODS_NS, mods),
    )
}

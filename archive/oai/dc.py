"""A canonical public record as ``oai_dc`` (unqualified Dublin Core, OAI's required format).

The mapping (the README has it as a table):

* ``dc:title`` — ``title``, then ``": " + subtitle`` when there is one (one
  element: the title as it is cited);
* ``dc:creator`` — each author's ``name`` as printed in the byline, in byline
  order (without the honorific);
* ``dc:date`` — ``published`` (W3CDTF, ``YYYY-MM-DD``), when known;
* ``dc:publisher`` — ``publisher.name``;
* ``dc:source`` — ``container_title``: the journal, book or site the document
  appears in (the resource it is part of, as repositories write a journal's name);
* ``dc:type`` — ``Text`` (DCMI Type Vocabulary: every kind the archive holds is
  a text), then the kind's label from ``archive.kinds`` (``Opinion column``);
* ``dc:language`` — ``language`` (a BCP 47 tag as stored: ``en``);
* ``dc:description`` — the stance disclaimer, verbatim, after the prefix
  ``Stance disclaimer (verbatim, as printed with the document): ``;
* ``dc:identifier`` — the document's page in the catalog,
  ``https://doi.org/<doi>``, the original ``url`` (http/https only);
* ``dc:relation`` — every http/https URL the footnotes cite, once, in note order;
* ``dc:rights`` — the repository's rights statement (``ARCHIVE_OAI_RIGHTS``).

Why the disclaimer is a ``dc:description``: Dublin Core has no element for a
statement the document makes about itself; ``dc:rights`` is about rights in
the resource and ``dc:relation``/``dc:source`` name other resources, while
``dc:description`` is "an account of the resource" that may be free text.  The
prefix tells it apart from an abstract and says it is quoted, not the archive's
own words: the archive records the disclaimer, it does not endorse or
characterise the document's stance.  ``xml:lang`` is set on the title and
the disclaimer (the document's own words) from the record's language when it
is a valid tag.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from archive.kinds import kind_label
from archive.oai.context import RecordContext
from archive.oai.xmltext import http_links, language_tag, xml_text

__all__ = ["DC_NS", "DISCLAIMER_PREFIX", "OAI_DC_NS", "OAI_DC_SCHEMA", "dcmi_type", "oai_dc"]

OAI_DC_NS = "http://www.openarchives.org/OAI/2.0/oai_dc/"
OAI_DC_SCHEMA = "http://www.openarchives.org/OAI/2.0/oai_dc.xsd"
DC_NS = "http://purl.org/dc/elements/1.1/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DISCLAIMER_PREFIX = "Stance disclaimer (verbatim, as printed with the document): "


def dcmi_type(kind: str) -> str:
    """The DCMI Type of a kind: every kind in ``archive.kinds`` is a written text."""
    return "Text"


def full_title(record: dict[str, Any]) -> str:
    subtitle = record.get("subtitle")
    return f"{record['title']}: {subtitle}" if subtitle else record["title"]


def oai_dc(record: dict[str, Any], context: RecordContext) -> etree._Element:
    root = etree.Element(
        f"{{{OAI_DC_NS}}}dc", nsmap={"oai_dc": OAI_DC_NS, "dc": DC_NS, "xsi": XSI_NS}
    )
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{OAI_DC_NS} {OAI_DC_SCHEMA}")
    lang = language_tag(record.get("language"))

    def add(name: str, value: str | None, localised: bool = False) -> None:
        if value:
            element = etree.SubElement(root, f"{{{DC_NS}}}{name}")
            element.text = xml_text(value)
            if localised and lang:
                element.set(XML_LANG, lang)

    add("title", full_title(record), localised=True)
    for author in record.get("authors", []):
        add("creator", author["name"])
    add("date", record.get("published"))
    add("publisher", (record.get("publisher") or {}).get("name"))
    add("source", record.get("container_title"))
    add("type", dcmi_type(record["kind"]))
    add("type", kind_label(record["kind"]))
    add("language", record.get("language"))
    disclaimer = record.get("disclaimer")
    if disclaimer and disclaimer.get("text"):
        add("description", DISCLAIMER_PREFIX + disclaimer["text"], localised=True)
    doi = record.get("doi")
    for identifier in http_links(
        [context.page_url, f"https://doi.org/{doi}" if doi else None, record.get("url")]
    ):
        add("identifier", identifier)
    cited = (url for note in record.get("footnotes", []) for url in note.get("urls", []))
    for url in http_links(cited):
        add("relation", url)
    add("rights", context.rights)
    return root

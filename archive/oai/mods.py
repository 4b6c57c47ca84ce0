"""A canonical public record as MODS 3.6 (Library of Congress), the richer format.

Why MODS and not DataCite: DataCite's kernel requires a DOI as the record's
identifier, and most documents of this archive (opinion columns, reports, web
pages) have none; MODS requires nothing it cannot say truthfully.  It is the
library format of the Library of Congress, read by library systems and
discovery services (VuFind, Islandora, Primo/Alma imports, Europeana's
crosswalks), and it keeps what Dublin Core flattens: the byline with honorifics
and affiliations, roles, the kind as a genre, the date as an encoded key date,
the disclaimer as a typed note, and each footnote as a cited reference.

The mapping (the README has it as a table):

* ``titleInfo/title``, ``titleInfo/subTitle`` — ``title``, ``subtitle``;
* ``name[@type=personal]`` — each author in byline order (the first with
  ``@usage=primary``): ``namePart`` the name as printed,
  ``namePart[@type=termsOfAddress]`` the honorific, one ``affiliation`` per
  affiliation ("title, organisation, place"), ``role/roleTerm`` the role
  (``author`` as MARC relator text and code ``aut``);
* ``typeOfResource`` — ``text``; ``genre`` — the kind's label (``archive.kinds``);
* ``originInfo[@eventType=publication]`` — ``publisher``, and
  ``dateIssued[@encoding=w3cdtf][@keyDate=yes]`` from ``published`` (else
  ``published_raw`` as printed, without an encoding);
* ``relatedItem[@type=host]/titleInfo/title`` — ``container_title``: the journal,
  book or site the document appears in;
* ``language/languageTerm[@type=code][@authority=rfc5646]`` — ``language``;
* ``note[@type=disclaimer]`` — the stance disclaimer, verbatim (its
  ``@displayLabel`` says so);
* ``identifier[@type=uri]`` — the catalog page; ``identifier[@type=doi]`` — ``doi``;
* ``location/url`` — the catalog page (``@usage="primary display"``,
  ``@access="object in context"``), the original ``url`` (``@note="original location"``);
* ``relatedItem[@type=references]`` — one per footnote: ``@displayLabel``
  "Footnote N", ``note`` its text verbatim, ``location/url`` its http/https URLs;
* ``accessCondition[@type="use and reproduction"]`` — the rights statement;
* ``recordInfo`` — ``recordContentSource`` the repository's name,
  ``recordChangeDate`` the OAI datestamp, ``recordIdentifier[@source=oai]`` the
  OAI identifier.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from archive.kinds import kind_label
from archive.oai.context import RecordContext
from archive.oai.datestamps import format_datestamp
from archive.oai.xmltext import http_links, language_tag, xml_text

__all__ = ["MODS_NS", "MODS_SCHEMA", "MODS_VERSION", "mods"]

MODS_NS = "http://www.loc.gov/mods/v3"
MODS_VERSION = "3.6"
MODS_SCHEMA = "http://www.loc.gov/standards/mods/v3/mods-3-6.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DISCLAIMER_LABEL = "Stance disclaimer (verbatim, as printed with the document)"
_sub = etree.SubElement
_TAGS = {name: f"{{{MODS_NS}}}{name}" for name in (
    "titleInfo", "title", "subTitle", "name", "namePart", "affiliation", "role", "roleTerm",
    "typeOfResource", "genre", "originInfo", "publisher", "dateIssued", "language",
    "languageTerm", "note", "identifier", "location", "url", "relatedItem", "accessCondition",
    "recordInfo", "recordContentSource", "recordChangeDate", "recordIdentifier",
)}
# MARC relator codes of the roles the catalog records.
RELATOR_CODES = {"author": "aut", "editor": "edt", "translator": "trl", "contributor": "ctb"}


def _add(parent: etree._Element, name: str, text: str | None = None, **attributes: str):  # noqa: ANN202
    # Attributes straight to SubElement: a page of 50 records builds ~2,500 elements.
    element = _sub(parent, _TAGS.get(name) or f"{{{MODS_NS}}}{name}", **attributes)
    if text is not None:
        element.text = xml_text(text)
    return element


def _affiliation(affiliation: dict[str, Any]) -> str:
    organization = (affiliation.get("organization") or {}).get("name")
    parts = (affiliation.get("title"), organization, affiliation.get("place"))
    return ", ".join(part for part in parts if part)


def _name(root: etree._Element, author: dict[str, Any], primary: bool) -> None:
    name = _add(root, "name", type="personal", **({"usage": "primary"} if primary else {}))
    _add(name, "namePart", author["name"])
    if author.get("honorific"):
        _add(name, "namePart", author["honorific"], type="termsOfAddress")
    for affiliation in author.get("affiliations", []):
        if text := _affiliation(affiliation):
            _add(name, "affiliation", text)
    role = _add(name, "role")
    term = author.get("role") or "author"
    _add(role, "roleTerm", term, type="text", **(
        {"authority": "marcrelator"} if term in RELATOR_CODES else {}
    ))
    if term in RELATOR_CODES:
        _add(role, "roleTerm", RELATOR_CODES[term], type="code", authority="marcrelator")


def _origin(root: etree._Element, record: dict[str, Any]) -> None:
    publisher = (record.get("publisher") or {}).get("name")
    if not publisher and not record.get("published") and not record.get("published_raw"):
        return
    origin = _add(root, "originInfo", eventType="publication")
    if publisher:
        _add(origin, "publisher", publisher)
    if record.get("published"):
        _add(origin, "dateIssued", record["published"], encoding="w3cdtf", keyDate="yes")
    elif record.get("published_raw"):
        _add(origin, "dateIssued", record["published_raw"])


def _references(root: etree._Element, record: dict[str, Any]) -> None:
    for note in record.get("footnotes", []):
        item = _add(root, "relatedItem", type="references",
                    displayLabel=f"Footnote {note['number']}")
        _add(item, "note", note["text"])
        links = http_links(note.get("urls", []))
        if links:
            location = _add(item, "location")
            for url in links:
                _add(location, "url", url)


def mods(record: dict[str, Any], context: RecordContext) -> etree._Element:
    root = etree.Element(f"{{{MODS_NS}}}mods", nsmap={None: MODS_NS, "xsi": XSI_NS})
    root.set("version", MODS_VERSION)
    root.set(f"{{{XSI_NS}}}schemaLocation", f"{MODS_NS} {MODS_SCHEMA}")
    lang = language_tag(record.get("language"))
    title = _add(root, "titleInfo")
    if lang:
        title.set(XML_LANG, lang)
    _add(title, "title", record["title"])
    if record.get("subtitle"):
        _add(title, "subTitle", record["subtitle"])
    for position, author in enumerate(record.get("authors", [])):
        _name(root, author, primary=position == 0)
    _add(root, "typeOfResource", "text")
    _add(root, "genre", kind_label(record["kind"]))
    _origin(root, record)
    if record.get("container_title"):
        host = _add(root, "relatedItem", type="host")
        _add(_add(host, "titleInfo"), "title", record["container_title"])
    if record.get("language"):
        language = _add(root, "language")
        if language_tag(record["language"]) or record["language"] == "und":
            _add(language, "languageTerm", record["language"], type="code", authority="rfc5646")
        else:  # not a language tag: kept as text, not passed off as a code
            _add(language, "languageTerm", record["language"], type="text")
    disclaimer = record.get("disclaimer")
    if disclaimer and disclaimer.get("text"):
        note = _add(root, "note", disclaimer["text"], type="disclaimer",
                    displayLabel=DISCLAIMER_LABEL)
        if lang:
            note.set(XML_LANG, lang)
    page = http_links([context.page_url])
    for url in page:
        _add(root, "identifier", url, type="uri")
    if record.get("doi"):
        _add(root, "identifier", record["doi"], type="doi")
    original = [url for url in http_links([record.get("url")]) if url not in page]
    if page or original:
        location = _add(root, "location")
        for url in page:
            _add(location, "url", url, usage="primary display", access="object in context")
        for url in original:
            _add(location, "url", url, note="original location")
    _references(root, record)
    if context.rights:
        _add(root, "accessCondition", context.rights, type="use and reproduction")
    info = _add(root, "recordInfo")
    _add(info, "recordContentSource", context.repository_name)
    _add(info, "recordChangeDate", format_datestamp(context.datestamp), encoding="w3cdtf")
    _add(info, "recordIdentifier", context.oai_identifier, source="oai")
    return root

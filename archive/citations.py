"""Citations of a document, from its canonical public record (``archive.records``).

Formats: BibTeX (classic BibTeX types and ASCII LaTeX, so ``bibtex`` and
``pdflatex`` accept it; biblatex reads it too), RIS (rispy), CSL-JSON (CSL 1.0.1,
what citeproc processors and Zotero read), schema.org JSON-LD, the Highwire
``citation_*`` meta tags that Google Scholar and Zotero read, and a formatted
reference in a CSL style (citeproc-py with the styles in ``citation_styles/``).
Every function takes the record (and the document's public URL) and returns
text or plain data; none of them touches a database.
The ``*_items`` functions write a document's bibliography: the CSL-JSON items of
the works its notes cite (``archive.citegraph.bibliography``), each with an ``id``.

Each kind's type in each format comes from one table, ``archive.kinds.CITATION_TYPES``.
A field the catalog does not know is left out, never filled with a placeholder
(an unknown language, ``und``, is not written).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import bibtexparser
import rispy
from anyascii import anyascii
from bibtexparser.model import Entry, Field, Preamble
from nameparser import HumanName

from archive import citation_html
from archive.kinds import CitationTypes, citation_types, kind_from_citation_type, kind_label
from archive.latex import BIBTEX_PREAMBLE, text_to_latex

__all__ = [
    "ris_items",
    "item_key",
    "csl_json_items",
    "bibtex_items",
    "CITATION_STYLES",
    "DEFAULT_STYLE",
    "Kind",
    "bibtex",
    "cite_this",
    "cite_this_html",
    "citation_key",
    "csl_json",
    "json_ld",
    "kind_of",
    "meta_tags",
    "ris",
    "split_name",
]


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind as the citation formats name it.  ``label`` is neutral, never a judgement."""

    code: str
    label: str
    types: CitationTypes

    @property
    def schema_org(self) -> str:
        return self.types.schema_org


def kind_of(record: dict[str, Any]) -> Kind:
    code = record.get("kind") or "record"
    return Kind(code, kind_label(code), citation_types(code))


# -- names ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Name:
    family: str
    given: str = ""
    suffix: str = ""
    literal: bool = False  # an organisation or a name that is not family + given


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a name as printed."""
    parsed = _name(name)
    return parsed.family, parsed.given


def _name(name: str) -> _Name:
    """A name as printed, split into its parts; a name with " and " is one organisation."""
    name = name.strip()
    if re.search(r"\sand\s|&", name) or " " not in name:
        return _Name(name, literal=" " in name)
    human = HumanName(name)
    family = " ".join(part for part in (human.last,) if part)
    given = " ".join(part for part in (human.title, human.first, human.middle) if part)
    if not family or not given:
        given, _, family = name.rpartition(" ")
    return _Name(family, given, human.suffix)


def _people(record: dict[str, Any], role: str) -> list[_Name]:
    return [_name(a["name"]) for a in record.get("authors", []) if a.get("role", "author") == role]


# -- shared values ------------------------------------------------------------------------


def _date_parts(record: dict[str, Any]) -> list[int]:
    """[year, month, day] as far as known: the exact date, else the date as printed."""
    for value in (record.get("published"), record.get("published_raw")):
        if isinstance(value, str) and re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", value):
            return [int(part) for part in value.split("-")]
    return []


def _bc_date(record: dict[str, Any]) -> str | None:
    """A date before 1 AD, kept as ISO 8601 astronomical text ("-0099-07-12" is 100 BC).

    No Python date holds it, so ``_date_parts`` has none; the exports write it as
    each format can: biblatex and RIS as the ISO text, CSL-JSON as a negative year.
    """
    raw = None if record.get("published") else record.get("published_raw")
    if isinstance(raw, str) and re.fullmatch(r"(-\d{4,6}|0000)(-\d{2}(-\d{2})?)?", raw):
        return raw
    return None


def _csl_bc_parts(raw: str) -> list[int]:
    """CSL counts BC years as negative numbers without a year 0: -0099 (100 BC) is -100."""
    year, *rest = raw.removeprefix("-").split("-")
    astronomical = -int(year) if raw.startswith("-") else int(year)
    return [astronomical - 1, *(int(part) for part in rest)]


def _publisher(record: dict[str, Any]) -> str | None:
    publisher = record.get("publisher")
    return publisher["name"] if publisher else None


def _container(record: dict[str, Any]) -> str | None:
    """The journal, book or site the document appears in (``document.container_title``)."""
    return record.get("container_title") or None


def _language(record: dict[str, Any]) -> str | None:
    language = record.get("language")
    return language if language and language not in ("und", "zxx", "mul") else None


def _full_title(record: dict[str, Any]) -> str:
    subtitle = record.get("subtitle")
    return f"{record['title']}: {subtitle}" if subtitle else record["title"]


def citation_key(record: dict[str, Any]) -> str:
    """First author's family name (ASCII by transliteration) + year + document id."""
    names = _people(record, "author") or _people(record, "editor")
    family = names[0].family if names else "archive"
    ascii_family = re.sub(r"[^A-Za-z]", "", anyascii(family)).lower() or "archive"
    year = str(_date_parts(record)[0]) if _date_parts(record) else "nd"
    return f"{ascii_family}{year}-{record['id']}"


# -- BibTeX ---------------------------------------------------------------------------------

# The fields each classic BibTeX type requires (btxdoc); "author|editor": either.
# An entry missing one is written as @misc, which requires none: BibTeX then warns
# of nothing and pybtex's styles do not stop.
_REQUIRED = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author|editor", "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "techreport": ("author", "title", "institution", "year"),
    "phdthesis": ("author", "title", "school", "year"),
    "misc": (),
}
# Where each type keeps the organisation that published the document ...
_PUBLISHER_FIELD = {"techreport": "institution", "phdthesis": "school", "misc": "howpublished"}
# ... and the journal, book, proceedings or site it appears in.  Every other type
# writes ``journal``, as Zotero's BibTeX export does for a web page's site: classic
# styles ignore the field where the type has none, and an import reads it back.
_CONTAINER_FIELD = {"article": "journal", "incollection": "booktitle",
                    "inproceedings": "booktitle"}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _bib_names(names: list[_Name]) -> str:
    def one(name: _Name) -> str:
        if name.literal:
            return "{" + text_to_latex(name.family) + "}"
        parts = [text_to_latex(name.family)]
        if name.suffix:
            parts.append(text_to_latex(name.suffix))
        if name.given:
            parts.append(text_to_latex(name.given))
        return ", ".join(parts)

    return " and ".join(one(name) for name in names)


def _bib_title(title: str) -> str:
    """The title in LaTeX, each word with a capital in braces so no style lowercases it."""
    return " ".join(
        "{" + text_to_latex(word) + "}" if any(c.isupper() for c in word) else text_to_latex(word)
        for word in title.split()
    )


def _bibtex_fields(record: dict[str, Any], url: str) -> dict[str, str | None]:
    date = _date_parts(record)
    return {
        "author": _bib_names(_people(record, "author")) or None,
        "editor": _bib_names(_people(record, "editor")) or None,
        "translator": _bib_names(_people(record, "translator")) or None,
        "title": _bib_title(record["title"]),
        "subtitle": _bib_title(record["subtitle"]) if record.get("subtitle") else None,
        "year": str(date[0]) if date else None,
        "month": _MONTHS[date[1] - 1] if len(date) > 1 else None,
        "date": "-".join(f"{part:02d}" for part in date) if date else _bc_date(record),
        "publisher": text_to_latex(_publisher(record) or "") or None,
        "container": text_to_latex(_container(record) or "") or None,
        "language": _language(record),
        "doi": record.get("doi"),
        "url": url,
    }


def _bibtex_type(kind: Kind, fields: dict[str, str | None]) -> str:
    wanted = kind.types.bibtex
    present = {name for name, value in fields.items() if value}
    if fields.get("publisher"):
        present.add(_PUBLISHER_FIELD.get(wanted, "publisher"))
    if fields.get("container"):
        present.add(_CONTAINER_FIELD.get(wanted, "journal"))
    if all(any(alt in present for alt in need.split("|")) for need in _REQUIRED[wanted]):
        return wanted
    return "misc"


def bibtex(record: dict[str, Any], url: str) -> str:
    """One BibTeX entry (with the ``@preamble`` its LaTeX needs)."""
    kind = kind_of(record)
    fields = _bibtex_fields(record, url)
    entry_type = _bibtex_type(kind, fields)
    publisher = fields.pop("publisher")
    fields[_PUBLISHER_FIELD.get(entry_type, "publisher")] = publisher
    fields[_CONTAINER_FIELD.get(entry_type, "journal")] = fields.pop("container")
    # The kind, so that an import reads it back; classic styles print it only where
    # it names the document's type (a report's or thesis's), as it should.
    fields["type"] = text_to_latex(kind.label)
    written = {name: value for name, value in fields.items() if value}
    values = {name: value if name == "month" else "{" + value + "}"
              for name, value in written.items()}
    blocks: list[Any] = []
    if "\\archivechar" in "".join(written.values()):
        blocks.append(Preamble('"' + BIBTEX_PREAMBLE + '"'))
    blocks.append(Entry(entry_type, citation_key(record),
                        [Field(name, value) for name, value in values.items()]))
    return bibtexparser.write_string(bibtexparser.Library(blocks), unparse_stack=[])


# -- RIS ------------------------------------------------------------------------------------


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its "1." counter line, which is not part of RIS."""

    def set_header(self, count: int) -> None:
        return None


def _ris_name(name: _Name) -> str:
    if name.literal or not name.given:
        return name.family
    return ", ".join(part for part in (name.family, name.given, name.suffix) if part)


def ris(record: dict[str, Any], url: str) -> str:
    kind = kind_of(record)
    date = _date_parts(record)
    entry: dict[str, Any] = {
        "type_of_reference": kind.types.ris,
        "primary_title": _full_title(record),
        "authors": [_ris_name(n) for n in _people(record, "author")],
        "secondary_authors": [_ris_name(n) for n in _people(record, "editor")],
        # A4, where Zotero writes translators (TA is an author's name translated).
        "subsidiary_authors": [_ris_name(n) for n in _people(record, "translator")],
        "type_of_work": kind.label,
        "urls": [url],
        "doi": record.get("doi"),
        "language": _language(record),
        "publisher": _publisher(record),
        # JO names a periodical (journal, magazine, newspaper); T2 a book, proceedings
        # or site (what Zotero and EndNote read back as the container).
        "journal_name" if kind.types.bibtex == "article" else "secondary_title":
            _container(record),
    }
    if date:
        entry["publication_year"] = str(date[0])
        entry["date"] = "/".join(f"{part:02d}" for part in date) + "/" * (3 - len(date))
    elif _bc_date(record):  # no RIS form for BC: the ISO text, which the importer reads back
        entry["date"] = _bc_date(record)
    return rispy.dumps([{k: v for k, v in entry.items() if v}], implementation=_RisWriter)


# -- CSL-JSON and formatted references -------------------------------------------------------


def _csl_name(name: _Name) -> dict[str, str]:
    if name.literal or not name.given:
        return {"literal": name.family}
    parts = {"family": name.family, "given": name.given, "suffix": name.suffix}
    return {key: value for key, value in parts.items() if value}


def csl_json(record: dict[str, Any], url: str) -> list[dict[str, Any]]:
    """A CSL-JSON *list* (what reference managers import), of one item."""
    kind = kind_of(record)
    item: dict[str, Any] = {
        "id": citation_key(record),
        "type": kind.types.csl,
        "title": _full_title(record),
        "author": [_csl_name(n) for n in _people(record, "author")],
        "editor": [_csl_name(n) for n in _people(record, "editor")],
        "translator": [_csl_name(n) for n in _people(record, "translator")],
        "genre": kind.label,
        "container-title": _container(record),
        "publisher": _publisher(record),
        "URL": url,
        "DOI": record.get("doi"),
        "language": _language(record),
    }
    if _date_parts(record):
        item["issued"] = {"date-parts": [_date_parts(record)]}
    elif bc := _bc_date(record):
        item["issued"] = {"date-parts": [_csl_bc_parts(bc)]}
    return [{k: v for k, v in item.items() if v}]


# Styles by the name the "Cite this" switch uses: (file, label).
CITATION_STYLES: dict[str, tuple[str, str]] = {
    "chicago": ("chicago-author-date.csl", "Chicago"),
    "apa": ("apa.csl", "APA"),
    "mla": ("modern-language-association.csl", "MLA"),
}
DEFAULT_STYLE = "chicago"
_STYLE_DIR = Path(__file__).with_name("citation_styles")


@cache
def _style(name: str) -> Any:
    from citeproc import CitationStylesStyle

    return CitationStylesStyle(str(_STYLE_DIR / CITATION_STYLES[name][0]), validate=False)


def _formatted(record: dict[str, Any], url: str | None, style: str, formatter: Any) -> str:
    from citeproc import Citation, CitationItem, CitationStylesBibliography
    from citeproc.source.json import CiteProcJSON

    item = csl_json(record, url or "")[0]
    if not url:
        item.pop("URL", None)
    item.pop("genre", None)  # the kind is the catalog's word, not part of the reference
    if formatter is citation_html:
        item = citation_html.escaped_item(item)
    bibliography = CitationStylesBibliography(
        _style(style if style in CITATION_STYLES else DEFAULT_STYLE),
        CiteProcJSON([item]), formatter)
    bibliography.register(Citation([CitationItem(item["id"])]))
    return _DOUBLED_PUNCTUATION.sub(r"\1\2", str(bibliography.bibliography()[0]))


# CSL says a processor drops a period or comma that follows a title's own "?" or "!"
# (also across a closing quote or tag); citeproc-py does not, so it is done here.
_DOUBLED_PUNCTUATION = re.compile(r"([?!])((?:</i>|”|’)?)[.,]")


def cite_this(record: dict[str, Any], url: str | None = None, style: str = DEFAULT_STYLE) -> str:
    """The reference as plain text in ``style`` (a key of ``CITATION_STYLES``)."""
    from citeproc import formatter

    return _formatted(record, url, style, formatter.plain)


def cite_this_html(record: dict[str, Any], url: str | None = None,
                   style: str = DEFAULT_STYLE) -> str:
    """The reference as HTML (text escaped, italics as ``<i>``, no inline style)."""
    # The style's own words ("&" in APA) are not escaped by citeproc-py.
    return _BARE_AMPERSAND.sub("&amp;", _formatted(record, url, style, citation_html))


_BARE_AMPERSAND = re.compile(r"&(?!(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);)")


# -- web metadata ---------------------------------------------------------------------------


def _schema_person(name: str) -> dict[str, Any]:
    parsed = _name(name)
    if parsed.literal:
        return {"@type": "Organization", "name": name}
    person = {"@type": "Person", "name": name, "familyName": parsed.family,
              "givenName": parsed.given or None}
    return {k: v for k, v in person.items() if v}


def json_ld(record: dict[str, Any], url: str) -> dict[str, Any]:
    """schema.org metadata; each footnote is a ``citation`` (its URL when it has one)."""
    citations = []
    for note in record.get("footnotes", []):
        cited: dict[str, Any] = {"@type": "CreativeWork", "name": note["text"]}
        web = [u for u in note.get("urls", []) if u.lower().startswith(("http://", "https://"))]
        if web:
            cited["url"] = web[0]
        citations.append(cited)
    roles = {"author": "author", "editor": "editor", "translator": "translator"}
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind_of(record).schema_org,
        "@id": url,
        "url": url,
        "headline": record["title"][:110],
        "name": record["title"],
        "alternativeHeadline": record.get("subtitle"),
        "inLanguage": _language(record),
        "datePublished": record.get("published") or "-".join(
            f"{part:02d}" for part in _date_parts(record)) or None,
        "citation": citations,
    }
    for role, prop in roles.items():
        data[prop] = [_schema_person(a["name"]) for a in record.get("authors", [])
                      if a.get("role", "author") == role]
    if _publisher(record):
        data["publisher"] = {"@type": "Organization", "name": _publisher(record)}
    if _container(record):
        periodical = kind_of(record).types.bibtex == "article"
        data["isPartOf"] = {"@type": "Periodical" if periodical else "CreativeWork",
                            "name": _container(record)}
    if record.get("doi"):
        data["sameAs"] = f"https://doi.org/{record['doi']}"
    return {k: v for k, v in data.items() if v}


def meta_tags(record: dict[str, Any], url: str) -> list[tuple[str, str]]:
    """(name, content) of the Highwire ``citation_*`` tags, in the order Scholar expects."""
    tags = [("citation_title", _full_title(record))]
    tags += [("citation_author", a["name"]) for a in record.get("authors", [])
             if a.get("role", "author") == "author"]
    if _date_parts(record):
        tags.append(("citation_publication_date",
                     "/".join(f"{part:02d}" for part in _date_parts(record))))
    if _publisher(record):
        tags.append(("citation_publisher", _publisher(record) or ""))
    if _container(record):
        types = kind_of(record).types
        tag = {"article": "citation_journal_title", "inproceedings": "citation_conference_title",
               "incollection": "citation_inbook_title"}.get(types.bibtex)
        if tag:
            tags.append((tag, _container(record) or ""))
    if record.get("doi"):
        tags.append(("citation_doi", record["doi"]))
    tags += [("citation_language", _language(record) or ""),
             ("citation_abstract_html_url", url)]
    return [(name, content) for name, content in tags if content]


# -- a document's bibliography: the works its notes cite (CSL-JSON items) ---------------

# A cited work's CSL type names its kind (``archive.kinds.SOURCE_TYPES``), and the
# kind its BibTeX and RIS types (``CITATION_TYPES``): the table documents use.
def _item_types(item: dict[str, Any]) -> CitationTypes:
    return citation_types(kind_from_citation_type("csl", item.get("type")))


# The BibTeX field a container goes in: ``_CONTAINER_FIELD``; the publisher's:
_ITEM_PUBLISHER_FIELD = {"techreport": "institution", "phdthesis": "school"}


def _item_names(item: dict[str, Any], role: str) -> list[tuple[str, str]]:
    """(family, given) of each name; an organisation's literal name as (name, "")."""
    names = []
    for name in item.get(role) or []:
        family = " ".join(str(part) for part in (name.get("non-dropping-particle"),
                                                 name.get("family")) if part)
        names.append((family or str(name.get("literal") or ""), str(name.get("given") or "")))
    return [(family, given) for family, given in names if family]


def _item_year(item: dict[str, Any]) -> str | None:
    parts = (item.get("issued") or {}).get("date-parts") or [[]]
    return str(parts[0][0]) if parts and parts[0] else None


def item_key(item: dict[str, Any]) -> str:
    """``family`` of the first author or editor + year + the item's ``id``: ASCII, unique."""
    names = _item_names(item, "author") or _item_names(item, "editor")
    family = re.sub(r"[^A-Za-z]", "", names[0][0]).lower() if names else ""
    return f"{family or 'work'}{_item_year(item) or 'nd'}-{item['id']}"


def _bibtex_names(names: list[tuple[str, str]]) -> str:
    # A name without a given part is an organisation: braces keep it whole.
    return " and ".join(f"{text_to_latex(family)}, {text_to_latex(given)}" if given
                        else "{" + text_to_latex(family) + "}" for family, given in names)


def _item_entry(item: dict[str, Any]) -> Entry:
    entry_type = _item_types(item).bibtex
    text = {key: text_to_latex(str(item[key])) for key in (
        "title", "container-title", "publisher", "publisher-place", "volume", "issue",
        "edition") if item.get(key)}
    fields = {
        "author": _bibtex_names(_item_names(item, "author")),
        "editor": _bibtex_names(_item_names(item, "editor")),
        "title": "{" + text["title"] + "}" if "title" in text else None,
        _CONTAINER_FIELD.get(entry_type, "howpublished"): text.get("container-title"),
        _ITEM_PUBLISHER_FIELD.get(entry_type, "publisher"): text.get("publisher"),
        "address": text.get("publisher-place"),
        "edition": text.get("edition"),
        "year": _item_year(item),
        "volume": text.get("volume"),
        "number": text.get("issue"),
        "pages": text_to_latex(str(item["page"])).replace("-", "--") if item.get("page") else None,
        "doi": item.get("DOI"),
        "url": item.get("URL"),
    }
    return Entry(entry_type, item_key(item),
                 [Field(key, value) for key, value in fields.items() if value])


def bibtex_items(items: list[dict[str, Any]]) -> str:
    """BibTeX of CSL-JSON items (each with an ``id``), one entry each."""
    return bibtexparser.write_string(bibtexparser.Library([_item_entry(i) for i in items]))


def _ris_item(item: dict[str, Any]) -> dict[str, Any]:
    pages = str(item.get("page") or "").split("-", 1)
    entry: dict[str, Any] = {
        "type_of_reference": _item_types(item).ris,
        "id": item_key(item),
        "primary_title": item.get("title"),
        "authors": [f"{f}, {g}" if g else f for f, g in _item_names(item, "author")],
        "secondary_authors": [f"{f}, {g}" if g else f for f, g in _item_names(item, "editor")],
        "secondary_title": item.get("container-title"),
        "publisher": item.get("publisher"),
        "place_published": item.get("publisher-place"),
        "publication_year": _item_year(item),
        "volume": item.get("volume"),
        "number": item.get("issue"),
        "start_page": pages[0] or None,
        "end_page": pages[1] if len(pages) > 1 else None,
        "doi": item.get("DOI"),
        "urls": [item["URL"]] if item.get("URL") else [],
    }
    return {key: value for key, value in entry.items() if value}


def ris_items(items: list[dict[str, Any]]) -> str:
    """RIS of CSL-JSON items, one record each."""
    return rispy.dumps([_ris_item(i) for i in items], implementation=_RisWriter)


def csl_json_items(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The CSL-JSON list of the items, each ``id`` a citation key."""
    return [{**item, "id": item_key(item)} for item in items]

"""Citations of a document, from its canonical public record (``archive.records``).

Formats: BibTeX (written by bibtexparser v2), RIS (rispy), CSL-JSON (plain
JSON, the format of citeproc and Zotero), schema.org JSON-LD and the
``citation_*`` meta tags that Google Scholar and Zotero read.  Every function
takes the record and the document's public URL; none of them touches a database.
The ``*_items`` functions write a document's bibliography: the CSL-JSON items of
the works its notes cite (``archive.citegraph.bibliography``), each with an ``id``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field

__all__ = [
    "CSL_TYPES",
    "KINDS",
    "Kind",
    "bibtex",
    "bibtex_items",
    "cite_this",
    "citation_key",
    "csl_json",
    "csl_json_items",
    "item_key",
    "json_ld",
    "kind_of",
    "meta_tags",
    "ris",
    "ris_items",
    "split_name",
]


@dataclass(frozen=True, slots=True)
class Kind:
    """How each format names a kind of document.  ``label`` is neutral, never a judgement."""

    label: str
    bibtex: str
    ris: str
    csl: str
    schema_org: str


KINDS: dict[str, Kind] = {
    "opinion": Kind("Opinion column", "article", "NEWS", "article-newspaper", "OpinionNewsArticle"),
    "article": Kind("Article", "article", "JOUR", "article-journal", "ScholarlyArticle"),
}
_OTHER = Kind("Document", "misc", "GEN", "document", "CreativeWork")


def kind_of(record: dict[str, Any]) -> Kind:
    return KINDS.get(record.get("kind") or "", _OTHER)


def split_name(name: str) -> tuple[str, str]:
    """(family, given) of a name as printed: the last word is the family name."""
    given, _, family = name.strip().rpartition(" ")
    return family, given


def _authors(record: dict[str, Any]) -> list[str]:
    return [author["name"] for author in record.get("authors", [])]


def _date_parts(record: dict[str, Any]) -> list[int]:
    published = record.get("published")
    return [int(part) for part in published.split("-")] if published else []


def _publisher(record: dict[str, Any]) -> str | None:
    publisher = record.get("publisher")
    return publisher["name"] if publisher else None


def citation_key(record: dict[str, Any]) -> str:
    """``family`` of the first author + year + document id: ASCII, stable, unique."""
    family = split_name(_authors(record)[0])[0] if _authors(record) else "archive"
    year = str(_date_parts(record)[0]) if _date_parts(record) else "nd"
    ascii_family = re.sub(r"[^A-Za-z]", "", family).lower() or "archive"
    return f"{ascii_family}{year}-{record['id']}"


_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
    "#": r"\#", "$": r"\$", "_": r"\_", "^": r"\^{}", "~": r"\~{}",
}


def _latex(text: str) -> str:
    """Escape LaTeX specials so a brace or a percent sign in a title cannot break the entry."""
    return "".join(_LATEX_SPECIALS.get(ch, ch) for ch in text)


def bibtex(record: dict[str, Any], url: str) -> str:
    kind = kind_of(record)
    fields = {
        # Double braces keep the title's capitals as printed.
        "title": "{" + _latex(record["title"]) + "}",
        "author": " and ".join(
            f"{_latex(family)}, {_latex(given)}" if given else _latex(family)
            for family, given in map(split_name, _authors(record))
        ),
        "year": str(_date_parts(record)[0]) if _date_parts(record) else None,
        "date": record.get("published"),
        "publisher": _latex(_publisher(record) or "") or None,
        "language": record.get("language"),
        "url": url,
        "note": kind.label,
    }
    if record.get("subtitle"):
        fields["subtitle"] = _latex(record["subtitle"])
    entry = Entry(kind.bibtex, citation_key(record),
                  [Field(key, value) for key, value in fields.items() if value])
    library = bibtexparser.Library([entry])
    return bibtexparser.write_string(library)


class _RisWriter(rispy.RisWriter):
    """rispy's writer without its "1." counter line, which is not part of RIS."""

    def set_header(self, count: int) -> None:
        return None


def ris(record: dict[str, Any], url: str) -> str:
    kind = kind_of(record)
    date = _date_parts(record)
    entry: dict[str, Any] = {
        "type_of_reference": kind.ris,
        "primary_title": record["title"],
        "authors": [f"{family}, {given}" if given else family
                    for family, given in map(split_name, _authors(record))],
        "urls": [url],
        "language": record.get("language"),
        "publisher": _publisher(record),
        "notes": [kind.label],
    }
    if date:
        entry["publication_year"] = str(date[0])
        entry["date"] = "/".join(f"{part:02d}" for part in date)
    return rispy.dumps([{k: v for k, v in entry.items() if v}], implementation=_RisWriter)


def csl_json(record: dict[str, Any], url: str) -> list[dict[str, Any]]:
    """A CSL-JSON *list* (what reference managers import), of one item."""
    item: dict[str, Any] = {
        "id": citation_key(record),
        "type": kind_of(record).csl,
        "title": record["title"],
        "author": [
            {"family": family, "given": given} if given else {"literal": family}
            for family, given in map(split_name, _authors(record))
        ],
        "URL": url,
        "language": record.get("language"),
        "genre": kind_of(record).label,
    }
    if _publisher(record):
        item["publisher"] = item["container-title"] = _publisher(record)
    if _date_parts(record):
        item["issued"] = {"date-parts": [_date_parts(record)]}
    return [{k: v for k, v in item.items() if v}]


def cite_this(record: dict[str, Any]) -> str:
    """A plain-text reference: Authors (year). Title. Publisher."""
    names = _authors(record)
    authors = ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)
    date = record.get("published")
    parts = [f"{authors} ({date[:4] if date else 'n.d.'})." if authors else None,
             f"{record['title']}.", f"{_publisher(record)}." if _publisher(record) else None]
    return " ".join(part for part in parts if part)


def json_ld(record: dict[str, Any], url: str) -> dict[str, Any]:
    """schema.org metadata; each footnote is a ``citation`` (its URL when it has one)."""
    citations = []
    for note in record.get("footnotes", []):
        cited: dict[str, Any] = {"@type": "CreativeWork", "name": note["text"]}
        web = [u for u in note.get("urls", []) if u.lower().startswith(("http://", "https://"))]
        if web:
            cited["url"] = web[0]
        citations.append(cited)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind_of(record).schema_org,
        "@id": url,
        "url": url,
        "headline": record["title"][:110],
        "name": record["title"],
        "inLanguage": record.get("language"),
        "datePublished": record.get("published"),
        "author": [{"@type": "Person", "name": name} for name in _authors(record)],
        "citation": citations,
    }
    if _publisher(record):
        data["publisher"] = {"@type": "Organization", "name": _publisher(record)}
    return {k: v for k, v in data.items() if v}


def meta_tags(record: dict[str, Any], url: str) -> list[tuple[str, str]]:
    """(name, content) of the Highwire ``citation_*`` tags, in the order Scholar expects."""
    tags = [("citation_title", record["title"])]
    tags += [("citation_author", name) for name in _authors(record)]
    if record.get("published"):
        tags.append(("citation_publication_date", record["published"].replace("-", "/")))
    if _publisher(record):
        tags.append(("citation_publisher", _publisher(record) or ""))
    tags += [("citation_language", record.get("language") or ""),
             ("citation_abstract_html_url", url)]
    return [(name, content) for name, content in tags if content]


# -- a document's bibliography: the works its notes cite (CSL-JSON items) ---------------

# How BibTeX and RIS name the CSL types of cited works (documents: ``KINDS``).
CSL_TYPES: dict[str, tuple[str, str]] = {
    "article-journal": ("article", "JOUR"),
    "article-magazine": ("article", "MGZN"),
    "article-newspaper": ("article", "NEWS"),
    "book": ("book", "BOOK"),
    "chapter": ("incollection", "CHAP"),
    "paper-conference": ("inproceedings", "CPAPER"),
    "report": ("techreport", "RPRT"),
    "thesis": ("phdthesis", "THES"),
    "webpage": ("misc", "ELEC"),
}
_OTHER_CSL_TYPE = ("misc", "GEN")
# The BibTeX field a container goes in, by entry type (others: ``howpublished``).
_CONTAINER_FIELD = {"article": "journal", "incollection": "booktitle",
                    "inproceedings": "booktitle"}
# ... and the one the publisher goes in.
_PUBLISHER_FIELD = {"techreport": "institution", "phdthesis": "school"}


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
    return " and ".join(f"{_latex(family)}, {_latex(given)}" if given
                        else "{" + _latex(family) + "}" for family, given in names)


def _item_entry(item: dict[str, Any]) -> Entry:
    entry_type = CSL_TYPES.get(item.get("type") or "", _OTHER_CSL_TYPE)[0]
    text = {key: _latex(str(item[key])) for key in (
        "title", "container-title", "publisher", "publisher-place", "volume", "issue",
        "edition") if item.get(key)}
    fields = {
        "author": _bibtex_names(_item_names(item, "author")),
        "editor": _bibtex_names(_item_names(item, "editor")),
        "title": "{" + text["title"] + "}" if "title" in text else None,
        _CONTAINER_FIELD.get(entry_type, "howpublished"): text.get("container-title"),
        _PUBLISHER_FIELD.get(entry_type, "publisher"): text.get("publisher"),
        "address": text.get("publisher-place"),
        "edition": text.get("edition"),
        "year": _item_year(item),
        "volume": text.get("volume"),
        "number": text.get("issue"),
        "pages": _latex(str(item["page"])).replace("-", "--") if item.get("page") else None,
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
        "type_of_reference": CSL_TYPES.get(item.get("type") or "", _OTHER_CSL_TYPE)[1],
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

"""Affiliations a web page states in its metadata, by author name.

Two standards carry them:

* the Highwire Press ``citation_*`` tags (what Google Scholar reads): each
  ``citation_author`` is followed, in document order, by its own
  ``citation_author_institution`` (or ``citation_author_affiliation``) tags;
* schema.org JSON-LD: an ``author`` object's ``affiliation`` (a name, an
  ``Organization`` object, or a list of either).

Only what these state is taken; an institution tag before any author is
ignored (nobody knows whose it is).
"""

from __future__ import annotations

from typing import Any

from archive.ingest.readers.common import split_names, squash

__all__ = ["stated_affiliations"]

_AUTHOR_TAGS = ("citation_author",)
_INSTITUTION_TAGS = ("citation_author_institution", "citation_author_affiliation")


def _organisations(value: object) -> list[str]:
    if isinstance(value, str):
        return [squash(value)] if value.strip() else []
    if isinstance(value, dict):
        return _organisations(value.get("name") or value.get("legalName"))
    if isinstance(value, list):
        return [org for item in value for org in _organisations(item)]
    return []


def _from_meta(tree: Any) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    current: str | None = None
    for element in tree.iter("meta"):
        key = (element.get("name") or element.get("property") or "").strip().lower()
        value = squash(element.get("content") or "")
        if not value:
            continue
        if key in _AUTHOR_TAGS:
            names = split_names([value])
            current = names[0] if names else None
        elif key in _INSTITUTION_TAGS and current is not None:
            orgs = found.setdefault(current, [])
            if value not in orgs:
                orgs.append(value)
    return found


def _from_json_ld(articles: list[dict[str, Any]]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for article in articles:
        people = article.get("author") or article.get("creator") or []
        for person in people if isinstance(people, list) else [people]:
            if not isinstance(person, dict):
                continue
            names = split_names([person])
            orgs = _organisations(person.get("affiliation"))
            if names and orgs:
                found.setdefault(names[0], orgs)
    return found


def stated_affiliations(tree: Any, articles: list[dict[str, Any]]) -> dict[str, list[str]]:
    """{author name: organisations} from the citation_* tags, else the JSON-LD authors."""
    return _from_meta(tree) or _from_json_ld(articles)

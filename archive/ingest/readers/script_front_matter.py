"""Authors a page states in a JSON front-matter script (the Distill template's form).

Article templates for the web (Distill's ``<d-front-matter>``, and others like
it) keep the article's metadata in ``<script type="text/json">`` inside a
front-matter element: ``{"title": …, "authors": [{"author": "Ann Lee",
"affiliation": "Tide Lab"}, …]}``.  Each author's name is ``author`` or
``name``; the affiliations are ``affiliation`` or ``affiliations`` (a string,
a list of strings, or objects with a ``name``).  Only a script inside an
element whose tag or class says it is front matter is read, so a page's other
JSON (settings, data for a chart) is never taken for metadata.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["front_matter_authors"]

_MAX_SCRIPT = 100_000
_SOURCE = "the page's front-matter script (“{tag}”)"


def _is_front_matter(element: Any) -> bool:
    tag = element.tag if isinstance(element.tag, str) else ""
    classes = (element.get("class") or "").lower()
    return "front-matter" in tag.lower() or "front-matter" in classes


def _names(value: object) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [name for item in value for name in _names(item)]
    return []


def front_matter_authors(tree: Any) -> tuple[list[str], dict[str, list[str]], str | None]:
    """(names, affiliations by name, source in words); ([], {}, None) when none is stated."""
    for script in tree.iter("script"):
        if (script.get("type") or "").lower() not in ("text/json", "application/json"):
            continue
        parent = script.getparent()
        if parent is None or not _is_front_matter(parent):
            continue
        text = script.text or ""
        if len(text) > _MAX_SCRIPT:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        people = data.get("authors") if isinstance(data, dict) else None
        if not isinstance(people, list):
            continue
        names: list[str] = []
        affiliations: dict[str, list[str]] = {}
        for person in people:
            if not isinstance(person, dict):
                continue
            found = _names(person.get("author") or person.get("name"))
            if not found:
                continue
            names.append(found[0])
            orgs = _names(person.get("affiliations") or person.get("affiliation"))
            if orgs:
                affiliations[found[0]] = orgs
        if names:
            return names, affiliations, _SOURCE.format(tag=parent.tag)
    return [], {}, None

"""Front matter naming its authors under "by:" (Go-style site front matter).

Every text here is invented for the test.
"""

from __future__ import annotations

from archive.ingest.pipeline import parse_document

POST = """---
title: Tides of the Lower Basin
date: 2017-07-13
by:
- Ann Lee
- Bo Chen
tags:
- harbour
---

The lower basin has been surveyed every ten years since the harbour was dredged.

Each survey finds the channel a little shallower than the one before it.
"""


def test_by_list_names_the_authors() -> None:
    doc = parse_document(POST.encode(), "post.md")
    assert [a.name for a in doc.authors] == ["Ann Lee", "Bo Chen"]
    assert any(s.field == "authors" and "by" in s.source for s in doc.provenance)


def test_by_as_one_name() -> None:
    doc = parse_document(POST.replace("by:\n- Ann Lee\n- Bo Chen", "by: Ann Lee").encode(),
                         "post.md")
    assert [a.name for a in doc.authors] == ["Ann Lee"]

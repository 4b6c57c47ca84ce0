"""reStructuredText notes: ".. [n]" targets under a heading, "[n]_" references.

Every text here is invented for the test.
"""

from __future__ import annotations

from archive.ingest.pipeline import parse_text

TEXT = """Tide Gauge Conventions
======================

Abstract
========

The harbour gauges were read twice a day ([1]_, [2]_) and the survey
boat checked them each spring ([4]_).


Rationale
=========

The older charts ([3]_) agree with the gauges, as the first survey
report already said ([1]_ again, cited twice).


References
==========

.. [1] Harbour master's log, 1921
   (http://harbour.example/log-1921)

.. [2] Survey of the lower basin

.. [3] Charts of the estuary, second edition

.. [4] Spring survey notes

Copyright
=========
This document has been placed in the public domain.
"""


def test_rest_notes_followed_by_another_section() -> None:
    doc = parse_text(TEXT.encode(), "conventions.txt")
    assert [n.number for n in doc.footnotes] == [1, 2, 3, 4]
    assert doc.footnotes[0].text.startswith("Harbour master's log, 1921")
    assert doc.footnotes[3].text == "Spring survey notes"
    # The section after the notes is still body text.
    assert any("public domain" in p for p in doc.paragraphs)


def test_rest_references_anchor_in_any_order() -> None:
    doc = parse_text(TEXT.encode(), "conventions.txt")
    assert all(n.paragraph is not None for n in doc.footnotes)
    # Note 3 is cited after note 4: still anchored, in the later paragraph.
    third, fourth = doc.footnotes[2], doc.footnotes[3]
    assert third.paragraph is not None and fourth.paragraph is not None
    assert third.paragraph > fourth.paragraph
    assert not any("[3]_" in p for p in doc.paragraphs)
    assert not any(p.stage == "markers" for p in doc.problems)

"""The librarians' admin (``/admin/``), laid out as ``django/contrib/admin/`` is.

* ``records`` — the ModelAdmins of documents, people, organisations, notes, authorships
* ``actions`` — publish, withdraw, merge (each through ``archive.curation``)
* ``forms`` — optimistic locking and the actions' confirmation forms
* ``history`` — per-record history, side-by-side diffs, revert
* ``filters`` — change-list filters (review queue, years, publisher…)
* ``quarantine`` — files ingest refused, with their reasons (retry, dismiss)
* ``upload`` — files and zips uploaded for the background ingest, with each file's progress
* ``display`` — repairs, section starts and history shown in words

The speed work: four modules stand in for Django internals so that a document
with a hundred notes and a list of 100,000 documents stay fast. They copy the
markup of Django's templates and hook into its private methods, so they are
written for one Django version (:data:`WRITTEN_FOR_DJANGO`); a test
(``tests/catalog/admin/test_speed_surface.py``) fails on another version or when
a copied template changes, and names what to compare again.

* ``render`` — plain widgets written in Python (``django/forms/widgets/*.html``)
* ``inlines`` — lean tabular inline rows (``admin/edit_inline/tabular.html``)
* ``autocomplete`` — chosen records shown without querying them again
* ``records.ShownColumnsChangeList`` — only the shown columns loaded
"""

from catalog.admin import quarantine, records, upload  # noqa: F401 - importing registers them
from catalog.citegraph import admin as citegraph  # noqa: F401 - registers the citation graph

# The Django release the speed modules above were written and checked against.
WRITTEN_FOR_DJANGO = (5, 2)

"""The admin's speed modules are written for one Django release: this test says when to look again.

``catalog/admin/render.py`` writes Django's widget templates in Python and
``catalog/admin/inlines.py`` (with ``lean_tabular.html``) writes the rows of
Django's tabular inline. A new Django release may change those templates or
the private hooks the modules use; then these tests fail and name the file to
compare. Update the digests (and ``WRITTEN_FOR_DJANGO``) only after comparing
the renderings again (``test_render.py`` and ``test_change_form_cost.py`` do it).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import django

from catalog.admin import WRITTEN_FOR_DJANGO

DJANGO_DIR = Path(django.__file__).parent

# sha256 (first 16 hex digits) of the Django templates the speed modules copy.
COPIED_TEMPLATES = {
    "contrib/admin/templates/admin/edit_inline/tabular.html": "ef1b0d9b50be1e24",
    "forms/templates/django/forms/widgets/input.html": "770cf3acba1c18b6",
    "forms/templates/django/forms/widgets/textarea.html": "02fd58fa1a57514d",
    "forms/templates/django/forms/widgets/attrs.html": "f729483efe44660f",
}


def test_the_installed_django_is_the_release_the_speed_modules_were_written_for() -> None:
    assert django.VERSION[:2] == WRITTEN_FOR_DJANGO, (
        f"Django {django.get_version()} is installed; catalog/admin/render.py, inlines.py, "
        f"autocomplete.py and records.ShownColumnsChangeList were written for "
        f"{'.'.join(map(str, WRITTEN_FOR_DJANGO))}: compare them with the new release"
    )


def test_the_django_templates_the_speed_modules_copy_are_unchanged() -> None:
    changed = {
        name: hashlib.sha256((DJANGO_DIR / name).read_bytes()).hexdigest()[:16]
        for name, digest in COPIED_TEMPLATES.items()
        if hashlib.sha256((DJANGO_DIR / name).read_bytes()).hexdigest()[:16] != digest
    }
    assert not changed, f"Django changed templates the admin's speed modules copy: {changed}"

"""The two staff roles of the admin: ``librarian`` and ``viewer``.

* ``librarian`` curates and publishes: view, add and change every catalog
  record, and publish documents.  No delete (records are withdrawn instead) and
  nothing on users or groups.
* ``viewer`` reads the catalog in the admin and changes nothing.

The groups are (re)built by :func:`ensure_roles` (``manage.py setup_roles``),
idempotently, so running it again after a new model appears grants the new
permissions.  The permissions themselves, ``publish_document`` included, are created
by ``migrate``.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

__all__ = ["LIBRARIAN", "PUBLISH_CODENAME", "VIEWER", "create_librarian", "ensure_roles"]

LIBRARIAN = "librarian"
VIEWER = "viewer"
PUBLISH_CODENAME = "publish_document"
# Records a librarian may view but not change: written by ingest or triggers only.
READ_ONLY_MODELS = frozenset({"history", "sourcefile", "quarantinedfile"})


@transaction.atomic
def ensure_roles() -> dict[str, int]:
    """Create or refresh both groups; returns how many permissions each holds."""
    models = list(apps.get_app_config("catalog").get_models())
    types = ContentType.objects.get_for_models(*models)
    # ``migrate`` creates it (Document.Meta.permissions); get_or_create for databases
    # migrated before it was declared there.
    publish, _ = Permission.objects.get_or_create(
        codename=PUBLISH_CODENAME,
        content_type=types[apps.get_model("catalog", "Document")],
        defaults={"name": "Can publish document"},
    )
    view, curate = [], []
    for model in types:
        name = model._meta.model_name
        view.append(f"view_{name}")
        if name not in READ_ONLY_MODELS:
            curate += [f"add_{name}", f"change_{name}"]
    catalog_perms = Permission.objects.filter(content_type__in=types.values())
    viewer_perms = list(catalog_perms.filter(codename__in=view))
    librarian_perms = [*catalog_perms.filter(codename__in=[*view, *curate]), publish]
    roles = {VIEWER: viewer_perms, LIBRARIAN: librarian_perms}
    for name, permissions in roles.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions)
    return {name: len(permissions) for name, permissions in roles.items()}


@transaction.atomic
def create_librarian(username: str, password: str, email: str = "", role: str = LIBRARIAN):
    """A staff account (not a superuser) in the ``librarian`` (or ``viewer``) group."""
    from django.contrib.auth import get_user_model

    ensure_roles()
    user = get_user_model().objects.create_user(username, email=email, password=password)
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=role))
    return user

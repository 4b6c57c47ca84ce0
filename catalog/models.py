"""Django mirrors of the archive tables (``managed = False``).

The tables belong to ``archive/schema.py`` and Alembic; these models let the
admin, django-filter and the views work on them.  ``tests/catalog/test_parity.py``
fails when a mirror drifts from its SQLAlchemy table.

Writes through these models are versioned like every other write: ``save()``
raises ``version`` by one *on the condition* that the row still has the version
this instance was read at (optimistic locking), and stamps the attribution of
the current change.  ``QuerySet.update()`` does the same for bulk updates.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F

from archive.attribution import current_change
from archive.errors import StaleWrite
from archive.kinds import KINDS
from archive.name_keys import name_key
from archive.schema import DocumentStatus, RecordStatus

STATUS_CHOICES = [(s.value, s.value.capitalize()) for s in RecordStatus]
DOCUMENT_STATUS_CHOICES = [(s.value, s.value.capitalize()) for s in DocumentStatus]
KIND_CHOICES = [(kind.code, kind.label) for kind in KINDS]


# The columns several tables share, declared once.  Functions, not an abstract base
# with the fields: each call makes the field where the model lists it, so every
# model keeps its column order (forms and admin pages follow it).

def _record_status() -> models.CharField:
    """``status`` of a withdrawable record (``archive.schema.Withdrawable``)."""
    return models.CharField(max_length=20, choices=STATUS_CHOICES, default="active")


def _withdrawn_reason() -> models.TextField:
    return models.TextField(null=True, blank=True)


def _document(related_name: str, one: bool = False) -> models.ForeignKey:
    """The document a child row belongs to (``document_id``; never cascades)."""
    field = models.OneToOneField if one else models.ForeignKey
    return field("Document", models.PROTECT, db_column="document_id", related_name=related_name)


def _merged_into() -> models.ForeignKey:
    """The record this one was merged into (people, works)."""
    return models.ForeignKey("self", models.PROTECT, null=True, blank=True,
                             db_column="merged_into_id", related_name="merged_from")


def _name() -> models.CharField:
    return models.CharField(max_length=500)


def _name_key() -> models.CharField:
    """The folded name ``archive.name_keys`` computes (``NamedModel.save`` keeps it)."""
    return models.CharField(max_length=500, editable=False)


class Mirror(models.Model):
    """A Django view of a table that Alembic, not Django, creates and migrates."""

    class Meta:
        abstract = True
        managed = False


class VersionedQuerySet(models.QuerySet):
    def update(self, **kwargs: Any) -> int:
        """A bulk update is a new version of every row it touches, attributed."""
        change = current_change()
        kwargs.setdefault("version", F("version") + 1)
        kwargs.setdefault("changed_by", change.actor)
        kwargs.setdefault("changed_at", change.at)
        if isinstance(kwargs.get("name"), str) and issubclass(self.model, NamedModel):
            kwargs["name_key"] = name_key(kwargs["name"])
        return super().update(**kwargs)


class VersionedModel(Mirror):
    version = models.IntegerField(default=1, editable=False)
    changed_by = models.CharField(max_length=150, editable=False)
    changed_at = models.DateTimeField(editable=False)

    objects = VersionedQuerySet.as_manager()

    class Meta(Mirror.Meta):
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        change = current_change()
        self.changed_by, self.changed_at = change.actor, change.at
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "changed_by", "changed_at"}
        super().save(*args, **kwargs)

    def _do_update(
        self,
        base_qs: models.QuerySet,
        using: str,
        pk_val: Any,
        values: list[tuple[Any, Any, Any]],
        update_fields: Any,
        forced_update: bool,
    ) -> bool:
        """UPDATE … SET version = read + 1 WHERE id = … AND version = read."""
        read_version = self.version
        version_field = self._meta.get_field("version")
        values = [value for value in values if value[0].attname != "version"]
        values.append((version_field, None, read_version + 1))
        if base_qs.filter(pk=pk_val, version=read_version)._update(values) > 0:
            self.version = read_version + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleWrite(self._meta.db_table, pk_val, read_version)
        return False  # no such row: Django goes on to INSERT


class SourceFile(VersionedModel):
    id = models.AutoField(primary_key=True)
    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=500)
    format = models.CharField(max_length=20)
    media_type = models.CharField(max_length=100)
    size = models.BigIntegerField()
    content = models.BinaryField()
    ingested_at = models.DateTimeField()

    class Meta(VersionedModel.Meta):
        db_table = "source_file"

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"


class NamedModel(VersionedModel):
    """A person or an organisation: ``name_key`` follows ``name`` on every save."""

    class Meta(VersionedModel.Meta):
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.name_key = name_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_key"}
        super().save(*args, **kwargs)


class Organization(NamedModel):
    id = models.AutoField(primary_key=True)
    name = _name()
    name_key = _name_key()
    url = models.CharField("URL", max_length=500, null=True, blank=True)
    status = _record_status()
    withdrawn_reason = _withdrawn_reason()

    class Meta(NamedModel.Meta):
        db_table = "organization"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Person(NamedModel):
    id = models.AutoField(primary_key=True)
    name = _name()
    name_key = _name_key()
    status = _record_status()
    merged_into = _merged_into()
    withdrawn_reason = _withdrawn_reason()

    class Meta(NamedModel.Meta):
        db_table = "person"
        verbose_name_plural = "people"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Document(VersionedModel):
    id = models.AutoField(primary_key=True)
    status = models.CharField(
        max_length=20, choices=DOCUMENT_STATUS_CHOICES, default="draft"
    )
    title = models.CharField(max_length=500)
    subtitle = models.CharField(max_length=500, null=True, blank=True)
    kind = models.CharField(max_length=40, choices=KIND_CHOICES)
    language = models.CharField(max_length=12)
    published = models.DateField(null=True, blank=True)
    published_raw = models.CharField(max_length=200, null=True, blank=True)
    publisher = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, db_column="publisher_id",
        related_name="published_documents",
    )
    text = models.TextField()
    section_starts = models.JSONField(default=list)
    repairs = models.JSONField(default=list)
    # Where each field came from (archive.schema.Document.provenance, revision 0014).
    provenance = models.JSONField(default=list)
    source = models.ForeignKey(
        SourceFile, models.PROTECT, null=True, blank=True, db_column="source_id",
        related_name="documents",
    )
    created_at = models.DateTimeField()
    withdrawn_reason = _withdrawn_reason()
    doi = models.CharField("DOI", max_length=255, null=True, blank=True, db_index=True)
    url = models.CharField("URL", max_length=1000, null=True, blank=True, db_index=True)
    # The journal, book or website it appears in (archive.schema, revision 0020).
    container_title = models.CharField(
        "appears in", max_length=500, null=True, blank=True,
        help_text="The journal, book, proceedings or website the document is part of.",
    )

    class Meta(VersionedModel.Meta):
        db_table = "document"
        ordering = ["-published", "title"]
        # Declared here, not only granted by setup_roles: ``migrate`` then creates it,
        # so a backup whose librarian group holds it restores after ``migrate`` alone.
        permissions = [("publish_document", "Can publish document")]

    def __str__(self) -> str:
        return self.title


class Authorship(VersionedModel):
    id = models.AutoField(primary_key=True)
    document = _document("authorships")
    person = models.ForeignKey(
        Person, models.PROTECT, db_column="person_id", related_name="authorships"
    )
    position = models.IntegerField()
    role = models.CharField(max_length=40, default="author")
    honorific = models.CharField(max_length=40, null=True, blank=True)
    printed_name = models.CharField(
        "name as printed", max_length=500, null=True, blank=True,
        help_text="How this document prints the name; empty: the person's name.",
    )

    class Meta(VersionedModel.Meta):
        db_table = "authorship"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.position}. {self.byline_name}"

    @property
    def byline_name(self) -> str:
        """The name as this document prints it (the person's name when none was kept)."""
        return self.printed_name or self.person.name


class Affiliation(VersionedModel):
    id = models.AutoField(primary_key=True)
    authorship = models.ForeignKey(
        Authorship, models.PROTECT, db_column="authorship_id", related_name="affiliations"
    )
    organization = models.ForeignKey(
        Organization, models.PROTECT, db_column="organization_id", related_name="affiliations"
    )
    position = models.IntegerField()
    title = models.CharField(max_length=200, null=True, blank=True)
    place = models.CharField(max_length=200, null=True, blank=True)

    class Meta(VersionedModel.Meta):
        db_table = "affiliation"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.title or 'member'} at {self.organization}"


class Disclaimer(VersionedModel):
    id = models.AutoField(primary_key=True)
    document = _document("disclaimer", one=True)
    text = models.TextField()
    organization = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, db_column="organization_id",
        related_name="disclaimers",
    )

    class Meta(VersionedModel.Meta):
        db_table = "disclaimer"

    def __str__(self) -> str:
        return self.text


class Footnote(VersionedModel):
    id = models.AutoField(primary_key=True)
    document = _document("footnotes")
    number = models.IntegerField()
    text = models.TextField()
    anchor_paragraph = models.IntegerField(null=True, blank=True)
    anchor_offset = models.IntegerField(null=True, blank=True)
    urls = models.JSONField(default=list, blank=True)
    url_fragments = models.JSONField(default=list, blank=True)
    status = _record_status()
    withdrawn_reason = _withdrawn_reason()

    class Meta(VersionedModel.Meta):
        db_table = "footnote"
        ordering = ["number"]
        unique_together = [("document", "number")]

    def __str__(self) -> str:
        return f"[{self.number}] {self.text[:80]}"


class Problem(VersionedModel):
    id = models.AutoField(primary_key=True)
    document = _document("problems")
    stage = models.CharField(max_length=60)
    field = models.CharField(max_length=60, null=True, blank=True)
    line = models.IntegerField(null=True, blank=True)
    raw = models.TextField()
    reason = models.TextField()
    resolved = models.BooleanField(default=False)

    class Meta(VersionedModel.Meta):
        db_table = "problem"

    def __str__(self) -> str:
        return f"{self.stage}: {self.reason}"


class Work(VersionedModel):
    """A cited work (``archive.schema.Work``): one row however many notes cite it."""

    id = models.AutoField(primary_key=True)
    type = models.CharField(max_length=40)
    title = models.TextField()
    csl = models.JSONField(default=dict)
    year = models.IntegerField(null=True, blank=True)
    doi = models.CharField("DOI", max_length=255, null=True, blank=True)
    url = models.CharField("URL", max_length=1000, null=True, blank=True)
    identity_key = models.CharField(max_length=500, editable=False)
    author_key = models.CharField(max_length=200, editable=False)
    status = _record_status()
    merged_into = _merged_into()
    withdrawn_reason = _withdrawn_reason()

    class Meta(VersionedModel.Meta):
        db_table = "work"
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title[:120]


class Citation(VersionedModel):
    """One citation in one note, linked to the work it cites (``archive.schema.Citation``)."""

    id = models.AutoField(primary_key=True)
    document = _document("citations")
    footnote = models.ForeignKey(
        Footnote, models.PROTECT, db_column="footnote_id", related_name="citations"
    )
    position = models.IntegerField()
    work = models.ForeignKey(Work, models.PROTECT, db_column="work_id", related_name="citations")
    csl = models.JSONField(default=dict)
    span_start = models.IntegerField()
    span_end = models.IntegerField()
    confidence = models.FloatField()
    form = models.CharField(max_length=10)
    match = models.CharField(max_length=20)
    note_digest = models.CharField(max_length=40, editable=False)
    corrected = models.BooleanField(default=False)
    status = _record_status()
    withdrawn_reason = _withdrawn_reason()

    class Meta(VersionedModel.Meta):
        db_table = "citation"
        ordering = ["footnote__number", "position"]

    def __str__(self) -> str:
        return f"{self.csl.get('title') or self.work}"[:120]


class History(Mirror):
    """An earlier version of a row, written by database triggers only."""

    id = models.BigAutoField(primary_key=True)
    table_name = models.CharField(max_length=60)
    row_id = models.IntegerField()
    version = models.IntegerField()
    operation = models.CharField(max_length=1)
    snapshot = models.JSONField()
    changed_by = models.CharField(max_length=150)
    changed_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    document_id = models.IntegerField(null=True, blank=True, db_index=True)

    class Meta(Mirror.Meta):
        db_table = "history"
        verbose_name_plural = "history"
        ordering = ["table_name", "row_id", "version"]

    def __str__(self) -> str:
        return f"{self.table_name} #{self.row_id} v{self.version}"


class QuarantinedFile(Mirror):
    """A file ingest refused, with its reason (not versioned: an operational log)."""

    id = models.AutoField(primary_key=True)
    sha256 = models.CharField(max_length=64, unique=True)
    filename = models.CharField(max_length=500)
    path = models.CharField(max_length=2000)
    size = models.BigIntegerField()
    format = models.CharField(max_length=20)
    reason = models.TextField()
    content = models.BinaryField(null=True, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)
    attempts = models.IntegerField(default=1)

    class Meta(Mirror.Meta):
        db_table = "quarantined_file"
        verbose_name = "quarantined file"
        ordering = ["-last_seen"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.sha256[:12]})"


INGEST_JOB_STATUS_CHOICES = [
    ("queued", "Queued"),
    ("reading", "Reading"),
    ("done", "Done"),
    ("held", "Held for review"),
    ("refused", "Refused"),
]


class IngestJob(Mirror):
    """A file submitted for background ingest (``archive.schema.IngestJob``)."""

    id = models.AutoField(primary_key=True)
    batch = models.CharField(max_length=36, db_index=True)
    filename = models.CharField(max_length=500)
    content = models.BinaryField(null=True, blank=True)
    size = models.BigIntegerField()
    publish = models.BooleanField(default=False)
    status = models.CharField(
        max_length=20, choices=INGEST_JOB_STATUS_CHOICES, default="queued", db_index=True
    )
    attempts = models.IntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True, db_index=True)
    submitted_by = models.CharField(max_length=150)
    submitted_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    document_id = models.IntegerField(null=True, blank=True)
    reason = models.TextField(null=True, blank=True)
    results = models.JSONField(null=True, blank=True)

    class Meta(Mirror.Meta):
        db_table = "ingest_job"
        ordering = ["id"]
        verbose_name = "uploaded file"

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"

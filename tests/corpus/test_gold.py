"""The real-document corpus keeps to the layout, gold format and split rule of README.md.

Checks the shape of every gold record in both splits without parsing any document, so
it stays fast and says nothing about the archive's accuracy (the accuracy benchmark
does that).  It holds for every format, including those another engineer adds.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from archive.kinds import KIND_CODES

CORPUS = Path(__file__).parent
SPLITS = ("dev", "heldout")
GOLD_SUFFIX = ".gold.json"

# The formats of README.md, keyed by the file extension that carries each.
EXTENSION_FORMATS = {
    "html": "html",
    "htm": "html",
    "md": "md",
    "txt": "txt",
    "pdf": "pdf",
    "docx": "docx",
}

REQUIRED_KEYS = {
    "file",
    "format",
    "source",
    "licence",
    "title",
    "subtitle",
    "authors",
    "published",
    "publisher",
    "disclaimer",
    "kind",
    "language",
    "notes",
    "markers",
    "comment",
}
# Keys a gold record may carry besides REQUIRED_KEYS: ``batch`` says which collection
# round added the document (absent: batch 1), and so which split rule places it.
OPTIONAL_KEYS = {"batch"}
BATCHES = (1, 2, 3, 4)
SOURCE_KEYS = {"url", "repository", "path", "commit"}
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
LANGUAGE = re.compile(r"^[a-z]{2}$")
COMMIT = re.compile(r"^[0-9a-f]{40}$")


def _gold_paths() -> list[Path]:
    return sorted(p for split in SPLITS for p in (CORPUS / split).glob(f"*{GOLD_SUFFIX}"))


GOLD_PATHS = _gold_paths()


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as f:
        return json.load(f)


def _is_optional_str(value) -> bool:
    return value is None or (isinstance(value, str) and value.strip() != "")


def _batch(gold: dict) -> int:
    return gold.get("batch", 1)


def _held_out_count(batch: int, n_documents: int) -> int:
    """README: how many of one batch's documents of one format go to ``heldout/``.

    Batch 1: the first 2, or 3 when the format has 12 or more.  Batch 2 and every later
    batch: the first ceil(n/3).  Each batch keeps its own rule so adding a batch never
    moves a document of an earlier one between splits.
    """
    if batch == 1:
        return 3 if n_documents >= 12 else 2
    if batch in BATCHES:
        return -(-n_documents // 3)  # ceil(n/3) in integers
    raise ValueError(f"no split rule for batch {batch}: add it here and in README.md")


@pytest.fixture(params=GOLD_PATHS, ids=lambda p: f"{p.parent.name}/{p.name}")
def gold_path(request) -> Path:
    return request.param


def test_gold_has_every_key_and_no_other(gold_path):
    gold = _load(gold_path)
    keys = set(gold)
    assert REQUIRED_KEYS <= keys, sorted(REQUIRED_KEYS - keys)
    assert keys <= REQUIRED_KEYS | OPTIONAL_KEYS, sorted(keys - REQUIRED_KEYS - OPTIONAL_KEYS)


def test_batch_is_a_known_number(gold_path):
    gold = _load(gold_path)
    if "batch" in gold:  # absent means batch 1
        assert gold["batch"] in BATCHES and not isinstance(gold["batch"], bool), gold["batch"]


def test_document_sits_beside_its_gold_with_the_same_slug(gold_path):
    gold = _load(gold_path)
    slug = gold_path.name.removesuffix(GOLD_SUFFIX)
    document = gold_path.parent / gold["file"]
    assert document.is_file(), f"{gold['file']} is missing beside {gold_path.name}"
    assert Path(gold["file"]).stem == slug
    assert document.stat().st_size < 2 * 1024 * 1024


def test_format_matches_the_extension(gold_path):
    gold = _load(gold_path)
    extension = Path(gold["file"]).suffix.lstrip(".").lower()
    assert extension in EXTENSION_FORMATS, f"unknown extension .{extension}"
    assert gold["format"] == EXTENSION_FORMATS[extension]


def test_source_and_licence_are_recorded(gold_path):
    gold = _load(gold_path)
    source = gold["source"]
    assert isinstance(source, dict) and set(source) == SOURCE_KEYS
    assert all(_is_optional_str(source[key]) for key in SOURCE_KEYS)
    assert source["url"] or (source["repository"] and source["path"]), "no way to find the source"
    if source["commit"] is not None:
        assert COMMIT.match(source["commit"])
    assert isinstance(gold["licence"], str) and gold["licence"].strip()


def test_title_subtitle_publisher_and_comment_are_text(gold_path):
    gold = _load(gold_path)
    if gold["title"] is not None:  # null: the document prints no title (README)
        assert isinstance(gold["title"], str) and gold["title"].strip()
        assert not gold["title"].endswith("."), "README: title without a trailing period"
    for key in ("subtitle", "publisher", "comment"):
        assert _is_optional_str(gold[key]), key


def test_authors_are_named_with_honorific_and_affiliations(gold_path):
    authors = _load(gold_path)["authors"]
    assert isinstance(authors, list)
    for author in authors:
        assert set(author) == {"name", "honorific", "affiliations"}, author
        assert isinstance(author["name"], str) and author["name"].strip()
        assert _is_optional_str(author["honorific"])
        assert isinstance(author["affiliations"], list)
        assert all(isinstance(a, str) and a.strip() for a in author["affiliations"])


def test_published_is_an_iso_date_at_some_precision(gold_path):
    published = _load(gold_path)["published"]
    if published is None:
        return
    match = ISO_DATE.match(published)
    assert match, f"not ISO 8601 (YYYY, YYYY-MM or YYYY-MM-DD): {published!r}"
    year, month, day = (int(part) if part else 1 for part in match.groups())
    datetime.date(year, month, day)  # raises for a month or day that does not exist


def test_disclaimer_is_null_or_quotes_its_start(gold_path):
    disclaimer = _load(gold_path)["disclaimer"]
    if disclaimer is None:
        return
    assert set(disclaimer) == {"text_start", "disclaims"}
    assert isinstance(disclaimer["text_start"], str) and disclaimer["text_start"].strip()
    assert _is_optional_str(disclaimer["disclaims"])


def test_kind_and_language_come_from_the_vocabularies(gold_path):
    gold = _load(gold_path)
    assert gold["kind"] in KIND_CODES
    assert LANGUAGE.match(gold["language"]), "ISO 639-1 code"


def test_notes_have_unique_numbers_and_a_text_start(gold_path):
    notes = _load(gold_path)["notes"]
    assert isinstance(notes, list)
    for note in notes:
        assert set(note) == {"number", "text_start"}, note
        number = note["number"]
        # Markdown footnotes may carry a name ([^posit]) instead of a number.
        assert (isinstance(number, int) and not isinstance(number, bool) and number >= 0) or (
            isinstance(number, str) and number.strip()
        ), number
        assert isinstance(note["text_start"], str) and note["text_start"].strip()
    numbers = [note["number"] for note in notes]
    assert len(numbers) == len(set(numbers)), "note numbers repeat"


def test_markers_is_a_count(gold_path):
    markers = _load(gold_path)["markers"]
    assert isinstance(markers, int) and not isinstance(markers, bool) and markers >= 0


def test_every_document_in_a_split_has_a_gold():
    for split in SPLITS:
        for document in (CORPUS / split).glob("*"):
            if document.name.endswith(GOLD_SUFFIX) or document.name.startswith("."):
                continue
            gold = document.parent / (document.stem + GOLD_SUFFIX)
            assert gold.is_file(), f"{split}/{document.name} has no gold record"


def test_slugs_are_unique_across_splits():
    slugs = [p.name for p in GOLD_PATHS]
    assert len(slugs) == len(set(slugs))


def test_held_out_split_follows_the_sha256_rule_for_each_batch_and_format():
    documents = defaultdict(list)
    for path in GOLD_PATHS:
        gold = _load(path)
        data = (path.parent / gold["file"]).read_bytes()
        documents[(_batch(gold), gold["format"])].append(
            (hashlib.sha256(data).hexdigest(), path.parent.name, gold["file"])
        )
    for (batch, fmt), docs in documents.items():
        docs.sort()
        held = min(_held_out_count(batch, len(docs)), len(docs))
        expected = ["heldout"] * held + ["dev"] * (len(docs) - held)
        actual = [split for _, split, _ in docs]
        assert actual == expected, (
            f"batch {batch}, {fmt}: {[(name, split) for _, split, name in docs]}"
        )


@pytest.mark.parametrize(
    ("batch", "n_documents", "held"),
    [
        (1, 1, 2), (1, 11, 2), (1, 12, 3),
        (2, 1, 1), (2, 3, 1), (2, 4, 2), (2, 5, 2), (2, 7, 3),
        (3, 2, 1), (4, 9, 3),
    ],
)
def test_held_out_count_of_each_batch_rule(batch, n_documents, held):
    assert _held_out_count(batch, n_documents) == held

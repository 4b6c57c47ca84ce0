"""Hostile and awkward files, made by the tests (issue 14): bombs, pipes, links, giants.

Each builder writes into a folder and returns what it wrote.  The hostile ones
are made on the spot because that is the honest way to have them: a FIFO, a
link to ``/etc/passwd`` or ``/dev/zero`` cannot live in a repository, and a YAML
bomb is a few lines.
"""

from __future__ import annotations

import io
import os
import random
from pathlib import Path

__all__ = [
    "encrypted_pdf",
    "long_word_file",
    "many_notes_markdown",
    "many_notes_text",
    "untitled_text",
    "yaml_alias_bomb",
    "yaml_deep",
    "yaml_recursive",
    "bibtex_with_a_broken_entry",
    "make_fifo",
    "make_link",
]

BODY = (
    "The harbour of Vardholm has changed a great deal over the last decade, as the fishing "
    "fleet shrank and the tidal turbines arrived, and the people who live there have opinions "
    "about all of it, which they share freely with anyone who asks and with many who do not."
)


def untitled_text() -> bytes:
    """A plain-text file that opens with a long paragraph: no title line."""
    return f"{BODY}\n\nA second paragraph of the memo.\n".encode()


def _front_matter_markdown(front: str) -> bytes:
    return f"---\n{front}---\n\n# A Title\n\n{BODY}\n".encode()


def yaml_alias_bomb(levels: int = 9) -> bytes:
    """"Billion laughs" in front matter: each level aliases the one below nine times."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    previous = "a"
    for level in range(1, levels):
        name = f"l{level}"
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
        previous = name
    lines.append(f"title: *{previous}")
    return _front_matter_markdown("\n".join(lines) + "\n")


def yaml_recursive() -> bytes:
    """A front matter whose value contains itself."""
    return _front_matter_markdown("title: &t [*t]\n")


def yaml_deep(depth: int = 200) -> bytes:
    """Lists nested far deeper than any front matter."""
    return _front_matter_markdown(f"title: {'[' * depth}x{']' * depth}\n")


def many_notes_text(count: int = 10_000) -> bytes:
    """Plain text with ``count`` numbered notes, ten markers a paragraph."""
    paragraphs = [
        " ".join(f"Point {p * 10 + i + 1} is made here.{p * 10 + i + 1}" for i in range(10))
        for p in range(count // 10)
    ]
    notes = "\n".join(f"{n}. Source number {n}, page {n % 97 + 1}." for n in range(1, count + 1))
    return (
        "Ten Thousand Sources\n\nBy Ann Berg\n\nMarch 3, 2021\n\n"
        + "\n\n".join(paragraphs) + f"\n\nNotes\n{notes}\n"
    ).encode()


def many_notes_markdown(count: int = 10_000) -> bytes:
    """Markdown with ``count`` ``[^n]`` notes."""
    paragraphs = [
        " ".join(f"Point {p * 10 + i + 1} is made here.[^{p * 10 + i + 1}]" for i in range(10))
        for p in range(count // 10)
    ]
    notes = "\n".join(f"[^{n}]: Source number {n}." for n in range(1, count + 1))
    return (
        "---\ntitle: Ten Thousand Sources in Markdown\nauthor: Ann Berg\ndate: 2021-03-03\n---\n\n"
        + "\n\n".join(paragraphs) + f"\n\n{notes}\n"
    ).encode()


def long_word_file(characters: int) -> bytes:
    """A .docx whose text is ``characters`` long: varied words, so the package is not a
    zip bomb (refused for its ratio, a limit of its own) but a few MB of ordinary text."""
    from docx import Document

    rng = random.Random(14)
    words = [
        "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(rng.randint(2, 9)))
        for _ in range(5000)
    ]
    document = Document()
    document.add_paragraph("A Very Long Report", style="Title")
    written = 0
    while written <= characters:
        paragraph = " ".join(rng.choices(words, k=1500)) + "."
        document.add_paragraph(paragraph)
        written += len(paragraph) + 2
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def encrypted_pdf(pdf: bytes, user_password: str = "secret") -> bytes:
    """``pdf`` encrypted (RC4, which pypdf reads without extra packages)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def bibtex_with_a_broken_entry(good: int = 50) -> tuple[bytes, int]:
    """``good`` entries with one broken in the middle; returns the bytes and its line."""
    entries = [
        f"@article{{k{n},\n  title = {{Harbour Study {n}}},\n  author = {{Berg, Ann}},\n"
        f"  year = {{{2000 + n % 20}}},\n  doi = {{10.1234/harbour.{n}}}\n}}\n\n"
        for n in range(1, good + 1)
    ]
    broken = "@article{broken,\n  title = {An entry never closed,\n  year = 2020\n}\n\n"
    half = good // 2
    before = "".join(entries[:half])
    line = before.count("\n") + 1
    return (before + broken + "".join(entries[half:])).encode(), line


def make_fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def make_link(path: Path, target: str | Path) -> Path:
    path.symlink_to(target)
    return path

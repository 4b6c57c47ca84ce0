"""Text <-> LaTeX for BibTeX files that classic BibTeX and pdflatex accept.

A ``.bib`` the archive writes is pure ASCII: every other character is a LaTeX
command (pylatexenc's table: ``ü`` -> ``\\"u``, ``–`` -> ``\\textendash``), a
letter with a LaTeX accent when Unicode decomposes it (``ș`` -> ``\\textcommabelow{s}``),
or, for a letter LaTeX's text fonts do not have (``Ə``, CJK), ``\\archivechar{018F}{E}``:
its code point and an ASCII stand-in, which the ``@preamble`` of the file defines
to print.  So the file compiles in any document using the T1 font encoding (the
encoding of every pdflatex document with accented letters: OT1 has no ogonek or
straight double quote), and :func:`latex_to_text` reads every character back.
"""

from __future__ import annotations

import unicodedata
from functools import cache

from anyascii import anyascii
from pylatexenc import latexwalker
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db
from pylatexenc.latexencode import (
    RULE_DICT,
    UnicodeToLatexConversionRule,
    UnicodeToLatexEncoder,
)
from pylatexenc.macrospec import MacroSpec

__all__ = ["BIBTEX_PREAMBLE", "latex_to_text", "text_to_latex"]

# What a .bib with \archivechar needs in its @preamble: the ASCII stand-in is printed.
BIBTEX_PREAMBLE = r"\providecommand{\archivechar}[2]{#2}"

# Accents by combining mark: a decomposed letter is the base letter under its command.
_ACCENTS = {
    "\u0300": "\\`", "\u0301": "\\'", "\u0302": "\\^", "\u0303": "\\~", "\u0304": "\\=",
    "\u0306": "\\u", "\u0307": "\\.", "\u0308": '\\"', "\u030a": "\\r", "\u030b": "\\H",
    "\u030c": "\\v", "\u0323": "\\d", "\u0326": "\\textcommabelow", "\u0327": "\\c",
    "\u0328": "\\k", "\u0331": "\\b",
}

# Where pylatexenc's choice needs a package the document may lack (tipa's schwa)
# or is lossy (a straight quote as '' prints a closing quote).
_OVERRIDES = {
    ord('"'): r"{\textquotedbl}",
    0x0259: r"{\archivechar{0259}{e}}",
}


def _unknown(char: str) -> str:
    """A character pylatexenc has no command for: an accent command, else \\archivechar."""
    base, *marks = unicodedata.normalize("NFD", char)
    if marks and all(mark in _ACCENTS for mark in marks) and base.isascii():
        text = base
        for mark in marks:
            text = f"{_ACCENTS[mark]}{{{text}}}"
        return "{" + text + "}"
    return _archivechar(char)


def _archivechar(char: str) -> str:
    stand_in = "".join(c for c in anyascii(char) if c.isalnum()) or "?"
    return f"{{\\archivechar{{{ord(char):04X}}}{{{stand_in}}}}}"


_ENCODER = UnicodeToLatexEncoder(
    conversion_rules=[UnicodeToLatexConversionRule(RULE_DICT, _OVERRIDES), "defaults"],
    non_ascii_only=False,
    replacement_latex_protection="braces-all",
    unknown_char_policy=_unknown,
    unknown_char_warning=False,
)


def text_to_latex(text: str) -> str:
    """``text`` as ASCII LaTeX: specials escaped, every other character a command."""
    pieces: list[str] = []
    for char in text:
        piece = char if char.isascii() and char.isalnum() or char == " " else _char(char)
        if pieces and pieces[-1][-1:] + piece[:1] in _LIGATURES:
            pieces.append("{}")  # "--" would print (and read back) as an en dash
        pieces.append(piece)
    return "".join(pieces)


# Pairs of characters TeX's fonts join into one glyph: kept apart by an empty group.
_LIGATURES = frozenset({"--", "``", "''", ",,", "<<", ">>", "!`", "?`"})


@cache
def _char(char: str) -> str:
    """One character's LaTeX; where pylatexenc's command reads back as another character
    (``·`` -> ``\\textperiodcentered`` -> ``˙``), \\archivechar, which reads back exactly."""
    latex = _ENCODER.unicode_to_latex(char)
    return latex if latex_to_text(latex) == char else _archivechar(char)


def _contexts() -> tuple[object, object]:
    """The parser's and the text converter's macro tables, with the archive's two macros."""
    walker = latexwalker.get_default_latex_context_db()
    walker.add_context_category(
        "archive", prepend=True,
        macros=[MacroSpec("archivechar", "{{"), MacroSpec("textquotedbl", ""),
                MacroSpec("textcommabelow", "{")],
    )
    text = get_default_latex_context_db()
    text.add_context_category(
        "archive", prepend=True,
        macros=[
            MacroTextSpec("archivechar", lambda node, **_: chr(int(_arg(node, 0), 16))),
            MacroTextSpec("textquotedbl", '"'),
            MacroTextSpec("textasciicircum", "^"),
            MacroTextSpec("textcommabelow",
                          lambda node, **_: unicodedata.normalize("NFC", _arg(node, 0) + "\u0326")),
        ],
    )
    return walker, text


def _arg(node: object, index: int) -> str:
    argument = node.nodeargd.argnlist[index]  # type: ignore[attr-defined]
    return "".join(getattr(n, "chars", "") or "" for n in argument.nodelist)


_WALKER_CONTEXT, _TEXT_CONTEXT = _contexts()
_DECODER = LatexNodes2Text(latex_context=_TEXT_CONTEXT, math_mode="verbatim")


def latex_to_text(latex: str) -> str:
    """The text a LaTeX value stands for (accents, ``\\archivechar``, braces removed)."""
    walker = latexwalker.LatexWalker(latex, latex_context=_WALKER_CONTEXT, tolerant_parsing=True)
    nodes, _, _ = walker.get_latex_nodes()
    return _DECODER.nodelist_to_text(nodes)

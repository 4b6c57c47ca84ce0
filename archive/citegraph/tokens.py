"""Split a note or reference into tokens, each with its exact span in the text.

Tokens are runs of non-space characters, as in anystyle's training data (whose
labels are attached to whitespace-separated tokens): punctuation stays on the
word it touches, and that is information the labeller uses ("Press," ends a
publisher, "(2018)" is a parenthesised year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Token", "tokenize"]

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int  # offsets into the text: text[start:end] == self.text
    end: int


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text)]

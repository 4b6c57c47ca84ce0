"""Text <-> ASCII LaTeX for .bib files: every character comes back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from archive.latex import latex_to_text, text_to_latex


def test_letters_without_a_latex_command_survive() -> None:
    """Ə (no LaTeX glyph), ș (an accent), quotes and specials: ASCII out, the same text back."""
    text = 'Ceyhun Əliyev: "Russia vs. Turkey?" — 50% of ș & {x} $ ~ ^ \\ İ ł 東京'
    latex = text_to_latex(text)
    assert latex.isascii()
    assert r"{\archivechar{018F}{E}}" in latex and r"\textcommabelow{s}" in latex
    assert latex_to_text(latex) == text


words = st.text(
    alphabet=st.characters(categories=["Lu", "Ll", "Nd", "Po", "Pd", "Ps", "Pe", "Sm", "Sc"]),
    min_size=1, max_size=12,
)


@settings(deadline=None)  # the first examples fill pylatexenc's caches
@given(st.lists(words, min_size=1, max_size=6))
def test_any_words_come_back(parts: list[str]) -> None:
    """Letters, digits and punctuation of any script: ASCII LaTeX, read back unchanged."""
    text = " ".join(parts)
    latex = text_to_latex(text)
    assert latex.isascii()
    assert latex_to_text(latex) == text

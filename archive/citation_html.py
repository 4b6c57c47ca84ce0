"""citeproc-py's output formatter for HTML pages under a Content-Security-Policy.

citeproc-py's own ``formatter.html`` writes small capitals as an inline ``style``
attribute, which a CSP without ``'unsafe-inline'`` blocks; here they are a class.
Text is escaped by ``preformat``, so a title cannot inject markup.
"""

from __future__ import annotations

from html import escape

__all__ = ["Bold", "Italic", "Light", "Oblique", "SmallCaps", "Subscript", "Superscript",
           "Underline", "preformat"]


def preformat(text: object) -> str:
    return escape(str(text), quote=False)


class _Tag(str):
    tag = "span"
    css_class = ""

    def __new__(cls, text: str) -> _Tag:
        attribute = f' class="{cls.css_class}"' if cls.css_class else ""
        return super().__new__(cls, f"<{cls.tag}{attribute}>{text}</{cls.tag}>")


class Italic(_Tag):
    tag = "i"


class Oblique(Italic):
    pass


class Bold(_Tag):
    tag = "b"


class Light(_Tag):
    css_class = "light"


class Underline(_Tag):
    tag = "u"


class Superscript(_Tag):
    tag = "sup"


class Subscript(_Tag):
    tag = "sub"


class SmallCaps(_Tag):
    css_class = "small-caps"

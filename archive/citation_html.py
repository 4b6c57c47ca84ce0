"""citeproc-py's output formatter for HTML pages under a Content-Security-Policy.

citeproc-py's own ``formatter.html`` writes small capitals as an inline ``style``
attribute, which a CSP without ``'unsafe-inline'`` blocks; here they are a class.
citeproc-py does not pass every value through ``preformat`` (names and titles
arrive as they are), so :func:`escaped_item` escapes the item's text before it
goes in and ``preformat`` leaves text alone: the only markup is these tags.
"""

from __future__ import annotations

from html import escape

__all__ = ["Bold", "Italic", "Light", "Oblique", "SmallCaps", "Subscript", "Superscript",
           "Underline", "escaped_item", "preformat"]


def escaped_item(value: object) -> object:
    """A CSL-JSON value with every string in it HTML-escaped (numbers kept)."""
    if isinstance(value, str):
        return escape(value, quote=True)
    if isinstance(value, list):
        return [escaped_item(v) for v in value]
    if isinstance(value, dict):
        return {k: escaped_item(v) for k, v in value.items()}
    return value


def preformat(text: object) -> str:
    return str(text)


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

"""YAML from untrusted files, bounded: aliases, nesting and size cannot blow it up.

``yaml.safe_load`` builds only plain values, but nothing stops a "billion
laughs" document: nine levels of anchors, each aliasing the one below nine
times, compose into a small graph that *reads* as 9^9 values.  PyYAML shares
the aliased objects, so the load itself is cheap; whatever walks the result
afterwards (``str()`` of a title, JSON encoding) expands it, and took 85 s and
7.9 GB before ``MemoryError`` on one Markdown file (issue 14).

:func:`load_bounded` composes the document (the node graph, no Python values
yet), measures the graph as it would read expanded, and refuses it with
:class:`YamlRefused` when it holds more than ``max_nodes`` nodes, nests deeper
than ``max_depth`` or refers to itself; only then are the values built.  The
text's size is the caller's limit (a Markdown front matter has one of its own).
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["MAX_DEPTH", "MAX_NODES", "YamlRefused", "load_bounded"]

MAX_NODES = 10_000  # a front matter of a few dozen keys holds a few hundred
MAX_DEPTH = 32


class YamlRefused(ValueError):
    """The YAML is too large once its aliases are expanded, too deep, or recursive."""


def load_bounded(text: str, *, max_nodes: int = MAX_NODES, max_depth: int = MAX_DEPTH) -> Any:
    """``yaml.safe_load(text)``, refused when it would expand past the bounds.

    Raises :class:`YamlRefused` (with the reason) or ``yaml.YAMLError``.
    """
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        _measure(node, max_nodes, max_depth)
        return loader.construct_document(node)
    finally:
        loader.dispose()


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    return []


def _measure(root: yaml.Node, max_nodes: int, max_depth: int) -> None:
    """Count the nodes the graph reads as (an alias counts its whole target again).

    Iterative, with each node's expanded size computed once: linear in the size
    of the graph, whatever it expands to.
    """
    size: dict[int, int] = {}
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, int, bool]] = [(root, 1, False)]
    while stack:
        node, depth, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(child)] for child in _children(node))
            if size[key] > max_nodes:
                raise YamlRefused(f"YAML expands to more than {max_nodes:,} values (alias bomb)")
            continue
        if key in size:
            continue
        if key in on_path:
            raise YamlRefused("YAML refers to itself (a recursive alias)")
        if depth > max_depth:
            raise YamlRefused(f"YAML nests deeper than {max_depth} levels")
        on_path.add(key)
        stack.append((node, depth, True))
        stack.extend((child, depth + 1, False) for child in _children(node))

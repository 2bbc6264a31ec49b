"""YAML read with line numbers kept, so that every complaint can name file, line and key."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Key = tuple[str | int, ...]
"""Where a value sits in the document: mapping keys and list indexes from the top."""


@dataclass(frozen=True)
class YamlDoc:
    """A parsed YAML document and the 1-based line of every value in it."""

    data: Any
    """The plain Python value (dicts, lists, scalars)."""
    source: str
    """The file name used in messages."""
    lines: dict[Key, int] = field(default_factory=dict)
    """Line of each key (for mapping entries) or item (for list entries)."""

    def line(self, key: Key) -> int:
        """The line of `key`, or of its nearest recorded parent."""
        while key not in self.lines and key:
            key = key[:-1]
        return self.lines.get(key, 1)

    def where(self, key: Key) -> str:
        """`file:line` for messages."""
        return f"{self.source}:{self.line(key)}"


def dotted(key: Key) -> str:
    """`steps[2].say` style name of a key path."""
    out = ""
    for part in key:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def parse(text: str, source: str, error: type[Exception]) -> YamlDoc:
    """Parse YAML text; a syntax error becomes `error` naming file and line."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise error(f"{source}:{line}: not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise error(f"{source}: not valid YAML: {exc}") from None
    lines: dict[Key, int] = {}
    if node is not None:
        _record_lines(node, (), lines)
    return YamlDoc(data, source, lines)


def read(path: Path, error: type[Exception]) -> YamlDoc:
    """Read and parse a YAML file; an unreadable file becomes `error`."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise error(f"{path}: cannot read: {exc}") from None
    return parse(text, str(path), error)


def _record_lines(node: yaml.Node, key: Key, lines: dict[Key, int]) -> None:
    lines.setdefault(key, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            child = (*key, str(key_node.value))
            lines[child] = key_node.start_mark.line + 1
            _record_lines(value_node, child, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, (*key, index), lines)

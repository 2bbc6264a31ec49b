"""Sentence templates, in the spirit of hassil, parsed once into a tree.

Syntax: `(a|b)` alternatives, `[x]` optional, `<rule>` a named sub-template, `{slot}` a list
slot, `{slot:rule}` a slot whose words follow `<rule>` and are parsed into a value.
companion.core.grammar turns the tree into regular expressions (typed text) and JSGF
(the recogniser), so what can be typed and what can be heard never disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    """One word, as the recogniser's dictionary spells it."""

    text: str
    """Lower case; may hold an apostrophe or dots ("let's", "a.m.")."""


@dataclass(frozen=True)
class Seq:
    """Items one after another."""

    items: tuple[Node, ...]
    """In order."""


@dataclass(frozen=True)
class Alt:
    """One of several options."""

    options: tuple[Node, ...]
    """Each a full alternative."""


@dataclass(frozen=True)
class Opt:
    """An item that may be left out."""

    item: Node
    """What may be said."""


@dataclass(frozen=True)
class RuleRef:
    """A named sub-template, such as <number>."""

    name: str
    """The rule's name."""


@dataclass(frozen=True)
class Slot:
    """A captured value: a list slot, or a rule whose words are parsed."""

    name: str
    """The slot's name in the intent (such as minutes)."""
    rule: str | None
    """The rule or list its words come from, or None for the list of the same name."""


Node = Word | Seq | Alt | Opt | RuleRef | Slot

_TOKEN = re.compile(r"\(|\)|\[|\]|\||<[a-z_0-9]+>|\{[a-z_]+(?::[a-z_0-9]+)?\}|[^\s()\[\]|{}<>]+")


_WORD = re.compile(r"[a-z][a-z'.]*")


class TemplateError(ValueError):
    """A template's brackets or names are wrong."""


def parse(template: str) -> Node:
    """The tree of one template."""
    tokens = _TOKEN.findall(template)
    if "".join(tokens) != "".join(template.split()):
        raise TemplateError(f"unexpected characters in template {template!r}")
    node, rest = _alternatives(tokens, closer=None, template=template)
    if rest:
        raise TemplateError(f"unbalanced '{rest[0]}' in template {template!r}")
    return node


def _alternatives(tokens: list[str], closer: str | None, template: str) -> tuple[Node, list[str]]:
    branches: list[list[Node]] = [[]]
    while tokens and tokens[0] != closer:
        token, tokens = tokens[0], tokens[1:]
        if token == "|":
            branches.append([])
        elif token in ("(", "["):
            inner_closer = ")" if token == "(" else "]"
            inner, tokens = _alternatives(tokens, inner_closer, template)
            if not tokens:
                raise TemplateError(f"'{token}' is never closed in template {template!r}")
            tokens = tokens[1:]
            branches[-1].append(Opt(inner) if token == "[" else inner)
        elif token in (")", "]"):
            raise TemplateError(f"unexpected '{token}' in template {template!r}")
        elif token.startswith("<"):
            branches[-1].append(RuleRef(token[1:-1]))
        elif token.startswith("{"):
            name, _, rule = token[1:-1].partition(":")
            branches[-1].append(Slot(name, rule or None))
        elif _WORD.fullmatch(token):
            branches[-1].append(Word(token))
        else:
            raise TemplateError(f"{token!r} is not a lower-case word, in template {template!r}")
    sequences = [_seq(branch) for branch in branches]
    if any(s == Seq(()) for s in sequences):
        raise TemplateError(f"an empty alternative in template {template!r}")
    return (sequences[0] if len(sequences) == 1 else Alt(tuple(sequences))), tokens


def _seq(items: list[Node]) -> Node:
    return items[0] if len(items) == 1 else Seq(tuple(items))


def words_of(node: Node) -> set[str]:
    """Every literal word in a tree (rules and slots not followed)."""
    if isinstance(node, Word):
        return {node.text}
    if isinstance(node, Seq):
        return set().union(*(words_of(i) for i in node.items))
    if isinstance(node, Alt):
        return set().union(*(words_of(o) for o in node.options))
    if isinstance(node, Opt):
        return words_of(node.item)
    return set()

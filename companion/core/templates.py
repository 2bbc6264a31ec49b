"""Sentence templates, in the spirit of hassil: `(a|b)` alternatives, `[x]` optional, `{slot}`.

A template compiles to a regular expression over normalised text in which every word is
followed by one space, so optional parts need no special spacing rules.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

_TOKEN = re.compile(r"\(|\)|\[|\]|\||\{[a-z_]+\}|[^\s()\[\]|{}]+")


class TemplateError(ValueError):
    """A template's brackets or slot names are wrong."""


def compile_template(template: str, slots: Mapping[str, Mapping[str, list[str]]]) -> str:
    """Regex source for one template; `slots` maps slot name -> value -> phrases."""
    tokens = _TOKEN.findall(template)
    pattern, rest = _sequence(tokens, slots, closers=())
    if rest:
        raise TemplateError(f"unbalanced '{rest[0]}' in template {template!r}")
    return pattern


def _sequence(
    tokens: list[str], slots: Mapping[str, Mapping[str, list[str]]], closers: tuple[str, ...]
) -> tuple[str, list[str]]:
    """Parse alternatives up to a closer; returns the regex and the tokens left."""
    branches: list[str] = [""]
    while tokens and tokens[0] not in closers:
        token, tokens = tokens[0], tokens[1:]
        if token == "|":
            branches.append("")
        elif token in "([":
            closer = ")" if token == "(" else "]"
            inner, tokens = _sequence(tokens, slots, closers=(closer,))
            if not tokens:
                raise TemplateError(f"'{token}' is never closed")
            tokens = tokens[1:]
            branches[-1] += f"(?:{inner})" + ("?" if token == "[" else "")
        elif token in ")]":
            raise TemplateError(f"unexpected '{token}'")
        elif token.startswith("{"):
            branches[-1] += _slot(token[1:-1], slots)
        else:
            branches[-1] += re.escape(token) + " "
    return "|".join(branches), tokens


def _slot(name: str, slots: Mapping[str, Mapping[str, list[str]]]) -> str:
    if name not in slots:
        raise TemplateError(f"unknown slot {{{name}}}")
    phrases = sorted((p for ps in slots[name].values() for p in ps), key=len, reverse=True)
    return f"(?P<{name}>" + "|".join(re.escape(p) + " " for p in phrases) + ")"

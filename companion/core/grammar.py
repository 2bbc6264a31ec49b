"""The intent definition (intents.yaml), parsed once into trees of templates and compiled to:

- regular expressions that match typed text (`Grammar.match`),
- sample sentences, for the recogniser's language models and for tests (`Grammar.sample`).

companion.core.word_graph compiles the same trees to one word graph per dialogue context.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from companion.core.numbers import parse_clock, parse_duration, parse_number
from companion.core.templates import (
    Alt,
    Node,
    Opt,
    RuleRef,
    Seq,
    Slot,
    TemplateError,
    Word,
    words_of,
)
from companion.core.templates import parse as parse_template

SlotValue = int | float | str

PARSERS: dict[str, Callable[[str], SlotValue | None]] = {
    "number": parse_number,
    "rating": lambda words: (
        value if (value := parse_number(words)) is not None and value <= 10 else None
    ),
    "score": parse_number,  # a rating said out of range ("eleven") is heard, then explained
    "duration": parse_duration,
    "interval": lambda words: {"hour": 60, "half hour": 30}.get(words) or parse_duration(words),
    "clock": parse_clock,
}
"""How the words captured by a `{slot:rule}` become its value."""


@dataclass(frozen=True)
class Template:
    """One compiled template of one intent."""

    intent: str
    """The intent it expresses."""
    tree: Node
    """The parsed template."""
    regex: re.Pattern[str]
    """Matches normalised text plus one trailing space; groups g0, g1... are its slots."""
    slots: dict[str, Slot]
    """Regex group name -> the slot it captures."""


@dataclass(frozen=True)
class Parse:
    """What a sentence of the grammar says."""

    intent: str
    """The intent it expresses."""
    slots: dict[str, SlotValue]
    """Slot name -> value."""
    slot_words: frozenset[int]
    """Positions (0 = first word) of the words the slot values were read from."""


class Grammar:
    """Every intent's templates, the rules and lists they use, and the dialogue contexts."""

    def __init__(self, definition: dict[str, Any]) -> None:
        self.rules = {name: parse_template(str(t)) for name, t in definition["rules"].items()}
        self.lists = {
            name: {str(value): [str(p) for p in phrases] for value, phrases in table.items()}
            for name, table in definition["lists"].items()
        }
        self.before = parse_template(definition["fillers"]["before"])
        self.after = parse_template(definition["fillers"]["after"])
        self.always: list[str] = list(definition["always"])
        self.contexts: dict[str, list[str]] = {
            # stop, pause and crisis come first: where a sentence could mean two things, they win
            name: [*self.always, *intents]
            for name, intents in definition["contexts"].items()
        }
        self.hints: dict[str, str] = {
            str(name): " ".join(str(text).split())
            for name, text in (definition.get("hints") or {}).items()
        }
        """Context -> the words it expects, as a person would say them (a recogniser's prompt)."""
        trees: dict[str, list[Node]] = {}
        for intent, texts in definition["intents"].items():
            if not isinstance(intent, str):
                raise TemplateError(f"intent name {intent!r} is not text (quote yes and no)")
            trees[intent] = [parse_template(str(text)) for text in texts]
        self._check_names(trees)
        self.templates = {
            intent: [self._compile(intent, tree) for tree in intent_trees]
            for intent, intent_trees in trees.items()
        }

    # ---------------------------------------------------------------- typed text

    def match(self, normalized: str, context: str) -> tuple[str, dict[str, SlotValue]] | None:
        """The intent and slots of normalised text in a context, or None."""
        found = self.parse(normalized, context)
        return None if found is None else (found.intent, found.slots)

    def parse(self, normalized: str, context: str) -> Parse | None:
        """The intent and slots of normalised text, and which of its words gave the slots."""
        padded = normalized + " "
        for intent in self.contexts[context]:
            for template in self.templates[intent]:
                found = template.regex.fullmatch(padded)
                if found:
                    parsed = self._parsed(intent, template, found)
                    if parsed is not None:
                        return parsed
        return None

    def _parsed(self, intent: str, template: Template, found: re.Match[str]) -> Parse | None:
        values: dict[str, SlotValue] = {}
        slot_words: set[int] = set()
        for group, slot in template.slots.items():
            words = found.group(group)
            if words is None:
                continue
            value = self._slot_value(slot, words.strip())
            if value is None:
                return None
            values[slot.name] = value
            first = found.string.count(" ", 0, found.start(group))
            slot_words.update(range(first, first + len(words.split())))
        return Parse(intent, values, frozenset(slot_words))

    def _slot_value(self, slot: Slot, words: str) -> SlotValue | None:
        source = _source(slot)
        if source not in self.lists:
            return PARSERS[source](words) if source in PARSERS else words
        for value, phrases in self.lists[source].items():
            if words in phrases:
                return value
        return None

    def _compile(self, intent: str, tree: Node) -> Template:
        slots: dict[str, Slot] = {}
        body = self._regex(tree, slots)
        before, after = self._regex(self.before, {}), self._regex(self.after, {})
        pattern = re.compile(f"(?:{before})*(?:{body})(?:{after})*")
        return Template(intent, tree, pattern, slots)

    def _regex(self, node: Node, slots: dict[str, Slot]) -> str:
        if isinstance(node, Word):
            return re.escape(node.text) + " "
        if isinstance(node, Seq):
            return "".join(self._regex(item, slots) for item in node.items)
        if isinstance(node, Alt):
            return "(?:" + "|".join(self._regex(o, slots) for o in node.options) + ")"
        if isinstance(node, Opt):
            return f"(?:{self._regex(node.item, slots)})?"
        if isinstance(node, RuleRef):
            return f"(?:{self._regex(self.rules[node.name], slots)})"
        group = f"g{len(slots)}"
        slots[group] = node
        source = _source(node)
        if source in self.lists:
            phrases = sorted(
                (p for ps in self.lists[source].values() for p in ps), key=len, reverse=True
            )
            inner = "|".join(re.escape(p) + " " for p in phrases)
        else:
            inner = self._regex(self.rules[source], {})
        return f"(?P<{group}>{inner})"

    # ---------------------------------------------------------------- identity

    def fingerprint(self) -> str:
        """A hash of everything the definition says: equal for equal definitions."""
        trees = {intent: [t.tree for t in ts] for intent, ts in self.templates.items()}
        described = (self.rules, self.lists, self.before, self.after, self.contexts, trees)
        return hashlib.sha256(repr(described).encode()).hexdigest()

    def vocabulary(self) -> set[str]:
        """Every word any context can hear."""
        words = set().union(*(words_of(t) for t in self.rules.values()))
        words |= words_of(self.before) | words_of(self.after)
        for table in self.lists.values():
            words |= {w for ps in table.values() for p in ps for w in p.split()}
        for templates in self.templates.values():
            words |= set().union(*(words_of(t.tree) for t in templates))
        return words

    # ---------------------------------------------------------------- samples

    def sample(self, intent: str, rng: random.Random) -> str:
        """One random sentence of an intent, without fillers."""
        return self.sample_template(rng.choice(self.templates[intent]), rng)

    def sample_template(self, template: Template, rng: random.Random) -> str:
        """One random sentence of one template."""
        return " ".join(self._sample(template.tree, rng))

    def sample_node(self, node: Node, rng: random.Random) -> list[str]:
        """The words of one random expansion of any template tree (such as the fillers)."""
        return list(self._sample(node, rng))

    def _sample(self, node: Node, rng: random.Random) -> Iterable[str]:
        if isinstance(node, Word):
            return [node.text]
        if isinstance(node, Seq):
            return [w for item in node.items for w in self._sample(item, rng)]
        if isinstance(node, Alt):
            return self._sample(rng.choice(node.options), rng)
        if isinstance(node, Opt):
            return self._sample(node.item, rng) if rng.random() < 0.5 else []
        name = node.name if isinstance(node, RuleRef) else _source(node)
        if isinstance(node, RuleRef) or name not in self.lists:
            return self._sample(self.rules[name], rng)
        phrases = [p for ps in self.lists[name].values() for p in ps]
        return rng.choice(phrases).split()

    def _check_names(self, trees: dict[str, list[Node]]) -> None:
        for context, intents in self.contexts.items():
            unknown = set(intents) - set(trees)
            if unknown:
                raise TemplateError(f"context {context} names unknown intents {sorted(unknown)}")
        for intent, intent_trees in trees.items():
            for tree in intent_trees:
                self._check_tree(tree, intent)
        for name, rule in self.rules.items():
            self._check_tree(rule, f"rule {name}")

    def _check_tree(self, node: Node, where: str) -> None:
        if isinstance(node, Seq | Alt):
            for child in node.items if isinstance(node, Seq) else node.options:
                self._check_tree(child, where)
        elif isinstance(node, Opt):
            self._check_tree(node.item, where)
        elif isinstance(node, RuleRef) and node.name not in self.rules:
            raise TemplateError(f"{where}: unknown rule <{node.name}>")
        elif isinstance(node, Slot) and _source(node) not in (*self.rules, *self.lists):
            raise TemplateError(f"{where}: {{{node.name}}} names no rule or list")


def _source(slot: Slot) -> str:
    """The list or rule a slot's words come from: {pattern} -> pattern, {at:clock} -> clock."""
    return slot.rule or slot.name

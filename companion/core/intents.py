"""Text to intent: crisis language first, then the templates of intents.yaml in a context."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources

from companion.core import yamlsource
from companion.core.crisis import is_crisis
from companion.core.grammar import Grammar, SlotValue
from companion.core.text import normalize
from companion.errors import ConfigError

CRISIS = "crisis"
NONE = "none"
CONTEXTS = ("idle", "session", "yes_no", "rating", "feeling", "choice")
"""Dialogue contexts by name; each hears its own intents plus stop, pause and crisis."""


@dataclass(frozen=True)
class Intent:
    """What a request asks for."""

    name: str
    """One of the contract's intent names, `crisis`, or `none` when nothing matched."""
    slots: dict[str, SlotValue] = field(default_factory=dict)
    """Slot name -> canonical value, such as {"pattern": "box"} or {"in_minutes": 20}."""


def bundled_grammar() -> Grammar:
    """The grammar of the intents shipped with the package."""
    text = resources.files("companion.core").joinpath("intents.yaml").read_text("utf-8")
    return Grammar(yamlsource.parse(text, "intents.yaml", ConfigError).data)


class IntentMatcher:
    """Typed or recognised text to an intent."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar

    @classmethod
    def bundled(cls) -> IntentMatcher:
        """The matcher for the intents shipped with the package."""
        return cls(bundled_grammar())

    def match(self, text: str, context: str = "idle") -> Intent:
        """The intent of one request; crisis language wins over everything else."""
        normalized = normalize(text)
        if is_crisis(normalized):
            return Intent(CRISIS)
        found = self.grammar.match(normalized, context)
        if found is None:
            return Intent(NONE)
        return Intent(*found)

"""Text to intent: the templates of intents.yaml compiled to one matcher, crisis first."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

from companion.core import yamlsource
from companion.core.crisis import is_crisis
from companion.core.templates import TemplateError, compile_template
from companion.core.text import normalize
from companion.errors import ConfigError

CRISIS = "crisis"
NONE = "none"


@dataclass(frozen=True)
class Intent:
    """What a request asks for."""

    name: str
    """One of the contract's intent names, `crisis`, or `none` when nothing matched."""
    slots: dict[str, str] = field(default_factory=dict)
    """Slot name -> canonical value, such as {"pattern": "box"}."""


class IntentMatcher:
    """Matches normalised text against every intent's templates."""

    def __init__(self, definition: dict[str, Any], source: str = "intents") -> None:
        # YAML reads "478" as a number: phrases and values are words here.
        slots = {
            name: {str(value): [str(p) for p in phrases] for value, phrases in table.items()}
            for name, table in definition.get("slots", {}).items()
        }
        fillers = definition.get("fillers", {})
        before = _phrase_group(fillers.get("before", []))
        after = _phrase_group(fillers.get("after", []))
        self._slot_values = {
            name: {phrase: value for value, phrases in table.items() for phrase in phrases}
            for name, table in slots.items()
        }
        self._rules: list[tuple[str, re.Pattern[str]]] = []
        for intent, templates in definition["intents"].items():
            for template in templates:
                try:
                    body = compile_template(template, slots)
                except TemplateError as exc:
                    raise ConfigError(f"{source}: intent {intent}: {exc}") from None
                pattern = f"(?:{before} )*(?:{body})(?:{after} )*"
                self._rules.append((intent, re.compile(pattern)))

    @classmethod
    def bundled(cls) -> IntentMatcher:
        """The matcher for the intents shipped with the package."""
        text = resources.files("companion.core").joinpath("intents.yaml").read_text("utf-8")
        return cls(yamlsource.parse(text, "intents.yaml", ConfigError).data, "intents.yaml")

    def match(self, text: str) -> Intent:
        """The intent of one request; crisis language wins over everything else."""
        normalized = normalize(text)
        if is_crisis(normalized):
            return Intent(CRISIS)
        padded = normalized + " "
        for intent, rule in self._rules:
            found = rule.fullmatch(padded)
            if found:
                return Intent(intent, self._slots_of(found))
        return Intent(NONE)

    def _slots_of(self, found: re.Match[str]) -> dict[str, str]:
        return {
            name: self._slot_values[name][phrase.strip()]
            for name, phrase in found.groupdict().items()
            if phrase is not None
        }


def _phrase_group(phrases: list[str]) -> str:
    return "(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + ")"

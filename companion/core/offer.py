"""A question of what to do next, and how its answer is read: "Would you like to breathe
together, or ground yourself?" asked when a request for help does not say which kind. Pure."""

from __future__ import annotations

from dataclasses import dataclass, field

from companion.core.intents import Intent


@dataclass(frozen=True)
class Offer:
    """Two or three things offered by name; an answer picks one or declines."""

    question: str
    """What is said."""
    options: tuple[Intent, ...]
    """What each choice starts, in the order offered; "yes" takes the first."""
    declined: Intent = field(default_factory=lambda: Intent("no"))
    """What a no becomes."""

    def answer(self, intent: Intent) -> Intent:
        """The request an answer makes: yes is the first option, "the second one" the second,
        no stays no, and anything else is a request of its own."""
        if intent.name == "yes":
            return self.options[0]
        if intent.name == "pick":
            position = int(str(intent.slots.get("position", 1))) - 1
            return self.options[min(max(position, 0), len(self.options) - 1)]
        if intent.name == "skip":
            return self.declined
        return intent


BREATHE_OR_GROUND = Offer(
    "Would you like to breathe together, or ground yourself?",
    (Intent("breathe"), Intent("ground")),
)
"""The offer for a request for help that does not say which kind."""

"""The wake phrase: the words that say a request is meant for the companion. Pure.

In wake mode (the default) an idle companion acts only on requests that begin with it, so a TV
or a conversation in the room is not taken for a command. People put a word or two before it
("hey companion", "okay companion"), and say it alone to get attention ("companion?").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from companion.core.known_words import known_words
from companion.core.text import normalize

WAKE = "wake"
"""The intent of the wake phrase said alone: the person wants the companion's attention."""
CALLING_WORDS = frozenset({"hey", "hi", "hello", "ok", "okay", "oh", "um", "uh", "so", "right"})
"""Words people put before a name to call someone ("hey companion", "okay so companion");
no others, so "my companion left me" is not a wake-up."""


@dataclass(frozen=True)
class Wake:
    """Where the wake phrase was found in a transcript."""

    woken: bool
    """True when the transcript began with the wake phrase."""
    request: tuple[str, ...]
    """The words after it (the whole transcript when not woken)."""


class WakePhrase:
    """Finds a wake phrase such as "companion" at the start of what was said."""

    def __init__(self, phrase: str) -> None:
        self.words = tuple(normalize(phrase).split())
        if not self.words:
            raise ValueError("the wake phrase is empty")

    @property
    def text(self) -> str:
        """The phrase, normalised."""
        return " ".join(self.words)

    def find(self, words: Sequence[str]) -> Wake:
        """Whether `words` (normalised) begin with the phrase, and what follows it."""
        size = len(self.words)
        start = 0
        while start + size <= len(words):
            said = words[start : start + size]
            if all(_sounds_like(w, want) for w, want in zip(said, self.words, strict=True)):
                return Wake(True, tuple(words[start + size :]))
            if words[start] not in CALLING_WORDS:
                break
            start += 1
        return Wake(False, tuple(words))

    def after_name_like(self, words: Sequence[str]) -> tuple[str, ...]:
        """`words` less a lead that begins as the name does ("compassion help me ground
        myself"): in a next-best transcript of an utterance whose best carried the name, that
        is the name misheard, never a request for self-compassion."""
        start = 0
        while start < len(words) and words[start] in CALLING_WORDS:
            start += 1
        size = len(self.words)
        if len(words) >= start + size and words[start][:3] == self.words[0][:3]:
            return tuple(words[start + size :])
        return tuple(words)

    def locate(self, text: str) -> Wake:
        """`find` on typed or transcribed text."""
        return self.find(normalize(text).split())


def _sounds_like(heard: str, name: str) -> bool:
    """The name as a recogniser may write it: "companions", "compandion", "companion's"."""
    if heard in (name, name + "s", name + "'s"):
        return True
    if len(name) < 6 or heard[:4] != name[:4] or abs(len(heard) - len(name)) > 2:
        return False
    # "compandium" for "companion": a long name may be misspelled more, but never as a real
    # word ("compassion")
    allowed = 3 if len(name) >= 8 else 2
    return heard not in known_words() and _distance(heard, name) <= allowed


def _distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i]
        for j, y in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x != y)))
        previous = current
    return previous[-1]

"""Typing slips mended before reading: "breathng exersize" -> "breathing exercise". Pure.

A word is mended only when it is no English word (companion.core.known_words: "bread" and
"cooking" are words, not slips for "breath" and "choking") and one slip from exactly one word
the companion knows (the templates' and the lexicon's), two slips for a long word: a wrong
mend is worse than none. Very short slips have their own table.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

SHORT_SLIPS = {
    "breth": "breath",
    "brethe": "breathe",
    "breate": "breathe",
    "bretahe": "breathe",
    "calmm": "calm",
    "clam": "calm",
    "stpo": "stop",
    "sotp": "stop",
    "stopp": "stop",
    "puase": "pause",
    "pasue": "pause",
    "paws": "pause",
    "slep": "sleep",
    "sleap": "sleep",
    "anxius": "anxious",
    "scard": "scared",
    "sacred": "scared",
    "skared": "scared",
    "helpp": "help",
    "hepl": "help",
    "remnd": "remind",
    "wnat": "want",
    "evry": "every",
    "pase": "pause",
    "wat": "what",
    "fiev": "five",
    "fvie": "five",
    "sevn": "seven",
    "nien": "nine",
    "watn": "want",
    "wna": "wanna",
    "wan": "want",
    "lfe": "life",
    "lief": "life",
    "liev": "live",
    "kil": "kill",
    "dei": "die",
    "myslef": "myself",
    "skp": "skip",
    "ned": "need",
    "stahp": "stop",
    "rmnd": "remind",
    "rmd": "remind",
    "hlp": "help",
    "stp": "stop",
    "slwr": "slower",
    "fstr": "faster",
    "nought": "zero",
    "dunno": "don't know",
    "idk": "i don't know",
    "remid": "remind",
    "minuts": "minutes",
    "minits": "minutes",
}
"""Slips in short words, mended as they are."""
INTERJECTIONS = frozenset(
    {"ugh", "urgh", "argh", "hmm", "meh", "lol", "omg", "ffs", "tbh", "wtf", "pfft", "oof",
     "yikes", "eek", "eh", "ooh", "aah", "ahh", "phew", "gah", "bleh", "lmao", "smh"}
)  # fmt: skip
"""Sounds people type that are no slips ("urgh" is not "urge")."""
MIN_LENGTH = 4
"""Words shorter than this are only mended from SHORT_SLIPS."""


def vocabulary_set(words: Iterable[str]) -> set[str]:
    """The alphabetic words of a vocabulary."""
    return {w for w in words if w.isalpha()}


MIN_PART = 3
"""Shortest word a run-together pair is split into ("selfcompassion": "self" and more)."""


class Speller:
    """Mends words that are not known but are one or two slips from a long known word."""

    def __init__(self, vocabulary: Iterable[str], english: frozenset[str] = frozenset()) -> None:
        """`vocabulary`: the words to mend towards; `english`: real words never mended."""
        self._known = frozenset(vocabulary) | english | INTERJECTIONS
        self._vocabulary = vocabulary_set(vocabulary)
        self._targets = sorted(w for w in self._vocabulary if len(w) >= MIN_LENGTH)
        self._mended: dict[str, str] = {}

    def mend(self, words: Sequence[str]) -> list[str]:
        """`words` with slips mended; known and unmendable words as they are."""
        return [self._word(w) for w in words]

    def _word(self, word: str) -> str:
        if word in self._known:
            return word
        single = re.sub(r"(.)\1{2,}", r"\1", word)  # "stoppp", "fiveee", "nooo", "coool"
        if single != word:
            double = re.sub(r"(.)\1{2,}", r"\1\1", word)
            return double if double in self._known else self._word(single)
        if word in SHORT_SLIPS:
            return SHORT_SLIPS[word]
        if len(word) < MIN_LENGTH or not word.isalpha():
            return word
        if word not in self._mended:
            self._mended[word] = self._split(word) or self._nearest(word)
        return self._mended[word]

    def _split(self, word: str) -> str | None:
        """Two words run together, each a word of the vocabulary ("selfcompassion",
        "bodyscan"), as a recogniser or a hurried thumb may write them."""
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if head in self._vocabulary and tail in self._vocabulary:
                return f"{head} {tail}"
        return None

    def _nearest(self, word: str) -> str:
        allowed = 1 if len(word) < 7 else 2
        nearest: list[str] = []
        best_distance = allowed + 1
        for target in self._targets:
            if abs(len(target) - len(word)) > allowed or target[0] != word[0]:
                continue
            distance = _distance(word, target, allowed)
            if distance < best_distance:
                nearest, best_distance = [target], distance
            elif distance == best_distance:
                nearest.append(target)
        # a dropped letter is the likelier slip: "fastr" is "faster" before "fast"
        longer = [t for t in nearest if len(t) > len(word)]
        chosen = longer if len(nearest) > 1 else nearest
        return chosen[0] if len(chosen) == 1 else word


def _distance(a: str, b: str, limit: int) -> int:
    """Edit distance with swaps of neighbours (Damerau), or limit + 1 once beyond `limit`."""
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]

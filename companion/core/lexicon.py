"""Which words carry which meaning (lexicon.yaml): the concepts the meaning reader
(companion.core.meaning) weighs when a sentence fits no template, and the small word lists it
decides with. Loaded once from the package; pure.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

from companion.core import yamlsource
from companion.errors import ConfigError

NEGATION_SCOPE = 4
"""How many words after a negation it reaches, unless a clause ends first."""


@dataclass(frozen=True)
class Words:
    """The lexicon, as lexicon.yaml says it."""

    concepts: dict[str, tuple[str, ...]]
    """Concept name -> the phrases that say it, in the file's order (earlier wins a tie)."""
    imperatives: frozenset[str]
    """Verbs that make a request when they open a clause ("do box breathing")."""
    addressees: frozenset[str]
    """Words that say a sentence is spoken to someone in the room ("kids, stop")."""
    asides_always: tuple[str, ...]
    """Phrases that say a sentence is told, quoted or asked of someone else."""
    asides: tuple[str, ...]
    """Phrases that say a sentence is about someone or something else, unless the speaker is
    in it too ("the kids are asleep" against "the kids have been screaming and I'm fuming")."""
    third_parties: frozenset[str]
    """After "my", people a sentence may be about instead of the speaker."""
    negations: frozenset[str]
    """Words that deny what follows them."""
    scope_ends: frozenset[str]
    """Words that end a negation's reach ("not anxious, just tired")."""


@cache
def words() -> Words:
    """The shipped lexicon."""
    text = resources.files("companion.core").joinpath("lexicon.yaml").read_text("utf-8")
    data = yamlsource.parse(text, "lexicon.yaml", ConfigError).data
    return Words(
        {str(name): tuple(str(p) for p in phrases) for name, phrases in data["concepts"].items()},
        frozenset(str(w) for w in data["imperatives"]),
        frozenset(str(w) for w in data["addressees"]),
        tuple(str(p) for p in data["asides_always"]),
        tuple(str(p) for p in data["asides"]),
        frozenset(str(w) for w in data["third_parties"]),
        frozenset(str(w) for w in data["negations"]),
        frozenset(str(w) for w in data["scope_ends"]) | {"|"},
    )


def lexicon_words() -> set[str]:
    """Every word of the concepts, stems without their "*"."""
    return {w.rstrip("*") for ps in words().concepts.values() for p in ps for w in p.split()}

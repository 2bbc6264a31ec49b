"""How differently two words sound, for reading what a recogniser misheard ("back" for "box",
"reading" for "breathing"): the edit distance between their Metaphone keys, from jellyfish
(a maintained Rust implementation of the classic phonetic algorithms), over the longer key.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=20_000)
def _key(word: str) -> str:
    import jellyfish

    return str(jellyfish.metaphone(word)) or word


def unlike(heard: str, other: str) -> float:
    """0 when the words sound alike ("quiet", "quite"), up to 1 when nothing is alike."""
    import jellyfish

    a, b = _key(heard), _key(other)
    return min(1.0, jellyfish.levenshtein_distance(a, b) / max(len(a), len(b), 1))

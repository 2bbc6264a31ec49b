"""Slips are mended towards the companion's words; real words never are."""

from __future__ import annotations

import pytest

from companion.core.spelling import Speller

SPELLER = Speller(
    ["box", "breathing", "self", "compassion", "body", "scan", "stop", "faster"],
    frozenset({"compassion", "fast", "the", "boxing"}),
)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("selfcompassion", "self compassion"),  # run together, as Whisper wrote it
        ("bodyscan", "body scan"),
        ("breathng", "breathing"),
        ("fastr", "faster"),
        ("stoppp", "stop"),
    ],
)
def test_slips_are_mended(written: str, meant: str) -> None:
    assert " ".join(SPELLER.mend([written])) == meant


@pytest.mark.parametrize("word", ["boxing", "the", "compassion", "xylograph", "ab"])
def test_real_and_unknowable_words_are_left_alone(word: str) -> None:
    assert SPELLER.mend([word]) == [word]

"""Crisis language on the labelled lists of tests/data (written by other hands than the
patterns', for tuning), read as typed text by the patterns alone: recall first, and few false
alarms among the hard near-misses (figures of speech, other people, denials, media)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from companion.core.intents import CRISIS, IntentMatcher
from companion.core.reader import Reader

DATA = Path(__file__).parent.parent / "data"
READER = Reader(IntentMatcher.bundled())


def _rows(name: str) -> list[dict[str, object]]:
    return list(yaml.safe_load((DATA / name).read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", ["crisis_dev.yaml", "crisis_dev2.yaml", "crisis_dev3.yaml"])
def test_crisis_language_is_caught_and_near_misses_mostly_left_alone(name: str) -> None:
    rows = _rows(name)
    caught = [READER.read(str(r["text"])).intent.name == CRISIS for r in rows]
    crisis = [c for c, r in zip(caught, rows, strict=True) if r["crisis"]]
    ordinary = [c for c, r in zip(caught, rows, strict=True) if not r["crisis"]]
    assert sum(crisis) / len(crisis) >= 0.975  # measured 97.8-99.3%
    assert sum(ordinary) / len(ordinary) <= 0.03  # measured 0.4-2.1%


def test_a_negation_takes_back_only_what_it_reaches() -> None:
    assert READER.read("I'm not suicidal, just exhausted").intent.name != CRISIS
    assert READER.read("no, I want to die").intent.name == CRISIS
    assert READER.read("I can't stop thinking about ending my life").intent.name == CRISIS


def test_an_ordinary_reason_to_be_away_is_no_goodbye() -> None:
    assert READER.read("I won't be here tomorrow, I'm at my sister's").intent.name != CRISIS
    assert READER.read("I won't be here tomorrow").intent.name == CRISIS


def test_speaking_of_oneself_as_someone_else_is_still_crisis() -> None:
    said = "my mate reckons he wants to top himself and my mate is me really"
    assert READER.read(said).intent.name == CRISIS
    assert READER.read("my friend keeps joking about wanting to die").intent.name != CRISIS

"""The second ear for crisis language: the real WordLlama model from its wheel, offline."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from companion.core.examples import examples
from companion.core.intents import CRISIS, IntentMatcher
from companion.core.reader import Reader
from companion.engines.wordllama_likeness import WordLlamaLikeness

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def likeness() -> Iterator[WordLlamaLikeness]:
    yield WordLlamaLikeness(examples())


def test_the_model_loads_with_the_network_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    near = WordLlamaLikeness([("start box breathing", "breathe"), ("I want to die", CRISIS)])
    assert near.nearest("can we do box breathing", 1)[0].label == "breathe"


def test_nearest_examples_come_nearest_first(likeness: WordLlamaLikeness) -> None:
    near = likeness.nearest("i keep thinking everyone would be better off without me", 5)
    assert [n.similarity for n in near] == sorted((n.similarity for n in near), reverse=True)
    assert near[0].label == CRISIS


def test_with_likeness_the_crisis_lists_are_caught_and_calm_words_are_not(
    likeness: WordLlamaLikeness,
) -> None:
    reader = Reader(IntentMatcher.bundled(), likeness=likeness)
    rows = yaml.safe_load((DATA / "crisis_dev2.yaml").read_text(encoding="utf-8"))
    crisis = [r for r in rows if r["crisis"]]
    caught = sum(reader.read(str(r["text"])).intent.name == CRISIS for r in crisis)
    assert caught / len(crisis) >= 0.99  # measured 100%
    for said in ("I just need some me time tonight", "start box breathing", "I can't sleep"):
        assert reader.read(said).intent.name != CRISIS

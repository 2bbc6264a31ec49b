"""Transcripts are read as the nearest sentence of a context, with an honest edit cost."""

from __future__ import annotations

import pytest

from companion.core.alignment import LIGHT_COST, Aligner, Alignment
from companion.core.grammar import Grammar
from companion.core.word_graph import context_graph

DEFINITION = {
    "rules": {"minutes": "(five|ten|twenty) minutes"},
    "lists": {"pattern": {"box": ["box", "square"], "478": ["four seven eight"]}},
    "fillers": {"before": "(um|can you|companion)", "after": "(please|thanks)"},
    "always": ["stop"],
    "contexts": {"idle": ["breathe"]},
    "intents": {
        "stop": ["stop [it]"],
        "breathe": ["[start] [the] {pattern} breathing [for <minutes>]"],
    },
}


def align(aligner: Aligner, text: str) -> Alignment:
    return aligner.align(text.split())


@pytest.fixture(scope="module")
def aligner() -> Aligner:
    return Aligner(context_graph(Grammar(DEFINITION), "idle"))


def test_a_sentence_of_the_grammar_costs_nothing(aligner: Aligner) -> None:
    found = align(aligner, "um start the box breathing for ten minutes please")
    assert found.sentence == "um start the box breathing for ten minutes please"
    assert found.cost == 0.0


def test_a_misheard_word_is_one_substitution(aligner: Aligner) -> None:
    found = align(aligner, "start box breeding")
    assert (found.sentence, found.cost) == ("start box breathing", 1.0)


def test_an_extra_word_is_an_insertion_and_light_words_cost_half(aligner: Aligner) -> None:
    assert align(aligner, "stop it now").cost == LIGHT_COST  # "now" is light
    found = align(aligner, "stop elephant")
    assert (found.sentence, found.cost) == ("stop", 1.0)


def test_a_missing_word_is_a_deletion(aligner: Aligner) -> None:
    found = align(aligner, "four eight breathing")
    assert (found.sentence, found.cost) == ("four seven eight breathing", 1.0)


def test_unsure_words_are_cheap_to_change(aligner: Aligner) -> None:
    sure = aligner.align(["stop", "elephant"], [1.0, 1.0]).cost
    unsure = aligner.align(["stop", "elephant"], [1.0, 0.2]).cost
    assert unsure == pytest.approx(0.2) and sure == 1.0


def test_chatter_is_far_from_every_sentence(aligner: Aligner) -> None:
    found = align(aligner, "did you remember to buy milk on the way home")
    assert found.cost >= 5


def test_nothing_heard_is_nearest_to_the_shortest_sentence(aligner: Aligner) -> None:
    found = aligner.align([])
    assert (found.sentence, found.cost) == ("stop", 1.0)

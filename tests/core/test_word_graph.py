"""The recogniser's word graphs hold the grammar's sentences and nothing the matcher rejects."""

from __future__ import annotations

import random

import pytest

from companion.core.intents import CONTEXTS, IntentMatcher
from companion.core.word_graph import context_graph


def test_every_sampled_sentence_of_a_context_is_in_its_graph() -> None:
    grammar = IntentMatcher.bundled().grammar
    rng = random.Random(3)
    for context, intents in grammar.contexts.items():
        graph = context_graph(grammar, context)
        for intent in intents:
            for _ in range(10):
                sentence = grammar.sample(intent, rng)
                assert graph.accepts(sentence), (context, sentence)


def test_every_graph_sentence_is_read_by_the_text_matcher() -> None:
    matcher = IntentMatcher.bundled()
    for context in matcher.grammar.contexts:
        for sentence in context_graph(matcher.grammar, context).sentences(limit=300):
            assert matcher.match(sentence, context).name != "none", (context, sentence)


def test_graph_is_deterministic() -> None:
    graph = context_graph(IntentMatcher.bundled().grammar, "idle")
    pairs = [(src, word) for src, _, word in graph.arcs]
    assert len(pairs) == len(set(pairs))


@pytest.mark.parametrize("context", CONTEXTS)
def test_every_context_hears_stop_pause_and_crisis(context: str) -> None:
    graph = context_graph(IntentMatcher.bundled().grammar, context)
    for sentence in ("stop", "pause", "i want to die"):
        assert graph.accepts(sentence), (context, sentence)


def test_a_context_holds_only_its_own_intents() -> None:
    graph = context_graph(IntentMatcher.bundled().grammar, "rating")
    assert graph.accepts("seven")
    assert not graph.accepts("start box breathing")

"""The recogniser's word graphs hold the grammar's sentences and nothing the matcher rejects."""

from __future__ import annotations

import random

from companion.core.intents import IntentMatcher
from companion.core.rejection import WordScore, accepts, confidence
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


def test_well_fitting_words_are_accepted_and_forced_ones_rejected() -> None:
    good = confidence([WordScore("stop", -3.0 * 30, 30)])
    forced = confidence([WordScore("stop", -3.0 * 30, 30), WordScore("it", -12.0 * 10, 10)])
    assert accepts("stop", good)
    assert not accepts("stop", forced)
    assert confidence([]) == 0.0


def test_crisis_is_accepted_on_weaker_evidence() -> None:
    assert accepts("crisis", 0.2)
    assert not accepts("stop", 0.2)

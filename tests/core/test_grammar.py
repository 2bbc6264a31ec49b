"""The template compiler: one tree, three outputs (regex, JSGF, samples) that agree."""

from __future__ import annotations

import random
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from companion.core.crisis import is_crisis
from companion.core.grammar import Grammar
from companion.core.intents import CONTEXTS, IntentMatcher, bundled_grammar
from companion.core.templates import Alt, Opt, RuleRef, Seq, Slot, TemplateError, Word, parse
from companion.core.text import expand_contractions, normalize

GRAMMAR = bundled_grammar()
MATCHER = IntentMatcher(GRAMMAR)
TEMPLATES = [t for ts in GRAMMAR.templates.values() for t in ts]


def _context_of(intent: str) -> str:
    return next(c for c in CONTEXTS if intent in GRAMMAR.contexts[c])


def test_templates_parse_into_a_tree() -> None:
    assert parse("[a] (big|small) {colour} <thing>") == Seq(
        (Opt(Word("a")), Alt((Word("big"), Word("small"))), Slot("colour", None), RuleRef("thing"))
    )
    assert parse("{at:clock}") == Slot("at", "clock")


@pytest.mark.parametrize("template", ["(a|b", "a]", "a (|b)", "a $ b"])
def test_broken_templates_are_rejected(template: str) -> None:
    with pytest.raises(TemplateError):
        parse(template)


def test_unknown_rules_and_lists_are_named() -> None:
    definition = {
        "rules": {},
        "lists": {},
        "fillers": {"before": "um", "after": "please"},
        "always": [],
        "contexts": {"idle": ["go"]},
        "intents": {"go": ["go <far>"]},
    }
    with pytest.raises(TemplateError, match="<far>"):
        Grammar(definition)


@settings(max_examples=400, deadline=None)
@given(index=st.integers(0, len(TEMPLATES) - 1), seed=st.integers(0, 2**32 - 1))
def test_every_template_expansion_is_matched_by_the_text_matcher(index: int, seed: int) -> None:
    template = TEMPLATES[index]
    sentence = GRAMMAR.sample_template(template, random.Random(seed))
    found = MATCHER.match(sentence, _context_of(template.intent))
    if template.intent == "crisis" or found.name == "crisis":
        assert is_crisis(expand_contractions(normalize(sentence))), sentence
        return
    # stop, pause and crisis win by design where a sentence could mean two things
    assert found.name == template.intent or found.name in GRAMMAR.always, sentence
    if GRAMMAR.match(normalize(sentence), _context_of(template.intent)) is None:
        pytest.fail(f"{sentence!r} did not match its own grammar")


def test_every_crisis_template_is_caught_by_the_crisis_patterns() -> None:
    rng = random.Random(7)
    for template in GRAMMAR.templates["crisis"]:
        for _ in range(30):
            sentence = GRAMMAR.sample_template(template, rng)
            assert MATCHER.match(sentence, "idle").name == "crisis", sentence


def test_vocabulary_is_plain_dictionary_words() -> None:
    for word in GRAMMAR.vocabulary():
        assert re.fullmatch(r"[a-z][a-z'.]*", word), word


def test_equal_definitions_have_equal_fingerprints_and_a_change_shows() -> None:
    assert bundled_grammar().fingerprint() == GRAMMAR.fingerprint()
    definition = {
        "rules": {},
        "lists": {},
        "fillers": {"before": "um", "after": "please"},
        "always": [],
        "contexts": {"idle": ["stop"]},
        "intents": {"stop": ["stop"]},
    }
    changed = {**definition, "intents": {"stop": ["stop now"]}}
    assert Grammar(definition).fingerprint() != Grammar(changed).fingerprint()

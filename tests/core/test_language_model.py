"""The language models are proper trigram models of the context's own sentences."""

from __future__ import annotations

import math
import re

import pytest

from companion.core.intents import IntentMatcher
from companion.core.language_model import CommonWord, Recipe, arpa, training_text

SMALL = Recipe(command_sentences=2000, other_sentences=250)
COMMON = [CommonWord("the", -1.4), CommonWord("weather", -3.9), CommonWord("milk", -4.2)]


class Arpa:
    """Just enough of an ARPA reader to compute p(word | two words before)."""

    def __init__(self, text: str) -> None:
        self.grams: dict[tuple[str, ...], tuple[float, float]] = {}
        self.declared: dict[int, int] = {}
        order = 0
        for line in text.splitlines():
            if found := re.fullmatch(r"ngram (\d)=(\d+)", line):
                self.declared[int(found[1])] = int(found[2])
            elif found := re.fullmatch(r"\\(\d)-grams:", line):
                order = int(found[1])
            elif order and line and not line.startswith("\\"):
                fields = line.split("\t")
                backoff = float(fields[2]) if len(fields) > 2 else 0.0
                self.grams[tuple(fields[1].split())] = (float(fields[0]), backoff)
        self.vocabulary = [g[0] for g in self.grams if len(g) == 1]

    def log10_prob(self, history: tuple[str, ...], word: str) -> float:
        if (*history, word) in self.grams:
            return self.grams[(*history, word)][0]
        backoff = self.grams.get(history, (0.0, 0.0))[1] if history else 0.0
        return backoff + self.log10_prob(history[1:], word)


@pytest.fixture(scope="module")
def model() -> Arpa:
    grammar = IntentMatcher.bundled().grammar
    return Arpa(arpa(training_text(grammar, "session", COMMON, SMALL)))


def test_declared_counts_match_the_sections(model: Arpa) -> None:
    for order, count in model.declared.items():
        assert sum(1 for g in model.grams if len(g) == order) == count


@pytest.mark.parametrize("history", [("<s>",), ("<s>", "stop"), ("go", "a"), ("the",)])
def test_every_history_is_a_probability_distribution(model: Arpa, history: tuple[str, ...]) -> None:
    total = sum(10 ** model.log10_prob(history, w) for w in model.vocabulary if w != "<s>")
    assert total == pytest.approx(1.0, abs=0.02)


def test_commands_are_far_likelier_than_chatter(model: Arpa) -> None:
    def sentence_log10(sentence: str) -> float:
        words = ["<s>", *sentence.split(), "</s>"]
        return sum(
            model.log10_prob(tuple(words[max(0, i - 2) : i]), words[i])
            for i in range(1, len(words))
        )

    assert sentence_log10("stop") > sentence_log10("weather") + 0.5  # three times likelier
    assert math.isfinite(sentence_log10("the milk"))  # chatter is possible, just unlikely


def test_training_is_deterministic_and_holds_both_kinds() -> None:
    grammar = IntentMatcher.bundled().grammar
    text = training_text(grammar, "idle", COMMON, SMALL)
    assert text == training_text(grammar, "idle", COMMON, SMALL)
    matcher = IntentMatcher(grammar)
    wake_alone = round(SMALL.wake_alone_share * SMALL.command_sentences)
    assert len(text.commands) == SMALL.command_sentences + wake_alone
    requests = [s for s in text.commands if s != "companion"]
    assert len(requests) == SMALL.command_sentences
    assert all(matcher.match(s, "idle").name != "none" for s in requests)
    with_wake = sum(s.startswith("companion ") for s in requests) / len(requests)
    assert with_wake == pytest.approx(SMALL.wake_share, abs=0.05)
    assert len(text.others) == SMALL.other_sentences
    assert {w for s in text.others for w in s.split()} <= {"the", "weather", "milk"}


def test_other_speech_adds_words_but_no_word_pairs() -> None:
    grammar = IntentMatcher.bundled().grammar
    text = training_text(grammar, "rating", COMMON, SMALL)
    model = Arpa(arpa(text))
    starts = {s.split()[0] for s in text.others}
    assert all((w,) in model.grams and ("<s>", w) in model.grams for w in starts)
    assert ("the", "milk") not in model.grams and ("the", "weather") not in model.grams

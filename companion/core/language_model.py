"""One n-gram language model per dialogue context, compiled from the intent definition.

Why a language model and not a strict grammar: a grammar forces every sound onto one of its
sentences, so chatter comes out as a command, and a phrasing the templates never wrote comes
out as nothing. A trigram model trained on the templates' own sentences still strongly
expects commands, but lets the decoder hear words in new orders, and - through a share of
sentences made of common English words - hear speech that is not for us as what it is.
companion.core.alignment then reads the transcript against the context's sentences.
(Rhasspy's open transcription works the same way: sentences from templates, a model trained
on them, the transcript matched to intents as text.)

Everything here is deterministic: the same definition and recipe give the same model text,
so a model can be cached by a hash of its inputs.
"""

from __future__ import annotations

import itertools
import math
import random
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from companion.core.grammar import Grammar

BEGIN, END = "<s>", "</s>"
LowerOrder = Callable[[tuple[str, ...], str], float]
"""The probability a lower-order model gives a word after a history."""
LOG10_FLOOR = -99.0
"""What ARPA files write for a probability of zero (the sentence-start token)."""


@dataclass(frozen=True)
class Recipe:
    """How much of what goes into one context's model."""

    command_sentences: int = 40_000
    """Sentences sampled from the context's templates (each intent equally often)."""
    lead_in_share: float = 0.25
    """Share of command sentences that start with a lead-in ("um", "can you", "companion")."""
    courtesy_share: float = 0.1
    """Share that end with a courtesy ("please", "thank you")."""
    wake_phrase: str = "companion"
    """Said before requests in wake mode (companion.core.wake); "" for none."""
    wake_share: float = 0.5
    """Share of idle command sentences that start with the wake phrase (idle is where the
    wake phrase is needed)."""
    wake_share_elsewhere: float = 0.05
    """The same in the other contexts, where it is allowed but not needed."""
    wake_alone_share: float = 0.02
    """Idle sentences of the wake phrase alone, as a share of the command sentences."""
    other_sentences: int = 40_000
    """Sentences of common English words: where speech that is not for us can go."""
    other_words: int = 5_000
    """How many of the most frequent English words those sentences use."""
    other_max_words: int = 12
    """Longest such sentence."""
    seed: int = 0
    """Seed of the sampler."""


@dataclass(frozen=True)
class CommonWord:
    """A word of general English and how often it is used."""

    word: str
    """Spelled as the recogniser's dictionary spells it."""
    log10_prob: float
    """Its unigram log10 probability in a general model of English."""


@dataclass(frozen=True)
class TrainingText:
    """What one context's model learns from."""

    commands: list[str]
    """Sentences of the context's templates: every n-gram of them counts."""
    others: list[str]
    """Sentences of common English: only their words, and which words start and end a
    sentence, count. Random word pairs would only be noise, and would swell the model
    tenfold."""


def training_text(
    grammar: Grammar, context: str, common: Sequence[CommonWord], recipe: Recipe
) -> TrainingText:
    """The sentences a context's model is trained on."""
    rng = random.Random(f"{recipe.seed}:{context}")
    intents = grammar.contexts[context]
    commands = []
    wake_share = recipe.wake_share if context == "idle" else recipe.wake_share_elsewhere
    for _ in range(recipe.command_sentences):
        template = rng.choice(grammar.templates[rng.choice(intents)])
        words = grammar.sample_template(template, rng).split()
        if rng.random() < recipe.lead_in_share:
            words = grammar.sample_node(grammar.before, rng) + words
        if rng.random() < recipe.courtesy_share:
            words += grammar.sample_node(grammar.after, rng)
        if recipe.wake_phrase and rng.random() < wake_share:
            words = [recipe.wake_phrase, *words]
        commands.append(" ".join(words))
    if recipe.wake_phrase and context == "idle":
        commands += [recipe.wake_phrase] * round(recipe.wake_alone_share * recipe.command_sentences)
    vocabulary = list(common[: recipe.other_words])
    others = []
    if vocabulary:
        weights = [10**w.log10_prob for w in vocabulary]
        for _ in range(recipe.other_sentences):
            length = rng.randint(1, recipe.other_max_words)
            others.append(" ".join(w.word for w in rng.choices(vocabulary, weights, k=length)))
    return TrainingText(commands, others)


def arpa(text: TrainingText) -> str:
    """A trigram model in ARPA text form (Witten-Bell smoothing, backoff)."""
    counts = _Counts(text.commands)
    counts.add_loosely(text.others)
    unigrams = counts.unigram_probs()
    bigrams, bigram_backoff = counts.smoothed(counts.bigrams, lambda h, w: unigrams[w])

    def lower_order(history: tuple[str, ...], word: str) -> float:
        return bigrams.get((history[-1], word)) or (
            bigram_backoff.get((history[-1],), 1.0) * unigrams[word]
        )

    trigrams, trigram_backoff = counts.smoothed(counts.trigrams, lower_order)
    lines = [
        "\\data\\",
        f"ngram 1={len(unigrams)}",
        f"ngram 2={len(bigrams)}",
        f"ngram 3={len(trigrams)}",
        "",
        "\\1-grams:",
    ]
    for word, prob in sorted(unigrams.items()):
        log_prob = LOG10_FLOOR if word == BEGIN else _log10(prob)
        lines.append(f"{log_prob:.4f}\t{word}\t{_log10(bigram_backoff.get((word,), 1.0)):.4f}")
    lines += ["", "\\2-grams:"]
    for gram, prob in sorted(bigrams.items()):
        backoff = _log10(trigram_backoff.get(gram, 1.0))
        lines.append(f"{_log10(prob):.4f}\t{' '.join(gram)}\t{backoff:.4f}")
    lines += ["", "\\3-grams:"]
    lines += [f"{_log10(p):.4f}\t{' '.join(g)}" for g, p in sorted(trigrams.items())]
    lines += ["", "\\end\\", ""]
    return "\n".join(lines)


class _Counts:
    """N-gram counts of a set of sentences, with sentence start and end marked."""

    ADD_UNIGRAM = 0.1
    """Added to every word's count, so that no word of the vocabulary is impossible."""

    def __init__(self, sentences: Iterable[str]) -> None:
        self.unigrams: Counter[str] = Counter()
        self.bigrams: Counter[tuple[str, ...]] = Counter()
        self.trigrams: Counter[tuple[str, ...]] = Counter()
        for sentence in sentences:
            words = [BEGIN, *sentence.split(), END]
            self.unigrams.update(words)
            self.bigrams.update(itertools.pairwise(words))
            self.trigrams.update(zip(words, words[1:], words[2:], strict=False))

    def add_loosely(self, sentences: Iterable[str]) -> None:
        """Count only the words of the sentences and how they start and end."""
        for sentence in sentences:
            words = sentence.split()
            self.unigrams.update([BEGIN, *words, END])
            self.bigrams.update([(BEGIN, words[0]), (words[-1], END)])

    def unigram_probs(self) -> dict[str, float]:
        """Every word's share of the words that follow something (a sentence never starts
        twice, so the start mark gets none)."""
        words = {w: c for w, c in self.unigrams.items() if w != BEGIN}
        total = sum(words.values()) + self.ADD_UNIGRAM * len(words)
        probs = {w: (c + self.ADD_UNIGRAM) / total for w, c in words.items()}
        return {BEGIN: 0.0, **probs}

    @staticmethod
    def smoothed(
        grams: Counter[tuple[str, ...]],
        lower: LowerOrder,
    ) -> tuple[dict[tuple[str, ...], float], dict[tuple[str, ...], float]]:
        """Witten-Bell: a history seen N times with T different next words keeps N/(N+T) of
        its mass for what followed it, and backs off with the rest."""
        followers: dict[tuple[str, ...], list[str]] = {}
        seen: Counter[tuple[str, ...]] = Counter()
        for gram, count in grams.items():
            followers.setdefault(gram[:-1], []).append(gram[-1])
            seen[gram[:-1]] += count
        probs: dict[tuple[str, ...], float] = {}
        backoff: dict[tuple[str, ...], float] = {}
        for history, nexts in followers.items():
            kept = seen[history] / (seen[history] + len(nexts))
            for word in nexts:
                probs[(*history, word)] = kept * grams[(*history, word)] / seen[history] + (
                    1 - kept
                ) * lower(history, word)
            left = 1 - sum(probs[(*history, w)] for w in nexts)
            lower_left = 1 - sum(lower(history, w) for w in nexts)
            backoff[history] = left / lower_left if lower_left > 1e-12 else 1e-9
        return probs, backoff


def _log10(prob: float) -> float:
    return math.log10(prob) if prob > 0 else LOG10_FLOOR

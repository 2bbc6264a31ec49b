"""Whether a recognised sentence was really said: word scores in, confidence and a verdict out.

A grammar forces every sound onto some sentence of it, so chatter comes out as a command. The
recogniser reports each word's acoustic score (log-likelihood relative to the best-scoring
state of the acoustic model in that frame, so 0 is a perfect fit); words forced onto sounds
they do not match score far below zero. Both the mean over the sentence and its worst word
count: chatter forced onto a command usually holds one word that fits nothing.
The centre and scale were chosen with benchmarks/intent_accuracy.py on the dev phrases.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from companion.core.intents import NONE, Intent, IntentMatcher

CENTRE_PER_FRAME = -5.6
"""Mean of average and worst-word score (log per 10 ms frame) where confidence is 0.5."""
SCALE_PER_FRAME = 0.5
"""How many log units per frame take confidence from 0.5 to about 0.73."""
MIN_WORD_FRAMES = 8
"""A word's score is spread over at least this many frames, so one short word cannot dominate."""
ACCEPT_THRESHOLD = 0.5
"""Confidence at or above which a recognised command is acted on."""
CRISIS_THRESHOLD = 0.1
"""Crisis language is accepted on weaker evidence: a false alarm costs a gentle message."""


@dataclass(frozen=True)
class WordScore:
    """One recognised word and how well the sound fits it."""

    word: str
    """The word, in the dictionary's spelling."""
    log_score: float
    """Acoustic log-likelihood over the word, relative to the best state per frame (<= 0)."""
    frames: int
    """Its length in 10 ms frames."""


def confidence(words: Sequence[WordScore]) -> float:
    """0..1: how well the sound fits the recognised words (0 when there are none)."""
    if not words:
        return 0.0
    total_frames = sum(max(w.frames, 1) for w in words)
    mean = sum(w.log_score for w in words) / total_frames
    worst = min(w.log_score / max(w.frames, MIN_WORD_FRAMES) for w in words)
    score = (mean + worst) / 2
    return 1.0 / (1.0 + math.exp(-(score - CENTRE_PER_FRAME) / SCALE_PER_FRAME))


def accepts(intent: str, confidence_: float, threshold: float = ACCEPT_THRESHOLD) -> bool:
    """True when an intent heard with this confidence should be acted on."""
    if intent == "crisis":
        return confidence_ >= min(CRISIS_THRESHOLD, threshold)
    return confidence_ >= threshold


def readable_prefix(matcher: IntentMatcher, text: str, context: str) -> str | None:
    """The longest start of a reading that is a whole sentence of the context, or None.

    The recogniser sometimes runs on past the end of a command into the grammar's optional
    words ("stop the", "let's do box breathing for"): the command is what was said.
    """
    words = text.split()
    for end in range(len(words), 0, -1):
        prefix = " ".join(words[:end])
        if matcher.match(prefix, context).name != NONE:
            return prefix
    return None


def accepted_words(
    matcher: IntentMatcher,
    text: str,
    confidence_: float,
    context: str,
    threshold: float = ACCEPT_THRESHOLD,
) -> str | None:
    """The words of a reading that are meant for us, or None when it is not for us."""
    prefix = readable_prefix(matcher, text, context)
    if prefix is None or not accepts(matcher.match(prefix, context).name, confidence_, threshold):
        return None
    return prefix


def understand(
    matcher: IntentMatcher,
    text: str,
    confidence_: float,
    context: str,
    threshold: float = ACCEPT_THRESHOLD,
) -> Intent:
    """What a recogniser's reading means; intent none when it is not meant for us."""
    words = accepted_words(matcher, text, confidence_, context, threshold)
    return Intent(NONE) if words is None else matcher.match(words, context)

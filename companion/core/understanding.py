"""What a recogniser's transcript means in a dialogue context, or that it is not for us.

Each transcript - the best and the next few - is read as typed text is (companion.core.reader),
by meaning too when the recogniser was sure of its words or the person called the companion by
name. A transcript that is not surely a request is also aligned to the context's word graph
(companion.core.alignment) for the nearest sentence ("so we're done" -> "slower please"). With
a scorer (Whisper's teacher forcing), the sound then chooses among those sentences; without
one, the nearest sentence per heard word decides. Far from every sentence means not for us.

In wake mode a request starts with the wake phrase (companion.core.wake); it is taken off
before reading, and the reading says whether it was there.

Crisis language is looked for in the raw transcript as well, with the broad patterns of
companion.core.crisis, and accepted on weaker evidence: a false alarm costs a gentle message,
a miss can cost a life.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from companion.core.alignment import Aligner, Alignment, Unlike
from companion.core.crisis import is_crisis
from companion.core.intents import CRISIS, NONE, Intent, IntentMatcher
from companion.core.ports import Heard, HeardWord, SentenceScorer
from companion.core.reader import Reader
from companion.core.text import normalize
from companion.core.wake import WAKE, WakePhrase
from companion.core.word_graph import context_graph, intents_graph

DISTANCE_AT_HALF = 0.17
"""Edit cost per heard word at which confidence is one half (chosen on the dev phrases with
benchmarks/intent_accuracy.py)."""
ACCEPT_THRESHOLD = 0.5
"""Confidence at or above which a command is acted on."""
CRISIS_THRESHOLD = 0.27
"""Crisis language is accepted from this confidence (a distance nearly three times as far)."""
MARGIN = 0.7
"""A sentence is taken when its mean log probability per token is at most this far below
that of the transcript the recogniser chose (chosen with benchmarks/intent_accuracy.py)."""
CRISIS_MARGIN = 1.5
"""The looser margin for crisis language: a false alarm costs a gentle message."""
SURELY_HEARD = 0.6
"""A transcript whose words the recogniser gave this probability on average (teacher-forced)
is surely heard: read by meaning too, as typed text is (chosen with intent_accuracy.py)."""
CRISIS_LOOK_WORDS = 6
"""A transcript this short is also aligned to crisis language alone, and the nearest crisis
sentence put to the sound with the strict margin: Piper's "i want to die" was heard as
"i went today" one time in three."""
SPECIFIC_BONUS = 0.25
"""Added to a sentence's fit per slot value it gives: between "let's do my breathing" and
"let's do box breathing", heard about as well, a person naming an exercise is likelier."""
ALTERNATIVE_PENALTY = 0.1
"""Added per rank to the distance of a next-best transcript, so that ties go to the best."""


@dataclass(frozen=True)
class Reading:
    """What one utterance was taken to mean."""

    intent: Intent
    """The intent acted on; `none` when the utterance was not for us."""
    sentence: str
    """The words it was read as, in the grammar's spelling ("" when none fit)."""
    confidence: float
    """0 to 1: how near the transcript was to that sentence."""
    woken: bool = False
    """True when the transcript began with the wake phrase."""


class Understanding:
    """Reads transcripts against the sentences of every dialogue context."""

    def __init__(
        self,
        matcher: IntentMatcher,
        threshold: float = ACCEPT_THRESHOLD,
        wake: WakePhrase | None = None,
        reader: Reader | None = None,
        scorer: SentenceScorer | None = None,
        unlike: Unlike | None = None,
    ) -> None:
        """`reader` reads transcripts as typed text is read (companion.core.reader); the word
        graph's alignment then catches what the recogniser misheard."""
        self.matcher = matcher
        self.threshold = threshold
        self.wake = wake
        self.reader = reader or Reader(matcher)
        self.scorer = scorer
        """When given, the sound itself chooses among the sentences the transcripts could be
        (Whisper's teacher-forced scores)."""
        grammar = matcher.grammar
        self._crisis_aligner = Aligner(intents_graph(grammar, [CRISIS]), unlike)
        self._aligners = {c: Aligner(context_graph(grammar, c), unlike) for c in grammar.contexts}
        """`unlike`, when given, makes misheard words near what they sound like cheap to read
        as them (companion.engines.sound_alike)."""

    def read(self, heard: Heard, context: str) -> Reading:
        """The reading of one transcript heard in `context`."""
        if self.wake is not None:
            heard = self._woken_first(heard)
            found = self.wake.find([w.word for w in heard.words])
            if found.woken:
                if not found.request:
                    return Reading(Intent(WAKE), self.wake.text, 1.0, woken=True)
                after = self._after_wake(heard, len(found.request))
                reading = self._read(after, context, woken=True)
                return Reading(reading.intent, reading.sentence, reading.confidence, woken=True)
        return self._read(heard, context, woken=False)

    def _woken_first(self, heard: Heard) -> Heard:
        """When the best transcript lacks the wake phrase and a next-best one has it, the
        next-best first: the name is what a person says most clearly to the companion."""
        assert self.wake is not None
        if self.wake.find([w.word for w in heard.words]).woken:
            return heard
        for text in heard.alternatives:
            if self.wake.locate(text).woken:
                sure = min((w.sure for w in heard.words), default=0.0)
                words = tuple(HeardWord(word, sure) for word in text.split())
                rest = tuple(a for a in (heard.text, *heard.alternatives) if a != text)
                return Heard(words, rest, heard.decode_ms)
        return heard

    def _after_wake(self, heard: Heard, kept: int) -> Heard:
        """The transcripts without the wake phrase, or without a word like it where it was
        said (next-best ones that lack it are otherwise kept whole)."""
        assert self.wake is not None
        wake = self.wake
        words = heard.words[len(heard.words) - kept :]
        found = [wake.locate(a) for a in heard.alternatives]
        alternatives = tuple(
            " ".join(f.request if f.woken else wake.after_name_like(f.request)) for f in found
        )
        return Heard(words, tuple(a for a in alternatives if a), heard.decode_ms)

    def _read(self, heard: Heard, context: str, woken: bool) -> Reading:
        if not heard.words:
            return Reading(Intent(NONE), "", 0.0)
        if self.scorer is not None:
            return self._scored(heard, context, woken, self.scorer)
        aligned = self._aligned(heard, context)
        if aligned.intent.name != NONE:
            return aligned
        # words the word graph does not hold ("my chest is tight"): read as typed text is,
        # by meaning only when the person spoke to the companion
        text = self.reader.read(heard.text, context, fallback=False)
        if text.intent.name == NONE or (text.how == "meaning" and not woken):
            return aligned
        return Reading(text.intent, heard.text, text.confidence)

    def _scored(self, heard: Heard, context: str, woken: bool, scorer: SentenceScorer) -> Reading:
        """Every sentence the transcripts could be - each transcript read as text, and, when
        the best is not surely a request, the context's sentence nearest to it - scored
        against the sound: the one that fits it best is taken, if it fits nearly as well as
        what the recogniser heard. Crisis language gets a looser margin (recall first):
        "i want tonight" heard, "i want to die" said."""
        options: dict[str, Reading] = {}
        sure = surely_heard(heard)
        for rank, text in enumerate([heard.text, *heard.alternatives]):
            read = self.reader.read(text, context, fallback=False)
            # read by meaning only what was surely heard, or said to the companion by name
            by_meaning = woken or (rank == 0 and sure)
            if read.intent.name != NONE and (read.how != "meaning" or by_meaning):
                options.setdefault(text, Reading(read.intent, text, read.confidence))
        request = heard.text in options and sure  # surely heard, and surely a request
        if not request:
            # the grammar's nearest sentence: "so we're done" heard, "slower please" said
            found, near = self._nearest(Heard(heard.words), context)
            intent = self.matcher.match(found.sentence, context) if found.sentence else None
            if (
                intent is not None
                and intent.name != NONE
                and not self._guessed_values(found, context)
            ):
                options.setdefault(found.sentence, Reading(intent, found.sentence, near))
        asked = ""  # the nearest crisis sentence, put to the sound with the strict margin
        if (
            not request
            and len(heard.words) <= CRISIS_LOOK_WORDS
            and not any(r.intent.name == CRISIS for r in options.values())
        ):
            # "i went today": the sound may say "i want to die" - asked, never assumed
            found = self._crisis_aligner.align([w.word for w in heard.words])
            if found.sentence and found.sentence not in options:
                asked = found.sentence
                options[asked] = Reading(Intent(CRISIS), asked, 1.0)
        if not options:
            return Reading(Intent(NONE), "", 0.0)
        if heard.text in options and _one_meaning(options.values()):
            return options[heard.text]  # nothing else it could mean: no need to ask the sound
        texts = _one_per_meaning(options)
        heard_fit, *fits = scorer.likelihood([heard.text, *texts])
        best: tuple[float, Reading] | None = None
        for text, fit in zip(texts, fits, strict=True):
            reading = options[text]
            loose = reading.intent.name == CRISIS and text != asked
            margin = CRISIS_MARGIN if loose else MARGIN
            gap = fit - heard_fit
            if gap < -margin:
                continue
            order = _order(reading, gap)
            if best is None or order > _order(best[1], best[0]):
                best = (gap, reading)
        if best is None:
            return Reading(Intent(NONE), "", 0.0)
        gap, reading = best
        return Reading(
            reading.intent, reading.sentence, reading.confidence * min(1.0, math.exp(gap))
        )

    def _aligned(self, heard: Heard, context: str) -> Reading:
        found, sure = self._nearest(heard, context)
        if is_crisis(normalize(heard.text)):
            # Always crisis; the confidence says whether the sentence itself reads as one too,
            # which room speech not addressed to the companion must (companion.core.attention).
            aligned = found.sentence and self.matcher.match(found.sentence, context).name
            return Reading(Intent(CRISIS), heard.text, sure if aligned == CRISIS else 0.0)
        intent = self.matcher.match(found.sentence, context) if found.sentence else Intent(NONE)
        needed = min(CRISIS_THRESHOLD, self.threshold) if intent.name == CRISIS else self.threshold
        if intent.name == NONE or sure < needed or self._guessed_values(found, context):
            return Reading(Intent(NONE), found.sentence, sure)
        return Reading(intent, found.sentence, sure)

    def _guessed_values(self, found: Alignment, context: str) -> bool:
        """True when a slot's value would come from a word that was not heard: a reminder
        "every a minute" read from "every i feel a bit" is worse than asking again."""
        if not found.unheard:
            return False
        parsed = self.matcher.grammar.parse(found.sentence, context)
        return parsed is not None and bool(parsed.slot_words & found.unheard)

    def _nearest(self, heard: Heard, context: str) -> tuple[Alignment, float]:
        """The nearest sentence to any of the transcripts, and the confidence in it."""
        aligner = self._aligners[context]
        transcripts = [heard.text, *heard.alternatives]  # the recogniser says how many
        best, best_distance = Alignment("", float("inf")), float("inf")
        for rank, text in enumerate(transcripts):
            if best_distance <= rank * ALTERNATIVE_PENALTY:
                break  # no later transcript can come nearer
            words = text.split()
            found = aligner.align(words)
            distance = found.cost / max(len(words), 1) + rank * ALTERNATIVE_PENALTY
            if distance < best_distance:
                best, best_distance = found, distance
        return best, 1.0 / (1.0 + best_distance / DISTANCE_AT_HALF)


def surely_heard(heard: Heard) -> bool:
    """The recogniser was sure of the transcript's words, on average."""
    if not heard.words:
        return False
    return sum(w.sure for w in heard.words) / len(heard.words) >= SURELY_HEARD


def _meaning(reading: Reading) -> tuple[str, str]:
    """What a reading asks for: its intent and slot values, as one key."""
    return reading.intent.name, str(sorted(reading.intent.slots.items()))


def _one_meaning(readings: Iterable[Reading]) -> bool:
    """True when every reading means the same (intent and slots)."""
    return len({_meaning(r) for r in readings}) == 1


def _one_per_meaning(options: dict[str, Reading]) -> list[str]:
    """The first sentence of each meaning, in order (the recogniser's best first): the sound is
    asked to choose between meanings, not between spellings of one."""
    firsts: dict[tuple[str, str], str] = {}
    for text, reading in options.items():
        firsts.setdefault(_meaning(reading), text)
    return list(firsts.values())


def _order(reading: Reading, gap: float) -> tuple[bool, float]:
    """Crisis language first (recall first), then the best fit, the more specific ahead."""
    return (reading.intent.name == CRISIS, gap + SPECIFIC_BONUS * len(reading.intent.slots))

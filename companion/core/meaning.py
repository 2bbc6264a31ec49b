"""Reading a sentence by the words that carry its meaning, when it fits no template.

People in distress do not speak in templates: "my chest is tight and I can't stop panicking",
"can we do something to calm down", "I need a minute to myself". This reader finds the
concepts of companion.core.lexicon in the words (and which of them are negated), then decides
in a fixed order, most specific first: an answer to the question just asked; leaving,
cancelling or asking how things work; reminders; a named exercise; the relationship moments
the person names; sleep; space; distress in general; and a request for help that does not say
which kind, which gets one short question rather than a guess. A sentence said about or to
someone else ("that movie about breathing underwater", "stop it, you two") asks for nothing.

Pure: words in, a Guess out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise

from companion.core.lexicon import NEGATION_SCOPE, Words
from companion.core.lexicon import words as shipped_words
from companion.core.slots import (
    Phrases,
    Span,
    find_clock,
    find_duration_after,
    find_length,
    find_phrase,
    find_rating,
)

SlotValue = int | float | str
BREAK = "|"
"""The token that marks where a clause ended (a comma, a full stop)."""
CLARIFY = "clarify"
"""The intent of a request for help that does not say which kind: answered with a question."""
SURE, LIKELY, UNSURE = 0.8, 0.65, 0.5
"""Confidences of the rules below, strongest first."""
DISTRESS = (
    "panic", "body", "fear", "stress", "anxiety", "rumination", "anger", "shutdown", "upset",
)  # fmt: skip
"""Concepts that say the person is having a hard moment."""
CANCEL_WORDS = 6
"""A sentence longer than this is no "never mind"."""
SHORT = 4
"""A sentence this short, with a concept word and nothing else, is a request in itself."""
SHARED = frozenset({"request", "me", "partner", "couple", "contact"})
_NEVER_DENIED = frozenset({"me", "partner", "couple"})
_OTHERS = frozenset({"you", "he", "she", "they", "we"})
"""Before a request word, someone else is asked ("you need to chill")."""
"""Who is spoken of stays so under a negation ("I don't love her less")."""
"""Concepts whose words may also be part of another concept's phrase ("text her")."""
YES = frozenset(
    {"yes", "yeah", "yep", "yup", "ya", "yah", "yea", "sure", "ok", "okay", "mhm", "mmhm",
     "alright", "absolutely", "definitely", "certainly", "correct", "fine", "please",
     "aye", "uh huh", "go ahead", "why not", "do it", "sounds good", "of course", "mm hm",
     "that's right",
     "mhmm", "yeh", "yas", "yess", "ye", "go on then", "that's it", "you bet", "affirmative",
     "si", "dale", "yeah go on", "go on", "deffo", "defo", "course"}
)  # fmt: skip
NO = frozenset(
    {"no", "nope", "nah", "na", "not really", "don't think so", "i don't think so", "negative",
     "wrong", "no way", "rather not", "i'd rather not", "don't", "no thanks", "not that",
     "absolutely not", "definitely not", "certainly not", "of course not", "not at all",
     "incorrect", "naw", "nay", "nope not", "hell no", "not really no", "nah mate",
     "nah all good", "no i'm fine", "no i'm good", "i'm good thanks", "leave it", "not correct",
     "i don't want it", "i don't want", "don't want it"}
)  # fmt: skip
"""How answers to a yes/no question start (repeated letters taken off: "yess", "nooo")."""
_ANSWER_WORDS = frozenset(w for phrase in YES | NO for w in phrase.split())
RATING_LEADS = frozenset(
    {"a", "an", "at", "about", "around", "like", "say", "maybe", "probably", "is", "it's",
     "i'd", "solid", "roughly", "nearly", "almost", "definitely", "prob", "guess", "think",
     "be", "feels", "give", "put", "go", "with", "call", "oh", "um", "er", "well", "hmm"}
)  # fmt: skip
"""Words that lead into a rating ("it's about a six"): a number after them is an answer."""
INTENSITY = (
    "better", "worse", "bad", "awful", "terrible", "good", "okay", "ok", "fine", "meh",
    "so so", "high", "low", "calmer", "same", "off the charts", "through the roof", "intense",
    "mild", "lower", "higher", "not great", "not bad", "rough", "horrible", "manageable",
    "easier", "less", "more", "massive", "huge", "tiny", "nothing", "extreme", "unbearable",
    "medium", "moderate", "middling", "average", "dreadful", "horrendous", "sky high", "minimal",
    "slight", "mid", "calm", "relaxed", "eased", "settled", "bearable", "so so", "barely",
    "strong", "weak", "small", "big",
    "barely there",
)  # fmt: skip
"""Words that say how strong a feeling is without a number ("pretty bad")."""
FEELING_CONCEPTS = (
    ("anger", "mad"), ("fear", "scared"), ("panic", "scared"), ("anxiety", "anxious"),
    ("upset", "sad"), ("stress", "overwhelmed"), ("shutdown", "overwhelmed"),
)  # fmt: skip
"""A feeling said in other words than the list's ("fuming actually" is mad)."""
CONTROLS = (
    ("c_slower", "slower"), ("c_faster", "faster"), ("c_pause", "pause"), ("c_skip", "skip"),
    ("c_stop", "stop"), ("c_resume", "resume"), ("c_repeat", "repeat"),
)  # fmt: skip
"""Session controls by concept, in the order they win when several are said ("wait, slow
down" is slower; "don't stop, keep going" is resume)."""
CONTROL_WORDS = 20
"""A sentence longer than this is no control, whatever words it holds."""
DESIRE = frozenset(
    {"want", "wanna", "need", "urge", "tempted", "itching", "dying", "about", "going", "gonna",
     "keep", "kept", "trying", "try", "resist", "should", "shouldn't", "must", "can't", "cannot",
     "desperate", "desperately", "longing", "tempting", "almost", "nearly"}
)  # fmt: skip
"""Words before a way of contacting someone that make it an urge ("I'm itching to text him")."""
QUESTIONS = ("what's", "what", "how", "explain", "tell", "why", "which")
"""Words that open a question about the exercises ("what's box breathing?")."""


@dataclass(frozen=True)
class Hit:
    """One concept phrase found in the words."""

    start: int
    """Index of its first word."""
    end: int
    """Index after its last word."""
    negated: bool
    """True when a negation before it reaches it."""


@dataclass(frozen=True)
class Guess:
    """What a sentence most likely asks for."""

    intent: str
    """An intent name, or CLARIFY."""
    slots: dict[str, SlotValue] = field(default_factory=dict)
    """Slot values read from anywhere in the sentence."""
    confidence: float = LIKELY
    """0 to 1: how sure the rule that decided is."""


@dataclass(frozen=True)
class Sentence:
    """One sentence and the concepts said in it."""

    words: tuple[str, ...]
    """Its words, with BREAK between clauses."""
    plain: tuple[str, ...]
    """Its words without BREAK."""
    hits: dict[str, list[Hit]]
    """Concept -> where it was said (indices into `words`)."""
    asking: bool
    """It asks for something: a request word, a verb that opens a clause, or very short."""
    aside: bool
    """It is about or to someone else, and asks nothing."""
    commanded: bool = False
    """A clause opens with a verb that asks ("do the square one again")."""
    heard: tuple[str, ...] = ()
    """Its words as said, where `plain` has what a negation denies blanked out."""

    def said(self, *names: str) -> bool:
        """True when any of the concepts was said and not negated."""
        return any(not h.negated for n in names for h in self.hits.get(n, ()))

    def denied(self, *names: str) -> bool:
        """True when any of the concepts was said only under a negation."""
        return any(self.hits.get(n) for n in names) and not self.said(*names)

    def first(self, name: str) -> int | None:
        """Where the concept was first said (not negated), if it was."""
        starts = [h.start for h in self.hits.get(name, ()) if not h.negated]
        return min(starts) if starts else None

    @property
    def personal(self) -> bool:
        """The person speaks of themselves, or asks; a sentence that opens with how someone
        feels ("worried sick about tomorrow") has dropped its "I"."""
        lead = 0
        while lead < len(self.plain) and self.plain[lead] in _INTENSIFIERS:
            lead += 1
        opens = self.plain[lead] if lead < len(self.plain) else ""
        dropped = opens.endswith(("ed", "ing", "ous", "y")) and any(
            h.start == lead for n in (*DISTRESS, "sleep") for h in self.hits.get(n, ())
        )
        return self.asking or self.said("me") or dropped


class Lexicon:
    """The concept phrases, compiled for matching word by word."""

    def __init__(self, lexicon: Words | None = None) -> None:
        self.words = lexicon or shipped_words()
        concepts = self.words.concepts
        self._by_word: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
        self._by_stem: list[tuple[str, str, tuple[str, ...]]] = []
        for name, phrases in concepts.items():
            for phrase in phrases:
                words = tuple(phrase.split())
                if words[0].endswith("*"):
                    self._by_stem.append((words[0][:-1], name, words))
                else:
                    self._by_word.setdefault(words[0], []).append((name, words))
        self._order = {name: i for i, name in enumerate(concepts)}
        self._told = [tuple(p.split()) for p in self.words.asides_always]
        self._asides = [tuple(p.split()) for p in self.words.asides]

    def read(self, words: Sequence[str]) -> Sentence:
        """The concepts said in `words` (with BREAK between clauses)."""
        found: list[tuple[int, int, str]] = []  # (length, start, concept)
        for i, word in enumerate(words):
            candidates = self._by_word.get(word, [])
            stems = [(n, p) for stem, n, p in self._by_stem if word.startswith(stem)]
            for name, phrase in [*candidates, *stems]:
                if _at(words, i, phrase):
                    found.append((len(phrase), i, name))
        found = [
            f for f in found if not (f[2] == "request" and f[1] and words[f[1] - 1] in _OTHERS)
        ]
        found.sort(key=lambda f: (-f[0], self._order[f[2]], f[1]))  # longest first
        hits: dict[str, list[Hit]] = {}
        taken: set[int] = set()
        for size, i, name in found:
            span = set(range(i, i + size))
            if name not in SHARED:
                if taken & span:
                    continue  # "leave me alone" is space, not "leave me"
                taken |= span
            negated = name not in _NEVER_DENIED and _negated(words, i, self.words)
            hits.setdefault(name, []).append(Hit(i, i + size, negated))
        plain = tuple(w for w in words if w != BREAK)
        clauses = _clauses(words)
        commanded = any(c[0] in self.words.imperatives for c in clauses)
        asking = bool(hits.get("request")) or commanded or len(plain) <= SHORT
        aside = self._aside(words, clauses) and not hits.get("request")
        return Sentence(tuple(words), plain, hits, asking and not aside, aside, commanded)

    def _aside(self, words: Sequence[str], clauses: list[list[str]]) -> bool:
        speaker = any(w in _SPEAKER for w in words)
        if _said_any(words, self._told) or (not speaker and _said_any(words, self._asides)):
            return True
        opening = clauses[0] if clauses else []
        others = self.words.third_parties
        if any(w == "your" and n in others for w, n in pairwise(words)):
            return True  # "tell your dad I'll ring him later"
        if opening[:1] == ["my"] and any(w in others for w in opening[1:3]) and not speaker:
            return True
        called = self.words.addressees
        return any(
            (len(c) <= 3 and c[0] in called) or (len(c) <= 5 and c[-1] in called) for c in clauses
        )  # "goodnight everyone", "kids, stop", "go to sleep sweetheart"


def _said(s: Sentence, phrase: str) -> bool:
    return phrase in " ".join(s.plain)


def _phrase(s: Sentence, hit: Hit) -> tuple[str, ...]:
    return s.words[hit.start : hit.end]


def _cancels(s: Sentence) -> bool:
    """ "never mind", "cancel that" - not "I must cancel my dentist appointment"."""
    if len(s.heard or s.plain) > CANCEL_WORDS:
        return False
    for hit in _hits(s, "cancel"):
        after = s.words[hit.end] if hit.end < len(s.words) else BREAK
        if _phrase(s, hit) != ("cancel",) or after in (BREAK, "that", "it", "this", "everything"):
            return True
    return False


def _hits(s: Sentence, concept: str) -> list[Hit]:
    return [h for h in s.hits.get(concept, ()) if not h.negated]


def _ends_clause(words: Sequence[str], hit: Hit) -> bool:
    """True when a phrase of more than one word is said, or one word ends its clause ("quit",
    "bye now") - "quit smoking" is no goodbye."""
    after = words[hit.end] if hit.end < len(words) else BREAK
    return hit.end - hit.start > 1 or after in _AFTER_LEAVING


_AFTER_LEAVING = frozenset({BREAK, "now", "please", "companion", "thanks", "then", "for", "app"})


def _said_any(words: Sequence[str], phrases: list[tuple[str, ...]]) -> bool:
    return any(_at(words, i, p) for p in phrases for i in range(len(words)))


def _clauses(words: Sequence[str]) -> list[list[str]]:
    clauses: list[list[str]] = [[]]
    for word in words:
        if word == BREAK:
            clauses.append([])
        else:
            clauses[-1].append(word)
    return [c for c in clauses if c]


def _at(words: Sequence[str], i: int, phrase: tuple[str, ...]) -> bool:
    if i + len(phrase) > len(words):
        return False
    for word, want in zip(words[i : i + len(phrase)], phrase, strict=True):
        if want.endswith("*"):
            if not word.startswith(want[:-1]):
                return False
        elif word != want and word != want + "'s":  # "my best friend's" is "my best friend"
            return False
    return True


def _negated(words: Sequence[str], at: int, lexicon: Words) -> bool:
    """True when a negation reaches `at` ("not anxious", "instead of this breathing"); "can't
    stop shaking" and "won't stop crying" say the opposite of a negation."""
    for back in range(at - 1, max(-1, at - 1 - NEGATION_SCOPE), -1):
        word = words[back]
        if word in lexicon.scope_ends or word in ("stop", "stopping"):
            return False
        if word in lexicon.negations or tuple(words[back : back + 2]) in _DENYING_PAIRS:
            return True
    return False


_DENYING_PAIRS = frozenset({("instead", "of"), ("rather", "than")})


Rule = Callable[[Sentence], Guess | None]


class MeaningReader:
    """Guesses the intent of a sentence from its concepts; None when it asks for nothing."""

    def __init__(self, lists: Mapping[str, Phrases], lexicon: Lexicon | None = None) -> None:
        """`lists`: the grammar's slot lists (pattern, technique, activity, feeling_word...)."""
        self._lists = lists
        self._lexicon = lexicon or Lexicon()
        self._rules: list[Rule] = [
            self._leaving, self._farewell, self._reminder, self._snooze, self._question,
            self._exercise, self._relationship, self._sleep, self._space, self._distress,
            self._vague,
        ]  # fmt: skip
        self._session_rules: list[Rule] = [self._leaving, self._reminder, self._control]
        self._asked = False

    @property
    def addressees(self) -> frozenset[str]:
        """Words that call someone in the room ("kids, stop it")."""
        return self._lexicon.words.addressees

    def aside(self, words: Sequence[str]) -> bool:
        """True when the sentence is said about or to someone else, and asks nothing."""
        return self._lexicon.read(words).aside

    def guess(self, words: Sequence[str], context: str) -> Guess | None:
        """The likeliest request in `words` (normalised, BREAK between clauses)."""
        sentence = self._lexicon.read(words)
        sentence = replace(sentence, plain=_undenied(sentence.words), heard=sentence.plain)
        self._asked = context == "yes_no"
        if _cancels(sentence):
            return Guess("cancel", {}, SURE)  # "nevermind lol", in any context
        answer = self._answer(sentence, context)
        if answer is not None or sentence.aside:
            return answer
        steering = context != "idle" or len(sentence.plain) <= SHORT
        for rule in [*self._session_rules, *self._rules] if steering else self._rules:
            guess = rule(sentence)
            if guess is not None:
                return guess
        return None

    # -- answers to the question just asked ----------------------------------------------

    def _answer(self, s: Sentence, context: str) -> Guess | None:
        if context == "rating":
            return self._rating(s)
        if context == "feeling" and (not s.aside or len(s.plain) <= SHORT):
            word = find_phrase(s.plain, self._lists["feeling_word"])
            if word is not None:
                return Guess("feeling", {"word": word.value}, LIKELY)
            for concept, feeling in FEELING_CONCEPTS:
                if s.said(concept):
                    return Guess("feeling", {"word": feeling}, UNSURE)
        if context == "yes_no":
            return self._snooze(s) or _yes_or_no(s)
        return None

    def _rating(self, s: Sentence) -> Guess | None:
        said = [_RATING_WORDS.get(w, w.removesuffix("ish") if len(w) > 5 else w) for w in s.plain]
        rating = _rating_now(said) or find_rating(said)
        if rating is not None and _rated(s.plain, rating):
            return Guess("rating", {"value": rating.value}, SURE)
        if not s.aside and len(s.plain) <= 12 and find_phrase(s.plain, {"": INTENSITY}):
            return Guess("rating_vague", {}, LIKELY)
        return None

    # -- requests ------------------------------------------------------------------------

    def _leaving(self, s: Sentence) -> Guess | None:
        short = len(s.plain) <= 6
        if s.said("cancel") and short and not s.said("remind"):
            return Guess("cancel", {}, SURE)
        if not s.personal or not short or s.said("remind"):
            return None
        if s.plain == ("shut", "down") or any(_ends_clause(s.words, h) for h in _hits(s, "quit")):
            return Guess("quit", {}, LIKELY)
        return None

    def _farewell(self, s: Sentence) -> Guess | None:
        """ "thank you, I'll leave you now, goodbye": a goodbye ends what is said."""
        last = s.heard[-1] if s.heard else ""
        return Guess("quit", {}, LIKELY) if last in ("goodbye", "bye") and s.personal else None

    def _control(self, s: Sentence) -> Guess | None:
        """Steering a running exercise: "ease off the pace", "ok I'm back", "one more time"."""
        if len(s.plain) > CONTROL_WORDS:
            return None
        clauses = _clause_of(s.words)
        for concept, intent in CONTROLS:
            for hit in s.hits.get(concept, ()):
                if not hit.negated and _steers(s.words, hit, clauses[hit.start]):
                    return Guess(intent, {}, LIKELY)
        return None

    def _question(self, s: Sentence) -> Guess | None:
        """ "what's box breathing?", "explain this exercise", "what can you do"."""
        if s.said("help") and s.personal:
            return Guess("help", {}, LIKELY)
        opens = s.plain[0] if s.plain else ""
        named = s.said("breath", "ground") or self._pattern(s.plain) or self._technique(s.plain)
        if opens in QUESTIONS and named and not s.said("request"):
            return Guess("help", {}, LIKELY)
        return None

    def _reminder(self, s: Sentence) -> Guess | None:
        if "reminders" in s.heard and any(w in s.heard for w in _ENDING_REMINDERS):
            return Guess("cancel_reminders", {}, LIKELY)  # "I don't want reminders, cancel them"
        if not s.said("remind"):
            return None
        if "reminders" in s.plain and any(w in s.plain for w in _ENDING_REMINDERS):
            return Guess("cancel_reminders", {}, LIKELY)  # "switch off the breathing reminders"
        listing = (
            "reminders" in s.plain or _said(s, "asked you to remind") or _said(s, "remind me about")
        )
        if listing and any(w in s.plain for w in _LISTING):
            return Guess("list_reminders", {}, LIKELY)
        if _said(s, "remind me what") or _said(s, "remind me who") or _said(s, "remind me where"):
            return None  # "remind me what the password is" is for a person
        slots = self._reminder_slots(list(s.plain))
        if not slots:
            return None
        return Guess("remind", slots, LIKELY)

    def _reminder_slots(self, plain: list[str]) -> dict[str, SlotValue]:
        slots: dict[str, SlotValue] = {}
        every = find_duration_after(plain, "every")
        later = (
            _from_now(plain)
            or find_duration_after(plain, "in")
            or find_duration_after(plain, "after")
        )
        asked = next((i for i, w in enumerate(plain) if w.startswith("remind")), 0)
        clock = find_clock(plain[asked:]) or find_clock(plain)
        if every is not None:
            slots["every_minutes"] = every.value
        elif "hourly" in plain:
            slots["every_minutes"] = 60
        elif later is not None:
            slots["in_minutes"] = later.value
        elif clock is not None:
            slots["at"] = clock.value
        activity = find_phrase(plain, self._lists["activity"])
        if activity is not None:
            slots["activity"] = activity.value
        elif self._technique(plain) is not None:
            slots["activity"] = "ground"  # "remind me at ten to do the five senses"
        elif self._pattern(plain) is not None:
            slots["activity"] = "breathe"
        return slots

    def _snooze(self, s: Sentence) -> Guess | None:
        explicit = any(w in s.plain for w in ("push", "reminder", "snooze")) or len(s.plain) <= 3
        putting_off = s.said("snooze") and (self._asked or explicit)
        if "snooze" not in s.plain and not putting_off:
            return None
        length = (
            find_duration_after(list(s.plain), "for")
            or find_duration_after(list(s.plain), "snooze")
            or find_length(s.plain)
        )
        return Guess("snooze", {} if length is None else {"minutes": length.value}, LIKELY)

    def _exercise(self, s: Sentence) -> Guess | None:
        pattern = self._pattern(s.plain, s.heard)
        technique = self._technique(s.plain, s.said("ground"))
        breath = _wanted(s, "breath") or pattern is not None
        ground = _wanted(s, "ground") or technique is not None
        if not (breath or ground):
            return None
        named = pattern is not None or technique is not None or _named_alone(s)
        if not s.asking and _third_person_subject(s):
            return None  # "my yoga teacher does box breathing", "he does it before he drives"
        if not s.said("request") and any(w in _PAST for w in s.plain) and not s.commanded:
            return None  # "we learned box breathing in PE today"
        if not named and not (s.asking or _wants(s, breath)):
            return None  # "i'm breathing fine" asks for nothing
        if breath and ground and pattern is None and technique is None:
            return Guess(CLARIFY, {}, UNSURE)
        if technique is not None and pattern is None:
            return Guess("ground", {"technique": technique.value}, SURE)
        if ground and not breath:
            return Guess("ground", {}, LIKELY)
        slots: dict[str, SlotValue] = {}
        if pattern is not None:
            slots["pattern"] = pattern.value
        length = find_length(s.plain, when=False)
        if length is not None:
            slots["minutes"] = length.value
        return Guess("breathe", slots, SURE if pattern is not None else LIKELY)

    def _pattern(self, plain: Sequence[str], heard: Sequence[str] = ()) -> Span | None:
        counted = _counted_pattern(plain)
        if _without_holds(heard or plain):
            found = find_phrase(plain, self._lists["pattern_without_holds"])
            if found is None and counted is not None and counted.value in ("box", "478"):
                found = Span(f"{counted.value}_no_hold", counted.start, counted.end)
            if found is not None:
                return found
        found = find_phrase(plain, self._lists["pattern_counts"]) or counted
        found = found or find_phrase(plain, self._lists["pattern"], _LOOSE_PATTERNS)
        found = found or find_phrase(plain, PATTERN_HINTS)
        if found is None and _LONGER_OUT.search(" ".join(plain)):
            found = Span("exhale", 0, len(plain))  # "breathing out longer than you breathe in"
        return found

    def _technique(self, plain: Sequence[str], grounding: bool = False) -> Span | None:
        strict = find_phrase(plain, self._lists["technique"], _LOOSE_TECHNIQUES)
        found = strict or find_phrase(plain, TECHNIQUE_HINTS)
        joined = " ".join(plain)
        for technique, pattern in TECHNIQUE_SHAPES.items():
            if found is None and pattern.search(joined):
                found = Span(technique, 0, len(plain))
        if found is None:
            loose = find_phrase(plain, self._lists["technique"])
            after = plain[loose.end] if loose is not None and loose.end < len(plain) else ""
            if loose is not None and (after in _EXERCISE_WORDS or grounding):
                found = loose  # "the muscle one", "a grounding exercise, the senses"
        return found

    def _relationship(self, s: Sentence) -> Guess | None:
        partner = s.said("partner") and not _about_family(s) and not _someone_elses_partner(s)
        if s.said("fine") and not s.said(*DISTRESS) and not s.said("urge"):
            return None  # "she left me on read but she's in a meeting, no worries"
        silence = s.said("silence") or ((partner or s.said("couple")) and _silent(s))
        left = s.said("leaving") and (
            partner or any("me" in _phrase(s, h) for h in _hits(s, "leaving"))
        )
        urge = s.said("urge") or left or ((partner or s.said("couple")) and silence) or _urged(s)
        if partner and s.said("contact") and s.said(*DISTRESS) and not s.said("fight"):
            urge = True
        flooded = s.said("fight") and (partner or s.said("couple") or s.said("space"))
        if s.said("couple") and s.said("stress", "anger", "shutdown"):
            flooded = True
        if partner and s.said("shutdown") and not (s.said("urge") or silence):
            flooded = True  # "my partner is crying and I've gone completely numb"
        if s.said("space") and partner and not urge:
            flooded = True
        if flooded and not (s.said("urge") or silence):
            return Guess("feeling_overwhelmed", {}, LIKELY)
        if urge:
            return Guess("feeling_anxious", {}, LIKELY)
        return None

    def _sleep(self, s: Sentence) -> Guess | None:
        owned = [h for h in _hits(s, "sleep") if not _someone_elses(s.words, h.start)]
        return Guess("sleep", {}, LIKELY) if owned and s.personal else None

    def _space(self, s: Sentence) -> Guess | None:
        needing = s.said("request") or any(w in s.plain for w in _NEEDING) or len(s.plain) <= 4
        if s.said("space") and needing and s.personal:
            return Guess("space", {}, LIKELY)
        return None

    def _distress(self, s: Sentence) -> Guess | None:
        # panic speaks for itself ("heart going a million miles an hour"); the rest needs the
        # person to speak of themselves or ask
        if s.said("fine") and not s.said("request"):
            return None  # "the meeting was stressful but it's over now and I'm fine"
        mine = [
            h
            for n in (*DISTRESS, "calm")
            for h in _hits(s, n)
            if not _someone_elses(s.words, h.start)
        ]
        if (s.said("body") or s.personal) and mine:
            return Guess("calm", {}, LIKELY)
        return None

    def _vague(self, s: Sentence) -> Guess | None:
        if s.personal and (s.said("vague_help") or _asks_for_help(s.plain)):
            return Guess(CLARIFY, {}, UNSURE)
        return None


def _clause_of(words: Sequence[str]) -> list[int]:
    """For each word, how many words its clause has."""
    sizes: list[int] = []
    clause: list[int] = []
    for i, word in enumerate(words):
        if word == BREAK:
            sizes += [len(clause)] * (len(clause) + 1)
            clause = []
        else:
            clause.append(i)
    return sizes + [len(clause)] * len(clause)


def _steers(words: Sequence[str], hit: Hit, clause_size: int) -> bool:
    """True when a control word is said as one: a lone word in a short clause ("next", not
    "and next on Radio 2"), and "stop" not followed by what someone else should stop doing
    ("Rex, stop barking")."""
    plain = [w for w in words if w != BREAK]
    if words[hit.start] == "sorry" and hit.end - hit.start == 1 and len(plain) > 2:
        return False  # "sorry, my son is talking to me"
    loose = hit.end - hit.start == 1 and words[hit.start] in _LOOSE_CONTROLS
    if loose and len(plain) > 3 and clause_size > 2:
        return False
    if hit.start and words[hit.start - 1] in ("a", "an", "the", "what", "that", "this"):
        return False  # "what a finish!"
    after = words[hit.end] if hit.end < len(words) else BREAK
    return words[hit.start] != "stop" or hit.end - hit.start > 1 or after in _AFTER_STOP


_LOOSE_CONTROLS = frozenset(
    {"next", "pass", "done", "finished", "finish", "enough", "sorry", "wait", "quiet", "continue",
     "skip", "slow", "longer", "silence", "huh", "pardon", "resume", "repeat", "freeze"}
)  # fmt: skip
"""Control words that are often something else in a longer clause ("and next on Radio 2")."""
_AFTER_STOP = frozenset(
    {BREAK, "it", "that", "this", "now", "please", "talking", "the", "here", "there", "for",
     "everything", "already", "right", "thanks", "thank", "companion", "i", "we", "stop",
     "okay", "ok", "again", "just", "then", "so"}
)  # fmt: skip


def _someone_elses(words: Sequence[str], at: int) -> bool:
    """True when a third person stands just before `at` ("he's stressed", "helps her sleep")."""
    before = [w for w in words[max(0, at - 3) : at] if w != BREAK]
    return (bool(before) and before[-1] in _THIRD_PERSONS) or (
        len(before) >= 2 and before[-2] in _THIRD_PERSONS and before[-1] in _LINKS
    )


def _someone_elses_partner(s: Sentence) -> bool:
    """True when every partner said is someone else's ("her boyfriend never texts back")."""
    named = [h for h in _hits(s, "partner") if _phrase(s, h)[0] not in _THIRD_PERSONS]
    return bool(named) and all(
        h.start and s.words[h.start - 1] in ("her", "his", "their") for h in named
    )


def _about_family(s: Sentence) -> bool:
    """True when "he" or "her" has someone else to refer to ("my mum called about her test
    results"), and no partner is named."""
    named = any(
        len(_phrase(s, h)) > 1 or _phrase(s, h)[0] not in _THIRD_PERSONS
        for h in _hits(s, "partner")
    )
    return not named and any(w in _FAMILY for w in s.plain)


_FAMILY = frozenset(
    {"mum", "mom", "mam", "dad", "landlord", "boss", "manager", "colleague", "teacher", "doctor",
     "kids", "son", "daughter", "sister", "brother", "gran", "nan", "grandma", "grandad",
     "customer", "client", "passenger", "neighbour", "neighbor", "coworker"}
)  # fmt: skip


def _wanted(s: Sentence, concept: str) -> bool:
    """Said, and not had enough of ("I'm sick of breathing exercises")."""
    return any(
        not any(w in _FED_UP for w in s.words[max(0, h.start - 3) : h.start])
        for h in _hits(s, concept)
    )


_FED_UP = frozenset({"sick", "tired", "bored", "fed", "enough", "instead", "than"})


def _third_person_subject(s: Sentence) -> bool:
    """True when the sentence opens with someone else doing something."""
    opening = list(s.plain[:3])
    return bool(opening) and (opening[0] in _THIRD_PERSONS or opening[:1] == ["our"])


_THIRD_PERSONS = frozenset(
    {"he", "she", "they", "he's", "she's", "they're", "him", "her", "them", "his", "their"}
)  # fmt: skip
_LINKS = frozenset({"is", "was", "gets", "got", "can't", "cannot", "does", "did", "feels", "felt"})


def _silent(s: Sentence) -> bool:
    """True when a way of contacting is denied ("he hasn't texted", "no reply from her")."""
    return any(h.negated for h in s.hits.get("contact", ()))


def _urged(s: Sentence) -> bool:
    """True when a wish comes just before a way of contacting ("itching to text him"), or a
    message is written and not sent ("typed a message to her and deleted it")."""
    contacts = s.hits.get("contact", ())
    if contacts and any(w in _UNSENT for w in s.plain):
        return True
    for hit in contacts:
        before = s.words[max(0, hit.start - 3) : hit.start]
        if any(w in DESIRE for w in before) and BREAK not in before:
            return True
    return False


def _yes_or_no(s: Sentence) -> Guess | None:
    words = [_unheld(w) for w in s.words if w not in _HUMS and w != BREAK]
    spoken = [w for w in s.words if w != BREAK]
    if not words and spoken and set(spoken) <= {"mm", "hm", "mhm", "mmhm", "uh", "huh"}:
        return Guess("yes", {}, UNSURE)  # "mm-hm"
    for start in range(min(2, len(words))):
        for size in (3, 2, 1):
            opening = " ".join(words[start : start + size])
            if opening in NO:
                return Guess("no", {}, LIKELY)
            if opening in YES:
                return Guess("yes", {}, LIKELY)
    return None


_LISTING = frozenset({"what", "which", "list", "any", "show", "have", "got", "many", "when"})
_ENDING_REMINDERS = frozenset(
    {"cancel", "delete", "remove", "clear", "off", "stop", "disable", "no", "mute", "silence",
     "rid", "don't", "anymore"}
)  # fmt: skip


def _undenied(words: Sequence[str]) -> tuple[str, ...]:
    """The words with what a negation denies blanked out, for the slot finders: "not five
    minutes, just one minute" has one length; "not the sigh one, the resonant" one pattern."""
    out: list[str] = []
    reach = 0
    for i, word in enumerate(words):
        if word == BREAK:
            reach = 0
            continue
        if word in _DENYING or tuple(words[i : i + 2]) in _DENYING_PAIRS:
            after = words[i + 1] if i + 1 < len(words) else ""
            reach = 0 if after.startswith("hold") else _DENIAL_REACH  # "no hold, 3 mins"
            out.append(word)
        elif reach:
            out.append(_DENIED)
            reach -= 1
        else:
            out.append(word)
    return tuple(out)


_DENYING = frozenset({"not", "don't", "no", "never", "instead"})
_DENIAL_REACH = 4
_DENIED = "·"


def _unheld(word: str) -> str:
    """ "yesss", "noo" -> "yes", "no"; "all" stays "all"."""
    single = re.sub(r"(.)\1+$", r"\1", word)
    return single if single in _ANSWER_WORDS and word not in _ANSWER_WORDS else word


_INTENSIFIERS = frozenset(
    {"so", "really", "very", "super", "pretty", "totally", "just", "a", "bit", "too", "way",
     "completely", "absolutely", "feeling", "still"}
)  # fmt: skip
_HUMS = frozenset({"oh", "um", "uh", "well", "mm", "hm", "hmm", "er", "erm", "ah"})


_RATING_WORDS = {"ate": "eight", "won": "one", "tree": "three", "for": "four"}


def _rating_now(words: Sequence[str]) -> Span | None:
    """The number said with "now" ("it went from eight down to five, so five now")."""
    for at in range(len(words) - 1):
        if words[at + 1] == "now" and not (words[at] == "ten" and words[at - 1 : at] == ["of"]):
            found = find_rating(words[at : at + 1])
            if found is not None:
                return Span(found.value, at, at + 1)
    return None


def _rated(plain: Sequence[str], rating: Span) -> bool:
    """True when the number is said as a rating: alone, first, after a lead, or out of ten."""
    after_word = plain[rating.end] if rating.end < len(plain) else ""
    if after_word in ("sec", "second", "seconds", "minute", "minutes", "moment", "more"):
        return False  # "one sec" is a pause
    if len(plain) <= 3 or rating.start == 0:
        return True
    before = plain[rating.start - 1] if rating.start else ""
    after = " ".join(plain[rating.end : rating.end + 3])
    return before in RATING_LEADS or after.startswith(
        ("out of", "outta", "ten", "on a scale", "at most", "at least", "or so", "ish")
    )


def _wants(s: Sentence, breath: bool) -> bool:
    """True when a request word comes before the exercise ("i need to breathe")."""
    at = s.first("breath" if breath else "ground")
    asked = s.first("request")
    return at is not None and asked is not None and asked < at


def _named_alone(s: Sentence) -> bool:
    """True when a clause is an exercise's name and nothing more, or its name and a length
    ("breathing exercise, half a minute", "a minute and a half of breathing"): a name alone
    asks for the exercise."""
    for clause in _clauses(s.words):
        for cut in ("while", "whilst", "as", "because"):
            if cut in clause:
                clause = clause[: clause.index(cut)]  # "breathing exercise while i'm cooking"
        length = find_length(clause)
        if length is not None:
            clause = clause[: length.start] + clause[length.end :]
        rest = [w for w in clause if w not in _NAMING]
        if not rest and any(w in _NAMES for w in clause):
            return True
    return False


def _asks_for_help(plain: Sequence[str]) -> bool:
    """ "help", "help me", "please help": help asked for, and nothing said of what kind."""
    rest = [w for w in plain if w not in _AROUND_HELP]
    return rest in (["help"], ["help", "now"])


_AROUND_HELP = frozenset(
    {"please", "me", "i", "need", "some", "can", "you", "hey", "hi", "companion", "oh", "kindly",
     "with", "just", "could", "would", "a", "bit", "of", "out", "here"}
)  # fmt: skip


def _from_now(plain: Sequence[str]) -> Span | None:
    """A duration before "from now": "an hour and a half from now"."""
    for at in range(len(plain) - 1):
        if list(plain[at : at + 2]) == ["from", "now"]:
            for start in range(max(0, at - 6), at):
                found = find_length(plain[start:at])
                if found is not None and found.end == at - start:
                    return Span(round(float(found.value)), start, at)
    return None


def _without_holds(plain: Sequence[str]) -> bool:
    holds = [i for i, w in enumerate(plain) if w.startswith("hold")]
    return any(
        w in ("without", "no", "skip", "skipping", "minus", "drop", "leave") and i < h
        for h in holds
        for i, w in enumerate(plain)
    )


_COUNT_WORDS = {"in": "in", "inhale": "in", "hold": "hold", "out": "out", "exhale": "out"}
_PATTERN_OF_COUNTS = {
    (4, 0, 6): "exhale", (3, 0, 5): "exhale", (5, 0, 5): "coherent", (6, 0, 6): "coherent",
    (4, 7, 8): "478", (4, 4, 4): "box", (3, 3, 3): "box",
}  # fmt: skip
_NUMBERS = {"three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}


def _counted_pattern(plain: Sequence[str]) -> Span | None:
    """A pattern said by its counts: "in four, out six", "five in five out", "4-7-8"."""
    counts: dict[str, int] = {}
    for i, word in enumerate(plain):
        phase = _COUNT_WORDS.get(word)
        if phase is None:
            continue
        for near in (i + 1, i + 2, i - 1):  # "in for four", "in four", "four in"
            if 0 <= near < len(plain) and plain[near] in _NUMBERS and phase not in counts:
                counts[phase] = _NUMBERS[plain[near]]
                break
    key = (counts.get("in", 0), counts.get("hold", 0), counts.get("out", 0))
    pattern = _PATTERN_OF_COUNTS.get(key)
    if pattern is None and counts.get("in") == counts.get("out") == 5:
        pattern = "coherent"
    return None if pattern is None else Span(pattern, 0, len(plain))


_SPEAKER = frozenset({"i", "i'm", "i've", "i'd", "i'll", "me", "myself"})
_NAMES = frozenset({"breathing", "breath", "breathwork", "grounding"})
_NAMING = _NAMES | {
    "exercise", "a", "some", "the", "quick", "short", "session", "please", "now", "of", "for",
    "just", "bit", "little", "can", "lah", "leh", "minutes",
}  # fmt: skip
_PAST = frozenset(
    {"did", "learned", "learnt", "tried", "yesterday", "earlier", "taught", "used", "helped",
     "worked", "was", "were", "helps", "been"}
)  # fmt: skip
_UNSENT = frozenset(
    {"deleted", "delete", "deleting", "drafted", "drafting", "unsent", "rewrote", "rewriting",
     "retyped", "typed"}
)  # fmt: skip
_NEEDING = frozenset({"need", "needs", "want", "wanna", "gotta"})
_EXERCISE_WORDS = frozenset(
    {"one", "exercise", "thing", "version", "relaxation", "technique", "session", "practice"}
)  # fmt: skip
_LOOSE_PATTERNS = frozenset({"relaxing", "exhale", "out breath", "out breaths"})
"""Pattern phrases too common in speech to name a pattern on their own."""
_LOOSE_TECHNIQUES = frozenset(
    {"scan", "scanning", "senses", "compassion", "kindness", "muscle", "muscles", "butterfly"}
)  # fmt: skip
"""Technique phrases that name one only beside a word of the exercise."""
PATTERN_HINTS: dict[str, tuple[str, ...]] = {
    "478": ("hold for seven", "holding for seven", "hold it for seven", "count of seven",
            "out for eight", "seven count hold"),
    "sigh": ("in twice", "inhale twice", "two inhales", "double inhale", "second inhale",
             "top up", "sip of air", "two breaths in", "breathe in twice", "sighs"),
    "coherent": ("six breaths a minute", "six breaths per minute", "five and five",
                 "five seconds in and five", "breaths a minute"),
    "exhale": ("out breath is longer", "out breath longer", "longer out", "exhale longer",
               "breathe out longer", "out longer than", "long exhales", "longer exhales",
               "exhale is longer", "extended exhales", "slow exhales"),
    "box": ("four sides", "four counts each", "four four four four"),
}  # fmt: skip
"""Ways of naming a breathing pattern beyond the grammar's own lists."""
_LONGER_OUT = re.compile(
    r"\b(?:long|longer|extended|slow|slower)\b(?: \w+){0,3} (?:exhales?|out breaths?|breath out|"
    r"breathe out|breathing out)\b|\b(?:breath|breathe|breathing) out(?: \w+){0,2} longer\b|"
    r"\bexhal\w*(?: \w+){0,2} longer\b|\bout breath (?:is )?longer\b"
)
TECHNIQUE_SHAPES = {
    "muscle": re.compile(
        r"\b(?:squeez|tens|tight|clench)\w*(?: \w+){0,4} (?:muscles?|fists?|shoulders|body|"
        r"and (?:let go|release|relax))\b"
    ),
    "butterfly": re.compile(
        r"\b(?:cross(?:ing)? (?:your|my) arms|tap(?:ping)? (?:your|my) (?:shoulders|chest|arms))"
        r"|\bbutterfly tap"
    ),
}
"""Techniques described rather than named ("the one where you tense your fists")."""
TECHNIQUE_HINTS: dict[str, tuple[str, ...]] = {
    "senses": ("things i can see", "name things", "name five things", "five things i",
               "name stuff", "can see and hear", "see and hear", "things you can see",
               "what i can see", "what i can hear", "notice five", "the five senses",
               "five senses"),
    "body_scan": ("bodyscan", "scan of my body", "scan my body", "scan through my body",
                  "head to toe", "toes to head"),
    "muscle": ("pmr", "tense and release", "tense and relax", "tense each", "tense your",
               "tense my", "muscle group", "muscle groups", "each muscle", "clench and release",
               "squeeze and release", "tensing"),
    "butterfly": ("tapping hug", "butterfly tap", "tap my shoulders", "hug myself",
                  "self hug", "hug one", "the hug", "with the tapping", "tapping one", "hugging",
                  "tapping thing"),
    "self_compassion": ("be kind to myself", "kinder to myself", "self compassion",
                        "kind to yourself", "be kind to yourself",
                        "nice to myself", "gentle with myself", "kind to myself",
                        "hand on my heart", "hands on my heart", "hand on heart"),
}  # fmt: skip
"""Ways of naming a grounding technique beyond the grammar's own list."""

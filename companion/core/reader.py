"""Typed text or a transcript to what the person wants: one reader for text mode and speech.

In order, first sure answer wins:

1. crisis language, anywhere in the text (companion.core.crisis; recall first);
2. the templates of intents.yaml, the contract for commands and slots, on the whole text;
3. the templates again with filler words taken out, and on each clause of a run-on sentence
   ("so my boss said... and now I just need to breathe for a bit");
4. a script of the person's own, by its title ("start my calm");
5. the words that carry meaning (companion.core.meaning), which also ask one short question
   when a request for help does not say which kind.

Pure: text and a dialogue context in, a TextReading out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from companion.core.crisis import crisis_in
from companion.core.intents import CRISIS, NONE, Intent, IntentMatcher
from companion.core.known_words import known_words
from companion.core.lexicon import lexicon_words
from companion.core.meaning import BREAK, CLARIFY, MeaningReader
from companion.core.ports import Likeness
from companion.core.spelling import Speller
from companion.core.text import normalize

CRISIS_NEIGHBOURS = 5
"""How many nearest examples must all be crisis language."""
CRISIS_SIMILARITY = 0.5
"""How near the nearest must be (cosine). Measured on the held-out crisis list (unseen):
recall 80 -> 91%, with no false alarm added on the held-out understanding set."""
LIKE_CRISIS = 0.8
"""Confidence of crisis read by likeness."""
START_SCRIPT = "start_script"
"""The intent of a script asked for by its title; slot `script` holds its id."""
EXACT, CLEANED, CLAUSE, TITLED = 1.0, 0.95, 0.9, 0.9
"""Confidence of a reading by each way, before the meaning reader's own."""
FILLERS = frozenset(
    {"um", "umm", "uh", "uhh", "er", "erm", "uhm", "hmm", "hm", "ah", "oh", "well", "so",
     "basically", "literally", "actually", "honestly", "just", "anyway", "anyways", "like",
     "really", "maybe", "kinda", "sorta", "pretty", "now", "please", "companion", "hey",
     "okay", "ok", "alright", "right", "thanks", "cheers"}
)  # fmt: skip
"""Words that carry no request, taken out on a second look."""
HESITATIONS = frozenset({"um", "umm", "uh", "uhh", "er", "erm", "uhm", "hmm", "hm", "ah"})
"""Sounds that carry nothing at all: the meaning reader never sees them."""
FILLER_PHRASES = (
    ("you", "know"), ("i", "mean"), ("kind", "of"), ("sort", "of"), ("you", "can"),
    ("thank", "you"),
)  # fmt: skip
"""Phrases taken out with them."""
KEEPS_LIKE = frozenset(
    {"i'd", "would", "i", "you", "we", "they", "feel", "feels", "felt", "look", "looks",
     "something", "sounds", "things", "more", "it's", "that's", "is", "was"}
)  # fmt: skip
"""After these words "like" means something ("i'd like", "feels like")."""
CONJUNCTIONS = frozenset({"and", "but", "so", "because", "cause", "cos", "then", "or"})
"""Where a run-on sentence's clauses meet."""
RANK = (
    "quit", "cancel", "stop", "pause", "breathe", "ground", START_SCRIPT, "feeling_anxious",
    "feeling_overwhelmed", "remind", "rating", "sleep", "space", "calm", CLARIFY,
)  # fmt: skip
"""When clauses ask for different things, the first of these wins; else the last clause."""
CONTROLS = frozenset({"stop", "pause", "resume", "repeat", "slower", "faster", "skip", "quit"})
"""Session controls: first among clauses in a session, last when nothing runs ("we've been
fighting and I'm done, I need a time out" is no "stop")."""
URGENT = frozenset({"stop", "pause", "cancel"})
ANSWERING = frozenset({"yes_no", "rating", "feeling"})
"""Contexts in which a question waits for its answer."""
ANSWERS = frozenset({"yes", "no", "rating", "rating_vague", "feeling", "snooze"})
"""An answer to the question asked comes before anything a clause of it might also say."""
"""Heard in any clause, however much else is said around them."""
_CLAUSE_END = re.compile(r"(?:[,;!?\n]|\.(?!\d))+|\s-+\s|\s*\u2014\s*")
_TITLE_LEAD = (
    r"(?:(?:can|could) (?:we|you|i) |i(?:'d like| want| wanna) to |let's |please )?"
    r"(?:start|begin|do|play|run|try|put on)? ?(?:the |my )?"
)


@dataclass(frozen=True)
class TextReading:
    """What a piece of text was taken to mean."""

    intent: Intent
    """The intent; `none` when the text is not for us, CLARIFY when a question is owed."""
    confidence: float
    """0 to 1: how sure the reading is."""
    how: str
    """Which way decided: crisis, template, cleaned, clause, title, meaning, or none."""


class Reader:
    """Reads what people type or say against the contract of intents and their meaning."""

    def __init__(
        self,
        matcher: IntentMatcher,
        titles: Mapping[str, str] | None = None,
        likeness: Likeness | None = None,
    ) -> None:
        """`titles`: script id -> title, for scripts asked for by name. `likeness` compares a
        sentence with labelled examples by meaning: a second ear for crisis language."""
        self.matcher = matcher
        self._likeness = likeness
        self._meaning = MeaningReader(matcher.grammar.lists)
        self._speller = Speller(matcher.grammar.vocabulary() | lexicon_words(), known_words())
        self._titles = [
            (re.compile(_TITLE_LEAD + re.escape(normalize(title)) + r"(?: \w+)?$"), script_id)
            for script_id, title in (titles or {}).items()
            if normalize(title)
        ]

    def read(self, text: str, context: str = "idle", fallback: bool = True) -> TextReading:
        """The meaning of `text` in `context`; with `fallback`, a request that fits no answer
        to the question asked is read as a request of its own (typed text is never misheard)."""
        typed = _joined([c for c in (normalize(p) for p in _CLAUSE_END.split(_unnamed(text))) if c])
        clauses = [" ".join(self._speller.mend(c.split())) for c in typed]
        whole = " ".join(clauses)
        if not whole:
            return TextReading(Intent(NONE), 0.0, "none")
        if crisis_in(typed) or crisis_in(clauses):
            return TextReading(Intent(CRISIS), 1.0, "crisis")
        if self._like_crisis(whole):
            return TextReading(Intent(CRISIS), LIKE_CRISIS, "likeness")
        contexts = [context] if context == "idle" or not fallback else [context, "idle"]
        for each in contexts:
            found = self._whole(whole, each)
            if found is not None:
                return self._fuller(found, clauses, context)
        titled = self._titled(whole)
        if titled is not None:
            return titled
        return self._parts(clauses, context, contexts)

    def _like_crisis(self, text: str) -> bool:
        """True when every one of the nearest examples is crisis language: what the patterns
        missed ("there's nothing left holding me here") is still caught when it says what
        they say in other words."""
        if self._likeness is None:
            return False
        near = self._likeness.nearest(text, CRISIS_NEIGHBOURS)
        return (
            bool(near)
            and near[0].similarity >= CRISIS_SIMILARITY
            and all(n.label == CRISIS for n in near)
        )

    def _whole(self, whole: str, context: str) -> TextReading | None:
        """The whole text as one template sentence, as it is or without fillers."""
        exact = self.matcher.match(whole, context)
        if exact.name != NONE:
            return TextReading(exact, EXACT, "template")
        cleaned = _cleaned(whole.split())
        if cleaned and cleaned != whole:
            found = self.matcher.match(cleaned, context)
            if found.name != NONE:
                return TextReading(found, CLEANED, "cleaned")
        return None

    def _fuller(self, found: TextReading, clauses: list[str], context: str) -> TextReading:
        """A template's exercise with the slots the meaning of the whole adds ("four minutes
        of the relaxing breath": the template heard the minutes, the words name the pattern)."""
        if found.intent.name not in ("breathe", "ground"):
            return found
        guess = self._meaning.guess(_words(clauses), context)
        if guess is None or guess.intent != found.intent.name:
            return found
        slots = {**guess.slots, **found.intent.slots}
        return TextReading(Intent(found.intent.name, slots), found.confidence, found.how)

    def _parts(self, clauses: list[str], context: str, contexts: list[str]) -> TextReading:
        """Clauses that are template sentences, weighed with the meaning of the whole."""
        words = _words(clauses)
        if not words:
            return TextReading(Intent(NONE), 0.0, "none")
        guess = self._meaning.guess(words, context)
        meant = None if guess is None else Intent(guess.intent, dict(guess.slots))
        if guess is not None and context in ANSWERING and guess.intent in ANSWERS:
            return TextReading(Intent(guess.intent, dict(guess.slots)), guess.confidence, "meaning")
        aside = self._meaning.aside(words)
        called = bool(words) and words[0] in self._meaning.addressees
        heard = [] if aside and called else self._clauses(clauses, contexts, urgent_only=aside)
        if meant is None and not heard:
            return TextReading(Intent(NONE), 0.0, "none")
        if not heard:
            assert guess is not None and meant is not None
            return TextReading(meant, guess.confidence, "meaning")
        chosen = _ranked([*heard, *([meant] if meant else [])], context)
        if meant is not None and chosen.name == meant.name:
            same = [i.slots for i in heard if i.name == chosen.name]
            merged = {**(same[0] if same else {}), **meant.slots}
            return TextReading(Intent(chosen.name, merged), CLAUSE, "clause")
        return TextReading(chosen, CLAUSE, "clause")

    def _clauses(self, clauses: list[str], contexts: list[str], urgent_only: bool) -> list[Intent]:
        """The template sentences among the clauses, when they say at least half of the text
        (or "stop!" shouted before a song lyric would count); in a session, stop, pause and
        cancel in any clause ("pause, the baby's stirring")."""
        pieces = _pieces(clauses)
        total = sum(len(c.split()) for c in clauses)
        for context in contexts:
            heard = [(p, self.matcher.match(p, context)) for p in pieces]
            # crisis was looked for in the whole message already, with what the other
            # clauses say ("I won't be here tomorrow, I'm at my sister's")
            found = [(p, i) for p, i in heard if i.name not in (NONE, CRISIS)]
            covered = sum(len(p.split()) for p, _ in found)
            if found and 2 * covered >= total and not urgent_only:
                return [i for _, i in found]
            urgent = [i for _, i in found if i.name in URGENT]
            if urgent and context != "idle":
                return urgent  # "I'm not enjoying this one, stop it": stop is always heard
        return []

    def _titled(self, whole: str) -> TextReading | None:
        cleaned = _cleaned(whole.split()) or whole
        for pattern, script_id in self._titles:
            if pattern.match(cleaned) or pattern.match(whole):
                return TextReading(Intent(START_SCRIPT, {"script": script_id}), TITLED, "title")
        return None


_NAME_FOLLOWERS = (
    "hasn't", "has", "hasnt", "is", "isn't", "isnt", "won't", "wont", "keeps", "said", "left",
    "didn't", "didnt", "doesn't", "doesnt", "still", "just", "always", "never", "texted",
    "replied", "called", "wants", "went", "got", "was", "and I", "and me", "blew", "yelled",
    "shouted", "ignored", "ghosted", "read", "saw", "seems", "might", "will", "would", "does",
    "do", "swears", "says", "reckons", "thinks", "told", "tells", "uses", "tried", "likes",
    "loves", "hates", "had", "are", "needs",
)  # fmt: skip
_NAME = re.compile(r"\b([A-Z][a-z]{1,14})(?='s\b|\s+(?:" + "|".join(_NAME_FOLLOWERS) + r")\b)")
_VOCATIVE = re.compile(r"^\s*([A-Z][a-z]{1,14}),")
_CALLS = frozenset(
    {"abeg", "eii", "eish", "howay", "och", "aye", "jeez", "gosh", "blimey", "crikey", "ooh",
     "aww", "ugh", "urgh", "yo", "hiya", "cheers", "ta", "sorry", "please", "okay", "ok",
     "right", "well", "look", "listen", "honestly", "seriously", "wow", "oops", "hmm"}
)  # fmt: skip
"""Words people call out at the start of a sentence that are nobody's name."""
_NOT_NAMES = frozenset(
    {"I", "I'm", "It", "He", "She", "They", "This", "That", "There", "What", "Why", "How",
     "When", "Where", "Who", "Companion", "Everything", "Everyone", "Nobody", "Nothing",
     "Someone", "Something", "Today", "Tonight", "Work", "Life", "My", "The", "And", "But",
     "So", "Now", "Just", "Still", "Please", "Okay", "Ok", "Yes", "No", "Mum", "Mom", "Dad",
     "Lord", "God", "Jesus", "Christ", "Nan", "Gran", "Grandma", "Grandad", "Mummy", "Daddy",
     "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Christmas",
     "Easter", "Alexa", "Siri", "Google"}
)  # fmt: skip


def _unnamed(text: str) -> str:
    """A person named in passing read as "he" ("Sam still hasn't replied"): who someone is
    to the speaker matters; their name does not. A name called first ("Rex, stop barking")
    says the sentence is for someone else."""
    text = _VOCATIVE.sub(lambda m: m.group(0) if _word(m.group(1)) else "mate,", text)
    return _NAME.sub(lambda m: m.group(1) if _not_a_name(m) else "he", text)


def _word(name: str) -> bool:
    """True when a capitalised word is no name: a known word or a word of the companion's."""
    return name in _NOT_NAMES or name.lower() in known_words() or name.lower() in _CALLS


def _not_a_name(found: re.Match[str]) -> bool:
    """A capitalised word inside a sentence is a name even when it is also a word ("and Mark
    hasn't replied", "and Josh still"); at the start it must be no word to be one."""
    word = found.group(1)
    if word in _NOT_NAMES or word.lower() in _CALLS:
        return True
    inside = re.search(r"[a-z,]\s+$", found.string[: found.start()]) is not None
    return not inside and word.lower() in known_words()


def _words(clauses: list[str]) -> list[str]:
    """The clauses' words for the meaning reader: hesitations out, BREAK between clauses."""
    words: list[str] = []
    for clause in clauses:
        kept = [w for w in clause.split() if w not in HESITATIONS]
        words += [*kept, BREAK] if kept else []
    return words[:-1]


def _joined(clauses: list[str]) -> list[str]:
    """Clauses of a word each are one clause: "can't. breathe. help" is said in gasps."""
    if len(clauses) > 1 and sum(len(c.split()) for c in clauses) <= 1.5 * len(clauses):
        return [" ".join(clauses)]
    return clauses


def _cleaned(words: list[str]) -> str:
    return " ".join(_cleaned_words(words))


def _cleaned_words(words: list[str]) -> list[str]:
    """`words` without fillers ("um so like, can we, uh, breathe" -> "can we breathe") and
    without a word said again at once ("stop stop stop")."""
    kept: list[str] = []
    i = 0
    while i < len(words):
        pair = tuple(words[i : i + 2])
        if pair in FILLER_PHRASES:
            i += 2
            continue
        word = words[i]
        filler = word in FILLERS and not (word == "like" and kept and kept[-1] in KEEPS_LIKE)
        if not filler and not (kept and kept[-1] == word):
            kept.append(word)
        i += 1
    return kept


def _pieces(clauses: list[str]) -> list[str]:
    """Each clause, and each part of it between conjunctions, without fillers."""
    pieces: list[str] = []
    for clause in clauses:
        part: list[str] = []
        words = clause.split()
        for at, word in enumerate(words):
            if word == "and" and words[at + 1 : at + 3] in (["a", "half"], ["a", "quarter"]):
                part.append(word)  # "an hour and a half" is one length
            elif word in CONJUNCTIONS and part:
                pieces.append(_cleaned(part))
                part = []
            elif word not in CONJUNCTIONS:
                part.append(word)
        if part:
            pieces.append(_cleaned(part))
        if len(clause.split()) > 1 and any(w in CONJUNCTIONS for w in words):
            pieces.append(_cleaned(words))
    return list(dict.fromkeys(p for p in pieces if p))


def _ranked(intents: Iterable[Intent], context: str) -> Intent:
    heard = list(intents)
    rank = RANK if context != "idle" else sorted(RANK, key=lambda name: name in CONTROLS)
    for name in rank:
        for intent in heard:
            if intent.name == name:
                return intent
    return heard[-1]


__all__ = ["CLARIFY", "START_SCRIPT", "Reader", "TextReading"]

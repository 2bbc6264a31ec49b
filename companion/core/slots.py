"""Slot values found anywhere in free text: a pattern, a length, a time, a rating, a feeling.

The templates read slots from fixed places in a sentence; people put them anywhere ("can we
do, like, two minutes of that box one"). These finders look through normalised words for the
phrases of the grammar's lists and for spoken numbers, durations and clock times, so that a
request read by meaning gets its values too. Pure.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from companion.core.numbers import parse_clock, parse_number

Phrases = Mapping[str, Sequence[str]]
"""A grammar list: value -> the phrases that say it."""

_LENGTH_UNITS = {"minute": 1.0, "minutes": 1.0, "min": 1.0, "mins": 1.0}
_SECOND_UNITS = ("second", "seconds", "sec", "secs")
_HOUR_UNITS = ("hour", "hours", "hr", "hrs", "hour's", "hours'")
_FEW = {"a couple of": 2, "a couple": 2, "couple of": 2, "a few": 3, "few": 3}


@dataclass(frozen=True)
class Span:
    """A value and the words it was read from."""

    value: str | int | float
    """The slot's canonical value."""
    start: int
    """Index of its first word."""
    end: int
    """Index after its last word."""


def find_phrase(
    words: Sequence[str], table: Phrases, skip: frozenset[str] = frozenset()
) -> Span | None:
    """The longest phrase of `table` in `words` (the first when tied); `skip` names phrases
    too loose to count on their own."""
    best: Span | None = None
    for value, phrases in table.items():
        for phrase in phrases:
            if phrase in skip:
                continue
            at = _find(words, phrase.split())
            if at is None:
                continue
            size = len(phrase.split())
            if (
                best is None
                or size > best.end - best.start
                or (size == best.end - best.start and at < best.start)
            ):
                best = Span(value, at, at + size)
    return best


def _find(words: Sequence[str], phrase: Sequence[str]) -> int | None:
    """Where `phrase` starts in `words`; its last word may be said in the plural ("double
    inhales")."""
    size = len(phrase)
    for at in range(len(words) - size + 1):
        said = list(words[at : at + size])
        if said[:-1] == list(phrase[:-1]) and said[-1] in (phrase[-1], phrase[-1] + "s"):
            return at
    return None


def number_at(words: Sequence[str], start: int) -> tuple[int, int] | None:
    """The longest spoken number starting at `start`: (value, index after it)."""
    for end in range(min(len(words), start + 5), start, -1):
        if words[end - 1] == "and":
            continue
        value = parse_number(" ".join(words[start:end]))
        if value is not None and words[start] not in ("a", "an", "and"):
            return value, end
    return None


def find_length(words: Sequence[str], when: bool = True) -> Span | None:
    """A length of time in minutes, said any way: "two minutes", "2 mins", "a couple of
    minutes", "half a minute", "ninety seconds", "a minute and a half", "an hour". Without
    `when`, a length after "in" is left out: "a presentation in five minutes" says when."""
    for at in range(len(words)):
        if at and words[at - 1] in _RATE_WORDS:
            continue  # "six breaths a minute" is a pace, not a length
        if not when and at and words[at - 1] in ("in", "within"):
            continue
        found = _length_at(words, at)
        if found is not None:
            return found
    return None


SHORTEST_SECONDS = 20
"""Fewer seconds than this are a breath's count, never a session's length."""
_RATE_WORDS = frozenset({"breaths", "breath", "times", "per", "cycles"})
_HALVES = {
    ("half", "a", "minute"): 0.5,
    ("half", "an", "hour"): 30,
    ("a", "half", "hour"): 30,
    ("half", "hour"): 30,
    ("quarter", "of", "an", "hour"): 15,
    ("a", "quarter", "of", "an", "hour"): 15,
    ("a", "quarter", "hour"): 15,
}


def _length_at(words: Sequence[str], at: int) -> Span | None:
    rest = tuple(words[at:])
    for phrase, minutes in _HALVES.items():
        if rest[: len(phrase)] == phrase:
            return Span(minutes, at, at + len(phrase))
    counted = _count_at(words, at)
    if counted is None:
        return None
    count, end = counted
    if list(words[end : end + 3]) == ["and", "a", "half"]:
        count, end = count + 0.5, end + 3
    unit = _unit(words[end] if end < len(words) else "")
    if unit is None or (unit < 1 and count < SHORTEST_SECONDS):
        return None  # "in for five seconds" is a count, not a length
    minutes, end = count * unit, end + 1
    if list(words[end : end + 3]) == ["and", "a", "half"]:
        minutes, end = minutes + 0.5 * unit, end + 3
    elif unit == 60:
        extra = _extra_minutes(words, end)  # "one hour fifteen", "an hour and ten minutes"
        if extra is not None:
            minutes, end = minutes + extra[0], extra[1]
    return Span(_tidy(minutes), at, end) if minutes > 0 else None


def _count_at(words: Sequence[str], at: int) -> tuple[float, int] | None:
    """How many of a unit: a number, "a", "a couple of", "a few"."""
    for phrase, count in _FEW.items():
        size = len(phrase.split())
        if list(words[at : at + size]) == phrase.split():
            return float(count), at + size
    if words[at] in ("a", "an", "one") and at + 1 < len(words) and _unit(words[at + 1]):
        return 1.0, at + 1
    counted = number_at(words, at)
    return None if counted is None else (float(counted[0]), counted[1])


def _unit(word: str) -> float | None:
    """Minutes in one of the unit a word names."""
    if word in _LENGTH_UNITS:
        return 1.0
    if word in _SECOND_UNITS:
        return 1 / 60
    if word in _HOUR_UNITS:
        return 60.0
    return None


def _extra_minutes(words: Sequence[str], at: int) -> tuple[float, int] | None:
    start = at + 1 if words[at : at + 1] == ["and"] else at
    counted = number_at(words, start) if start < len(words) else None
    if counted is None:
        return None
    value, end = counted
    if end < len(words) and words[end] in _LENGTH_UNITS:
        end += 1
    elif start != at:
        return None  # "an hour and ten" without "minutes" is too loose
    return float(value), end


def _tidy(minutes: float) -> int | float:
    """Whole minutes as an int, the rest rounded to a tenth."""
    rounded = round(minutes, 1)
    return int(rounded) if rounded == int(rounded) else rounded


def find_rating(words: Sequence[str]) -> Span | None:
    """A check-in rating: the first number said that is not part of "out of ten"."""
    for at, word in enumerate(words):
        if word in ("a", "an", "and") or (word == "ten" and _scale_word(words, at)):
            continue
        counted = number_at(words, at)
        if counted is not None:
            value, end = counted
            if value == 0 and word != "zero":
                continue
            return Span(value, at, end)
        if word in ("nothing", "nil", "none") and len(words) <= 3:
            return Span(0, at, at + 1)
    return None


def _scale_word(words: Sequence[str], at: int) -> bool:
    """True when "ten" at `at` names the scale ("out of ten", "six ten", "on a scale of ten")."""
    before = words[at - 1] if at else ""
    if before in ("of", "outta"):
        return True
    # "eight ten", typed 8/10
    return bool(at) and parse_number(before) is not None and before != "ten"


def find_clock(words: Sequence[str]) -> Span | None:
    """A time of day after "at", "for" or "by", or with its part of the day anywhere: "at nine
    pm" -> "21:00", "tonight at ten" -> "22:00", "breathing reminder eleven pm" -> "23:00"."""
    evening = any(" ".join(words).find(p) >= 0 for p in _EVENING)
    for at, word in enumerate(words):
        lead = word in ("at", "for", "around", "by")
        if not lead and not (word in _HOURS and _daypart_after(words, at)):
            continue
        start = at + 1 if lead else at
        while start < len(words) and words[start] in _CLOCK_FILLERS:
            start += 1
        for end in range(min(len(words), start + 6), start, -1):
            value = parse_clock(" ".join(_british_half(words[start:end])))
            if value is not None:
                return Span(_evening(value) if evening else value, start, end)
    return None


_EVENING = ("tonight", "this evening", "in the evening", "at night", "pm", "in the night")
_CLOCK_FILLERS = frozenset({"like", "about", "around", "maybe", "say", "a"})
_HOURS = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
     "twelve"}
)  # fmt: skip


def _daypart_after(words: Sequence[str], at: int) -> bool:
    return words[at + 1 : at + 2] in (["pm"], ["a.m."], ["o'clock"])


def _british_half(words: Sequence[str]) -> list[str]:
    """ "half nine" is half past nine."""
    if len(words) >= 2 and words[0] == "half" and words[1] in _HOURS:
        return ["half", "past", *words[1:]]
    return list(words)


def _evening(clock: str) -> str:
    """A time said with "tonight" is in the evening: "ten" -> "22:00"."""
    hour, minute = clock.split(":")
    return f"{int(hour) + 12:02d}:{minute}" if int(hour) < 12 else clock


def find_duration_after(words: Sequence[str], lead: str) -> Span | None:
    """A duration in whole minutes after `lead` ("in", "every", "for"): "in twenty minutes"
    20, "every two hours" 120, "every hour" 60, "every hour and a half" 90, "in five" 5."""
    for at, word in enumerate(words):
        if word != lead or at + 1 >= len(words):
            continue
        found = _length_at(words, at + 1)
        if found is None and words[at + 1] == "hour":  # "every hour and a half"
            found = _length_at([*words[: at + 1], "an", *words[at + 1 :]], at + 1)
            found = found and Span(found.value, at + 1, found.end - 1)
        if found is not None and float(found.value) >= 1:
            return Span(round(float(found.value)), found.start, found.end)
        single = _SINGLE_UNITS.get(tuple(words[at + 1 : at + 3])) or _SINGLE_UNITS.get(
            tuple(words[at + 1 : at + 2])
        )
        if single is not None:
            return Span(single[0], at + 1, at + 1 + single[1])
        counted = number_at(words, at + 1)
        if counted is not None and (counted[1] == len(words) or words[counted[1]] not in _COUNTED):
            return Span(counted[0], at + 1, counted[1])  # "remind me in five": minutes
    return None


_SINGLE_UNITS = {("hour",): (60, 1), ("half", "hour"): (30, 2), ("minute",): (1, 1)}
_COUNTED = frozenset(
    {"people", "times", "days", "weeks", "years", "o'clock", "pm", "a.m.", "breaths", "cycles",
     "rounds", "sets", "seconds", "secs"}
)  # fmt: skip
"""Nouns after a bare number that make it no length of minutes ("for five breaths")."""


def _singular_units(words: Sequence[str]) -> list[str]:
    """ "mins", "hrs" -> the words parse_duration knows."""
    spelled = {"min": "minutes", "mins": "minutes", "hr": "hour", "hrs": "hours"}
    return [spelled.get(w, w) for w in words]

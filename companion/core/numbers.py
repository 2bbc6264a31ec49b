"""Numbers, durations and clock times in words, both ways: the slots of spoken requests."""

from __future__ import annotations

import re

UNITS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_VALUES = (
    {w: i for i, w in enumerate(UNITS)}
    | {w: 10 + i for i, w in enumerate(TEENS)}
    | {w: 10 * i for i, w in enumerate(TENS) if w}
)
MAX_NUMBER = 180
"""The largest number a request may hold (three hours in minutes)."""


def to_words(n: int) -> str:
    """0-999 in words, the way people say them ("one hundred and eighty")."""
    if n < 0 or n > 999:
        raise ValueError(f"{n} is out of range")
    if n >= 100:
        rest = n % 100
        head = f"{UNITS[n // 100]} hundred"
        return head if rest == 0 else f"{head} and {to_words(rest)}"
    if n >= 20:
        return TENS[n // 10] + ("" if n % 10 == 0 else f" {UNITS[n % 10]}")
    return UNITS[n] if n < 10 else TEENS[n - 10]


def parse_number(words: str) -> int | None:
    """ "one hundred and eighty" -> 180; None if it is not a number up to MAX_NUMBER."""
    tokens = [t for t in words.split() if t != "and"]
    if tokens[:1] in (["a"], ["an"]):
        tokens = ["one", *tokens[1:]]
    total = 0
    if "hundred" in tokens:
        at = tokens.index("hundred")
        head = tokens[:at] or ["one"]
        if len(head) != 1 or _VALUES.get(head[0], 0) not in range(1, 10):
            return None
        total, tokens = 100 * _VALUES[head[0]], tokens[at + 1 :]
    rest = _below_hundred(tokens)
    if rest is None:
        return None
    total += rest
    return total if total <= MAX_NUMBER else None


def _below_hundred(tokens: list[str]) -> int | None:
    if not tokens:
        return 0
    if any(t not in _VALUES for t in tokens) or len(tokens) > 2:
        return None
    first = _VALUES[tokens[0]]
    if len(tokens) == 1:
        return first
    second = _VALUES[tokens[1]]
    if tokens[0] in TENS and 1 <= second <= 9:
        return first + second
    return None


_UNIT_MINUTES = {"minute": 1, "minutes": 1, "min": 1, "mins": 1, "hour": 60, "hours": 60}


def parse_duration(words: str) -> int | None:
    """A spoken duration in whole minutes: "twenty minutes" 20, "an hour and a half" 90."""
    text = f" {words} "
    extra = 0.0
    for phrase, minutes in ((" and a half ", 0.5), (" and a quarter ", 0.25)):
        if phrase in text:
            text = text.replace(phrase, " ")
            extra = minutes
    tokens = text.split()
    if tokens in (["half", "an", "hour"], ["half", "hour"], ["a", "half", "hour"]):
        return 30
    if tokens in (
        ["quarter", "hour"],
        ["a", "quarter", "hour"],
        ["quarter", "of", "an", "hour"],
        ["a", "quarter", "of", "an", "hour"],
    ):
        return 15
    if not tokens or tokens[-1] not in _UNIT_MINUTES:
        return None
    unit = _UNIT_MINUTES[tokens[-1]]
    count = parse_number(" ".join(tokens[:-1])) if tokens[:-1] else 1
    if count is None:
        return None
    minutes = round((count + extra) * unit)
    return minutes if 0 < minutes <= 24 * 60 else None


_DAYPARTS = {
    "a.m.": "am",
    "in the morning": "am",
    "pm": "pm",
    "in the afternoon": "pm",
    "in the evening": "pm",
    "at night": "pm",
    "tonight": "pm",
}


def parse_clock(words: str) -> str | None:
    """A spoken time of day as 24-hour "HH:MM": "nine pm" 21:00, "half past seven" 07:30.

    With no a.m. or p.m., hours from 7 to 11 are taken as morning and 12 to 6 as afternoon
    or evening, the likelier reading for a reminder.
    """
    text = words.replace("o'clock", " ").strip()
    part = None
    for phrase, meaning in _DAYPARTS.items():
        if text.endswith(" " + phrase) or text == phrase:
            part, text = meaning, text[: -len(phrase)].strip()
            break
    if text in ("noon", "midday"):
        return "12:00"
    if text == "midnight":
        return "00:00"
    hour_minute = _hour_and_minute(text.split())
    if hour_minute is None:
        return None
    hour, minute = hour_minute
    if part == "am":
        hour = 0 if hour == 12 else hour
    elif part == "pm" or not 7 <= hour <= 11:
        hour = hour if hour == 12 else hour + 12
    return f"{hour % 24:02d}:{minute:02d}"


def _hour_and_minute(tokens: list[str]) -> tuple[int, int] | None:
    relative = {"half past": 30, "quarter past": 15, "quarter to": -15}
    joined = " ".join(tokens)
    for phrase, offset in relative.items():
        if joined.startswith(phrase + " "):
            hour = _hour(joined[len(phrase) + 1 :])
            if hour is None:
                return None
            return (hour - 1 or 12, 45) if offset < 0 else (hour, offset)
    for link in ("past", "to"):  # "ten past four", "twenty five to nine"
        if link in tokens:
            at = tokens.index(link)
            minutes = parse_number(" ".join(t for t in tokens[:at] if t != "minutes"))
            hour = _hour(" ".join(tokens[at + 1 :]))
            if minutes is None or hour is None or not 0 < minutes < 60:
                return None
            return (hour, minutes) if link == "past" else (hour - 1 or 12, 60 - minutes)
    if not tokens:
        return None
    hour = _hour(tokens[0])
    if hour is None:
        return None
    rest = tokens[1:]
    if rest[:1] == ["oh"] and len(rest) == 2 and _VALUES.get(rest[1], 0) in range(1, 10):
        return hour, _VALUES[rest[1]]
    minute = parse_number(" ".join(rest)) if rest else 0
    if minute is None or minute > 59:
        return None
    return hour, minute


def _hour(word: str) -> int | None:
    value = _VALUES.get(word)
    return value if value is not None and 1 <= value <= 12 else None


_DIGITS = re.compile(r"\d+")
_DECIMAL = re.compile(r"\b(\d+)\.(5|25)\b")
_FRACTIONS = {"5": "and a half", "25": "and a quarter"}
_CLOCK = re.compile(r"\b(\d{1,2})(?::(\d{2})\b|\.(\d{2})(?= ?(?:am|pm|a\.m|p\.m)))")


def digits_to_words(text: str) -> str:
    """Numbers written in digits, as a person would say them: "9:30" -> "nine thirty"."""
    text = _CLOCK.sub(_clock_words, text)
    text = _DECIMAL.sub(lambda m: f"{m.group(1)} {_FRACTIONS[m.group(2)]}", text)
    return _DIGITS.sub(lambda m: _number_words(m.group()), text)


def _clock_words(found: re.Match[str]) -> str:
    hour, minute = int(found.group(1)), int(found.group(2) or found.group(3))
    if hour > 23 or minute > 59:
        return found.group()
    suffix = ""
    if hour > 12 or hour == 0:
        hour, suffix = (hour - 12, " pm") if hour > 12 else (12, " a.m.")
    if minute == 0:
        return f"{to_words(hour)}{suffix}"
    spoken_minute = f"oh {UNITS[minute]}" if minute < 10 else to_words(minute)
    return f"{to_words(hour)} {spoken_minute}{suffix}"


def _number_words(digits: str) -> str:
    if len(digits) == 3 and int(digits) > MAX_NUMBER:
        return " ".join(UNITS[int(d)] for d in digits)  # "478" is said digit by digit
    value = int(digits)
    return to_words(value) if value <= 999 else " ".join(UNITS[int(d)] for d in digits)

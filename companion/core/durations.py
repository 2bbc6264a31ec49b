"""Durations typed on the command line, and the line that tells a person about a reminder."""

from __future__ import annotations

import re
from datetime import datetime, tzinfo

from companion.core.reminders import Reminder

MAX_MINUTES = 7 * 24 * 60
"""The longest duration accepted: a week, in minutes."""
ACCEPTED = (
    "a duration above 0 and up to 7 days, such as 45 (minutes), 45min, 90m, 1h30m, 1.5h, "
    "2 hours or 1d"
)
"""What parse_duration accepts, said in its error message."""

_MINUTES_PER = {
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes"), 1),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours"), 60),
    **dict.fromkeys(("d", "day", "days"), 24 * 60),
}
_NUMBER = r"\d+(?:\.\d+)?|\.\d+"
_PART = re.compile(rf"({_NUMBER})\s*([a-z]+)\s*")
_BARE = re.compile(_NUMBER)
WORDS = {
    "breathe": "breathing",
    "ground": "grounding",
    "check_in": "check-in",
    "return": "a reminder to come back",
}
"""How each activity is named in a person-facing line."""
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def parse_duration(text: str) -> float:
    """Minutes in "90m", "2h", "1h30m", "45", "45min", "2 hours", "1.5h"; ValueError if not."""
    cleaned = text.strip().lower()
    minutes = float(cleaned) if _BARE.fullmatch(cleaned) else _with_units(cleaned)
    if minutes is None or not 0 < minutes <= MAX_MINUTES:
        raise ValueError(f"{text.strip()!r} is not {ACCEPTED}")
    return minutes


def _with_units(text: str) -> float | None:
    total, at = 0.0, 0
    while at < len(text):
        part = _PART.match(text, at)
        if part is None or part.group(2) not in _MINUTES_PER:
            return None
        total += float(part.group(1)) * _MINUTES_PER[part.group(2)]
        at = part.end()
    return total if text else None


def describe(reminder: Reminder, now: datetime, zone: tzinfo) -> str:
    """For a person: "breathing every 2 hours, next at 3:15 pm", "grounding at 9 pm"."""
    word = WORDS.get(reminder.activity, reminder.activity)
    said = when(reminder.due, now, zone)
    if reminder.due <= now:
        said += " (overdue)"
    if reminder.every_s is None:
        return f"{word} {said}"
    return f"{word} {every(reminder.every_s)}, next {said}"


def every(seconds: float) -> str:
    """How often, in words: "every hour", "every 2 hours", "every 90 minutes", "every day"."""
    minutes = seconds / 60
    for unit, size in (("day", 24 * 60), ("hour", 60), ("minute", 1)):
        count = minutes / size
        if count == round(count) or unit == "minute":
            return f"every {unit}" if count == 1 else f"every {count:g} {unit}s"
    raise AssertionError("minutes always give a phrase")


def when(due: datetime, now: datetime, zone: tzinfo) -> str:
    """ "at 9 pm", "tomorrow at 8 am", "on Friday at 3:15 pm", as a person says it."""
    local = due.astimezone(zone)
    days = (local.date() - now.astimezone(zone).date()).days
    clock = f"at {clock_time(local)}"
    if days == 0:
        return clock
    if days == 1:
        return f"tomorrow {clock}"
    if days == -1:
        return f"yesterday {clock}"
    if 1 < days < 7:
        return f"on {_WEEKDAYS[local.weekday()]} {clock}"
    return f"on {local.day} {_MONTHS[local.month - 1]} {clock}"


def clock_time(local: datetime) -> str:
    """The 12-hour clock a person says: "3:15 pm", "9 pm", "12 am" (midnight)."""
    hour = local.hour % 12 or 12
    minutes = "" if local.minute == 0 else f":{local.minute:02d}"
    return f"{hour}{minutes} {'am' if local.hour < 12 else 'pm'}"

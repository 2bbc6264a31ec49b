"""Durations typed on the command line, and the line that describes a reminder."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.core.durations import MAX_MINUTES, clock_time, describe, every, parse_duration
from companion.core.reminders import Reminder

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2024, 5, 1, 13, 0, tzinfo=NEW_YORK)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("90m", 90),
        ("2h", 120),
        ("1h30m", 90),
        ("45", 45),
        ("45min", 45),
        ("2 hours", 120),
        ("1.5h", 90),
        ("1 hour 30 minutes", 90),
        (" 10 MINS ", 10),
        ("1d", 24 * 60),
        ("7 days", MAX_MINUTES),
        ("0.5", 0.5),
    ],
)
def test_parse_duration_reads_minutes_hours_and_days(text: str, minutes: float) -> None:
    assert parse_duration(text) == pytest.approx(minutes)


@pytest.mark.parametrize(
    "text", ["0", "0m", "-5", "-1h", "7d1m", "8 days", "", "soon", "1h30", "5 fortnights", "h"]
)
def test_parse_duration_refuses_what_is_not_a_sensible_duration(text: str) -> None:
    with pytest.raises(ValueError, match=r"up to 7 days, such as 45 \(minutes\)"):
        parse_duration(text)


def reminder(due: datetime, activity: str = "breathe", every_s: float | None = None) -> Reminder:
    return Reminder(1, activity, due, every_s=every_s)


def test_a_repeating_reminder_says_how_often_and_when_next() -> None:
    line = describe(reminder(NOW + timedelta(hours=2, minutes=15), every_s=7200), NOW, NEW_YORK)
    assert line == "breathing every 2 hours, next at 3:15 pm"


def test_a_one_off_later_today_says_the_local_time() -> None:
    due = datetime(2024, 5, 2, 1, 0, tzinfo=UTC)  # 9 pm in New York
    assert describe(reminder(due, "ground"), NOW, NEW_YORK) == "grounding at 9 pm"


def test_a_one_off_tomorrow_says_tomorrow() -> None:
    due = datetime(2024, 5, 2, 8, 0, tzinfo=NEW_YORK)
    assert describe(reminder(due, "check_in"), NOW, NEW_YORK) == "check-in tomorrow at 8 am"


def test_a_return_reminder_is_a_reminder_to_come_back() -> None:
    due = NOW + timedelta(hours=3, minutes=40)
    kept = Reminder(1, "return", due, message="Shall we finish the body scan?")
    assert describe(kept, NOW, NEW_YORK) == "a reminder to come back at 4:40 pm"


def test_later_in_the_week_names_the_day_and_further_names_the_date() -> None:
    friday = datetime(2024, 5, 3, 9, 30, tzinfo=NEW_YORK)
    assert describe(reminder(friday), NOW, NEW_YORK) == "breathing on Friday at 9:30 am"
    later = datetime(2024, 5, 8, 9, 30, tzinfo=NEW_YORK)
    assert describe(reminder(later), NOW, NEW_YORK) == "breathing on 8 May at 9:30 am"


def test_a_due_time_already_past_is_marked_overdue() -> None:
    line = describe(reminder(NOW - timedelta(minutes=30), every_s=3600), NOW, NEW_YORK)
    assert line == "breathing every hour, next at 12:30 pm (overdue)"


def test_the_day_is_the_persons_local_day_not_utcs() -> None:
    # 23:30 in New York is already tomorrow in UTC.
    due = datetime(2024, 5, 1, 23, 30, tzinfo=NEW_YORK)
    assert describe(reminder(due), NOW, NEW_YORK) == "breathing at 11:30 pm"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (60, "every minute"),
        (1800, "every 30 minutes"),
        (3600, "every hour"),
        (5400, "every 90 minutes"),
        (7200, "every 2 hours"),
        (86400, "every day"),
        (2 * 86400, "every 2 days"),
        (30, "every 0.5 minutes"),
    ],
)
def test_every_says_the_interval_in_the_largest_whole_unit(seconds: float, words: str) -> None:
    assert every(seconds) == words


@pytest.mark.parametrize(
    ("hour", "minute", "words"),
    [(0, 0, "12 am"), (9, 5, "9:05 am"), (12, 0, "12 pm"), (15, 15, "3:15 pm")],
)
def test_clock_time_is_the_12_hour_clock(hour: int, minute: int, words: str) -> None:
    assert clock_time(datetime(2024, 5, 1, hour, minute, tzinfo=UTC)) == words

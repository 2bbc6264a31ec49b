"""Numbers, durations and clock times in words."""

from __future__ import annotations

import pytest

from companion.core.numbers import (
    digits_to_words,
    parse_clock,
    parse_duration,
    parse_number,
    to_words,
)


@pytest.mark.parametrize("n", range(181))
def test_every_number_to_180_survives_words(n: int) -> None:
    assert parse_number(to_words(n)) == n


@pytest.mark.parametrize(
    "words",
    [
        "one hundred and eighty one",
        "two hundred",
        "seven seven",
        "twenty twenty",
        "hundred and hundred",
        "blue",
    ],
)
def test_non_numbers_and_numbers_over_180_are_refused(words: str) -> None:
    assert parse_number(words) is None


@pytest.mark.parametrize(
    ("words", "minutes"),
    [
        ("twenty minutes", 20),
        ("an hour", 60),
        ("two hours", 120),
        ("ninety minutes", 90),
        ("an hour and a half", 90),
        ("half an hour", 30),
        ("a minute", 1),
        ("one hundred and eighty minutes", 180),
        ("three hours", 180),
        ("two and a half hours", 150),
        ("a quarter of an hour", 15),
    ],
)
def test_durations_in_minutes(words: str, minutes: int) -> None:
    assert parse_duration(words) == minutes


@pytest.mark.parametrize(
    ("words", "clock"),
    [
        ("nine pm", "21:00"),
        ("eight thirty a.m.", "08:30"),
        ("half past seven in the evening", "19:30"),
        ("quarter to eight pm", "19:45"),
        ("seven oh five a.m.", "07:05"),
        ("twelve a.m.", "00:00"),
        ("twelve pm", "12:00"),
        ("noon", "12:00"),
        ("midnight", "00:00"),
        ("nine o'clock", "09:00"),
        ("three", "15:00"),
        ("ten fifteen at night", "22:15"),
    ],
)
def test_clock_times_in_24_hours(words: str, clock: str) -> None:
    assert parse_clock(words) == clock


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("9:30", "nine thirty"),
        ("21:00", "nine pm"),
        ("07:05", "seven oh five"),
        ("10 minutes", "ten minutes"),
        ("478", "four seven eight"),
        ("180", "one hundred and eighty"),
    ],
)
def test_digits_become_spoken_words(text: str, spoken: str) -> None:
    assert digits_to_words(text) == spoken

"""Normalising typed text into the recogniser's spoken form."""

from __future__ import annotations

import pytest

from companion.core.text import expand_contractions, normalize


@pytest.mark.parametrize(
    ("text", "normal"),
    [
        ("Start box breathing!", "start box breathing"),
        ("I\u2019m anxious", "i'm anxious"),
        ("im anxious", "i'm anxious"),
        ("remind me at 9pm", "remind me at nine pm"),
        ("remind me at 8:30 a.m.", "remind me at eight thirty a.m."),
        ("remind me at 7 AM", "remind me at seven a.m."),
        ("I am here", "i am here"),
        ("4-7-8 breathing", "four seven eight breathing"),
    ],
)
def test_normalize_gives_the_spoken_form(text: str, normal: str) -> None:
    assert normalize(text) == normal


def test_contractions_expand_for_meaning() -> None:
    assert expand_contractions("i don't want to be here i'm done") == (
        "i do not want to be here i am done"
    )

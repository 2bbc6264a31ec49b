"""Typed requests to intents through the shipped templates."""

from __future__ import annotations

import pytest

from companion.core.intents import Intent, IntentMatcher
from companion.core.templates import TemplateError, compile_template

MATCHER = IntentMatcher.bundled()


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("start box breathing", Intent("breathe", {"pattern": "box"})),
        ("Start box breathing.", Intent("breathe", {"pattern": "box"})),
        ("Let's do box breathing", Intent("breathe", {"pattern": "box"})),
        ("could you start a box breathing exercise please", Intent("breathe", {"pattern": "box"})),
        ("4-7-8 breathing", Intent("breathe", {"pattern": "478"})),
        ("start a breathing exercise", Intent("breathe")),
        ("help me breathe", Intent("breathe")),
        ("stop", Intent("stop")),
        ("Stop!", Intent("stop")),
        ("please stop the session", Intent("stop")),
        ("pause", Intent("pause")),
        ("hold on", Intent("pause")),
        ("resume", Intent("resume")),
        ("continue", Intent("resume")),
        ("what can you do", Intent("help")),
        ("I feel anxious", Intent("feeling_anxious")),
        ("I'm panicking", Intent("feeling_anxious")),
        ("I feel overwhelmed", Intent("feeling_overwhelmed")),
        ("I need space", Intent("feeling_overwhelmed")),
        ("quit", Intent("quit")),
        ("I want to die", Intent("crisis")),
        ("the weather is lovely today", Intent("none")),
        ("", Intent("none")),
        ("stop stop breathing maybe tomorrow", Intent("none")),
    ],
)
def test_requests_match_their_intent(text: str, intent: Intent) -> None:
    assert MATCHER.match(text) == intent


def test_crisis_wins_over_a_command_in_the_same_sentence() -> None:
    assert MATCHER.match("stop, I want to kill myself").name == "crisis"


def test_template_alternatives_optionals_and_slots() -> None:
    import re

    slots = {"colour": {"red": ["red", "crimson"]}}
    pattern = re.compile(compile_template("[a] (big|small) {colour} ball", slots))
    assert pattern.fullmatch("a big crimson ball ")
    assert pattern.fullmatch("small red ball ")
    assert not pattern.fullmatch("a ball ")


@pytest.mark.parametrize("template", ["(a|b", "a]", "{nope} thing"])
def test_broken_templates_are_rejected(template: str) -> None:
    with pytest.raises(TemplateError):
        compile_template(template, {})

"""Typed requests to intents through the shipped templates, in each dialogue context."""

from __future__ import annotations

import pytest

from companion.core.intents import Intent, IntentMatcher

MATCHER = IntentMatcher.bundled()


@pytest.mark.parametrize(
    ("text", "context", "intent"),
    [
        ("start box breathing", "idle", Intent("breathe", {"pattern": "box"})),
        ("Start box breathing.", "idle", Intent("breathe", {"pattern": "box"})),
        ("Let's do box breathing", "idle", Intent("breathe", {"pattern": "box"})),
        (
            "could you start a box breathing exercise please",
            "idle",
            Intent("breathe", {"pattern": "box"}),
        ),
        ("4-7-8 breathing", "idle", Intent("breathe", {"pattern": "478"})),
        (
            "let's do box breathing for 5 minutes",
            "idle",
            Intent("breathe", {"pattern": "box", "minutes": 5}),
        ),
        ("start a breathing exercise", "idle", Intent("breathe")),
        ("help me breathe", "idle", Intent("breathe")),
        ("help me ground myself", "idle", Intent("ground")),
        ("five four three two one", "idle", Intent("ground", {"technique": "senses"})),
        (
            "um could you start a body scan please",
            "idle",
            Intent("ground", {"technique": "body_scan"}),
        ),
        ("I feel anxious", "idle", Intent("feeling_anxious")),
        ("I'm panicking", "idle", Intent("feeling_anxious")),
        ("im panicking", "idle", Intent("feeling_anxious")),
        ("I feel overwhelmed", "idle", Intent("feeling_overwhelmed")),
        ("I need space", "idle", Intent("feeling_overwhelmed")),
        ("stop", "idle", Intent("stop")),
        ("Stop!", "rating", Intent("stop")),
        ("please stop the session", "session", Intent("stop")),
        ("pause", "feeling", Intent("pause")),
        ("hold on", "session", Intent("pause")),
        ("continue", "session", Intent("resume")),
        ("repeat that", "session", Intent("repeat")),
        ("slower", "session", Intent("slower")),
        ("a bit faster", "session", Intent("faster")),
        ("skip", "session", Intent("skip")),
        (
            "remind me to breathe every two hours",
            "idle",
            Intent("remind", {"activity": "breathe", "every_minutes": 120}),
        ),
        (
            "remind me to breathe every hour",
            "idle",
            Intent("remind", {"activity": "breathe", "every_minutes": 60}),
        ),
        ("remind me in twenty minutes", "idle", Intent("remind", {"in_minutes": 20})),
        (
            "remind me at nine pm to do grounding",
            "idle",
            Intent("remind", {"at": "21:00", "activity": "ground"}),
        ),
        (
            "Remind me at 9pm to do grounding",
            "idle",
            Intent("remind", {"at": "21:00", "activity": "ground"}),
        ),
        ("remind me at eight thirty am", "idle", Intent("remind", {"at": "08:30"})),
        ("remind me at half past seven in the evening", "idle", Intent("remind", {"at": "19:30"})),
        (
            "remind me every 90 minutes to check in",
            "idle",
            Intent("remind", {"every_minutes": 90, "activity": "check_in"}),
        ),
        ("snooze ten minutes", "yes_no", Intent("snooze", {"minutes": 10})),
        ("later", "yes_no", Intent("snooze")),
        ("what reminders do i have", "idle", Intent("list_reminders")),
        ("cancel my reminders", "idle", Intent("cancel_reminders")),
        ("yes", "yes_no", Intent("yes")),
        ("no", "yes_no", Intent("no")),
        ("seven", "rating", Intent("rating", {"value": 7})),
        ("about a six", "rating", Intent("rating", {"value": 6})),
        ("zero", "rating", Intent("rating", {"value": 0})),
        ("sad", "feeling", Intent("feeling", {"word": "sad"})),
        ("I'm feeling angry", "feeling", Intent("feeling", {"word": "mad"})),
        ("I don't know", "feeling", Intent("feeling", {"word": "unknown"})),
        ("what can you do", "idle", Intent("help")),
        ("I want to die", "idle", Intent("crisis")),
        ("I need help", "rating", Intent("crisis")),
        ("the weather is lovely today", "idle", Intent("none")),
        ("", "idle", Intent("none")),
        ("stop stop breathing maybe tomorrow", "idle", Intent("none")),
    ],
)
def test_requests_match_their_intent(text: str, context: str, intent: Intent) -> None:
    assert MATCHER.match(text, context) == intent


@pytest.mark.parametrize(
    ("text", "context"),
    [
        ("seven", "idle"),
        ("yes", "idle"),
        ("start box breathing", "rating"),
        ("eleven", "rating"),
        ("sad", "yes_no"),
        ("remind me in two hundred minutes", "idle"),
    ],
)
def test_requests_outside_their_context_are_not_commands(text: str, context: str) -> None:
    assert MATCHER.match(text, context) == Intent("none")


def test_crisis_wins_over_a_command_in_the_same_sentence() -> None:
    assert MATCHER.match("stop, I want to kill myself", "session").name == "crisis"

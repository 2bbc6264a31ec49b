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
        # distress in general is calm; the relationship moments need their situation named
        ("I feel anxious", "idle", Intent("calm")),
        ("I'm panicking", "idle", Intent("calm")),
        ("im panicking", "idle", Intent("calm")),
        ("I feel overwhelmed", "idle", Intent("calm")),
        ("I need space", "idle", Intent("space")),
        ("he hasn't texted back and I'm anxious", "idle", Intent("feeling_anxious")),
        ("I keep checking his location", "idle", Intent("feeling_anxious")),
        ("I need space from him", "idle", Intent("feeling_overwhelmed")),
        ("we're arguing again and I feel flooded", "idle", Intent("feeling_overwhelmed")),
        ("I can't sleep", "idle", Intent("sleep")),
        ("never mind", "session", Intent("cancel")),
        ("8/10", "rating", Intent("rating", {"value": 8})),
        ("eleven", "rating", Intent("rating", {"value": 11})),
        ("pretty bad", "rating", Intent("rating_vague")),
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
        # paraphrases: carrier phrases, synonyms and courtesies around the commands
        (
            "I'd like some calm breathing for about ten minutes",
            "idle",
            Intent("breathe", {"minutes": 10}),
        ),
        ("could we try the longer exhale one", "idle", Intent("breathe", {"pattern": "exhale"})),
        ("I'd like a body scan please", "idle", Intent("ground", {"technique": "body_scan"})),
        ("I need some self compassion", "idle", Intent("ground", {"technique": "self_compassion"})),
        ("I feel really uneasy right now", "idle", Intent("calm")),
        ("I think I'm having a panic attack", "idle", Intent("calm")),
        ("I need a time out from this argument", "idle", Intent("feeling_overwhelmed")),
        ("everything is too much right now", "idle", Intent("calm")),
        ("that's enough for today, thanks", "session", Intent("stop")),
        ("hang on a sec", "session", Intent("pause")),
        ("okay, I'm back", "session", Intent("resume")),
        ("sorry, I didn't catch that", "session", Intent("repeat")),
        ("you're going too fast", "session", Intent("slower")),
        ("a bit quicker please", "session", Intent("faster")),
        ("skip this part", "session", Intent("skip")),
        ("go to the next step", "session", Intent("skip")),
        (
            "set a grounding reminder for four thirty pm",
            "idle",
            Intent("remind", {"activity": "ground", "at": "16:30"}),
        ),
        (
            "in an hour remind me to breathe",
            "idle",
            Intent("remind", {"activity": "breathe", "in_minutes": 60}),
        ),
        ("any reminders coming up", "idle", Intent("list_reminders")),
        ("switch off all my reminders", "idle", Intent("cancel_reminders")),
        ("not now, ask me again in twenty minutes", "yes_no", Intent("snooze", {"minutes": 20})),
        ("yeah, let's do it", "yes_no", Intent("yes")),
        ("no, I'm fine thanks", "yes_no", Intent("no")),
        ("I'd rate it a three", "rating", Intent("rating", {"value": 3})),
        ("it feels more like scared", "feeling", Intent("feeling", {"word": "scared"})),
        ("um, I don't really know", "feeling", Intent("feeling", {"word": "unknown"})),
        ("how do I use this", "idle", Intent("help")),
        ("my family would be better off if I was gone", "yes_no", Intent("crisis")),
        # families of phrasings: durations and counts, a situation before a feeling, reasons
        (
            "ten minutes of box breathing",
            "idle",
            Intent("breathe", {"minutes": 10, "pattern": "box"}),
        ),
        (
            "breathe in for four, hold for seven and out for eight",
            "idle",
            Intent("breathe", {"pattern": "478"}),
        ),
        ("grounding, maybe the body scan", "idle", Intent("ground", {"technique": "body_scan"})),
        ("he hasn't texted back and I'm freaking out", "idle", Intent("feeling_anxious")),
        ("we had a fight and I need some space", "idle", Intent("feeling_overwhelmed")),
        ("stop, I can't do this right now", "session", Intent("stop")),
        ("wait, the phone's ringing", "session", Intent("pause")),
        ("you can carry on now", "session", Intent("resume")),
        ("I missed what you said", "session", Intent("repeat")),
        ("that's a little fast", "session", Intent("slower")),
        ("this is dragging on", "session", Intent("faster")),
        (
            "set a reminder for two hours from now",
            "idle",
            Intent("remind", {"in_minutes": 120}),
        ),
        ("remind me again in an hour", "yes_no", Intent("snooze", {"minutes": 60})),
        ("give me ten more minutes", "yes_no", Intent("snooze", {"minutes": 10})),
        ("what have I got scheduled", "idle", Intent("list_reminders")),
        ("maybe a four out of ten", "rating", Intent("rating", {"value": 4})),
        ("pretty bad, about a seven", "rating", Intent("rating", {"value": 7})),
        ("sad, or more like hurt", "feeling", Intent("feeling", {"word": "hurt"})),
        ("um, somebody help me", "idle", Intent("crisis")),
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
        ("sad", "yes_no"),
        ("remind me in two hundred minutes", "idle"),
        ("hang on, let me find my keys", "idle"),
        ("she keeps calling me", "idle"),
        ("this film is dragging", "idle"),
        ("can I help", "idle"),
    ],
)
def test_requests_outside_their_context_are_not_commands(text: str, context: str) -> None:
    assert MATCHER.match(text, context) == Intent("none")


def test_crisis_wins_over_a_command_in_the_same_sentence() -> None:
    assert MATCHER.match("stop, I want to kill myself", "session").name == "crisis"

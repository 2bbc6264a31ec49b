"""The conversation, typed requests on a fake clock: sessions, controls, safety, bad input."""

from __future__ import annotations

import re

from companion.core.actions import Action, Cue, Exit, Hush, Say
from companion.core.dialogue import Dialogue
from companion.core.intents import IntentMatcher
from companion.core.loop import run_conversation
from companion.core.safety import CRISIS_LINES, crisis_line_for
from companion.core.scripts import load_bundled
from companion.testing import FakeClock, ScriptedInbox

MATCHER = IntentMatcher.bundled()


def _converse(requests: list[tuple[float, str]], country: str = "US") -> list[tuple[float, Action]]:
    """Run the loop on a fake clock; returns (seconds from start, action)."""
    clock = FakeClock(0.0)
    dialogue = Dialogue(load_bundled(), crisis_line_for(country), lambda t: 0.3 * len(t.split()))
    log: list[tuple[float, Action]] = []
    inbox = ScriptedInbox(clock, requests)
    run_conversation(
        dialogue, MATCHER, inbox, clock, lambda acts: log.extend((clock.now(), a) for a in acts)
    )
    return log


def _said(log: list[tuple[float, Action]]) -> str:
    return " ".join(a.text for _, a in log if isinstance(a, Say | Cue))


def test_start_box_breathing_speaks_at_once() -> None:
    log = _converse([(2.0, "start box breathing"), (3.0, "stop")])
    assert log[0][0] == 2.0
    assert isinstance(log[0][1], Cue)
    assert "box breathing" in log[0][1].text.lower()


def test_box_session_mentions_dizziness_and_follows_the_grid_to_the_end() -> None:
    log = _converse([(0.0, "start box breathing")])
    assert "dizzy" in _said(log)
    breathing = [t for t, a in log if isinstance(a, Cue) and a.phase != "say"]
    assert all(
        abs((t - breathing[0]) / 4 - round((t - breathing[0]) / 4)) < 1e-9 for t in breathing
    )
    phases = [a.phase for _, a in log if isinstance(a, Cue) and a.phase != "say"]
    assert phases[-1] == "out"
    assert isinstance(log[-1][1], Exit)


def test_stop_during_a_session_is_immediate_and_final() -> None:
    log = _converse([(0.0, "start box breathing"), (25.0, "stop"), (60.0, "what can you do")])
    at_stop = [a for t, a in log if t == 25.0]
    assert at_stop[0] == Hush()
    assert not [a for a in at_stop if isinstance(a, Say) and a.spoken]  # quiet is the answer
    assert not [a for t, a in log if isinstance(a, Cue) and t > 25.0]


def test_pause_is_immediate_and_resume_carries_on() -> None:
    log = _converse(
        [(0.0, "start box breathing"), (90.0, "pause"), (100.0, "resume"), (110.0, "stop")]
    )
    assert next(a for t, a in log if t == 90.0) == Hush()
    assert not [a for t, a in log if isinstance(a, Cue) and 90.0 < t < 100.0]
    assert [a for t, a in log if isinstance(a, Cue) and 100.0 < t < 101.0] == [
        Cue("Breathe in", "in")
    ]


def test_crisis_language_stops_the_session_and_gives_the_numbers_twice() -> None:
    log = _converse([(0.0, "start box breathing"), (30.0, "I just want to die")])
    after = [a for t, a in log if t >= 30.0]
    assert after[0] == Hush()
    response = _said([(0.0, a) for a in after])
    assert len(re.findall(r"\b988\b", response)) >= 2
    assert len(re.findall(r"\b911\b", response)) >= 2
    assert all(a.slow for a in after if isinstance(a, Say))
    assert not [a for t, a in log if isinstance(a, Cue) and t > 30.0]


def test_crisis_response_uses_the_configured_country() -> None:
    response = _said(_converse([(0.0, "there is no point going on")], country="GB"))
    assert "116 123" in response and "999" in response
    assert "988" not in response


def test_indirect_crisis_language_is_caught() -> None:
    for sentence in ("everyone would be better off without me", "I need help now"):
        assert CRISIS_LINES["US"].crisis_line in _said(_converse([(0.0, sentence)]))


def test_unknown_request_names_three_things_it_can_do() -> None:
    reply = _said(_converse([(0.0, "what's the weather like")]))
    assert "didn't catch" in reply
    assert "start a breathing exercise" in reply and "ground" in reply and "anxious" in reply


def test_quit_says_goodbye_and_exits() -> None:
    log = _converse([(0.0, "start box breathing"), (5.0, "quit"), (9.0, "stop")])
    assert isinstance(log[-1][1], Exit)
    assert log[-1][0] == 5.0


def test_end_of_input_while_paused_ends_the_session() -> None:
    log = _converse([(0.0, "start box breathing"), (20.0, "pause")])
    assert isinstance(log[-1][1], Exit)
    assert log[-1][0] == 20.0


def test_a_pattern_without_a_script_is_explained() -> None:
    scripts = {k: v for k, v in load_bundled().items() if k != "478"}
    clock = FakeClock(0.0)
    dialogue = Dialogue(scripts, crisis_line_for("US"), lambda t: 0.3 * len(t.split()))
    log: list[Action] = []
    inbox = ScriptedInbox(clock, [(0.0, "start four seven eight breathing")])
    run_conversation(dialogue, MATCHER, inbox, clock, log.extend)
    reply = " ".join(a.text for a in log if isinstance(a, Say))
    assert "don't have that exercise" in reply and "start a breathing exercise" in reply


def test_session_controls_are_understood_during_a_session() -> None:
    log = _converse([(0.0, "start box breathing"), (20.0, "hold on"), (30.0, "stop")])
    assert next(a for t, a in log if t == 20.0) == Hush()


def test_a_known_request_that_cannot_be_done_yet_is_not_called_misheard() -> None:
    reply = _said(_converse([(0.0, "remind me in twenty minutes")]))
    assert "can't do that yet" in reply and "didn't catch" not in reply


def test_the_wake_phrase_alone_gets_a_question_and_with_a_request_is_taken_off() -> None:
    from companion.core.wake import WakePhrase

    clock = FakeClock(0.0)
    dialogue = Dialogue(load_bundled(), crisis_line_for("US"), lambda t: 0.3 * len(t.split()))
    log: list[Action] = []
    inbox = ScriptedInbox(clock, [(1.0, "Companion?"), (2.0, "hey companion, stop"), (3.0, "quit")])
    run_conversation(dialogue, MATCHER, inbox, clock, log.extend, WakePhrase("companion"))
    said = [a.text for a in log if isinstance(a, Say)]
    assert said[0] == "Yes?"
    assert "Quiet now." in said  # the stop was understood, not "didn't catch that"
    assert not any("didn't catch" in s for s in said)

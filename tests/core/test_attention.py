"""What the companion acts on: wake phrase, answer window, barge-in and its own echo."""

from __future__ import annotations

from companion.core.attention import Attention, Moment, is_echo
from companion.core.intents import Intent
from companion.core.understanding import Reading


def reading(intent: str, woken: bool = False) -> Reading:
    return Reading(Intent(intent), intent, 1.0, woken)


def test_in_wake_mode_an_idle_request_needs_the_wake_phrase() -> None:
    attention = Attention(wake_required=True)
    idle = Moment("idle", 10.0)
    assert not attention.admits(reading("breathe"), "start box breathing", idle)
    assert attention.admits(reading("breathe", woken=True), "companion start box breathing", idle)


def test_without_wake_mode_a_request_is_enough_but_chatter_is_not() -> None:
    attention = Attention(wake_required=False)
    assert attention.admits(reading("breathe"), "start box breathing", Moment("idle", 10.0))
    assert not attention.admits(reading("none"), "nice weather", Moment("idle", 10.0))


def test_session_controls_and_answers_need_no_wake_phrase() -> None:
    attention = Attention(wake_required=True)
    assert attention.admits(reading("pause"), "pause", Moment("session", 10.0))
    assert attention.admits(reading("yes"), "yes", Moment("yes_no", 10.0))


def test_after_a_question_the_answer_needs_no_wake_phrase_for_eight_seconds() -> None:
    attention = Attention(wake_required=True)
    attention.asked(question_ends_s=100.0)
    assert attention.admits(reading("breathe"), "start box breathing", Moment("idle", 107.9))
    assert not attention.admits(reading("breathe"), "start box breathing", Moment("idle", 108.1))


def test_crisis_is_heard_in_every_mode_even_while_speaking() -> None:
    attention = Attention(wake_required=True)
    playing = ("Breathe in",)
    assert attention.admits(reading("crisis"), "i want to die", Moment("idle", 1.0))
    assert attention.admits(reading("crisis"), "i want to die", Moment("session", 1.0, playing))


def test_while_speaking_only_stop_pause_and_crisis_are_heard() -> None:
    attention = Attention(wake_required=False)
    playing = ("Breathe in",)
    assert attention.admits(reading("stop"), "stop", Moment("session", 1.0, playing))
    assert attention.admits(reading("pause"), "pause", Moment("session", 1.0, playing))
    assert not attention.admits(reading("faster"), "faster", Moment("session", 1.0, playing))


def test_its_own_words_coming_back_are_not_commands() -> None:
    attention = Attention(wake_required=False)
    playing = ("Hold", "Say stop at any time.")
    assert not attention.admits(reading("pause"), "hold", Moment("session", 1.0, playing))
    assert not attention.admits(reading("stop"), "say stop", Moment("session", 1.0, playing))


def test_its_own_safety_message_does_not_set_itself_off_again() -> None:
    attention = Attention(wake_required=True)
    message = ("You can call or text the 988 Suicide and Crisis Lifeline at 988, any time.",)
    echo = "suicide and crisis lifeline"
    assert not attention.admits(reading("crisis"), echo, Moment("idle", 1.0, message))


def test_echo_is_judged_by_the_share_of_words_in_what_plays() -> None:
    assert is_echo("breathe in", ["Breathe in slowly"])
    assert not is_echo("stop", ["Breathe in slowly"])
    assert not is_echo("please stop now", ["Say stop at any time"])
    assert not is_echo("", ["anything"])


def test_unaddressed_speech_must_read_surely_as_crisis() -> None:
    attention = Attention(wake_required=True)
    loose = Reading(Intent("crisis"), "i don't see the point of going on anymore", 0.3)
    sure = Reading(Intent("crisis"), "i want to die", 0.9)
    assert not attention.admits(loose, "i don't see the you safe", Moment("idle", 1.0))
    assert attention.admits(sure, "i want to die", Moment("idle", 1.0))
    assert attention.admits(loose, "i don't see the you safe", Moment("session", 1.0))
    woken = Reading(Intent("crisis"), "i don't see the point of going on anymore", 0.3, True)
    assert attention.admits(woken, "companion i don't see the you safe", Moment("idle", 1.0))

"""The session runner on a fake clock: exact phase times, pause, resume, stop."""

from __future__ import annotations

import pytest

from companion.core.actions import Action, Chime, Cue, Hush
from companion.core.scripts import Breathe, ChimeStep, Say, Script
from companion.core.session import RESUME_LEAD_S, SessionRunner, State, build_timeline


def _script(*steps: Say | Breathe | ChimeStep) -> Script:
    return Script("t", "Test", "breathing", ("anyone",), (), tuple(steps), "test.yaml")


BOX = Breathe({"in": 4.0, "hold": 4.0, "out": 4.0, "hold_after": 4.0}, cycles=3)


def _one_second_words(text: str) -> float:
    return float(len(text.split()))


def _run(runner: SessionRunner, until_s: float, step_s: float = 0.05) -> list[tuple[float, Action]]:
    """Tick at every deadline (as the real loop does) and record what was emitted when."""
    emitted: list[tuple[float, Action]] = []
    while runner.active:
        deadline = runner.next_deadline()
        if deadline is None or deadline > until_s:
            break
        emitted += [(deadline, a) for a in runner.tick(deadline)]
    return emitted


def test_box_cues_fall_on_the_four_second_grid() -> None:
    timeline = build_timeline(_script(BOX), _one_second_words)
    emitted = _run(SessionRunner("box", timeline, start_s=100.0), until_s=1e9)
    times = [t for t, a in emitted if isinstance(a, Cue)]
    assert times == [100.0 + 4 * k for k in range(len(times))]


def test_session_ends_after_an_exhale() -> None:
    timeline = build_timeline(_script(BOX), _one_second_words)
    assert timeline[-1].name == "out"
    assert [p.name for p in timeline].count("in") == 3


def test_session_finishes_when_the_last_phase_is_over() -> None:
    timeline = build_timeline(_script(BOX), _one_second_words)
    runner = SessionRunner("box", timeline, start_s=0.0)
    _run(runner, until_s=1e9)
    assert runner.state is State.FINISHED
    assert runner.next_deadline() is None


def test_a_late_tick_never_shifts_later_phases() -> None:
    timeline = build_timeline(_script(BOX), _one_second_words)
    runner = SessionRunner("box", timeline, start_s=0.0)
    runner.tick(0.0)
    assert runner.tick(4.7) == [Cue("Hold", "hold")]  # woken 0.7 s late
    assert runner.next_deadline() == 8.0


def test_a_cue_whose_phase_is_over_is_passed_by() -> None:
    timeline = build_timeline(_script(BOX), _one_second_words)
    runner = SessionRunner("box", timeline, start_s=0.0)
    assert runner.tick(8.5) == [Cue("Breathe out", "out")]


def test_sentences_take_their_spoken_length_before_breathing_starts() -> None:
    timeline = build_timeline(_script(Say("one two three"), BOX), _one_second_words)
    emitted = _run(SessionRunner("box", timeline, start_s=0.0), until_s=10.0)
    assert emitted[0] == (0.0, Cue("one two three", "say"))
    assert emitted[1] == (3.0 + Say("x").pause_s, Cue("Breathe in", "in"))


def test_chime_rings_at_its_phase() -> None:
    timeline = build_timeline(_script(ChimeStep("bell"), BOX), _one_second_words)
    emitted = _run(SessionRunner("box", timeline, start_s=0.0), until_s=3.0)
    assert emitted == [(0.0, Chime("bell")), (2.5, Cue("Breathe in", "in"))]


def test_pause_goes_quiet_and_emits_nothing_more() -> None:
    timeline = build_timeline(_script(BOX), _one_second_words)
    runner = SessionRunner("box", timeline, start_s=0.0)
    runner.tick(0.0)
    assert runner.pause() == [Hush()]
    assert runner.next_deadline() is None
    assert runner.tick(100.0) == []


def test_resume_restarts_at_the_inhale_of_the_interrupted_cycle() -> None:
    timeline = build_timeline(_script(BOX), _one_second_words)
    runner = SessionRunner("box", timeline, start_s=0.0)
    for t in (0.0, 4.0, 8.0, 12.0, 16.0, 20.0):
        runner.tick(t)
    runner.pause()  # during cycle 2's hold
    assert runner.resume(50.0) == []
    assert runner.next_deadline() == pytest.approx(50.0 + RESUME_LEAD_S)
    resumed = _run(runner, until_s=1e9)
    cues = [(t, a) for t, a in resumed if isinstance(a, Cue)]
    assert cues[0] == (pytest.approx(50.0 + RESUME_LEAD_S), Cue("Breathe in", "in"))
    assert [a.text for _, a in cues].count("Breathe in") == 2  # cycles 2 and 3 remain


def test_stop_goes_quiet_and_ends_the_session() -> None:
    timeline = build_timeline(_script(BOX), _one_second_words)
    runner = SessionRunner("box", timeline, start_s=0.0)
    runner.tick(0.0)
    assert runner.stop() == [Hush()]
    assert runner.state is State.STOPPED
    assert runner.tick(4.0) == []

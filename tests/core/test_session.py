"""The session runner on a fake clock: exact phase times, every control, every step kind."""

from __future__ import annotations

import itertools
from dataclasses import replace

import pytest

from companion.core.actions import Action, Chime, Cue, Hush, Say, SetReminder
from companion.core.answers import NO_NUMBER, OFF_SCALE, RATING_SKIPPED
from companion.core.intents import Intent
from companion.core.scripts import (
    OTHER,
    Ask,
    Breathe,
    ChimeStep,
    Remind,
    Run,
    Script,
    Silence,
    Step,
)
from companion.core.scripts import Say as SayStep
from companion.core.session import (
    ANSWER_WAIT_S,
    CHECK_IN_AFTER,
    CHECK_IN_BEFORE,
    RESUME_LEAD_S,
    THANKS,
    SessionRunner,
    State,
)

BOX = Breathe({"in": 4.0, "hold": 4.0, "out": 4.0, "hold_after": 4.0}, cycles=3)
EVEN = Breathe({"in": 5.0, "out": 5.0}, cycles=4)


def _script(*steps: Step, script_id: str = "t") -> Script:
    return Script(script_id, "Test", "breathing", ("anyone",), (), tuple(steps), "test.yaml")


def _one_second_words(text: str) -> float:
    return float(len(text.split()))


def _runner(*steps: Step, start_s: float = 0.0, **kwargs: object) -> SessionRunner:
    library = kwargs.pop("library", {})
    assert isinstance(library, dict)
    return SessionRunner(
        _script(*steps), library, _one_second_words, start_s, check_ins=bool(kwargs)
    )


def _run(runner: SessionRunner, until_s: float = 1e9) -> list[tuple[float, Action]]:
    """Tick at every deadline (as the real loop does) and record what was emitted when."""
    emitted: list[tuple[float, Action]] = []
    while runner.active:
        deadline = runner.next_deadline()
        if deadline is None or deadline > until_s:
            break
        emitted += [(deadline, a) for a in runner.tick(deadline)]
    return emitted


def _cues(emitted: list[tuple[float, Action]]) -> list[tuple[float, str]]:
    return [(t, a.text) for t, a in emitted if isinstance(a, Cue)]


# -- timing ----------------------------------------------------------------------------------


def test_box_cues_fall_on_the_four_second_grid() -> None:
    times = [t for t, _ in _cues(_run(_runner(BOX, start_s=100.0)))]
    assert times == [100.0 + 4 * k for k in range(len(times))]


def test_session_ends_after_an_exhale_and_finishes_when_it_is_over() -> None:
    runner = _runner(BOX)
    emitted = _run(runner)
    assert _cues(emitted)[-1] == (40.0, "Breathe out")
    assert [text for _, text in _cues(emitted)].count("Breathe in") == 3
    assert runner.state is State.FINISHED and runner.completed
    assert runner.next_deadline() is None


def test_a_late_tick_never_shifts_later_phases() -> None:
    runner = _runner(BOX)
    runner.tick(0.0)
    assert runner.tick(4.7) == [Cue("Hold", "hold")]  # woken 0.7 s late
    assert runner.next_deadline() == 8.0


def test_ten_minutes_of_breathing_never_drift() -> None:
    runner = _runner(Breathe({"in": 5.5, "out": 5.5}, cycles=55))
    times = [t for t, _ in _cues(_run(runner))]
    assert times[-1] == pytest.approx(54 * 11.0 + 5.5, abs=1e-9)


def test_a_cue_whose_phase_is_over_is_passed_by() -> None:
    runner = _runner(BOX)
    assert runner.tick(8.5) == [Cue("Breathe out", "out")]


def test_sentences_take_their_spoken_length_before_breathing_starts() -> None:
    emitted = _run(_runner(SayStep("one two three"), BOX), until_s=10.0)
    assert emitted[0] == (0.0, Cue("one two three", "say"))
    assert emitted[1] == (3.0 + SayStep("x").pause_s, Cue("Breathe in", "in"))


def test_chime_and_silence_take_their_time() -> None:
    emitted = _run(_runner(ChimeStep("bell"), Silence(2.0), BOX), until_s=5.0)
    assert emitted == [(0.0, Chime("bell")), (4.5, Cue("Breathe in", "in"))]


def test_tones_guide_the_cycles_after_the_spoken_ones() -> None:
    step = Breathe({"in": 5.0, "out": 5.0}, cycles=3, tones=True, spoken_cycles=1)
    emitted = _run(_runner(step))
    assert emitted == [
        (0.0, Cue("Breathe in", "in")),
        (5.0, Cue("Breathe out", "out")),
        (10.0, Chime("inhale")),
        (15.0, Chime("exhale")),
        (20.0, Chime("inhale")),
        (25.0, Chime("exhale")),
    ]


def test_a_cue_longer_than_its_phase_is_left_unsaid() -> None:
    step = Breathe({"in": 2.0, "out": 2.0}, cycles=1, cues={"in": "one two three", "out": "out"})
    assert _cues(_run(_runner(step))) == [(2.0, "out")]


def test_run_plays_another_script_in_place() -> None:
    inner = _script(SayStep("inner words"), script_id="inner")
    runner = _runner(
        SayStep("before"), Run("inner", "x:1"), SayStep("after"), library={"inner": inner}
    )
    assert [text for _, text in _cues(_run(runner))] == ["before", "inner words", "after"]


# -- pause, resume, stop, repeat, skip --------------------------------------------------------


def test_pause_goes_quiet_and_emits_nothing_more() -> None:
    runner = _runner(BOX)
    runner.tick(0.0)
    assert runner.pause() == [Hush()]
    assert runner.next_deadline() is None
    assert runner.tick(100.0) == []


def test_resume_restarts_at_the_inhale_of_the_interrupted_cycle() -> None:
    runner = _runner(BOX)
    for t in (0.0, 4.0, 8.0, 12.0, 16.0, 20.0):
        runner.tick(t)
    runner.pause()  # during cycle 2's hold
    assert runner.resume(50.0) == []
    assert runner.next_deadline() == pytest.approx(50.0 + RESUME_LEAD_S)
    cues = _cues(_run(runner))
    assert cues[0] == (pytest.approx(50.0 + RESUME_LEAD_S), "Breathe in")
    assert [text for _, text in cues].count("Breathe in") == 2  # cycles 2 and 3 remain
    gaps = [b - a for (a, _), (b, _) in itertools.pairwise(cues)]
    assert gaps == pytest.approx([4.0] * len(gaps))


def test_stop_goes_quiet_and_ends_the_session() -> None:
    runner = _runner(BOX)
    runner.tick(0.0)
    assert runner.stop() == [Hush()]
    assert runner.state is State.STOPPED and not runner.completed
    assert runner.tick(4.0) == []


def test_repeat_says_the_sentence_again_and_goes_on_from_there() -> None:
    runner = _runner(SayStep("listen to this"), SayStep("then this"))
    runner.tick(0.0)
    actions = runner.repeat(1.0)
    assert actions[0] == Hush()
    cues = _cues(_run(runner))
    assert cues[0] == (pytest.approx(1.0 + RESUME_LEAD_S), "listen to this")
    assert [text for _, text in cues] == ["listen to this", "then this"]


def test_skip_leaves_the_rest_of_the_breathing_step() -> None:
    runner = _runner(BOX, SayStep("well done"))
    runner.tick(0.0)
    assert runner.skip(2.0)[0] == Hush()
    assert _cues(_run(runner)) == [(pytest.approx(2.0 + RESUME_LEAD_S), "well done")]
    assert runner.completed


# -- slower and faster ----------------------------------------------------------------------------


def test_slower_stretches_phases_by_a_tenth_from_the_next_phase_on() -> None:
    runner = _runner(EVEN)
    runner.tick(0.0)
    assert runner.slower(1.0)
    cues = _cues(_run(runner))
    assert cues[0] == (5.0, "Breathe out")  # the phase under way keeps its end
    assert cues[1][0] == pytest.approx(5.0 + 5.5)
    assert runner.breath_s() == {}


def test_faster_then_slower_returns_to_the_written_pace() -> None:
    runner = _runner(EVEN)
    runner.tick(0.0)
    runner.faster(1.0)
    runner.slower(2.0)
    assert [t for t, _ in _cues(_run(runner))] == pytest.approx([5.0 * k for k in range(1, 8)])


def test_pace_is_bounded_both_ways() -> None:
    runner = _runner(EVEN)
    runner.tick(0.0)
    assert sum(runner.slower(1.0) for _ in range(20)) == 5
    assert runner.pace == pytest.approx(1.5)
    assert sum(runner.faster(1.0) for _ in range(20)) == 8
    assert runner.pace == pytest.approx(0.7)
    assert runner.breath_s() == {"in": 3.5, "out": 3.5}


# -- questions ------------------------------------------------------------------------------------

YES_NO = Ask(
    "yes_no",
    "Shall we go on?",
    "Say yes or no.",
    branches={"yes": (SayStep("going on"),), "no": (SayStep("resting"),)},
)


def test_a_question_waits_and_the_answer_picks_the_branch() -> None:
    runner = _runner(YES_NO, SayStep("the end"))
    assert runner.tick(0.0) == [Cue("Shall we go on?", "ask")]
    assert runner.context == "yes_no"
    assert runner.tick(4.0) == []
    assert runner.next_deadline() == 4.0 + ANSWER_WAIT_S
    actions = runner.answer(Intent("yes"), 6.0)
    assert actions is not None
    cues = _cues(_run(runner))
    assert [text for _, text in cues] == ["going on", "the end"]
    assert cues[0][0] == pytest.approx(6.0 + RESUME_LEAD_S)
    assert runner.context == "session"


def test_silence_gets_one_reprompt_then_the_default() -> None:
    runner = _runner(YES_NO)
    emitted = _run(runner)
    assert _cues(emitted) == [
        (0.0, "Shall we go on?"),
        (4.0 + ANSWER_WAIT_S, "Say yes or no."),
        (pytest.approx(4.0 + ANSWER_WAIT_S + 4.0 + ANSWER_WAIT_S + RESUME_LEAD_S), "resting"),
    ]


def test_a_request_that_is_no_answer_is_left_to_the_dialogue() -> None:
    runner = _runner(YES_NO)
    runner.tick(0.0)
    assert runner.answer(Intent("help"), 5.0) is None
    assert runner.answer(Intent("rating", {"value": 3}), 5.0) is None


def test_repeat_asks_the_question_again() -> None:
    runner = _runner(YES_NO)
    runner.tick(0.0)
    runner.tick(4.0)
    assert runner.answer(Intent("repeat"), 5.0) == [Hush()]
    assert runner.tick(5.0 + RESUME_LEAD_S) == [Cue("Shall we go on?", "ask")]


def test_pause_while_asking_asks_again_on_resume() -> None:
    runner = _runner(YES_NO)
    runner.tick(0.0)
    runner.tick(4.0)
    runner.pause()
    assert runner.answer(Intent("yes"), 5.0) is None  # paused: not listening for answers
    runner.resume(30.0)
    assert runner.tick(30.0 + RESUME_LEAD_S) == [Cue("Shall we go on?", "ask")]


def test_skip_on_a_yes_no_question_takes_no() -> None:
    runner = _runner(YES_NO)
    runner.tick(0.0)
    runner.skip(5.0)
    assert [text for _, text in _cues(_run(runner))] == ["resting"]


FEELING = Ask(
    "feeling",
    "Mad, sad or scared?",
    None,
    ("mad", "sad", "scared"),
    {"sad": (SayStep("sad it is"),), OTHER: (SayStep("that's okay"),)},
)


@pytest.mark.parametrize(
    ("word", "said"), [("sad", "sad it is"), ("unknown", "that's okay"), ("tired", "that's okay")]
)
def test_a_feeling_answer_takes_its_branch_or_other(word: str, said: str) -> None:
    runner = _runner(FEELING)
    runner.tick(0.0)
    assert runner.context == "feeling"
    runner.answer(Intent("feeling", {"word": word}), 5.0)
    assert [text for _, text in _cues(_run(runner))] == [said]


def test_a_choice_runs_the_chosen_script() -> None:
    sigh = _script(SayStep("sighing now"), script_id="sigh")
    exhale = _script(SayStep("long exhale now"), script_id="exhale")
    choice = Ask(
        "choice",
        "Sighs or a long exhale?",
        None,
        ("sigh", "exhale"),
        {"sigh": (Run("sigh", "x"),), "exhale": (Run("exhale", "x"),)},
        default="sigh",
    )
    runner = _runner(choice, library={"sigh": sigh, "exhale": exhale})
    runner.tick(0.0)
    assert runner.context == "choice"
    assert runner.answer(Intent("breathe", {"pattern": "box"}), 5.0) is None  # not offered
    runner.answer(Intent("breathe", {"pattern": "exhale"}), 5.0)
    assert [text for _, text in _cues(_run(runner))] == ["long exhale now"]


def _until_asked(runner: SessionRunner, question: str) -> float:
    """Tick until `question` is being asked; when it started."""
    while True:
        deadline = runner.next_deadline()
        assert deadline is not None, f"never asked {question!r}"
        for action in runner.tick(deadline):
            if isinstance(action, Cue) and action.text == question:
                return deadline


def test_with_check_ins_the_breathing_starts_at_once() -> None:
    runner = _runner(EVEN, check_ins=True)
    assert runner.tick(0.0) == [Cue("Breathe in", "in")]
    assert runner.context == "session"


def test_both_check_ins_come_at_the_end_looking_back_first() -> None:
    runner = _runner(EVEN, SayStep("well done"), check_ins=True)
    said = [text for _, text in _cues(_run(runner, until_s=1e9))]
    assert said[-5:] == [
        "well done",
        CHECK_IN_BEFORE.question,
        RATING_SKIPPED,  # nobody answered
        CHECK_IN_AFTER.question,
        RATING_SKIPPED,
    ]
    assert "before we" in CHECK_IN_BEFORE.question.lower()


def test_a_rating_is_kept_as_a_check_in_and_thanked() -> None:
    runner = _runner(EVEN, check_ins=True)
    asked = _until_asked(runner, CHECK_IN_BEFORE.question)
    assert runner.completed and runner.context == "rating"
    runner.answer(Intent("rating", {"value": 7}), asked + 5.0)
    cues = _cues(_run(runner, until_s=asked + 6.0))
    assert cues[0] == (pytest.approx(asked + 5.0 + RESUME_LEAD_S), THANKS)
    assert runner.ratings == {"before": 7}


def test_both_ratings_are_kept_and_a_skipped_one_keeps_none() -> None:
    runner = _runner(EVEN, check_ins=True)
    asked = _until_asked(runner, CHECK_IN_BEFORE.question)
    runner.skip(asked + 2.0)
    asked = _until_asked(runner, CHECK_IN_AFTER.question)
    runner.answer(Intent("rating", {"value": 3}), asked + 4.0)
    _run(runner)
    assert runner.ratings == {"after": 3}
    assert runner.state is State.FINISHED
    assert runner.outcome == "completed"  # a skipped check-in is not a skipped step


def test_a_silent_check_in_is_said_to_be_skipped_and_the_next_one_comes() -> None:
    runner = _runner(EVEN, check_ins=True)
    asked = _until_asked(runner, CHECK_IN_BEFORE.question)
    cues = _cues(_run(runner, until_s=asked + 60.0))
    length = _one_second_words(CHECK_IN_BEFORE.question)
    skipped_at = asked + length + ANSWER_WAIT_S + RESUME_LEAD_S
    assert cues[0] == (pytest.approx(skipped_at), RATING_SKIPPED)
    assert cues[1][1] == CHECK_IN_AFTER.question
    assert runner.ratings == {}


def test_a_rating_above_ten_gets_the_scale_once_and_the_second_answer_is_kept() -> None:
    runner = _runner(EVEN, check_ins=True)
    asked = _until_asked(runner, CHECK_IN_BEFORE.question)
    actions = runner.answer(Intent("rating", {"value": 11}), asked + 5.0)
    assert actions is not None and actions[0] == Hush()
    assert _until_asked(runner, OFF_SCALE) == pytest.approx(asked + 5.0 + RESUME_LEAD_S)
    assert runner.context == "rating"
    runner.answer(Intent("rating", {"value": 9}), asked + 12.0)
    assert _cues(_run(runner, until_s=asked + 13.0))[0][1] == THANKS
    assert runner.ratings == {"before": 9}


def test_words_without_a_number_are_asked_again_with_the_scale() -> None:
    runner = _runner(EVEN, check_ins=True)
    asked = _until_asked(runner, CHECK_IN_BEFORE.question)
    runner.answer(Intent("rating_vague"), asked + 5.0)
    assert "0" in NO_NUMBER and "10" in NO_NUMBER
    _until_asked(runner, NO_NUMBER)
    runner.answer(Intent("rating", {"value": 6}), asked + 15.0)
    _run(runner, until_s=asked + 16.0)
    assert runner.ratings == {"before": 6}


@pytest.mark.parametrize("second", [Intent("rating", {"value": 12}), Intent("rating_vague"), None])
def test_after_asking_again_once_an_unclear_answer_or_silence_is_skipped(
    second: Intent | None,
) -> None:
    runner = _runner(EVEN, check_ins=True)
    asked = _until_asked(runner, CHECK_IN_BEFORE.question)
    runner.answer(Intent("rating", {"value": 11}), asked + 5.0)
    again = _until_asked(runner, OFF_SCALE)
    if second is not None:
        runner.answer(second, again + 4.0)
    cues = [text for _, text in _cues(_run(runner, until_s=again + 30.0))]
    assert cues[:2] == [RATING_SKIPPED, CHECK_IN_AFTER.question]
    assert OFF_SCALE not in cues and NO_NUMBER not in cues
    assert runner.ratings == {}


def test_each_check_in_may_be_asked_again_once() -> None:
    runner = _runner(EVEN, check_ins=True)
    asked = _until_asked(runner, CHECK_IN_BEFORE.question)
    runner.answer(Intent("rating_vague"), asked + 5.0)
    again = _until_asked(runner, NO_NUMBER)
    runner.answer(Intent("rating", {"value": 4}), again + 4.0)
    asked = _until_asked(runner, CHECK_IN_AFTER.question)
    runner.answer(Intent("rating", {"value": 20}), asked + 3.0)
    again = _until_asked(runner, OFF_SCALE)
    runner.answer(Intent("rating", {"value": 2}), again + 3.0)
    _run(runner)
    assert runner.ratings == {"before": 4, "after": 2}


def test_the_bedtime_kind_of_script_leaves_the_check_ins_out() -> None:
    quiet = replace(_script(EVEN), check_ins=False)
    runner = SessionRunner(quiet, {}, _one_second_words, 0.0, check_ins=True)
    assert [text for _, text in _cues(_run(runner))].count("Breathe in") == 4
    assert runner.state is State.FINISHED


# -- outcomes -------------------------------------------------------------------------------------


def test_a_session_run_to_the_end_is_completed() -> None:
    runner = _runner(BOX)
    _run(runner)
    assert runner.outcome == "completed"
    record = runner.record(60.0)
    assert (record.outcome, record.completed, record.duration_s) == ("completed", True, 60.0)


def test_a_skipped_step_makes_the_session_skipped_not_completed() -> None:
    runner = _runner(BOX, SayStep("well done"), check_ins=True)
    runner.tick(0.0)
    runner.skip(2.0)
    asked = _until_asked(runner, CHECK_IN_BEFORE.question)
    runner.answer(Intent("rating", {"value": 6}), asked + 3.0)
    _run(runner)
    assert runner.state is State.FINISHED
    record = runner.record(100.0)
    assert (record.outcome, record.completed, record.before) == ("skipped", False, 6)


def test_skipping_a_question_of_the_script_counts_as_a_skip() -> None:
    runner = _runner(YES_NO)
    runner.tick(0.0)
    runner.answer(Intent("skip"), 5.0)
    _run(runner)
    assert runner.outcome == "skipped"


def test_no_to_a_question_is_an_answer_not_a_skip() -> None:
    runner = _runner(YES_NO)
    runner.tick(0.0)
    runner.answer(Intent("no"), 5.0)
    _run(runner)
    assert runner.outcome == "completed"


def test_a_session_stopped_early_is_stopped_even_after_a_skip() -> None:
    runner = _runner(BOX, SayStep("well done"))
    runner.tick(0.0)
    runner.skip(2.0)
    runner.stop()
    assert runner.record(3.0).outcome == "stopped"


# -- reminders ------------------------------------------------------------------------------------


def test_a_fixed_reminder_is_confirmed_and_set() -> None:
    runner = _runner(Remind("time to come back", 15.0))
    emitted = _run(runner)
    assert emitted[0] == (0.0, SetReminder(900.0, "time to come back"))
    assert emitted[1] == (0.0, Cue("I'll remind you in 15 minutes.", "say"))


@pytest.mark.parametrize(
    ("answer", "minutes"),
    [
        (Intent("snooze", {"minutes": 45}), 45.0),
        (Intent("snooze", {"minutes": 10}), 20.0),  # raised to the least allowed
        (Intent("yes"), 30.0),
    ],
)
def test_an_asked_reminder_takes_the_time_said(answer: Intent, minutes: float) -> None:
    asked = Remind("come back now", None, "How long do you need?", 20.0, 30.0)
    runner = _runner(asked)
    runner.tick(0.0)
    assert runner.context == "yes_no"
    actions = runner.answer(answer, 5.0)
    assert actions is not None and SetReminder(minutes * 60, "come back now") in actions
    confirmation = f"I'll remind you in {minutes:g} minutes."
    assert _cues(_run(runner)) == [(pytest.approx(5.0 + RESUME_LEAD_S), confirmation)]


def test_an_asked_reminder_left_unanswered_takes_its_default() -> None:
    runner = _runner(Remind("come back now", None, "How long do you need?", 20.0, 30.0))
    reminders = [a for _, a in _run(runner) if isinstance(a, SetReminder)]
    assert reminders == [SetReminder(1800.0, "come back now")]


def test_no_to_an_asked_reminder_sets_none() -> None:
    runner = _runner(Remind("come back now", None, "How long do you need?", 20.0, 30.0))
    runner.tick(0.0)
    actions = runner.answer(Intent("no"), 5.0)
    emitted = _run(runner)
    assert not [a for _, a in emitted if isinstance(a, SetReminder)]
    assert actions is not None and Hush() in actions


def test_say_is_not_a_session_action() -> None:
    # the runner speaks only timed cues; plain sentences are the dialogue's
    assert not [a for _, a in _run(_runner(YES_NO)) if isinstance(a, Say)]


def test_each_cue_carries_the_time_it_is_due_to_be_heard() -> None:
    runner = _runner(EVEN, start_s=50.0)
    late = runner.tick(50.4)  # asked for late: it still names its own time
    assert [(a.text, a.at_s) for a in late if isinstance(a, Cue)] == [("Breathe in", 50.0)]
    on_time = runner.tick(55.0)
    assert [(a.text, a.at_s) for a in on_time if isinstance(a, Cue)] == [("Breathe out", 55.0)]


# -- the first minute: intro, opener, hints, lines between cycles, explaining -----------------

INTRO = ("Even breaths.", "If you feel dizzy, stop.")
TAUGHT = Breathe(
    {"in": 4.0, "out": 4.0, "hold_after": 2.0},
    cycles=3,
    between=(SayStep("soft not deep"), SayStep("say stop any time", hint=True)),
)


def _introduced(*steps: Step, introduce: bool = True, hints: bool = True) -> SessionRunner:
    script = replace(_script(*steps), intro=INTRO, opener=(SayStep("in and out"),))
    return SessionRunner(script, {}, _one_second_words, 0.0, introduce=introduce, hints=hints)


def test_the_first_time_the_intro_is_said_as_one_passage_before_the_steps() -> None:
    cues = _cues(_run(_introduced(EVEN)))
    passage = "Even breaths. If you feel dizzy, stop."
    assert cues[:2] == [(0.0, passage), (_one_second_words(passage) + 0.6, "Breathe in")]
    assert "in and out" not in [text for _, text in cues]


def test_later_times_the_opener_is_said_instead_of_the_intro() -> None:
    cues = [text for _, text in _cues(_run(_introduced(EVEN, introduce=False)))]
    assert cues[:2] == ["in and out", "Breathe in"]
    assert not [text for text in cues if "dizzy" in text]


def test_lines_between_cycles_take_the_place_of_the_hold_after_the_exhale() -> None:
    runner = SessionRunner(_script(TAUGHT), {}, _one_second_words, 0.0)
    cues = _cues(_run(runner))
    assert cues == [
        (0.0, "Breathe in"),
        (4.0, "Breathe out"),
        (8.0, "soft not deep"),  # no hold after this exhale
        (pytest.approx(8.0 + 3.6), "Breathe in"),
        (pytest.approx(15.6), "Breathe out"),
        (pytest.approx(19.6), "say stop any time"),
        (pytest.approx(24.2), "Breathe in"),
        (pytest.approx(28.2), "Breathe out"),  # the last cycle: nothing after it
    ]


def test_hints_are_said_live_and_left_out_of_a_rendering() -> None:
    live = [text for _, text in _cues(_run(_introduced(TAUGHT, SayStep("tip", hint=True))))]
    rendered = [
        text for _, text in _cues(_run(_introduced(TAUGHT, SayStep("tip", hint=True), hints=False)))
    ]
    assert "say stop any time" in live and "tip" in live
    assert "say stop any time" not in rendered and "tip" not in rendered
    assert "soft not deep" in rendered


def test_a_rendering_takes_the_default_without_a_reprompt() -> None:
    runner = _introduced(YES_NO, hints=False)
    assert "Say yes or no." not in [text for _, text in _cues(_run(runner))]


def test_skip_leaves_the_breathing_with_its_lines_between_cycles() -> None:
    runner = SessionRunner(_script(TAUGHT, SayStep("done")), {}, _one_second_words, 0.0)
    runner.tick(0.0)
    runner.skip(1.0)
    assert [text for _, text in _cues(_run(runner))] == ["done"]


def test_explain_says_the_intro_and_the_controls_then_carries_on_from_the_inhale() -> None:
    runner = _introduced(BOX)
    passage = "Even breaths. If you feel dizzy, stop."
    intro_s = _one_second_words(passage) + 0.6
    _run(runner, until_s=intro_s + 16.0 + 1.0)  # a second into cycle 2's inhale
    actions = runner.explain(intro_s + 17.5, "You can say stop.")
    assert actions[0] == Hush()
    cues = _cues(_run(runner))
    resumed = intro_s + 17.5 + RESUME_LEAD_S
    assert cues[0] == (pytest.approx(resumed), passage)
    assert cues[1] == (pytest.approx(resumed + intro_s), "You can say stop.")
    controls_s = _one_second_words("You can say stop.") + 0.6
    assert cues[2] == (pytest.approx(resumed + intro_s + controls_s), "Breathe in")
    assert [text for _, text in cues].count("Breathe in") == 2  # cycle 2 again, and cycle 3


def test_explain_while_asking_asks_the_question_again_after() -> None:
    runner = _introduced(YES_NO, introduce=False)
    runner.tick(0.0)
    runner.tick(10.0)
    runner.explain(12.0, "You can say stop.")
    cues = [text for _, text in _cues(_run(runner, until_s=30.0))]
    assert cues[:3] == [
        "Even breaths. If you feel dizzy, stop.",
        "You can say stop.",
        YES_NO.question,
    ]
    assert runner.context == "yes_no"


def test_a_script_run_inside_another_is_introduced_and_explained_as_its_own() -> None:
    inner = replace(
        _script(EVEN, script_id="inner"), intro=("Inner way.",), opener=(SayStep("inner again"),)
    )
    outer = _script(SayStep("outer first"), Run("inner", "x:1"), SayStep("outer last"))
    runner = SessionRunner(outer, {"inner": inner}, _one_second_words, 0.0)
    said = [text for _, text in _cues(_run(runner, until_s=5.0))]
    assert said == ["outer first", "Inner way."]
    _run(runner, until_s=8.0)  # breathing in the inner script
    runner.explain(8.0, "controls")
    assert [text for _, text in _cues(_run(runner, until_s=12.0))][:2] == ["Inner way.", "controls"]
    later = SessionRunner(outer, {"inner": inner}, _one_second_words, 0.0, introduce=False)
    assert "inner again" in [text for _, text in _cues(_run(later))]


@pytest.mark.parametrize(
    ("intent", "chosen"),
    [
        (Intent("feeling_anxious"), "anxious flow"),
        (Intent("feeling_overwhelmed"), "overwhelmed flow"),
        (Intent("space"), "overwhelmed flow"),
    ],
)
def test_a_choice_between_flows_is_answered_by_naming_the_situation(
    intent: Intent, chosen: str
) -> None:
    library = {
        "anxious": _script(SayStep("anxious flow"), script_id="anxious"),
        "overwhelmed": _script(SayStep("overwhelmed flow"), script_id="overwhelmed"),
    }
    choice = Ask(
        "choice",
        "Reach out, or space?",
        None,
        ("anxious", "overwhelmed"),
        {"anxious": (Run("anxious", "x"),), "overwhelmed": (Run("overwhelmed", "x"),)},
    )
    runner = _runner(choice, library=library)
    runner.tick(0.0)
    assert runner.answer(intent, 5.0) is not None
    assert [text for _, text in _cues(_run(runner))] == [chosen]


def test_no_to_a_choice_is_neither() -> None:
    choice = Ask(
        "choice",
        "Reach out, or space?",
        None,
        ("anxious", "overwhelmed"),
        {OTHER: (SayStep("that's fine"),), "anxious": (Run("anxious", "x"),)},
    )
    runner = _runner(choice)
    runner.tick(0.0)
    runner.answer(Intent("no"), 5.0)
    assert [text for _, text in _cues(_run(runner))] == ["that's fine"]
    assert runner.outcome == "completed"  # an answer, not a skip

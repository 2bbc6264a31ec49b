"""The first minute of a session, as a person hears it: the first breath within 8 seconds of
the request, the safety line before it the first time, the intro again on "how does this
work", no hint in a rendered file; and the settle and bedtime scripts."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from companion.core.actions import Action, Cue, Record
from companion.core.dialogue import SESSION_HELP, Dialogue
from companion.core.intents import Intent
from companion.core.playthrough import play_through
from companion.core.safety import crisis_line_for
from companion.core.scripts import load_bundled
from companion.core.session import CHECK_IN_BEFORE, SessionRunner

SCRIPTS = load_bundled()
BREATHING = sorted(i for i, s in SCRIPTS.items() if s.kind == "breathing")
BREATHING_FIRST = [*BREATHING, "anxious"]
"""Scripts whose first step is to settle the body: the breathing ones and the anxious flow."""
DIZZY = "If you feel dizzy or light-headed, stop and let your breathing return to normal."
FIRST_BREATH_S = 8.0
"""The longest a person waits, from the request, for the first breath cue."""
OUTPUT_DELAY_S = 0.1
"""Sound asked for now is heard this much later (the speaker's latency plus its margin)."""
CONTROL_HINT = re.compile(
    r"\bsay\b[^.?!]*\b(stop|pause|resume|slower|faster|skip|repeat|start)\b", re.IGNORECASE
)


def _speech_s(text: str) -> float:
    """Realistic, a little slow: 2.5 words a second plus the voice's own lead and tail (the
    Piper voice at 90% takes about 0.31 s a word)."""
    return len(text.split()) / 2.5 + 0.3


def _first_breath_s(script_id: str, introduce: bool) -> float:
    """Seconds from the request to the first inhale cue, check-ins on."""
    request_s = 100.0
    runner = SessionRunner(
        SCRIPTS[script_id],
        SCRIPTS,
        _speech_s,
        request_s + OUTPUT_DELAY_S,
        check_ins=True,
        introduce=introduce,
    )
    for _text, phase, at_s in _heard(runner):
        if phase == "in":
            return at_s - request_s
    raise AssertionError(f"{script_id} never breathes in")


def _heard(runner: SessionRunner, until_s: float = 1e9) -> list[tuple[str, str, float]]:
    """(words, phase, when heard) of every cue until `until_s`, nobody answering."""
    heard = []
    while runner.active and (deadline := runner.next_deadline()) is not None:
        if deadline > until_s:
            break
        heard += [(a.text, a.phase, a.at_s or deadline) for a in runner.tick(deadline)
                  if isinstance(a, Cue)]  # fmt: skip
    return heard


@pytest.mark.parametrize("script_id", BREATHING_FIRST)
@pytest.mark.parametrize("introduce", [True, False], ids=["first use", "later use"])
def test_the_first_breath_comes_within_8_seconds_of_the_request(
    script_id: str, introduce: bool
) -> None:
    assert _first_breath_s(script_id, introduce) <= FIRST_BREATH_S


@pytest.mark.parametrize("script_id", BREATHING_FIRST)
def test_the_safety_line_comes_before_the_first_breath_the_first_time_only(
    script_id: str,
) -> None:
    first = SessionRunner(SCRIPTS[script_id], SCRIPTS, _speech_s, 0.0, introduce=True)
    before_breath = []
    for text, phase, _ in _heard(first):
        if phase == "in":
            break
        before_breath.append(text)
    assert sum(DIZZY in text for text in before_breath) == 1
    later = SessionRunner(SCRIPTS[script_id], SCRIPTS, _speech_s, 0.0, introduce=False)
    assert not [text for text, _, _ in _heard(later) if DIZZY in text]


@pytest.mark.parametrize("script_id", sorted(SCRIPTS))
def test_a_rendered_session_holds_no_hint_of_what_to_say(script_id: str) -> None:
    live = SessionRunner(SCRIPTS[script_id], SCRIPTS, _speech_s, 0.0)
    runner = SessionRunner(SCRIPTS[script_id], SCRIPTS, _speech_s, 0.0, hints=False)
    events, _ = play_through(runner)
    said = [event.text for event in events if event.kind == "cue"]
    assert not [text for text in said if CONTROL_HINT.search(text)]
    assert not [text for text in said if text.lower().startswith("you can say")]  # reprompts
    if script_id in BREATHING:
        assert [text for text in said if DIZZY in text]  # as heard the first time
        assert [text for text, _, _ in _heard(live) if CONTROL_HINT.search(text)]


# -- through the dialogue --------------------------------------------------------------------


class _Room:
    """A dialogue on virtual time, as talk.py builds it."""

    def __init__(self, used_before: Callable[[str], bool] = lambda _s: False) -> None:
        self.now = 0.0
        self.log: list[tuple[float, Action]] = []
        self.dialogue = Dialogue(
            SCRIPTS,
            crisis_line_for("US"),
            _speech_s,
            check_ins=True,
            cue_lead_s=0.5,
            output_delay_s=OUTPUT_DELAY_S,
            used_before=used_before,
        )

    def says(self, intent: Intent) -> None:
        self._keep(self.dialogue.hear(intent, self.now))

    def waits_for(self, context: str) -> None:
        while self.dialogue.context != context:
            due = self.dialogue.next_deadline(self.now)
            assert due is not None, f"never in context {context}"
            self.now = max(self.now, due)
            self._keep(self.dialogue.tick(self.now))

    def waits_for_cue(self, text: str, count: int = 1) -> None:
        while len([cue for cue in self.cues() if cue.text == text]) < count:
            due = self.dialogue.next_deadline(self.now)
            assert due is not None, f"never said {text!r}"
            self.now = max(self.now, due)
            self._keep(self.dialogue.tick(self.now))

    def waits_until(self, at_s: float) -> None:
        while (due := self.dialogue.next_deadline(self.now)) is not None and due <= at_s:
            self.now = max(self.now, due)
            self._keep(self.dialogue.tick(self.now))
        self.now = at_s

    def cues(self, after_s: float = -1.0) -> list[Cue]:
        return [a for t, a in self.log if isinstance(a, Cue) and t > after_s]

    def _keep(self, actions: list[Action]) -> None:
        self.log += [(self.now, a) for a in actions]


def _first_cue(room: _Room, pattern: str) -> str:
    start = room.now
    room.says(Intent("breathe", {"pattern": pattern}))
    room.waits_until(start + 1.0)
    return room.cues(after_s=start - 0.5)[0].text


def test_a_script_is_introduced_once_in_a_run_even_before_the_history_has_it() -> None:
    room = _Room()
    assert DIZZY in _first_cue(room, "box")
    room.says(Intent("stop"))
    room.waits_until(room.now + 5.0)
    assert _first_cue(room, "box") == "In for four, hold for four, out for four, hold for four."
    room.says(Intent("stop"))
    assert DIZZY in _first_cue(room, "exhale")  # another script is still new


def test_a_script_in_the_history_starts_with_its_opener() -> None:
    asked: list[str] = []

    def used_before(script_id: str) -> bool:
        asked.append(script_id)
        return script_id == "exhale"

    room = _Room(used_before)
    assert _first_cue(room, "exhale") == "In for four, out for six."
    assert asked == ["exhale"]


@pytest.mark.parametrize("used", [False, True], ids=["first use", "later use"])
def test_how_does_this_work_says_the_intro_and_the_controls_then_breathes_on(used: bool) -> None:
    room = _Room(lambda _s: used)
    room.says(Intent("breathe", {"pattern": "exhale"}))
    room.waits_for_cue("Breathe in", count=2)
    room.waits_until(room.now + 1.0)  # inside the second inhale
    asked_s = room.now
    room.says(Intent("help"))
    room.waits_until(asked_s + 30.0)
    said = [cue.text for cue in room.cues(after_s=asked_s - 0.1)]
    assert said[:3] == [SCRIPTS["exhale"].intro_text, SESSION_HELP, "Breathe in"]
    assert DIZZY in said[0]


def test_the_check_ins_come_after_the_breathing_and_are_kept() -> None:
    room = _Room()
    room.says(Intent("breathe", {"pattern": "exhale", "minutes": 1}))
    room.waits_for("rating")
    asked = [cue.text for cue in room.cues()]
    assert asked.index(CHECK_IN_BEFORE.question) > asked.index("Breathe in")
    room.says(Intent("rating", {"value": 7}))
    room.waits_until(room.now + 1.0)
    room.waits_for("rating")
    room.says(Intent("rating", {"value": 4}))
    room.waits_until(room.now + 10.0)
    [record] = [a.session for _, a in room.log if isinstance(a, Record)]
    assert (record.script_id, record.before, record.after) == ("exhale", 7, 4)


# -- settle and bedtime ------------------------------------------------------------------------


def _settle_until_offered() -> tuple[SessionRunner, float]:
    """Settle, run until its offer has been asked; when the offer started."""
    runner = SessionRunner(SCRIPTS["settle"], SCRIPTS, _speech_s, 0.0, check_ins=True)
    while runner.context != "yes_no":
        deadline = runner.next_deadline()
        assert deadline is not None, "settle never offers more help"
        for action in runner.tick(deadline):
            if isinstance(action, Cue) and action.phase == "ask":
                offered_s = deadline
                assert "someone close to you" in action.text and "partner" not in action.text
    return runner, offered_s


def test_settle_breathes_for_about_a_minute_then_offers_help_with_someone_close() -> None:
    script = SCRIPTS["settle"]
    (breathe,) = [step for step in script.steps if hasattr(step, "phases_s")]
    assert breathe.phases_s == {"in": 4.0, "out": 6.0}  # no holds
    _runner, offered_s = _settle_until_offered()
    assert 60.0 <= offered_s <= 100.0


@pytest.mark.parametrize(
    ("answer", "flow"), [(Intent("space"), "overwhelmed"), (Intent("feeling_anxious"), "anxious")]
)
def test_yes_to_settles_offer_leads_to_a_choice_that_runs_the_flow(
    answer: Intent, flow: str
) -> None:
    runner, offered_s = _settle_until_offered()
    runner.answer(Intent("yes"), offered_s + 3.0)
    choice = [text for text, phase, _ in _heard(runner, offered_s + 10.0) if phase == "ask"]
    assert choice == ["Is it more the urge to reach out to them, or needing some space from them?"]
    runner.answer(answer, offered_s + 10.0)
    flow_starts = SCRIPTS[flow].intro_text
    assert flow_starts in [text for text, _, _ in _heard(runner, offered_s + 60.0)]


@pytest.mark.parametrize("answer", [Intent("no"), None], ids=["no", "silence"])
def test_no_or_silence_to_settles_offer_ends_gently(answer: Intent | None) -> None:
    runner, offered_s = _settle_until_offered()
    if answer is not None:
        runner.answer(answer, offered_s + 3.0)
    said = [text for text, _, _ in _heard(runner, offered_s + 40.0)]
    gentle = "That's fine. I'm here if you need me."
    assert gentle in said
    assert said.index(gentle) < said.index(CHECK_IN_BEFORE.question)


def test_the_bedtime_breathing_goes_quiet_and_asks_nothing() -> None:
    runner = SessionRunner(SCRIPTS["sleep"], SCRIPTS, _speech_s, 0.0, check_ins=True)
    events, end_s = play_through(runner)
    assert runner.completed and not runner.active
    assert not [event for event in events if event.phase == "ask"]  # no check-ins
    assert events[-1].start_s < 90.0  # words for the first breaths only...
    assert end_s >= 5 * 60  # ...then minutes of quiet, and no closing words
    assert not [event for event in events if "well done" in event.text.lower()]

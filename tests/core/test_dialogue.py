"""The conversation, typed requests on a fake clock: sessions, controls, safety, bad input."""

from __future__ import annotations

import itertools
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from companion.core.actions import Action, Chime, Cue, Exit, Hush, Record, Say
from companion.core.dialogue import Dialogue
from companion.core.history import SessionRecord
from companion.core.intents import IntentMatcher
from companion.core.loop import run_conversation
from companion.core.reader import Reader
from companion.core.reminders import DEFAULT_QUIET, Reminder
from companion.core.reminding import RECHECK_S, Reminding
from companion.core.safety import CRISIS_LINES, crisis_line_for
from companion.core.scripts import load_bundled
from companion.testing import FakeClock, FakeWallClock, MemoryReminderBook, ScriptedInbox

READER = Reader(IntentMatcher.bundled())
LONDON = ZoneInfo("Europe/London")


def _speech_s(text: str) -> float:
    return 0.3 * len(text.split())


def _converse(requests: list[tuple[float, str]], country: str = "US") -> list[tuple[float, Action]]:
    """Run the loop on a fake clock; returns (seconds from start, action)."""
    clock = FakeClock(0.0)
    dialogue = Dialogue(load_bundled(), crisis_line_for(country), lambda t: 0.3 * len(t.split()))
    log: list[tuple[float, Action]] = []
    inbox = ScriptedInbox(clock, requests)
    run_conversation(
        dialogue, READER, inbox, clock, lambda acts: log.extend((clock.now(), a) for a in acts)
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
    cues = [(t, a) for t, a in log if isinstance(a, Cue)]
    for (t, cue), (later, _) in itertools.pairwise(cues):
        if cue.phase != "say":  # a phase lasts its 4 s, whatever comes next
            assert later - t == pytest.approx(4.0)
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
    run_conversation(dialogue, READER, inbox, clock, log.extend)
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
    run_conversation(dialogue, READER, inbox, clock, log.extend, WakePhrase("companion"))
    said = [a.text for a in log if isinstance(a, Say)]
    assert said[0] == "Yes?"
    assert "Quiet now." in said  # the stop was understood, not "didn't catch that"
    assert not any("didn't catch" in s for s in said)


# -- guided sessions: flows, check-ins, history, reminders --------------------------------------


class _Person:
    """Drives a dialogue on virtual time: waits for what it wants, answers by typing."""

    START = datetime(2026, 3, 2, 10, 0, tzinfo=LONDON)

    def __init__(self, check_ins: bool = False) -> None:
        self._now = 0.0
        self.log: list[tuple[float, Action]] = []
        self.wall = FakeWallClock(self.START)
        self.book = MemoryReminderBook()
        speech_s = _speech_s
        reminding = Reminding(self.book, self.wall, LONDON, DEFAULT_QUIET, speech_s)
        self.dialogue = Dialogue(
            load_bundled(), crisis_line_for("US"), speech_s, check_ins, reminding
        )

    @property
    def now(self) -> float:
        return self._now

    @now.setter
    def now(self, value: float) -> None:
        self._now = value
        self.wall.moment = self.START + timedelta(seconds=value)

    def says(self, text: str) -> None:
        intent = READER.read(text, self.dialogue.context).intent
        self._keep(self.dialogue.hear(intent, self.now) + self.dialogue.tick(self.now))

    def waits_for(self, context: str, limit_s: float = 3600.0) -> None:
        while self.dialogue.context != context:
            self.waits(limit_s)

    def waits(self, limit_s: float) -> None:
        deadline = self.dialogue.next_deadline(self.now)
        assert deadline is not None and deadline <= limit_s, "nothing more happens"
        self.now = max(self.now, deadline)
        self._keep(self.dialogue.tick(self.now))

    def waits_until(self, at_s: float) -> None:
        while (deadline := self.dialogue.next_deadline(self.now)) is not None and deadline <= at_s:
            self.waits(at_s)
        self.now = at_s

    def _keep(self, actions: list[Action]) -> None:
        self.log += [(self.now, a) for a in actions]

    def records(self) -> list[Record]:
        return [a for _, a in self.log if isinstance(a, Record)]

    def heard(self) -> str:
        return _said(self.log)


def test_the_anxious_moment_named_starts_the_anxious_flow() -> None:
    person = _Person()
    person.says("he hasn't texted back and I keep checking my phone")
    assert person.log[0][1] == Cue(_first_words("anxious"), "say")


@pytest.mark.parametrize(
    "said",
    ["I'm feeling really anxious", "my chest is tight and I can't stop panicking", "I'm scared"],
)
def test_distress_in_general_gets_a_short_grounding_breath_at_once(said: str) -> None:
    person = _Person(check_ins=True)
    person.says(said)
    assert person.dialogue.session is not None
    assert person.dialogue.session.script_id == "settle"
    assert person.log[0][1] == Cue(_first_words("settle"), "say")
    person.waits_until(8.0)
    assert any(isinstance(a, Cue) and a.phase == "in" for _, a in person.log)
    assert "partner" not in person.heard()  # nothing assumed about a partner


def test_the_relationship_flow_starts_when_offered_and_accepted() -> None:
    person = _Person()
    person.says("I'm so stressed")
    person.waits_for("yes_no", limit_s=600.0)  # "...someone close to you... Would you like that?"
    person.says("yes")
    person.waits_for("choice")  # the urge to reach out, or space?
    person.says("I need some space from them")
    person.waits_until(person.now + 2.0)
    assert person.dialogue.session is not None
    assert _first_words("overwhelmed") in person.heard()  # the flooding break, run inside


def test_a_request_for_help_of_no_kind_gets_one_question_and_the_answer_starts_it() -> None:
    person = _Person()
    person.says("I don't feel right")
    assert person.heard() == "Would you like to breathe together, or ground yourself?"
    assert person.dialogue.session is None
    person.says("the second one")
    assert person.dialogue.session is not None
    assert person.dialogue.session.script_id == "senses"


def test_yes_to_the_question_breathes_and_no_leaves_it_kindly() -> None:
    person = _Person()
    person.says("help")
    person.says("yes please")
    assert person.dialogue.session is not None
    assert person.dialogue.session.script_id == "exhale"
    other = _Person()
    other.says("help")
    other.says("no")
    assert other.dialogue.session is None
    assert other.heard().endswith("That's fine. I'm here if you need me.")


def test_never_mind_ends_a_session_and_drops_a_question() -> None:
    person = _Person()
    person.says("start box breathing")
    person.says("never mind")
    assert person.dialogue.session is None
    assert person.records()[0].session.outcome == "stopped"
    asked = _Person()
    asked.says("help")
    asked.says("cancel")
    assert asked.dialogue.context == "idle"


def test_needing_a_minute_alone_is_given_quietly() -> None:
    person = _Person()
    person.says("I need a minute to myself")
    assert person.dialogue.session is None
    assert "Take the time you need" in person.heard()


def test_not_sleeping_starts_the_wind_down() -> None:
    person = _Person()
    person.says("I can't sleep")
    assert person.dialogue.session is not None
    assert person.dialogue.session.script_id == "sleep"


def test_a_script_of_ones_own_starts_by_its_title() -> None:
    intent = Reader(IntentMatcher.bundled(), {"box": "My calm"}).read("start my calm").intent
    person = _Person()
    person.dialogue.hear(intent, 0.0)
    assert person.dialogue.session is not None
    assert person.dialogue.session.script_id == "box"


def test_feeling_overwhelmed_starts_the_flow_that_sets_a_return_reminder() -> None:
    person = _Person()
    person.says("we're arguing again and it's all too much")
    assert person.dialogue.session is not None
    assert person.dialogue.session.script_id == "overwhelmed"
    person.waits_for("yes_no")  # how long a break?
    person.says("give me forty five minutes")
    asked_at = person.now
    person.waits(3600.0)
    assert "I'll remind you in 45 minutes." in person.heard()
    person.says("stop")
    person.waits_until(asked_at + 45 * 60 - 1)
    assert not [a for _, a in person.log if isinstance(a, Chime)]
    person.waits_until(asked_at + 45 * 60 + 1)
    due = [(t, a) for t, a in person.log if t > asked_at + 60]
    assert isinstance(due[0][1], Chime) and due[0][0] == pytest.approx(asked_at + 45 * 60, abs=1)
    assert "time to go back" in _said(due)


def test_the_overwhelmed_flow_names_a_feeling_in_two_turns_of_three() -> None:
    person = _Person()
    person.says("we're fighting and I need a break from him")
    person.waits_for("yes_no")
    person.says("yes")
    person.waits_for("choice")  # muscle relaxation or body scan?
    person.says("body scan")
    person.waits_for("feeling")
    person.says("sad")
    person.waits(3600.0)
    person.says("lonely")
    person.waits(3600.0)
    assert "Lonely. Thank you for naming it." in person.heard()


def test_check_ins_are_kept_with_the_outcome_never_the_words() -> None:
    person = _Person(check_ins=True)
    person.says("start box breathing for two minutes")
    assert person.dialogue.context == "session"  # the breathing comes first
    person.waits_for("rating", limit_s=600.0)  # then, looking back, how it felt before
    person.says("about a seven")
    person.waits_for("rating", limit_s=600.0)  # and how it feels now
    person.says("stop")
    [record] = person.records()
    assert record.session == SessionRecord("box", 7, None, True, record.session.duration_s)
    assert record.session.duration_s == pytest.approx(person.now, abs=0.5)


def test_a_completed_session_keeps_both_ratings() -> None:
    person = _Person(check_ins=True)
    person.says("start box breathing for two minutes")
    person.waits_for("rating", limit_s=600.0)
    person.says("eight")
    person.waits_for("rating", limit_s=600.0)
    person.says("five")
    person.waits_until(person.now + 30)
    [record] = person.records()
    assert (record.session.before, record.session.after, record.session.completed) == (8, 5, True)
    assert person.dialogue.session is None


def test_a_duration_asked_for_shortens_the_breathing() -> None:
    person = _Person()
    person.says("start box breathing for two minutes")
    person.waits_until(3600.0)
    inhales = [a for _, a in person.log if isinstance(a, Cue) and a.phase == "in"]
    assert len(inhales) == 8  # 120 s of 16 s cycles, rounded up


def test_breathing_without_a_pattern_is_the_gentle_one_without_holds() -> None:
    person = _Person()
    person.says("start a breathing exercise")
    assert person.dialogue.session is not None
    assert person.dialogue.session.script_id == "exhale"


def test_grounding_starts_the_five_senses_or_the_one_named() -> None:
    for request, script_id in [
        ("help me ground myself", "senses"),
        ("muscle relaxation", "muscle"),
    ]:
        person = _Person()
        person.says(request)
        assert person.dialogue.session is not None
        assert person.dialogue.session.script_id == script_id


def test_slower_is_acknowledged_in_print_only_and_stretches_the_breath() -> None:
    person = _Person()
    person.says("start coherent breathing")
    person.waits_until(120.0)
    person.says("slower please")
    shown = [a for t, a in person.log if t == 120.0 and isinstance(a, Say)]
    assert shown == [Say("A little slower: in 5.5 s, out 5.5 s.", spoken=False)]


def test_after_a_crisis_an_exercise_starts_without_a_check_in() -> None:
    person = _Person(check_ins=True)
    person.says("I want to die")
    person.says("breathe with me")
    assert person.dialogue.context == "session"


def test_reminders_a_session_set_can_be_listed_and_cancelled() -> None:
    person = _Person()
    person.says("she keeps shouting and I feel flooded")
    person.waits_for("yes_no")
    person.says("yes")
    person.says("stop")
    person.says("what reminders do I have")
    assert "You have one reminder: a reminder to come back, in 30 minutes." in person.heard()
    person.says("cancel my reminders")
    assert person.book.all() == []
    assert person.dialogue.next_deadline(person.now) == person.now + RECHECK_S


def _first_words(script_id: str) -> str:
    """What is heard first, the first time a script is used: its intro."""
    return load_bundled()[script_id].intro_text


# -- reminders by voice ------------------------------------------------------------------------


def test_a_reminder_is_repeated_back_and_saved_only_on_yes() -> None:
    person = _Person()
    person.says("remind me to breathe every two hours")
    assert person.heard().endswith("Every 2 hours, breathing. Is that right?")
    assert person.dialogue.context == "yes_no" and person.book.all() == []
    person.says("yes")
    [saved] = person.book.all()
    assert saved.every_s == 7200 and saved.activity == "breathe"
    assert person.heard().endswith("Saved. Every 2 hours, breathing, next at 12 pm.")


def test_no_or_silence_saves_nothing() -> None:
    person = _Person()
    person.says("remind me at nine pm to do grounding")
    assert person.heard().endswith("At 9 pm, grounding. Is that right?")
    person.says("no")
    assert person.book.all() == []
    person.says("remind me in twenty minutes")
    person.waits(3600.0)  # silence: one reprompt
    assert person.heard().endswith("Shall I set it? Say yes or no.")
    person.waits(3600.0)
    assert person.book.all() == [] and person.dialogue.context == "idle"


def test_a_due_reminder_chimes_invites_and_yes_starts_the_exercise() -> None:
    person = _Person()
    person.says("remind me in twenty minutes to do grounding")
    person.says("yes")
    person.waits_until(20 * 60 - 1)
    assert not [a for _, a in person.log if isinstance(a, Chime)]
    person.waits_until(20 * 60 + 1)
    assert [a for t, a in person.log if t >= 20 * 60][:2] == [
        Chime("bell"),
        Say("Time for a short grounding exercise. Shall we start?"),
    ]
    assert min(t for t, a in person.log if isinstance(a, Chime)) - 20 * 60 < 1.0
    person.says("yes")
    assert person.dialogue.session is not None
    assert person.dialogue.session.script_id == "senses"
    assert person.book.all() == []  # a one-off is gone once taken


def test_later_puts_it_off_ten_minutes_or_as_said() -> None:
    person = _Person()
    person.says("remind me in twenty minutes")
    person.says("yes")
    person.waits_until(20 * 60 + 1)
    person.says("not now")
    [kept] = person.book.all()
    assert kept.due == person.wall.now() + timedelta(minutes=10)
    person.waits_until(30 * 60 + 2)
    person.says("give me half an hour")
    assert person.book.all()[0].due == person.wall.now() + timedelta(minutes=30)


def test_an_unanswered_reminder_is_reprompted_once_then_missed() -> None:
    person = _Person()
    person.says("remind me to breathe every hour")
    person.says("yes")
    person.waits_until(60 * 60 + 1)
    person.waits_until(60 * 60 + 60)
    said = [a.text for t, a in person.log if t >= 3600 and isinstance(a, Say) and a.spoken]
    assert said == [
        "Time for a short breathing break. Shall we start?",
        "Would you like a short breathing now? You can say yes, or later.",
    ]
    [kept] = person.book.all()
    assert kept.due == person.START + timedelta(hours=2)  # the next one keeps its rhythm


def test_a_reminder_never_interrupts_a_session_and_waits_for_its_end() -> None:
    person = _Person()
    person.says("remind me in twenty minutes")
    person.says("yes")
    person.waits_until(19 * 60)
    person.says("start coherent breathing")  # ten minutes of breathing
    invitation = Say("Time for a short breathing break. Shall we start?")
    person.waits_until(25 * 60)
    assert invitation not in [a for _, a in person.log]
    person.says("stop")
    person.waits_until(25 * 60 + 31)
    assert invitation in [a for _, a in person.log]


def test_reminders_missed_while_away_are_summed_up_once() -> None:
    person = _Person()
    for minutes in (-90, -30):
        person.book.add(Reminder(0, "breathe", person.START + timedelta(minutes=minutes)))
    person.book.add(Reminder(0, "ground", person.START - timedelta(hours=3), every_s=86400))
    assert person.dialogue.start() == [
        Say(
            "While I wasn't running, you missed two breathing reminders and one grounding reminder."
        )
    ]
    assert [r.activity for r in person.book.all()] == ["ground"]
    assert person.dialogue.start() == []
    assert not person.dialogue.tick(0.0)


def test_with_a_cue_lead_each_cue_is_handed_over_early_naming_its_time() -> None:
    clock = FakeClock(0.0)
    dialogue = Dialogue(load_bundled(), crisis_line_for("US"), _speech_s, cue_lead_s=0.5)
    log: list[tuple[float, Action]] = []
    inbox = ScriptedInbox(clock, [(0.0, "start coherent breathing"), (120.0, "stop")])
    run_conversation(
        dialogue, READER, inbox, clock, lambda acts: log.extend((clock.now(), a) for a in acts)
    )
    timed = [(t, a) for t, a in log if isinstance(a, Cue | Chime) and a.at_s and a.at_s > 0]
    assert len(timed) > 10
    assert all(a.at_s is not None and a.at_s - t == pytest.approx(0.5) for t, a in timed)


def test_a_reminder_added_from_elsewhere_while_idle_is_offered_within_a_second() -> None:
    person = _Person()
    person.waits_until(100.0)
    person.book.add(Reminder(0, "ground", person.START + timedelta(seconds=130)))  # the CLI
    person.waits_until(131.0)
    offered = [t for t, a in person.log if isinstance(a, Chime)]
    assert offered and 130.0 <= offered[0] <= 131.0


def test_a_missed_reminder_to_come_back_is_named_so() -> None:
    person = _Person()
    person.book.add(Reminder(0, "return", person.START - timedelta(minutes=5), message="Go back."))
    assert person.dialogue.start() == [
        Say("While I wasn't running, you missed one reminder to come back.")
    ]


def test_a_check_in_reminder_asks_for_the_rating_alone_and_keeps_it() -> None:
    person = _Person(check_ins=True)
    person.says("remind me every hour to check in")
    person.says("yes")
    person.waits_until(3600.5)
    person.says("yes")
    assert person.dialogue.context == "rating"  # no second check-in around it
    person.says("four")
    person.waits_until(3700.0)
    [record] = person.records()
    assert (record.session.script_id, record.session.before, record.session.completed) == (
        "check_in",
        4,
        True,
    )

"""Runs a Script on an injected clock: timed phases that start exactly on time, and questions
that wait for an answer.

A session is a series of segments. A segment is the run of timed steps up to and including the
next question; phase k of a segment starts at its anchor + the sum of the phases between the
anchor and k, so waiting late for one phase never shifts the next. Answers, pauses, skips and
pace changes re-anchor; nothing is ever timed by adding up sleeps.

The body comes first: a script's intro (said only the first time it is used) is kept short so
that the first breath follows the request within seconds, and the check-ins are both asked at
the end - how it felt before, looking back, then how it feels now.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum

from companion.core.actions import Action, Chime, Cue, Hush, SetReminder
from companion.core.answers import CHECK_IN_AFTER as CHECK_IN_AFTER
from companion.core.answers import CHECK_IN_BEFORE as CHECK_IN_BEFORE
from companion.core.answers import NO_REMINDER as NO_REMINDER
from companion.core.answers import RATING_SKIPPED, SKIP_ANSWER, answer_value, rating_value
from companion.core.answers import THANKS as THANKS
from companion.core.history import SessionRecord
from companion.core.intents import Intent
from companion.core.phases import Phase, Timeline, step_phases
from companion.core.scripts import (
    OTHER,
    Ask,
    Remind,
    Run,
    Say,
    Script,
    Step,
)

RESUME_LEAD_S = 0.3
"""Quiet between a request (resume, skip, an answer) and the first cue after it."""
ANSWER_WAIT_S = 8.0
"""How long a question waits for an answer after it is asked (content guide: about 8 s)."""
PACE_STEP = 0.1
"""Slower or faster changes breathing phases by 10% of their written length a step."""
PACE_LIMITS = (-3, 5)
"""Faster at most 3 steps (70%), slower at most 5 (150%)."""
CUE_MARGIN_S = 0.15
"""A cue must end this long before its phase does; one that would not is left unsaid."""
MAX_RUNS = 1000
"""Scripts run inside a session, at most (the library refuses loops; this is a backstop)."""


@dataclass(frozen=True)
class _Completed:
    """Marks the point where every step of the script itself has run."""


@dataclass(frozen=True)
class _Leave:
    """Marks the end of the steps of a script run inside another."""


_DONE = _Completed()
_LEAVE = _Leave()
Question = Ask | Remind
Pending = Step | _Completed | _Leave


class State(Enum):
    """Where a session is."""

    RUNNING = "running"
    WAITING = "waiting"
    """A question was asked; the answer has not come."""
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class SessionRunner:
    """Emits each phase's cue when its time comes and hears answers; pure: time is always
    passed in."""

    def __init__(
        self,
        script: Script,
        library: Mapping[str, Script],
        speech_s: Callable[[str], float],
        start_s: float,
        check_ins: bool = False,
        introduce: bool = True,
        hints: bool = True,
    ) -> None:
        """`introduce`: say the script's intro (first use) rather than its opener (later
        uses); it goes for the scripts it runs too. `hints`: False for a rendering, where
        nobody answers: lines telling the person what to say, and reprompts, are left out.
        `check_ins`: ask both check-ins at the end (unless the script leaves them out)."""
        self.script_id = script.id
        self.started_s = start_s
        self.ratings: dict[str, int] = {}
        """Check-in ratings by when: before, after."""
        self.completed = False
        """Every step of the script has run (the closing check-ins may still be going)."""
        self.state = State.RUNNING
        self._library = library
        self._speech_s = speech_s
        self._introduce = introduce
        self._hints = hints
        self._intros = {script.id: script.intro_text}
        self._within = [script.id]
        self._pending: list[Pending] = [*self._opening(script), *script.steps, _DONE]
        if check_ins and script.check_ins:
            self._pending += [CHECK_IN_BEFORE, CHECK_IN_AFTER]
        self._pace = 0
        self._runs = 0
        self._paused_from = State.RUNNING
        self._reprompted = False
        self._asked_again: Ask | None = None
        self._skipped = False
        self._wait_until = 0.0
        self._timeline = Timeline([], start_s, lambda: self.pace)
        self._question: Question | None = None
        self._start_segment(start_s)

    # -- what the dialogue asks ------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Running, waiting or paused: the session still owns the speaker."""
        return self.state in (State.RUNNING, State.WAITING, State.PAUSED)

    @property
    def outcome(self) -> str:
        """completed, skipped (every step ran, but the person skipped some) or stopped; a
        skipped check-in alone leaves a session completed."""
        if not self.completed:
            return "stopped"
        return "skipped" if self._skipped else "completed"

    def record(self, now_s: float) -> SessionRecord:
        """What the session leaves in the history if it ends at `now_s`: never words."""
        return SessionRecord(
            self.script_id,
            self.ratings.get("before"),
            self.ratings.get("after"),
            self.outcome == "completed",
            round(now_s - self.started_s, 1),
            self.outcome,
        )

    @property
    def pace(self) -> float:
        """Breathing phase lengths as a fraction of the written ones."""
        return 1.0 + PACE_STEP * self._pace

    @property
    def context(self) -> str:
        """The dialogue context answers are heard in (see companion.core.intents.CONTEXTS)."""
        question = self.asking
        if question is None:
            return "session"
        if isinstance(question, Remind):
            return "yes_no"  # "yes", or "give me an hour" (snooze)
        return question.answer  # rating, yes_no, feeling or choice

    @property
    def asking(self) -> Question | None:
        """The question that has been asked and waits for its answer, if any."""
        if self.state is State.WAITING or (
            self.state is State.PAUSED and self._paused_from is State.WAITING
        ):
            return self._question
        if self.state is State.RUNNING and self._question and self._timeline.all_opened:
            return self._question  # its words are still being said
        return None

    def next_deadline(self) -> float | None:
        """When something is due next; None while paused or over."""
        if self.state is State.WAITING:
            return self._wait_until
        if self.state is not State.RUNNING:
            return None
        timeline = self._timeline
        return timeline.start_of(min(timeline.next, len(timeline.phases)))

    # -- time passing ------------------------------------------------------------------------

    def tick(self, now_s: float) -> list[Action]:
        """Cues due at `now_s`; a cue whose phase is already over is passed by, unsaid."""
        if self.state is State.WAITING:
            return self._no_answer(now_s) if now_s >= self._wait_until else []
        if self.state is not State.RUNNING:
            return []
        actions: list[Action] = []
        timeline = self._timeline
        while not timeline.all_opened and timeline.start_of(timeline.next) <= now_s:
            actions += self._open(timeline.next, now_s)
            timeline.next += 1
        if timeline.all_opened and now_s >= timeline.end_s:
            actions += self._segment_over(timeline.end_s, now_s)
        return actions

    def _open(self, index: int, now_s: float) -> list[Action]:
        timeline = self._timeline
        phase = timeline.phases[index]
        actions = list(phase.actions)
        end_s = timeline.start_of(index + 1)
        if now_s >= end_s:
            return actions
        start_s = timeline.start_of(index)
        if phase.cue and self._fits(phase.cue, end_s - start_s, phase):
            actions.append(Cue(phase.cue, phase.name, start_s))
        elif phase.sound:
            actions.append(Chime(phase.sound, start_s))
        return actions

    def _fits(self, cue: str, length_s: float, phase: Phase) -> bool:
        return not phase.paced or self._speech_s(cue) <= length_s - CUE_MARGIN_S

    def _segment_over(self, end_s: float, now_s: float) -> list[Action]:
        if self._question is not None:
            self.state = State.WAITING
            self._reprompted = False
            self._wait_until = end_s + ANSWER_WAIT_S
            return self.tick(now_s)
        if not self._pending:
            self.state = State.FINISHED
            self.completed = True
            return []
        self._start_segment(end_s)
        return self.tick(now_s)

    def _no_answer(self, now_s: float) -> list[Action]:
        question = self._question
        assert question is not None
        reprompt = question.reprompt if isinstance(question, Ask) and self._hints else None
        if reprompt and not self._reprompted:
            self._reprompted = True
            self._wait_until = now_s + self._speech_s(reprompt) + ANSWER_WAIT_S
            return [Cue(reprompt, "ask")]
        if isinstance(question, Remind):
            return self._remind(question, question.default_minutes, now_s)
        if question.answer == "rating":
            return self._rating_skipped(question, now_s)
        return self._answered(question, question.default, now_s)

    # -- answers -------------------------------------------------------------------------------

    def answer(self, intent: Intent, now_s: float) -> list[Action] | None:
        """Hear an answer to the open question; None when `intent` is not one (the dialogue
        then treats it as a request of its own)."""
        question = self.asking
        if question is None or self.state is State.PAUSED:
            return None
        if intent.name == "repeat":
            return self.repeat(now_s)
        if intent.name == "skip":
            self._note_skip(question)
        if isinstance(question, Remind):
            return self._hear_time(question, intent, now_s)
        hush: list[Action] = [Hush()] if self.state is State.RUNNING else []
        if question.answer == "rating":
            rated = self._hear_rating(question, intent, now_s)
            return None if rated is None else hush + rated
        value = answer_value(question, intent)
        if value is None:
            return None
        return hush + self._answered(question, value, now_s)

    def _hear_rating(self, question: Ask, intent: Intent, now_s: float) -> list[Action] | None:
        """Keep a rating from 0 to 10; ask again once, with the scale, after a number above
        10 or words without a number; skip it after that."""
        value = rating_value(intent)
        if value is None:
            return None
        if value == SKIP_ANSWER or (isinstance(value, str) and question is self._asked_again):
            return self._rating_skipped(question, now_s)
        if isinstance(value, str):
            self._asked_again = replace(question, question=value, reprompt=None)
            return self._go_on(now_s, [self._asked_again])
        if question.check_in:
            self.ratings[question.check_in] = value
        return self._go_on(now_s, [Say(THANKS)])

    def _rating_skipped(self, question: Ask, now_s: float) -> list[Action]:
        """A rating skipped, unanswered or unclear: said so, kindly, and the session goes on."""
        return self._go_on(now_s, [Say(RATING_SKIPPED), *question.branches.get(OTHER, ())])

    def _hear_time(self, question: Remind, intent: Intent, now_s: float) -> list[Action] | None:
        if intent.name == "yes":
            minutes = question.default_minutes
        elif intent.name == "snooze":
            said = intent.slots.get("minutes")
            minutes = float(said) if isinstance(said, int | float) else question.default_minutes
            minutes = min(max(minutes, question.at_least_minutes), 24 * 60 - 1)
        elif intent.name in ("no", "skip"):
            return [Hush(), *self._go_on(now_s, [Say(NO_REMINDER)])]
        else:
            return None
        return [Hush(), *self._remind(question, minutes, now_s)]

    def _remind(self, question: Remind, minutes: float, now_s: float) -> list[Action]:
        """Set the reminder now, the moment it is answered, and confirm it aloud."""
        reminder = SetReminder(minutes * 60.0, question.message)
        return [reminder, *self._go_on(now_s, [Say(question.confirmation(minutes))])]

    def _answered(self, question: Ask, value: str, now_s: float) -> list[Action]:
        if question.answer == "rating":
            return self._rating_skipped(question, now_s)  # ratings are kept by _hear_rating
        if value in (SKIP_ANSWER, OTHER):
            value = "no" if question.answer == "yes_no" else OTHER
        branch = question.branches.get(value, question.branches.get(OTHER, ()))
        return self._go_on(now_s, list(branch))

    def _go_on(self, now_s: float, steps: Sequence[Pending]) -> list[Action]:
        """Carry on after a question with `steps` first."""
        self._question = None
        self._pending = [*steps, *self._pending]
        self.state = State.RUNNING
        if not self._pending:
            self.state = State.FINISHED
            self.completed = True
            return []
        self._start_segment(now_s + RESUME_LEAD_S)
        return self.tick(now_s)

    # -- controls ------------------------------------------------------------------------------

    def pause(self) -> list[Action]:
        """Go quiet; a later resume restarts at the interrupted cycle's inhale."""
        if self.state not in (State.RUNNING, State.WAITING):
            return []
        self._paused_from = State.WAITING if self.asking else self.state
        self.state = State.PAUSED
        return [Hush()]

    def resume(self, now_s: float) -> list[Action]:
        """Carry on from the inhale that opens the interrupted cycle (or ask again)."""
        if self.state is not State.PAUSED:
            return []
        self._restart(self._resume_index(), now_s)
        return self.tick(now_s)

    def repeat(self, now_s: float) -> list[Action]:
        """Say again from the last sentence, question or inhale."""
        if self.state not in (State.RUNNING, State.WAITING):
            return []
        self._restart(self._resume_index(), now_s)
        return [Hush(), *self.tick(now_s)]

    def skip(self, now_s: float) -> list[Action]:
        """Leave the rest of the current step (or the question) and go on at once."""
        if self.state not in (State.RUNNING, State.WAITING):
            return []
        question = self.asking
        self._note_skip(question)
        if isinstance(question, Remind):
            return [Hush(), *self._go_on(now_s, [Say(NO_REMINDER)])]
        if question is not None:
            return [Hush(), *self._answered(question, SKIP_ANSWER, now_s)]
        self._restart(self._timeline.next_step_index(), now_s)
        return [Hush(), *self.tick(now_s)]

    def _note_skip(self, question: Question | None) -> None:
        """The person skipped part of the script: the session is not counted as completed.
        Skipping a check-in question does not count."""
        if not (isinstance(question, Ask) and question.check_in):
            self._skipped = True

    def explain(self, now_s: float, controls: str) -> list[Action]:
        """Say again how the exercise under way works (its intro: what to do, and the safety
        line), then `controls`, and carry on from the interrupted cycle's inhale (or ask the
        question again)."""
        if not self.active:
            return []
        timeline = self._timeline
        index = max(self._resume_index(), 0)
        owner = timeline.phases[index].script if index < len(timeline.phases) else ""
        intro = self._intros.get(owner or self.script_id, "")
        lines = [text for text in (intro, controls) if text]
        said = [Phase("say", self._speech_s(t) + Say(t).pause_s, t, True, step=-1) for t in lines]
        timeline.insert(index, said, now_s + RESUME_LEAD_S)
        self.state = State.RUNNING
        return [Hush(), *self.tick(now_s)]

    def slower(self, now_s: float) -> bool:
        """Stretch breathing phases by one step from the next phase on; False at the limit."""
        return self._change_pace(+1, now_s)

    def faster(self, now_s: float) -> bool:
        """Shorten breathing phases by one step from the next phase on; False at the limit."""
        return self._change_pace(-1, now_s)

    def stop(self) -> list[Action]:
        """End the session at once."""
        if not self.active:
            return []
        self.state = State.STOPPED
        return [Hush()]

    def breath_s(self) -> dict[str, float]:
        """The next breathing pattern's phase lengths at the current pace ({} when none)."""
        return self._timeline.breath_s()

    def _change_pace(self, direction: int, now_s: float) -> bool:
        low, high = PACE_LIMITS
        if not low <= self._pace + direction <= high:
            return False
        self._pace += direction
        if self.state is State.RUNNING:
            self._timeline.repace()
        del now_s
        return True

    # -- segments ------------------------------------------------------------------------------

    def _resume_index(self) -> int:
        if self._question is not None and self.asking is not None:
            return len(self._timeline.phases) - 1  # the question
        return self._timeline.resume_index()

    def _restart(self, index: int, now_s: float) -> None:
        self._timeline.restart(index, now_s + RESUME_LEAD_S)
        self.state = State.RUNNING

    def _start_segment(self, at_s: float) -> None:
        """Lay out the timed steps up to and including the next question, from `at_s`."""
        phases: list[Phase] = []
        self._question = None
        while self._pending and self._question is None:
            step = self._pending.pop(0)
            if isinstance(step, _Completed):
                if phases:  # reached only when the phases before it are over
                    self._pending.insert(0, step)
                    break
                self.completed = True
            elif isinstance(step, _Leave):
                self._within.pop()
            elif isinstance(step, Run):
                self._enter(step)
            else:
                phases += [
                    replace(p, step=len(phases), script=self._within[-1])
                    for p in self._step_phases(step)
                ]
        self._timeline = Timeline(phases, at_s, lambda: self.pace)

    def _enter(self, run: Run) -> None:
        """Lay out the steps of a script run inside this one, opened as this one was."""
        self._runs += 1
        script = self._library.get(run.script_id)
        if script is None or self._runs > MAX_RUNS:
            return
        self._intros[script.id] = script.intro_text
        self._within.append(script.id)
        self._pending = [*self._opening(script), *script.steps, _LEAVE, *self._pending]

    def _opening(self, script: Script) -> list[Step]:
        """The intro, the first time a script is used; its opener, every later time."""
        if self._introduce and script.intro:
            return [Say(script.intro_text)]
        return list(script.opener)

    def _step_phases(self, step: Step) -> list[Phase]:
        if isinstance(step, Ask) or (isinstance(step, Remind) and step.in_minutes is None):
            self._question = step
            words = step.question
            assert words is not None  # a Remind without a fixed time asks
            return [Phase("ask", self._speech_s(words), words, True)]
        return step_phases(step, self._speech_s, self._hints)

"""Runs a Script on an injected clock: a timeline of phases, each starting exactly on time.

Phase k starts at anchor + the sum of the phases between the anchor and k, so waiting late
for one phase never shifts the next. Pause re-anchors at the inhale of the interrupted cycle.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from companion.core.actions import Action, Chime, Cue, Hush
from companion.core.chimes import CHIME_SECONDS
from companion.core.scripts import Breathe, ChimeStep, Say, Script, Silence

RESUME_LEAD_S = 0.3
"""Quiet between a resume request and the first cue after it."""


@dataclass(frozen=True)
class Phase:
    """One stretch of a session's timeline."""

    name: str
    """in, hold, out, hold_after, say or silence."""
    duration_s: float
    """How long the phase lasts, cue included."""
    cue: str | None
    """Words spoken at the phase's start, if any."""
    resume_point: bool
    """A paused session may restart here (the inhale opening a cycle, or a sentence)."""
    sound: str | None = None
    """A chime rung at the phase's start, if any."""


def build_timeline(script: Script, speech_s: Callable[[str], float]) -> list[Phase]:
    """Every phase of a script in order; `speech_s` tells how long a sentence takes to say."""
    phases: list[Phase] = []
    for step in script.steps:
        if isinstance(step, Say):
            phases.append(Phase("say", speech_s(step.text) + step.pause_s, step.text, True))
        elif isinstance(step, Silence):
            phases.append(Phase("silence", step.seconds, None, False))
        elif isinstance(step, ChimeStep):
            phases.append(Phase("chime", CHIME_SECONDS[step.name], None, False, step.name))
        elif isinstance(step, Breathe):
            phases.extend(_breathing_phases(step))
    return phases


def _breathing_phases(step: Breathe) -> list[Phase]:
    phases = []
    for cycle in range(step.cycles):
        last = cycle == step.cycles - 1
        for name, seconds in step.phases_s.items():
            if last and name == "hold_after":
                break  # a session always ends after an exhale
            phases.append(Phase(name, seconds, step.cues.get(name), name == "in"))
    return phases


class State(Enum):
    """Where a session is."""

    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"
    STOPPED = "stopped"


class SessionRunner:
    """Emits each phase's cue when its time comes; pure: time is always passed in."""

    def __init__(self, script_id: str, timeline: list[Phase], start_s: float) -> None:
        self.script_id = script_id
        self.timeline = timeline
        self.state = State.RUNNING
        self._anchor_s = start_s
        self._anchor_index = 0
        self._next = 0
        self._starts = self._schedule()

    @property
    def active(self) -> bool:
        """Running or paused: the session still owns the speaker."""
        return self.state in (State.RUNNING, State.PAUSED)

    def start_of(self, index: int) -> float:
        """When phase `index` starts under the current anchor."""
        return self._starts[index - self._anchor_index]

    def next_deadline(self) -> float | None:
        """When something is due next; None while paused or over."""
        if self.state is not State.RUNNING:
            return None
        if self._next < len(self.timeline):
            return self.start_of(self._next)
        return self.start_of(len(self.timeline))

    def tick(self, now_s: float) -> list[Action]:
        """Cues due at `now_s`; a cue whose phase is already over is passed by, unsaid."""
        if self.state is not State.RUNNING:
            return []
        actions: list[Action] = []
        while self._next < len(self.timeline) and self.start_of(self._next) <= now_s:
            phase = self.timeline[self._next]
            still_on = now_s < self.start_of(self._next + 1)
            if phase.cue and still_on:
                actions.append(Cue(phase.cue, phase.name))
            if phase.sound and still_on:
                actions.append(Chime(phase.sound))
            self._next += 1
        if self._next == len(self.timeline) and now_s >= self.start_of(len(self.timeline)):
            self.state = State.FINISHED
        return actions

    def pause(self) -> list[Action]:
        """Go quiet; a later resume restarts at the interrupted cycle's inhale."""
        if self.state is not State.RUNNING:
            return []
        self.state = State.PAUSED
        return [Hush()]

    def resume(self, now_s: float) -> list[Action]:
        """Carry on from the inhale that opens the interrupted cycle."""
        if self.state is not State.PAUSED:
            return []
        current = max(self._next - 1, 0)
        restart = next(
            (i for i in range(current, -1, -1) if self.timeline[i].resume_point), current
        )
        self._anchor_s = now_s + RESUME_LEAD_S
        self._anchor_index = restart
        self._next = restart
        self._starts = self._schedule()
        self.state = State.RUNNING
        return self.tick(now_s)

    def stop(self) -> list[Action]:
        """End the session at once."""
        if not self.active:
            return []
        self.state = State.STOPPED
        return [Hush()]

    def _schedule(self) -> list[float]:
        """Start times from the anchor on, plus the end; sums, never accumulated sleeps."""
        starts = [self._anchor_s]
        for phase in self.timeline[self._anchor_index :]:
            starts.append(starts[-1] + phase.duration_s)
        return starts

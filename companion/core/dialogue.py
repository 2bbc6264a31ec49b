"""Requests to actions: owns the conversation state and the running session."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import replace

from companion.core.actions import Action, Exit, Hush, Record, Say, SetReminder
from companion.core.answers import session_replies
from companion.core.intents import CRISIS, NONE, Intent
from companion.core.offer import BREATHE_OR_GROUND, Offer
from companion.core.reader import CLARIFY, START_SCRIPT
from companion.core.reminding import Reminding, fixed_reminder_replies
from companion.core.safety import CrisisLine, crisis_response
from companion.core.scripts import Breathe, Script
from companion.core.session import SessionRunner, State
from companion.core.wake import WAKE

DEFAULT_BREATHING = "exhale"
"""Breathing asked for without a pattern: no holds, the gentlest (content guide cautions)."""
DEFAULT_GROUNDING = "senses"
SETTLE = "settle"
"""The short grounding breath that distress in general gets at once."""
SLEEP = "sleep"
"""What "I can't sleep" starts, when the library has it."""
FLOWS = {"feeling_anxious": "anxious", "feeling_overwhelmed": "overwhelmed"}
"""How a person says they feel -> the flow that meets it."""
CAPABILITIES = (
    "start a breathing exercise",
    "help me ground myself",
    "I feel anxious",
)


def capabilities_sentence() -> str:
    """Three things it can do, for menus and unknown requests."""
    return f"You can say: {CAPABILITIES[0]}; {CAPABILITIES[1]}; or {CAPABILITIES[2]}."


LISTENING = "Yes?"
"""The answer to the wake phrase said alone; a question, so the request needs no wake phrase."""
HELP = (
    "I can guide breathing, such as box breathing, sighs, or a long exhale, and grounding. "
    + capabilities_sentence()
    + " Say stop at any time."
)
SESSION_HELP = "You can say pause, slower, faster, skip, repeat, or stop."
NOT_CAUGHT = "Sorry, I didn't catch that. " + capabilities_sentence()
NOT_YET = "I understood, but I can't do that yet. " + capabilities_sentence()
NO_PATTERN = "I don't have that exercise. " + capabilities_sentence()
NOTHING_TO_RESUME = "There's no session to resume. " + capabilities_sentence()
NOTHING_RUNNING = "That works during an exercise. " + capabilities_sentence()
NOTHING_TO_SNOOZE = "There's no reminder to put off right now."
REMIND_LATER = "Let's set that reminder when this exercise is over."
SPACE = "Of course. Take the time you need. I'll be quiet, and I'm here when you want me."
CANCELLED = "Okay, cancelled."
DECLINED = "That's fine. I'm here if you need me."
STAYING = "I'm here. Let's keep going together, or say stop."
CHECK_IN = "check_in"
"""The script a check-in reminder starts."""
GOODBYE = "Goodbye. Take care."


def fixed_replies() -> list[str]:
    """Every spoken reply that does not depend on the request, to render in advance."""
    return [
        LISTENING, HELP, SESSION_HELP, NOT_CAUGHT, NOT_YET, NO_PATTERN, NOTHING_TO_RESUME,
        NOTHING_RUNNING, REMIND_LATER, GOODBYE, SPACE, DECLINED, STAYING,
        BREATHE_OR_GROUND.question, *session_replies(), *fixed_reminder_replies(),
    ]  # fmt: skip


class Dialogue:
    """Decides what to do with each request; pure: time comes in with every call."""

    def __init__(
        self,
        scripts: Mapping[str, Script],
        crisis_line: CrisisLine,
        speech_s: Callable[[str], float],
        check_ins: bool = False,
        reminding: Reminding | None = None,
        cue_lead_s: float = 0.0,
        output_delay_s: float = 0.0,
        used_before: Callable[[str], bool] = lambda _script_id: False,
    ) -> None:
        """`cue_lead_s`: how long before its time a session's cue is handed over, so that a
        speaker which places sound ahead (AudioSink.play_at) starts it exactly on time.
        `output_delay_s`: how long sound asked for now takes to be heard; a session starts
        then, so its first sentence is on the grid too.
        `used_before`: whether a script id was used before (its intro is then left out)."""
        self._scripts = scripts
        self._used_before = used_before
        self._introduced: set[str] = set()
        """Scripts introduced in this run: not again, even before the history has them."""
        self._crisis_line = crisis_line
        self._speech_s = speech_s
        self._check_ins = check_ins
        self.session: SessionRunner | None = None
        self.reminding = reminding
        self._lead_s = cue_lead_s
        self._output_delay_s = output_delay_s
        self.finished = False
        self._input_closed = False
        self._last_said: Say | None = None
        self._offer: Offer | None = None
        """A question of what to do, waiting for its answer ("breathe, or ground?")."""
        self._handlers: dict[str, Callable[[Intent, float], list[Action]]] = {
            "breathe": self._breathe,
            "ground": self._ground,
            "feeling_anxious": self._flow,
            "feeling_overwhelmed": self._flow,
            "calm": self._calm,
            "sleep": self._sleep,
            "space": self._space,
            "cancel": self._cancel,
            CLARIFY: self._clarify,
            START_SCRIPT: self._by_title,
            "no": lambda _i, _t: [Say(DECLINED)],
            "yes": lambda _i, _t: [Say(LISTENING)],
            "stop": self._stop,
            "pause": self._pause,
            "resume": self._resume,
            "slower": self._slower,
            "faster": self._faster,
            "skip": self._skip,
            "repeat": self._repeat,
            "remind": self._reminders,
            "list_reminders": self._reminders,
            "cancel_reminders": self._reminders,
            "snooze": lambda _i, _t: [Say(NOTHING_TO_SNOOZE, spoken=False)],
            "help": lambda _i, now_s: (
                self.session.explain(now_s, SESSION_HELP) if self.session else [Say(HELP)]
            ),
            WAKE: lambda _i, _t: [Say(LISTENING)],
            "quit": self._quit,
            CRISIS: self._crisis,
        }

    @property
    def context(self) -> str:
        """The dialogue context requests are heard in (see companion.core.intents.CONTEXTS)."""
        if self.reminding and self.reminding.asking:
            return "yes_no"
        if self.session:
            return self.session.context
        return "choice" if self._offer else "idle"

    def start(self) -> list[Action]:
        """What to say once at start: reminders missed while the companion was not running."""
        return self.reminding.missed_summary() if self.reminding else []

    def hear(self, intent: Intent, now_s: float) -> list[Action]:
        """React to one request."""
        if intent.name == "cancel" and self.reminding and self.reminding.asking:
            intent = Intent("no")  # "never mind" to "shall we start?" or "is that right?"
        offer, self._offer = self._offer, None
        if offer is not None and self.session is None:
            intent = offer.answer(intent)
        outcome = self.reminding.answer(intent, now_s) if self.reminding else None
        if outcome is not None:
            started = self._activity(outcome.start, now_s) if outcome.start else []
            return self._settle(outcome.actions + started, now_s)
        answered = self.session.answer(intent, now_s) if self.session else None
        if answered is not None:
            return self._settle(answered, now_s)
        handler = self._handlers.get(intent.name)
        if handler is not None:
            actions = handler(intent, now_s)
        elif intent.name == NONE:
            # printed only during a session: words said aloud to rehearse are not for us
            actions = [Say(NOT_CAUGHT, spoken=self.session is None)]
        else:
            actions = [Say(NOT_YET)]
        return self._settle(actions, now_s)

    def tick(self, now_s: float) -> list[Action]:
        """Whatever falls due at `now_s`."""
        actions = self.session.tick(now_s + self._lead_s) if self.session else []
        actions = self._settle(actions, now_s)
        if self.reminding:
            actions += self.reminding.tick(now_s, free=self.session is None)
        return actions + self._exit_if_done()

    def next_deadline(self, now_s: float) -> float | None:
        """When `tick` next has something to do."""
        due = self.session.next_deadline() if self.session else None
        deadlines = [None if due is None else due - self._lead_s]
        if self.reminding:
            deadlines.append(self.reminding.next_deadline(now_s, free=self.session is None))
        return min((d for d in deadlines if d is not None), default=None)

    def input_closed(self, now_s: float) -> list[Action]:
        """No more requests will come: finish the running session, then leave."""
        self._input_closed = True
        if self.session and self.session.state is State.PAUSED:
            return self._end_session(now_s) + self.tick(now_s)  # nobody is left to say resume
        return self.tick(now_s)

    def _settle(self, actions: list[Action], now_s: float) -> list[Action]:
        """Keep reminders the session set, and close the books on a session that ended."""
        kept: list[Action] = []
        for action in actions:
            if isinstance(action, SetReminder):
                if self.reminding:
                    self.reminding.add_return(action.after_s, action.message)
            else:
                kept.append(action)
            if isinstance(action, Say) and action.spoken:
                self._last_said = action
        if self.session and not self.session.active:
            kept += self._end_session(now_s)
        return kept

    def _end_session(self, now_s: float) -> list[Action]:
        """Stop the session if it still runs, and record it."""
        session = self.session
        if session is None:
            return []
        hush = session.stop()
        self.session = None
        return [*hush, Record(session.record(now_s))]

    def _exit_if_done(self) -> list[Action]:
        if self._input_closed and not self.finished and self.session is None:
            self.finished = True
            return [Exit()]
        return []

    def _activity(self, activity: str, now_s: float) -> list[Action]:
        """What a reminder's yes starts."""
        script_id = {"breathe": DEFAULT_BREATHING, "ground": DEFAULT_GROUNDING}.get(activity)
        if script_id is None:  # a check-in is its own short session, with no check-ins around
            return self._start(CHECK_IN, now_s, check_ins=False)
        return self._start(script_id, now_s)

    def _start(
        self, script_id: str, now_s: float, minutes: object = None, check_ins: bool | None = None
    ) -> list[Action]:
        script = self._scripts.get(script_id)
        if script is None:
            return [Say(NO_PATTERN)]
        if isinstance(minutes, int | float):
            script = _lasting(script, float(minutes))
        ended = self._end_session(now_s)
        asks = self._check_ins if check_ins is None else check_ins
        start_s = now_s + self._output_delay_s
        introduce = script.id not in self._introduced and not self._used_before(script.id)
        self._introduced.add(script.id)
        self.session = SessionRunner(
            script, self._scripts, self._speech_s, start_s, asks, introduce=introduce
        )
        return ended + self.session.tick(now_s + self._lead_s)

    def _breathe(self, intent: Intent, now_s: float) -> list[Action]:
        script_id = str(intent.slots.get("pattern", DEFAULT_BREATHING))
        return self._start(script_id, now_s, intent.slots.get("minutes"))

    def _ground(self, intent: Intent, now_s: float) -> list[Action]:
        return self._start(str(intent.slots.get("technique", DEFAULT_GROUNDING)), now_s)

    def _flow(self, intent: Intent, now_s: float) -> list[Action]:
        return self._start(FLOWS[intent.name], now_s)

    def _calm(self, _intent: Intent, now_s: float) -> list[Action]:
        """Distress in general: a short grounding breath at once, whatever the person said."""
        if self.session is not None:
            return [Say(STAYING, spoken=False)]  # a session is already helping: keep to it
        return self._start(_first(self._scripts, SETTLE, DEFAULT_BREATHING), now_s)

    def _sleep(self, _intent: Intent, now_s: float) -> list[Action]:
        return self._start(_first(self._scripts, SLEEP, DEFAULT_BREATHING), now_s)

    def _space(self, _intent: Intent, _now_s: float) -> list[Action]:
        return [Say(SPACE)]

    def _cancel(self, _intent: Intent, now_s: float) -> list[Action]:
        if self.session is not None:
            return [*self._end_session(now_s), Say(CANCELLED, spoken=False)]
        return [Hush(), Say(CANCELLED, spoken=False)]

    def _clarify(self, _intent: Intent, _now_s: float) -> list[Action]:
        if self.session is not None:
            return [Say(NOT_CAUGHT, spoken=False)]
        self._offer = BREATHE_OR_GROUND
        return [Say(BREATHE_OR_GROUND.question)]

    def _by_title(self, intent: Intent, now_s: float) -> list[Action]:
        return self._start(str(intent.slots.get("script", "")), now_s)

    def _stop(self, _intent: Intent, now_s: float) -> list[Action]:
        if self.session is None:
            return [Hush(), Say("Quiet now.", spoken=False)]
        ended = self._end_session(now_s)
        return [*ended, Say("Stopped. Take your time.", spoken=False), *self._exit_if_done()]

    def _pause(self, _intent: Intent, _now_s: float) -> list[Action]:
        if self.session is None:
            return [Hush()]
        return [*self.session.pause(), Say("Paused. Say resume when you're ready.", spoken=False)]

    def _resume(self, _intent: Intent, now_s: float) -> list[Action]:
        if self.session is None:
            return [Say(NOTHING_TO_RESUME)]
        return self.session.resume(now_s)

    def _slower(self, _intent: Intent, now_s: float) -> list[Action]:
        return self._pace(now_s, slower=True)

    def _faster(self, _intent: Intent, now_s: float) -> list[Action]:
        return self._pace(now_s, slower=False)

    def _pace(self, now_s: float, slower: bool) -> list[Action]:
        """Acknowledged in print only: a spoken answer would talk over the cues."""
        if self.session is None:
            return [Say(NOTHING_RUNNING)]
        changed = self.session.slower(now_s) if slower else self.session.faster(now_s)
        word = "slower" if slower else "faster"
        if not changed:
            return [Say(f"That's as {word[:-2]} as it goes.", spoken=False)]
        pattern = ", ".join(
            f"{k.replace('_', ' ')} {v:g} s" for k, v in self.session.breath_s().items()
        )
        shown = f": {pattern}" if pattern else " (from the next breathing exercise)"
        return [Say(f"A little {word}{shown}.", spoken=False)]

    def _skip(self, _intent: Intent, now_s: float) -> list[Action]:
        if self.session is None:
            return [Say("There's nothing to skip.", spoken=False)]
        return self.session.skip(now_s)

    def _repeat(self, _intent: Intent, now_s: float) -> list[Action]:
        if self.session is not None:
            return self.session.repeat(now_s)
        return [self._last_said] if self._last_said else [Say(NOT_CAUGHT)]

    def _reminders(self, intent: Intent, now_s: float) -> list[Action]:
        if self.reminding is None:
            return [Say(NOT_YET)]
        if self.session is not None and intent.name == "remind":
            return [Say(REMIND_LATER)]
        return self.reminding.request(intent, now_s)

    def _quit(self, _intent: Intent, now_s: float) -> list[Action]:
        ended = self._end_session(now_s)
        self.finished = True
        return [*ended, Hush(), Say(GOODBYE), Exit()]

    def _crisis(self, _intent: Intent, now_s: float) -> list[Action]:
        self._check_ins = False  # after this, an exercise starts at once, without questions
        ended = self._end_session(now_s)
        return [*ended, Hush(), *(Say(s, slow=True) for s in crisis_response(self._crisis_line))]


def _first(scripts: Mapping[str, Script], *ids: str) -> str:
    """The first of `ids` the library has (the last one when it has none)."""
    return next((i for i in ids if i in scripts), ids[-1])


def _lasting(script: Script, minutes: float) -> Script:
    """`script` with its one breathing step lasting about `minutes` (a whole number of
    cycles); scripts with no or several breathing steps are left as written."""
    breaths = [i for i, step in enumerate(script.steps) if isinstance(step, Breathe)]
    if len(breaths) != 1:
        return script
    step = script.steps[breaths[0]]
    assert isinstance(step, Breathe)
    cycles = max(1, min(500, math.ceil(minutes * 60 / step.cycle_s)))
    steps = list(script.steps)
    steps[breaths[0]] = replace(step, cycles=cycles)
    return replace(script, steps=tuple(steps))

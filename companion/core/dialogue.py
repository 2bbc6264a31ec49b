"""Requests to actions: owns the conversation state and the running session."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from companion.core.actions import Action, Exit, Hush, Say
from companion.core.intents import CRISIS, NONE, Intent
from companion.core.safety import CrisisLine, crisis_response
from companion.core.scripts import Script
from companion.core.session import SessionRunner, State, build_timeline
from companion.core.wake import WAKE

DEFAULT_BREATHING = "box"
CAPABILITIES = (
    "start box breathing",
    "pause, resume or stop a session",
    "tell you what I can do",
)


def capabilities_sentence() -> str:
    """Three things it can do, for menus and unknown requests."""
    return f"You can say: {CAPABILITIES[0]}; {CAPABILITIES[1]}; or ask what I can do."


LISTENING = "Yes?"
"""The answer to the wake phrase said alone; a question, so the request needs no wake phrase."""
HELP = "I can guide you through box breathing. " + capabilities_sentence()
ANXIOUS = (
    "That sounds hard. Settling your body first can help. "
    "Say start box breathing, and we'll breathe together."
)
OVERWHELMED = (
    "It's okay to take space. Let's slow things down first. "
    "Say start box breathing whenever you're ready."
)
NOT_CAUGHT = "Sorry, I didn't catch that. " + capabilities_sentence()
NOT_YET = "I understood, but I can't do that yet. " + capabilities_sentence()
NO_PATTERN = (
    "I don't have that breathing pattern yet. I can guide box breathing: say start box breathing."
)
NOTHING_TO_RESUME = "There's no session to resume. " + capabilities_sentence()
GOODBYE = "Goodbye. Take care."


def fixed_replies() -> list[str]:
    """Every spoken reply that does not depend on the request, to render in advance."""
    return [
        LISTENING, HELP, ANXIOUS, OVERWHELMED, NOT_CAUGHT, NOT_YET, NO_PATTERN,
        NOTHING_TO_RESUME, GOODBYE,
    ]  # fmt: skip


class Dialogue:
    """Decides what to do with each request; pure: time comes in with every call."""

    def __init__(
        self,
        scripts: Mapping[str, Script],
        crisis_line: CrisisLine,
        speech_s: Callable[[str], float],
    ) -> None:
        self._scripts = scripts
        self._crisis_line = crisis_line
        self._speech_s = speech_s
        self.session: SessionRunner | None = None
        self.finished = False
        self._input_closed = False
        self._handlers: dict[str, Callable[[Intent, float], list[Action]]] = {
            "breathe": self._breathe,
            "stop": self._stop,
            "pause": self._pause,
            "resume": self._resume,
            "help": lambda _i, _t: [Say(HELP)],
            "feeling_anxious": lambda _i, _t: [Say(ANXIOUS)],
            "feeling_overwhelmed": lambda _i, _t: [Say(OVERWHELMED)],
            WAKE: lambda _i, _t: [Say(LISTENING)],
            "quit": self._quit,
            CRISIS: self._crisis,
        }

    @property
    def context(self) -> str:
        """The dialogue context requests are heard in (see companion.core.intents.CONTEXTS)."""
        return "session" if self.session else "idle"

    def hear(self, intent: Intent, now_s: float) -> list[Action]:
        """React to one request."""
        handler = self._handlers.get(intent.name)
        if handler is not None:
            return handler(intent, now_s)
        if intent.name == NONE:
            return [Say(NOT_CAUGHT)]
        return [Say(NOT_YET)]

    def tick(self, now_s: float) -> list[Action]:
        """Whatever falls due at `now_s`."""
        if self.session is None:
            return self._exit_if_done()
        actions = self.session.tick(now_s)
        if not self.session.active:
            self.session = None
            actions += self._exit_if_done()
        return actions

    def next_deadline(self) -> float | None:
        """When `tick` next has something to do."""
        return self.session.next_deadline() if self.session else None

    def input_closed(self, now_s: float) -> list[Action]:
        """No more requests will come: finish the running session, then leave."""
        self._input_closed = True
        if self.session and self.session.state is State.PAUSED:
            # nobody is left to say resume
            self.session.stop()
            self.session = None
        return self.tick(now_s)

    def _exit_if_done(self) -> list[Action]:
        if self._input_closed and not self.finished:
            self.finished = True
            return [Exit()]
        return []

    def _breathe(self, intent: Intent, now_s: float) -> list[Action]:
        script_id = str(intent.slots.get("pattern", DEFAULT_BREATHING))
        script = self._scripts.get(script_id)
        if script is None:
            return [Say(NO_PATTERN)]
        stopped = self.session.stop() if self.session else []
        self.session = SessionRunner(script.id, build_timeline(script, self._speech_s), now_s)
        return stopped + self.session.tick(now_s)

    def _stop(self, _intent: Intent, _now_s: float) -> list[Action]:
        if self.session is None:
            return [Hush(), Say("Quiet now.", spoken=False)]
        actions = self.session.stop()
        self.session = None
        return [*actions, Say("Stopped. Take your time.", spoken=False), *self._exit_if_done()]

    def _pause(self, _intent: Intent, _now_s: float) -> list[Action]:
        if self.session is None:
            return [Hush()]
        return [*self.session.pause(), Say("Paused. Say resume when you're ready.", spoken=False)]

    def _resume(self, _intent: Intent, now_s: float) -> list[Action]:
        if self.session is None:
            return [Say(NOTHING_TO_RESUME)]
        return self.session.resume(now_s)

    def _quit(self, _intent: Intent, _now_s: float) -> list[Action]:
        if self.session:
            self.session.stop()
            self.session = None
        self.finished = True
        return [Hush(), Say(GOODBYE), Exit()]

    def _crisis(self, _intent: Intent, _now_s: float) -> list[Action]:
        if self.session:
            self.session.stop()
            self.session = None
        return [Hush(), *(Say(s, slow=True) for s in crisis_response(self._crisis_line))]

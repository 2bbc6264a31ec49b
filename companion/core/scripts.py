"""Exercise scripts: YAML in scripts/ -> validated Script objects.

Step kinds: say, breathe, silence, chime, ask, remind, run. Every complaint names file, line
and key, and says how to fix it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from companion.core import yamlsource
from companion.core.chimes import CHIME_SECONDS
from companion.core.yamlsource import Key, YamlDoc, dotted
from companion.errors import ScriptError

KINDS = ("breathing", "grounding", "flow")
ANSWERS = ("rating", "yes_no", "feeling", "choice")
"""What an ask step listens for."""
FEELING_WORDS = (
    "mad", "sad", "scared", "frustrated", "hurt", "lonely", "anxious", "ashamed",
    "disappointed", "overwhelmed", "rejected", "jealous", "tired", "calm", "unknown",
)  # fmt: skip
"""The feeling words the recogniser knows (intents.yaml, list feeling_word); unknown is "I don't
know", always an accepted answer."""
MAX_OPTIONS = 3
"""A spoken menu offers at most three choices at a time (content guide)."""
OTHER = "other"
"""The branch taken when the answer is none of the options, skipped, or never came."""
AUDIENCES = ("anxious", "avoidant", "anyone")
PHASES = ("in", "hold", "out", "hold_after")
DEFAULT_CUES = {"in": "Breathe in", "hold": "Hold", "out": "Breathe out", "hold_after": "Hold"}


@dataclass(frozen=True)
class Say:
    """Speak a sentence, then pause briefly."""

    text: str
    """What is said."""
    pause_s: float = 0.6
    """Quiet after the sentence, before the next step."""


@dataclass(frozen=True)
class Silence:
    """A stretch of quiet."""

    seconds: float
    """How long."""


@dataclass(frozen=True)
class ChimeStep:
    """Ring one of the generated chimes."""

    name: str
    """bell, inhale or exhale."""


@dataclass(frozen=True)
class Breathe:
    """Paced breathing: phases of fixed length, repeated for a number of cycles."""

    phases_s: dict[str, float]
    """Phase name (in, hold, out, hold_after) -> seconds; a zero phase is left out."""
    cycles: int
    """Full cycles; the last one stops after the exhale."""
    cues: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_CUES))
    """Words spoken at the start of each phase."""
    tones: bool = False
    """Ring the inhale and exhale tones at the start of those phases."""
    spoken_cycles: int | None = None
    """Speak the cue words only in the first this many cycles (tones alone after); None: all."""

    @property
    def cycle_s(self) -> float:
        """Length of one full cycle."""
        return sum(self.phases_s.values())


@dataclass(frozen=True)
class Run:
    """Run another script's steps here, as if they were written in place."""

    script_id: str
    """The script to run."""
    where: str
    """file:line of the reference, for messages."""


@dataclass(frozen=True)
class Ask:
    """Ask a question, wait for the answer, and go on by what was answered."""

    answer: str
    """What it listens for: rating, yes_no, feeling or choice."""
    question: str
    """Said to ask."""
    reprompt: str | None
    """Said once, with more help, when no answer came; None: silence takes the default."""
    options: tuple[str, ...] = ()
    """feeling: the feeling words offered; choice: the script ids offered (three at most)."""
    branches: dict[str, tuple[Step, ...]] = field(default_factory=dict)
    """Answer (yes, no, an option, or other) -> steps run next."""
    default: str = OTHER
    """The answer silence counts as, after the reprompt."""
    check_in: str | None = None
    """rating only: before or after, kept in the history."""


@dataclass(frozen=True)
class Remind:
    """Set a reminder, confirming it aloud; the time is fixed, or asked for."""

    message: str
    """Said when the reminder is due."""
    in_minutes: float | None
    """Fixed delay; None when the person is asked how long."""
    question: str | None = None
    """Asks how long (heard like "give me half an hour"); None when fixed."""
    at_least_minutes: float = 0.0
    """Shorter answers are raised to this."""
    default_minutes: float = 30.0
    """What silence or "yes" to the question means."""

    def confirmation(self, minutes: float) -> str:
        """What is said when the reminder is set."""
        return f"I'll remind you in {spoken_minutes(minutes)}."


def spoken_minutes(minutes: float) -> str:
    """90 -> "an hour and a half", 30 -> "30 minutes"."""
    whole = round(minutes)
    if whole % 60 == 0:
        hours = whole // 60
        return "an hour" if hours == 1 else f"{hours} hours"
    if whole == 90:
        return "an hour and a half"
    return "a minute" if whole == 1 else f"{whole} minutes"


Step = Say | Silence | ChimeStep | Breathe | Run | Ask | Remind


@dataclass(frozen=True)
class Script:
    """One guided exercise."""

    id: str
    """Stable name used in requests, settings and history."""
    title: str
    """Spoken and listed name."""
    kind: str
    """breathing, grounding or flow."""
    audience: tuple[str, ...]
    """Whom it is for: anxious, avoidant, anyone."""
    cautions: tuple[str, ...]
    """Who should take care or choose a variant."""
    steps: tuple[Step, ...]
    """What happens, in order."""
    source: str
    """The file it came from, for messages."""
    citation: str = ""
    """Where the pattern comes from (the content guide's source), or our own design."""

    def spoken_texts(self) -> list[str]:
        """Every sentence and cue the script can say, once each, in order (scripts it runs
        say their own)."""
        return list(dict.fromkeys(_texts(self.steps)))

    def runs(self) -> list[Run]:
        """Every reference to another script, branches included."""
        return [step for step in walk(self.steps) if isinstance(step, Run)]


def walk(steps: tuple[Step, ...]) -> Iterator[Step]:
    """Every step, depth first, into the branches of questions."""
    for step in steps:
        yield step
        if isinstance(step, Ask):
            for branch in step.branches.values():
                yield from walk(branch)


def _texts(steps: tuple[Step, ...]) -> Iterator[str]:
    for step in walk(steps):
        if isinstance(step, Say):
            yield step.text
        elif isinstance(step, Breathe):
            yield from (step.cues[p] for p in step.phases_s if p in step.cues)
        elif isinstance(step, Ask):
            yield step.question
            if step.reprompt:
                yield step.reprompt
        elif isinstance(step, Remind):
            yield step.message
            yield step.question or step.confirmation(step.in_minutes or 0)


def load_bundled() -> dict[str, Script]:
    """The scripts shipped with the package, by id."""
    folder = resources.files("companion.bundled_scripts")
    scripts = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            doc = yamlsource.parse(entry.read_text("utf-8"), f"scripts/{entry.name}", ScriptError)
            script = script_from_yaml(doc)
            scripts[script.id] = script
    return scripts


@dataclass(frozen=True)
class Library:
    """The scripts the companion can run: the shipped ones, extended or overridden by the
    person's own, and one line for each of the person's files that could not be read."""

    scripts: dict[str, Script]
    """By id."""
    problems: tuple[str, ...]
    """File, line, key and what is wrong, one line a broken file."""


def load_library(user_dir: Path | None) -> Library:
    """The shipped scripts, then every *.yaml in `user_dir` (a script with a shipped id
    replaces it). A broken file of the person's is reported and skipped: one typo must not
    take every exercise away."""
    scripts = load_bundled()
    problems = []
    for path in user_script_files(user_dir):
        try:
            script = script_from_path(path)
        except ScriptError as exc:
            problems.append(str(exc))
        else:
            scripts[script.id] = script
    for script_id, problem in reference_problems(scripts):
        problems.append(problem)
        del scripts[script_id]
    return Library(scripts, tuple(problems))


def reference_problems(scripts: dict[str, Script]) -> list[tuple[str, str]]:
    """(script id, message) for each script that runs a script that does not exist, or that
    ends up running itself."""
    problems = []
    for script in scripts.values():
        for run in script.runs():
            if run.script_id not in scripts:
                known = ", ".join(sorted(scripts))
                problems.append(
                    (script.id, f"{run.where}: run: no script has id {run.script_id!r} "
                     f"(known: {known})")
                )  # fmt: skip
                break
            if script.id in _reachable(run.script_id, scripts):
                problems.append(
                    (script.id, f"{run.where}: run: {run.script_id!r} leads back to "
                     f"{script.id!r}; a script must not run itself")
                )  # fmt: skip
                break
    return problems


def _reachable(start: str, scripts: dict[str, Script]) -> set[str]:
    """Every script id run, directly or not, by running `start` (itself included)."""
    seen, todo = set(), [start]
    while todo:
        current = todo.pop()
        if current in seen or current not in scripts:
            continue
        seen.add(current)
        todo += [run.script_id for run in scripts[current].runs()]
    return seen


def user_script_files(user_dir: Path | None) -> list[Path]:
    """The person's script files, in name order (none when the folder does not exist)."""
    return sorted(user_dir.glob("*.yaml")) if user_dir and user_dir.is_dir() else []


def script_from_path(path: Path) -> Script:
    """Read and validate one script file."""
    return script_from_yaml(yamlsource.read(path, ScriptError))


def script_from_yaml(doc: YamlDoc) -> Script:
    """Validate a parsed script document."""
    fields = _Fields(doc, ())
    fields.only({"id", "title", "kind", "for", "cautions", "source", "steps"})
    return Script(
        id=str(fields.get("id", (str, int))),
        title=fields.get("title", str),
        kind=fields.choice("kind", KINDS),
        audience=tuple(fields.choices("for", AUDIENCES)),
        cautions=tuple(str(c) for c in fields.get("cautions", list, default=[])),
        steps=_steps(doc, ("steps",)),
        source=doc.source,
        citation=str(fields.get("source", str, default="")),
    )


def _steps(doc: YamlDoc, key: Key) -> tuple[Step, ...]:
    """A list of steps at `key`."""
    items = _lookup(doc.data, key)
    if not isinstance(items, list) or not items:
        raise ScriptError(f"{doc.where(key)}: {dotted(key)} must list at least one step")
    return tuple(_step(doc, (*key, i)) for i in range(len(items)))


def _step(doc: YamlDoc, key: Key) -> Step:
    fields = _Fields(doc, key)
    item = fields.data
    builders: dict[str, Callable[[YamlDoc, Key], Step]] = {
        "say": _say,
        "breathe": _breathe,
        "silence": _silence,
        "chime": _chime,
        "ask": _ask,
        "remind": _remind,
        "run": _run,
    }
    if not isinstance(item, dict) or len(item) != 1:
        raise fields.error(key, f"must be one of: {', '.join(builders)} (one per step)")
    kind = next(iter(item))
    if kind not in builders:
        raise fields.error(
            (*key, kind), f"unknown step '{kind}'; use one of: {', '.join(builders)}"
        )
    return builders[kind](doc, (*key, kind))


def _say(doc: YamlDoc, key: Key) -> Say:
    value = _lookup(doc.data, key)
    if isinstance(value, str) and value.strip():
        return Say(value.strip())
    raise ScriptError(f"{doc.where(key)}: {dotted(key)} must be the sentence to say")


def _silence(doc: YamlDoc, key: Key) -> Silence:
    value = _lookup(doc.data, key)
    if isinstance(value, int | float) and not isinstance(value, bool) and 0 < value <= 600:
        return Silence(float(value))
    raise ScriptError(f"{doc.where(key)}: {dotted(key)} must be seconds from 0 to 600")


def _chime(doc: YamlDoc, key: Key) -> ChimeStep:
    value = _lookup(doc.data, key)
    if value in CHIME_SECONDS:
        return ChimeStep(str(value))
    raise ScriptError(
        f"{doc.where(key)}: {dotted(key)} must name a chime: "
        f"{', '.join(CHIME_SECONDS)}, not {value!r}"
    )


def _breathe(doc: YamlDoc, key: Key) -> Breathe:
    fields = _Fields(doc, key)
    fields.only({*PHASES, "cycles", "minutes", "cues", "tones", "spoken_cycles"})
    phases = {p: fields.seconds(p) for p in PHASES if fields.has(p)}
    phases = {p: s for p, s in phases.items() if s > 0}
    if "in" not in phases or "out" not in phases:
        raise fields.error(key, "needs both 'in' and 'out' seconds")
    cycle_s = sum(phases.values())
    if fields.has("cycles") == fields.has("minutes"):
        raise fields.error(key, "needs exactly one of 'cycles' or 'minutes'")
    if fields.has("cycles"):
        cycles = fields.get("cycles", int)
    else:
        cycles = math.ceil(fields.seconds("minutes") * 60 / cycle_s)
    if not 1 <= cycles <= 500:
        raise fields.error((*key, "cycles"), "must give from 1 to 500 cycles")
    cues = dict(DEFAULT_CUES)
    cues.update(fields.mapping_of_text("cues", PHASES))
    tones = fields.flag("tones")
    spoken = fields.get("spoken_cycles", int, default=None)
    if spoken is not None and spoken < 1:
        raise fields.error((*key, "spoken_cycles"), "must be 1 or more (leave it out for all)")
    return Breathe(phases, cycles, cues, tones, spoken)


def _run(doc: YamlDoc, key: Key) -> Run:
    value = _lookup(doc.data, key)
    if isinstance(value, str | int) and not isinstance(value, bool) and str(value).strip():
        return Run(str(value).strip(), doc.where(key))
    raise ScriptError(f"{doc.where(key)}: {dotted(key)} must be the id of a script to run")


def _ask(doc: YamlDoc, key: Key) -> Ask:
    fields = _Fields(doc, key)
    fields.only({*ANSWERS, "reprompt", "options", "then", "if_yes", "if_no", "default",
                 "check_in"})  # fmt: skip
    kinds = [a for a in ANSWERS if fields.has(a)]
    if len(kinds) != 1:
        raise fields.error(key, f"needs exactly one of {', '.join(ANSWERS)}: the question")
    answer = kinds[0]
    question = fields.text(answer)
    reprompt = fields.text("reprompt") if fields.has("reprompt") else None
    options = _options(fields, answer)
    branches = _branches(fields, answer, options)
    allowed_defaults = {"yes_no": ("yes", "no")}.get(answer, (*options, OTHER))
    default = fields.choice("default", allowed_defaults) if fields.has("default") else (
        "no" if answer == "yes_no" else options[0] if answer == "choice" else OTHER
    )  # fmt: skip
    check_in = None
    if fields.has("check_in"):
        if answer != "rating":
            raise fields.error((*key, "check_in"), "belongs to a rating question only")
        check_in = fields.choice("check_in", ("before", "after"))
    return Ask(answer, question, reprompt, options, branches, default, check_in)


def _options(fields: _Fields, answer: str) -> tuple[str, ...]:
    if answer not in ("feeling", "choice"):
        if fields.has("options"):
            raise fields.error((*fields.key, "options"), f"does not belong to a {answer} question")
        return ()
    if not fields.has("options"):
        raise fields.error(fields.key, "needs 'options': what the person can answer")
    options = [str(o) for o in fields.get("options", list)]
    if not 1 <= len(options) <= MAX_OPTIONS:
        raise fields.error(
            (*fields.key, "options"), f"must offer from 1 to {MAX_OPTIONS} choices (a spoken menu "
            "offers three at most)"
        )  # fmt: skip
    if answer == "feeling":
        for option in options:
            if option not in FEELING_WORDS:
                raise fields.error(
                    (*fields.key, "options"),
                    f"offers {option!r}, which is not a feeling word the companion can hear "
                    f"(known: {', '.join(FEELING_WORDS)})",
                )
    return tuple(options)


def _branches(
    fields: _Fields, answer: str, options: tuple[str, ...]
) -> dict[str, tuple[Step, ...]]:
    branches: dict[str, tuple[Step, ...]] = {}
    if answer == "yes_no":
        for name in ("if_yes", "if_no"):
            if fields.has(name):
                branches[name[3:]] = _steps(fields.doc, (*fields.key, name))
    elif fields.has("if_yes") or fields.has("if_no"):
        raise fields.error(fields.key, "has if_yes or if_no, which belong to a yes_no question")
    if fields.has("then"):
        if answer not in ("feeling", "choice"):
            raise fields.error((*fields.key, "then"), f"does not belong to a {answer} question")
        sub = _Fields(fields.doc, (*fields.key, "then"))
        sub.only({*options, OTHER})
        for name in sub.data:
            branches[str(name)] = _steps(fields.doc, (*fields.key, "then", name))
    if answer == "choice":
        where = fields.doc.where((*fields.key, "options"))
        for option in options:
            branches.setdefault(option, (Run(option, where),))
    return branches


def _remind(doc: YamlDoc, key: Key) -> Remind:
    fields = _Fields(doc, key)
    fields.only({"say_when_due", "in_minutes", "ask", "at_least_minutes", "default_minutes"})
    message = fields.text("say_when_due")
    if fields.has("in_minutes") == fields.has("ask"):
        raise fields.error(key, "needs exactly one of 'in_minutes' (fixed) or 'ask' (a question)")
    if fields.has("in_minutes"):
        return Remind(message, fields.minutes("in_minutes"))
    least = fields.minutes("at_least_minutes") if fields.has("at_least_minutes") else 0.0
    default = fields.minutes("default_minutes") if fields.has("default_minutes") else 30.0
    if default < least:
        raise fields.error((*key, "default_minutes"), f"must be at least {least:g}")
    return Remind(message, None, fields.text("ask"), least, default)


class _Fields:
    """Typed access to one mapping of a document, with messages naming file, line and key."""

    def __init__(self, doc: YamlDoc, key: Key) -> None:
        self.doc, self.key, self.data = doc, key, _lookup(doc.data, key)

    def error(self, key: Key, problem: str) -> ScriptError:
        return ScriptError(f"{self.doc.where(key)}: {dotted(key) or 'script'} {problem}")

    def has(self, name: str) -> bool:
        return isinstance(self.data, dict) and name in self.data

    def only(self, allowed: set[str]) -> None:
        if not isinstance(self.data, dict):
            raise self.error(self.key, "must be a mapping of keys to values")
        for name in self.data:
            if name not in allowed:
                raise self.error(
                    (*self.key, name), f"is not a known key (known: {', '.join(sorted(allowed))})"
                )

    def get(self, name: str, kind: type | tuple[type, ...], default: Any = ...) -> Any:
        if not self.has(name):
            if default is not ...:
                return default
            raise self.error(self.key, f"is missing '{name}'")
        value = self.data[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            wanted = kind.__name__ if isinstance(kind, type) else kind[0].__name__
            raise self.error((*self.key, name), f"must be a {wanted}, not {value!r}")
        return value

    def flag(self, name: str) -> bool:
        value = self.data.get(name, False) if isinstance(self.data, dict) else False
        if not isinstance(value, bool):
            raise self.error((*self.key, name), f"must be true or false, not {value!r}")
        return value

    def text(self, name: str) -> str:
        value = self.get(name, str)
        if not value.strip():
            raise self.error((*self.key, name), "must be the words to say, not empty")
        return str(value.strip())

    def minutes(self, name: str) -> float:
        value = self.get(name, (int, float))
        if not 1 <= value < 24 * 60:
            raise self.error((*self.key, name), f"must be minutes from 1 to 1439, not {value}")
        return float(value)

    def seconds(self, name: str) -> float:
        value = self.get(name, (int, float))
        if not 0 <= value <= 600:
            raise self.error((*self.key, name), f"must be seconds from 0 to 600, not {value}")
        return float(value)

    def choice(self, name: str, allowed: tuple[str, ...]) -> str:
        value = self.get(name, str)
        if value not in allowed:
            raise self.error(
                (*self.key, name), f"must be one of {', '.join(allowed)}, not {value!r}"
            )
        return str(value)

    def choices(self, name: str, allowed: tuple[str, ...]) -> Iterator[str]:
        values = self.get(name, (list, str))
        for value in [values] if isinstance(values, str) else values:
            if value not in allowed:
                raise self.error(
                    (*self.key, name), f"must list some of {', '.join(allowed)}, not {value!r}"
                )
            yield value

    def mapping_of_text(self, name: str, allowed: tuple[str, ...]) -> dict[str, str]:
        if not self.has(name):
            return {}
        sub = _Fields(self.doc, (*self.key, name))
        sub.only(set(allowed))
        return {k: sub.get(k, str) for k in sub.data}


def _lookup(data: Any, key: Key) -> Any:
    for part in key:
        data = data[part]
    return data

"""Exercise scripts: YAML in scripts/ -> validated Script objects.

Step kinds so far: say, breathe, silence, chime. Every complaint names file, line and key.
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

    @property
    def cycle_s(self) -> float:
        """Length of one full cycle."""
        return sum(self.phases_s.values())


Step = Say | Silence | ChimeStep | Breathe


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

    def spoken_texts(self) -> list[str]:
        """Every sentence and cue the script can say, once each, in order."""
        texts: list[str] = []
        for step in self.steps:
            if isinstance(step, Say):
                texts.append(step.text)
            elif isinstance(step, Breathe):
                texts += [step.cues[p] for p in step.phases_s if p in step.cues]
        return list(dict.fromkeys(texts))


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
    return Library(scripts, tuple(problems))


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
    steps = fields.get("steps", list)
    if not steps:
        raise fields.error(("steps",), "must list at least one step")
    return Script(
        id=str(fields.get("id", (str, int))),
        title=fields.get("title", str),
        kind=fields.choice("kind", KINDS),
        audience=tuple(fields.choices("for", AUDIENCES)),
        cautions=tuple(str(c) for c in fields.get("cautions", list, default=[])),
        steps=tuple(_step(doc, ("steps", i)) for i in range(len(steps))),
        source=doc.source,
    )


def _step(doc: YamlDoc, key: Key) -> Step:
    fields = _Fields(doc, key)
    item = fields.data
    if not isinstance(item, dict) or len(item) != 1:
        raise fields.error(key, "must be one of: say, breathe, silence, chime (one per step)")
    kind = next(iter(item))
    builders: dict[str, Callable[[YamlDoc, Key], Step]] = {
        "say": _say,
        "breathe": _breathe,
        "silence": _silence,
        "chime": _chime,
    }
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
    fields.only({*PHASES, "cycles", "minutes", "cues"})
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
    return Breathe(phases, cycles, cues)


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

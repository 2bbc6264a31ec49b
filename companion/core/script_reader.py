"""Script YAML -> validated Script objects; every complaint names file, line and key, and says
how to fix it."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from typing import Any

from companion.core.chimes import CHIME_SECONDS
from companion.core.steps import (
    ANSWERS,
    AUDIENCES,
    DEFAULT_CUES,
    FEELING_WORDS,
    KINDS,
    MAX_OPTIONS,
    OTHER,
    PHASES,
    Ask,
    Breathe,
    ChimeStep,
    Remind,
    Run,
    Say,
    Script,
    Silence,
    Step,
)
from companion.core.yamlsource import Key, YamlDoc, dotted
from companion.errors import ScriptError


def script_from_yaml(doc: YamlDoc) -> Script:
    """Validate a parsed script document."""
    fields = _Fields(doc, ())
    fields.only({"id", "title", "kind", "for", "cautions", "source", "intro", "opener",
                 "check_ins", "steps"})  # fmt: skip
    return Script(
        id=str(fields.get("id", (str, int))),
        title=fields.get("title", str),
        kind=fields.choice("kind", KINDS),
        audience=tuple(fields.choices("for", AUDIENCES)),
        cautions=tuple(str(c) for c in fields.get("cautions", list, default=[])),
        steps=_steps(doc, ("steps",)),
        source=doc.source,
        citation=str(fields.get("source", str, default="")),
        intro=_sentences(fields, "intro"),
        opener=_steps(doc, ("opener",)) if fields.has("opener") else (),
        check_ins=fields.flag("check_ins", default=True),
    )


def _sentences(fields: _Fields, name: str) -> tuple[str, ...]:
    """A list of sentences to say at `name` (none when it is left out)."""
    if not fields.has(name):
        return ()
    items = fields.get(name, list)
    if not items:
        raise fields.error((name,), "must list at least one sentence (or be left out)")
    for i, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise fields.error((name, i), f"must be a sentence to say, not {item!r}")
    return tuple(str(item).strip() for item in items)


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
        "hint": _hint,
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


def _hint(doc: YamlDoc, key: Key) -> Say:
    """A sentence that tells the person what they can say: live only, never rendered."""
    value = _lookup(doc.data, key)
    if isinstance(value, str) and value.strip():
        return Say(value.strip(), hint=True)
    raise ScriptError(
        f"{doc.where(key)}: {dotted(key)} must be the sentence to say (a hint such as "
        "'If six feels long, say faster.')"
    )


def _lines(doc: YamlDoc, key: Key) -> tuple[Say, ...]:
    """A list of `say:` or `hint:` lines at `key`."""
    items = _lookup(doc.data, key)
    if not isinstance(items, list) or not items:
        raise ScriptError(
            f"{doc.where(key)}: {dotted(key)} must list at least one line (say: or hint:)"
        )
    lines = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or len(item) != 1 or next(iter(item)) not in ("say", "hint"):
            raise ScriptError(
                f"{doc.where((*key, i))}: {dotted((*key, i))} must be one say: or hint: line"
            )
        kind = next(iter(item))
        lines.append((_say if kind == "say" else _hint)(doc, (*key, i, kind)))
    return tuple(lines)


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
    fields.only({*PHASES, "cycles", "minutes", "cues", "tones", "spoken_cycles", "between"})
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
    between = _lines(doc, (*key, "between")) if fields.has("between") else ()
    return Breathe(phases, cycles, cues, tones, spoken, between)


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

    def flag(self, name: str, default: bool = False) -> bool:
        value = self.data.get(name, default) if isinstance(self.data, dict) else default
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

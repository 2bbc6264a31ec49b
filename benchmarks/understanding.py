"""How well the reader understands what people type or say, on the labelled sentences of
benchmarks/understanding/ (dev.yaml for tuning, heldout.yaml never used for tuning).

    .venv/bin/python benchmarks/understanding.py [--show dev] [--part dev|heldout]

Prints, for each part: intent and slots right (overall, by intent and by angle), the `none`
share taken as a request, crisis recall and ordinary sentences taken for crisis, ambiguous
sentences answered with a question or with a session, and the median time per sentence.
`--show dev` lists the dev sentences read wrong (held-out failures are never listed, so that
nobody tunes on them by accident).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from companion.core.intents import CRISIS, NONE, IntentMatcher
from companion.core.ports import Likeness
from companion.core.reader import CLARIFY, Reader, TextReading

DATA = Path(__file__).parent / "understanding"
TUNING = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6")
"""Sets written for tuning, each by another writer; heldout is never tuned on."""
SESSIONS = frozenset(
    {"breathe", "ground", "calm", "sleep", "feeling_anxious", "feeling_overwhelmed",
     "start_script"}
)  # fmt: skip
"""Intents that start a session: a wrong one is what an ambiguous sentence must never get."""


@dataclass(frozen=True)
class Labelled:
    """One sentence of the set and what it means."""

    text: str
    intent: str
    slots: dict[str, Any]
    context: str
    angle: str


@dataclass(frozen=True)
class Outcome:
    """One sentence read."""

    item: Labelled
    reading: TextReading
    seconds: float

    @property
    def right(self) -> bool:
        got = self.reading.intent
        return got.name == self.item.intent and _same(got.slots, self.item.slots)


def _same(got: dict[str, Any], want: dict[str, Any]) -> bool:
    if set(got) != set(want):
        return False
    for key, value in want.items():
        if isinstance(value, int | float) and isinstance(got[key], int | float):
            if abs(float(value) - float(got[key])) > 1e-6:
                return False
        elif str(value) != str(got[key]):
            return False
    return True


def load(part: str) -> list[Labelled]:
    """The sentences of one part of the set."""
    rows = yaml.safe_load((DATA / f"{part}.yaml").read_text(encoding="utf-8"))
    return [
        Labelled(
            str(r["text"]),
            _intent(r["intent"]),
            dict(r.get("slots") or {}),
            str(r["context"]),
            str(r.get("angle", "")),
        )
        for r in rows
    ]


def _intent(label: object) -> str:
    """YAML reads a bare yes or no as a boolean."""
    if isinstance(label, bool):
        return "yes" if label else "no"
    return str(label)


def run(reader: Reader, items: list[Labelled]) -> list[Outcome]:
    """Read every sentence in its context, as typed text is read."""
    outcomes = []
    for item in items:
        start = time.perf_counter()
        reading = reader.read(item.text, item.context)
        outcomes.append(Outcome(item, reading, time.perf_counter() - start))
    return outcomes


def report(name: str, outcomes: list[Outcome], show: bool) -> None:
    """Print the figures of one part."""
    right = sum(o.right for o in outcomes)
    print(f"\n== {name}: {len(outcomes)} sentences")
    print(f"intent and slots right: {_pct(right, len(outcomes))}")
    commands = [o for o in outcomes if o.item.intent not in (NONE, CLARIFY)]
    commands_right = _pct(sum(o.right for o in commands), len(commands))
    print(f"  requests and answers (not none, not ambiguous): {commands_right}")
    nones = [o for o in outcomes if o.item.intent == NONE]
    taken = [o for o in nones if o.reading.intent.name != NONE]
    print(f"none taken as a request or question: {_pct(len(taken), len(nones))}")
    crisis = [o for o in outcomes if o.item.intent == CRISIS]
    caught = sum(o.reading.intent.name == CRISIS for o in crisis)
    ordinary = [o for o in outcomes if o.item.intent != CRISIS]
    alarms = sum(o.reading.intent.name == CRISIS for o in ordinary)
    print(f"crisis recall: {_pct(caught, len(crisis))}")
    print(f"ordinary taken for crisis: {_pct(alarms, len(ordinary))}")
    vague = [o for o in outcomes if o.item.intent == CLARIFY]
    asked = sum(o.reading.intent.name == CLARIFY for o in vague)
    wrong = sum(o.reading.intent.name in SESSIONS for o in vague)
    print(f"ambiguous: a question {_pct(asked, len(vague))}, a session {_pct(wrong, len(vague))}")
    times = [o.seconds * 1000 for o in outcomes]
    print(f"time per sentence: median {statistics.median(times):.2f} ms, max {max(times):.1f} ms")
    _table("by intent", outcomes, lambda o: o.item.intent)
    _table("by angle", outcomes, lambda o: o.item.angle)
    _table("by way read (share right)", outcomes, lambda o: o.reading.how)
    if show:
        print("\nread wrong:")
        for o in outcomes:
            if not o.right:
                got = o.reading.intent
                print(
                    f"  [{o.item.context}] {o.item.text!r}: want {o.item.intent} {o.item.slots}, "
                    f"got {got.name} {got.slots} ({o.reading.how} {o.reading.confidence:.2f})"
                )


def _table(title: str, outcomes: list[Outcome], key: Any) -> None:
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for o in outcomes:
        groups[key(o)].append(o)
    cells = [f"{k} {sum(o.right for o in v)}/{len(v)}" for k, v in sorted(groups.items())]
    print(f"{title}: " + ", ".join(cells))


def _likeness() -> Likeness:
    from companion.core.examples import examples
    from companion.engines.wordllama_likeness import WordLlamaLikeness

    return WordLlamaLikeness(examples())


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "n/a"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=(*TUNING, "heldout"), action="append")
    parser.add_argument("--show", choices=TUNING, help="list the tuning sentences read wrong")
    parser.add_argument(
        "--rules-only", action="store_true", help="without the likeness of examples (WordLlama)"
    )
    args = parser.parse_args(argv)
    reader = Reader(IntentMatcher.bundled(), likeness=None if args.rules_only else _likeness())
    for part in args.part or [*TUNING, "heldout"]:
        outcomes = run(reader, load(part))
        report(part, outcomes, show=args.show == part)
    return 0


if __name__ == "__main__":
    sys.exit(main())

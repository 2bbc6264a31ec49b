"""Crisis language caught, and ordinary sentences left alone, on the labelled crisis lists of
tests/data/ (crisis_dev*.yaml for tuning, crisis_heldout.yaml never used for tuning).

    .venv/bin/python benchmarks/crisis_recall.py [--show dev]

Reads every sentence with the companion's reader in idle, as typed text, and prints recall and
false alarms by kind. `--show dev` lists the dev sentences read wrong.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import yaml

from companion.core.intents import CRISIS, IntentMatcher
from companion.core.ports import Likeness
from companion.core.reader import Reader

DATA = Path(__file__).parent.parent / "tests" / "data"
TUNING = ("dev", "dev2", "dev3")
"""Lists written for tuning, each by another writer; heldout is never tuned on."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show", choices=TUNING, help="list the tuning sentences of one list read wrong"
    )
    parser.add_argument(
        "--rules-only", action="store_true", help="without the likeness of examples (WordLlama)"
    )
    args = parser.parse_args(argv)
    reader = Reader(IntentMatcher.bundled(), likeness=None if args.rules_only else _likeness())
    for part in (*TUNING, "heldout"):
        rows = yaml.safe_load((DATA / f"crisis_{part}.yaml").read_text(encoding="utf-8"))
        by_kind: dict[tuple[bool, str], list[bool]] = defaultdict(list)
        wrong = []
        for row in rows:
            caught = reader.read(str(row["text"])).intent.name == CRISIS
            by_kind[(bool(row["crisis"]), str(row["kind"]))].append(caught)
            if caught != bool(row["crisis"]):
                wrong.append(row)
        crisis = [c for (is_crisis, _), cs in by_kind.items() if is_crisis for c in cs]
        ordinary = [c for (is_crisis, _), cs in by_kind.items() if not is_crisis for c in cs]
        print(f"\n== {part}: {len(crisis)} crisis, {len(ordinary)} ordinary sentences")
        print(f"crisis recall: {_pct(sum(crisis), len(crisis))}")
        print(f"ordinary taken for crisis: {_pct(sum(ordinary), len(ordinary))}")
        for (is_crisis, kind), caught in sorted(by_kind.items()):
            label = "crisis caught" if is_crisis else "ordinary false alarms"
            print(f"  {kind}: {label} {sum(caught)}/{len(caught)}")
        if args.show == part:
            for row in wrong:
                print(f"  wrong: {row['crisis']} {row['kind']}: {row['text']!r}")
    return 0


def _likeness() -> Likeness:
    from companion.core.examples import examples
    from companion.engines.wordllama_likeness import WordLlamaLikeness

    return WordLlamaLikeness(examples())


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}% ({part}/{whole})" if whole else "n/a"


if __name__ == "__main__":
    sys.exit(main())

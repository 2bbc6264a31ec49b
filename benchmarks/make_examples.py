"""Writes companion/core/examples.tsv: the labelled sentences the companion compares what it
hears with (companion.engines.wordllama_likeness), taken from the tuning sets only - never
from a held-out set, so the held-out figures stay honest.

    .venv/bin/python benchmarks/make_examples.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).parent.parent
SOURCES = sorted((ROOT / "benchmarks" / "understanding").glob("dev*.yaml"))
CRISIS_SOURCES = sorted((ROOT / "tests" / "data").glob("crisis_dev*.yaml"))
TARGET = ROOT / "companion" / "core" / "examples.tsv"


def _label(intent: object) -> str:
    """YAML reads a bare yes or no as a boolean."""
    if isinstance(intent, bool):
        return "yes" if intent else "no"
    return str(intent)


def main() -> int:
    rows: dict[str, str] = {}
    for path in SOURCES:
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            rows.setdefault(str(row["text"]), _label(row["intent"]))
    for path in CRISIS_SOURCES:
        for row in yaml.safe_load(path.read_text(encoding="utf-8")):
            rows.setdefault(str(row["text"]), "crisis" if row["crisis"] else "none")
    lines = [
        "# Labelled sentences the companion compares what it hears with, by meaning: label TAB",
        "# sentence. Written by benchmarks/make_examples.py from the tuning sets; do not edit.",
        *(f"{label}\t{' '.join(text.split())}" for text, label in rows.items()),
    ]
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} examples written to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

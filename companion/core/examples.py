"""The labelled example sentences (examples.tsv) that what is heard is compared with by meaning
(a Likeness engine); written from the tuning sets by benchmarks/make_examples.py. Pure."""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def examples() -> tuple[tuple[str, str], ...]:
    """(sentence, label) pairs: an intent name, "crisis" or "none"."""
    text = resources.files("companion.core").joinpath("examples.tsv").read_text("utf-8")
    rows = (line.split("\t", 1) for line in text.splitlines() if line and line[0] != "#")
    return tuple((sentence, label) for label, sentence in rows)

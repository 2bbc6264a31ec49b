"""The labelled example sentences (examples.yaml) that what is heard is compared with by meaning
(a Likeness engine); written from the tuning sets by benchmarks/make_examples.py. Pure."""

from __future__ import annotations

from functools import cache
from importlib import resources

from companion.core import yamlsource
from companion.errors import ConfigError


@cache
def examples() -> tuple[tuple[str, str], ...]:
    """(sentence, label) pairs: an intent name, "crisis" or "none"."""
    text = resources.files("companion.core").joinpath("examples.yaml").read_text("utf-8")
    rows = yamlsource.parse(text, "examples.yaml", ConfigError).data["examples"]
    return tuple((str(sentence), str(label)) for sentence, label in rows)

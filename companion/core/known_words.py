"""English words of three letters or more, which the speller (companion.core.spelling) never
mends: "cooking" is a word, not a slip for "choking".

The list is SCOWL's (Spell Checker Oriented Word Lists, by Kevin Atkinson; see
known_words.NOTICE), as Debian ships it in the wamerican and wbritish packages, cut to lower
case words of three letters or more. To make it again:

    python -m companion.core.known_words /usr/share/dict/american-english \\
        /usr/share/dict/british-english
"""

from __future__ import annotations

import gzip
import re
import sys
from functools import cache
from importlib import resources
from pathlib import Path

FILE_NAME = "known_words.txt.gz"
SHORTEST = 3
_WORD = re.compile(rf"^[a-z]{{{SHORTEST},}}$")


@cache
def known_words() -> frozenset[str]:
    """The words, read once from the package."""
    data = resources.files("companion.core").joinpath(FILE_NAME).read_bytes()
    return frozenset(gzip.decompress(data).decode("ascii").split())


def make(sources: list[Path], target: Path) -> int:
    """Write the list from word files, one word a line; returns how many words."""
    words = sorted({w for s in sources for w in s.read_text("utf-8").split() if _WORD.match(w)})
    target.write_bytes(gzip.compress("\n".join(words).encode("ascii"), mtime=0))
    return len(words)


if __name__ == "__main__":
    here = Path(__file__).with_name(FILE_NAME)
    print(f"{make([Path(a) for a in sys.argv[1:]], here)} words written to {here}")

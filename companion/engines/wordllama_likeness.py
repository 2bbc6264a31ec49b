"""Sentences compared by meaning with WordLlama's static word embeddings (256 dimensions, 16 MB),
which ship inside the `wordllama` wheel: loaded from the package's own folder, never
downloaded. A sentence's embedding is the mean of its tokens' vectors, so comparing one
sentence with a few thousand examples is one matrix product (about 1 ms).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from companion.core.ports import Neighbour
from companion.core.text import normalize
from companion.errors import EngineError


class WordLlamaLikeness:
    """Nearest labelled examples to a sentence, by WordLlama embeddings."""

    def __init__(self, examples: Sequence[tuple[str, str]]) -> None:
        """`examples`: (sentence, label) pairs, embedded once here."""
        import numpy as np

        self._model = _load()
        self._labels = [label for _, label in examples]
        texts = [normalize(text) or text for text, _ in examples]
        self._vectors: Any = np.asarray(self._model.embed(texts, norm=True), dtype=np.float32)

    def nearest(self, text: str, count: int) -> list[Neighbour]:
        import numpy as np

        if not self._labels:
            return []
        query = np.asarray(self._model.embed([normalize(text) or text], norm=True)[0])
        scores = self._vectors @ query.astype(np.float32)
        best = np.argsort(-scores)[:count]
        return [Neighbour(self._labels[i], float(scores[i])) for i in best]


def _load() -> Any:
    """The model from the installed wheel, with downloads switched off."""
    try:
        import wordllama
        from wordllama import WordLlama
    except ImportError as exc:
        raise EngineError(f"wordllama is not installed ({exc})") from None
    folder = Path(wordllama.__file__).parent
    try:
        return WordLlama.load(cache_dir=folder, disable_download=True)
    except Exception as exc:  # its loader raises bare exceptions on a broken wheel
        raise EngineError(f"cannot load the WordLlama model from {folder}: {exc}") from None

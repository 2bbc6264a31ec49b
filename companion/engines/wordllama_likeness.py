"""Sentences compared by meaning with WordLlama's static word embeddings (`l2_supercat`, 256
dimensions, float16, 16 MB), which ship inside the `wordllama` wheel: read from the package's
own folder, never downloaded.

A sentence's embedding is the mean of its tokens' vectors, normalised, exactly as
`WordLlama.embed(norm=True)` computes it. The wheel's files are read here directly rather than
through `WordLlama.load`: that import and its float32 copy of the matrix cost 50 MB resident,
where the float16 matrix mapped from the file costs only the rows a sentence touches.
Comparing one sentence with a few thousand examples is one matrix product (about 1 ms).
"""

from __future__ import annotations

import json
import struct
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from companion.core.ports import Neighbour
from companion.core.text import normalize
from companion.errors import EngineError

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
TENSOR = "embedding.weight"
BATCH = 256
"""Examples embedded at a time: bounds the padded token block to a few MB."""


class WordLlamaLikeness:
    """Nearest labelled examples to a sentence, by WordLlama embeddings."""

    def __init__(self, examples: Sequence[tuple[str, str]], folder: Path | None = None) -> None:
        """`examples`: (sentence, label) pairs, embedded once here. `folder`: the wordllama
        package's folder (found when not given)."""
        import numpy as np

        self._embedding = WordLlamaEmbedding(folder or _package_folder())
        self._labels = [label for _, label in examples]
        texts = [normalize(text) or text for text, _ in examples]
        blocks = [self._embedding.embed(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]
        self._vectors: Any = np.concatenate(blocks) if blocks else np.zeros((0, 1), np.float32)

    def nearest(self, text: str, count: int) -> list[Neighbour]:
        import numpy as np

        if not self._labels:
            return []
        query = self._embedding.embed([normalize(text) or text])[0]
        scores = self._vectors @ query
        best = np.argsort(-scores)[:count]
        return [Neighbour(self._labels[i], float(scores[i])) for i in best]


class WordLlamaEmbedding:
    """Normalised mean token embeddings from the wheel's tokenizer and weights."""

    def __init__(self, folder: Path) -> None:
        try:
            import tokenizers
        except ImportError as exc:
            raise EngineError(f"tokenizers is not installed ({exc})") from None
        try:
            self._tokenizer = tokenizers.Tokenizer.from_file(str(folder / TOKENIZER))
            self._matrix = _mapped_tensor(folder / WEIGHTS, TENSOR)
        except Exception as exc:  # tokenizers raises bare exceptions on a broken file
            raise EngineError(f"cannot load the WordLlama model from {folder}: {exc}") from None
        self._tokenizer.no_truncation()
        self._tokenizer.no_padding()

    def embed(self, texts: Sequence[str]) -> Any:
        """One unit vector (float32) per text; an empty text gets zeros."""
        import numpy as np

        encoded = self._tokenizer.encode_batch(list(texts), add_special_tokens=False)
        vectors = np.zeros((len(texts), self._matrix.shape[1]), dtype=np.float32)
        last = self._matrix.shape[0] - 1
        for row, encoding in enumerate(encoded):
            ids = np.clip(np.asarray(encoding.ids, dtype=np.int64), 0, last)
            if ids.size:
                vectors[row] = self._matrix[ids].astype(np.float32).mean(axis=0)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


def _mapped_tensor(path: Path, name: str) -> Any:
    """One tensor of a safetensors file, mapped read-only (the format: an 8-byte header length,
    a JSON header of names, dtypes, shapes and byte offsets, then the raw data)."""
    import numpy as np

    with path.open("rb") as stream:
        (length,) = struct.unpack("<Q", stream.read(8))
        header = json.loads(stream.read(length))
    entry = header[name]
    dtypes = {"F16": np.float16, "F32": np.float32}
    if entry["dtype"] not in dtypes:
        raise ValueError(f"{name} is {entry['dtype']}, not a float tensor")
    start, end = entry["data_offsets"]
    mapped = np.memmap(
        path, dtype=np.uint8, mode="r", offset=8 + length + start, shape=(end - start,)
    )
    return mapped.view(dtypes[entry["dtype"]]).reshape(entry["shape"])


def _package_folder() -> Path:
    """The installed wordllama package, found without importing it (its import costs 20 MB)."""
    from importlib.util import find_spec

    spec = find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise EngineError("wordllama is not installed (pip install wordllama==0.4.0.post1)")
    return Path(next(iter(spec.submodule_search_locations)))

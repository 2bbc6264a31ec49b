"""Freed C heap memory given back to the system.

glibc keeps freed memory in per-thread arenas for reuse. CTranslate2 decodes on two threads
beside the listening, speaking and inbox threads, and after a few utterances 25-30 MB sat
freed but held. Two arenas, and a trim after each utterance (well under a millisecond, off the
path of an answer), keep the companion within its memory budget. Elsewhere than glibc, both
do nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache
from typing import Any

M_ARENA_MAX = -8
"""mallopt's parameter for the most arenas glibc makes (malloc.h)."""


def limit_arenas(count: int = 2) -> None:
    """At most `count` arenas: call before the threads start."""
    libc = _glibc()
    if libc is not None:
        libc.mallopt(M_ARENA_MAX, count)


def give_back() -> None:
    """Return freed heap memory to the system."""
    libc = _glibc()
    if libc is not None:
        libc.malloc_trim(0)


@cache
def _glibc() -> Any:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name) if name else None
    except OSError:
        return None
    if libc is None or not hasattr(libc, "malloc_trim") or not hasattr(libc, "mallopt"):
        return None
    return libc

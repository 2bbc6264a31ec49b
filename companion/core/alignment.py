"""The sentence of a context nearest to what the recogniser heard, and how far it is.

A transcript from the language model is often a command with a word or two wrong ("let's
that resonant breathing for fifteen minutes"), or a command with extra words around it
("companion so i'm overwhelmed"). The aligner finds the path through the context's word graph
(companion.core.word_graph) with the least edit cost to the transcript: a word heard but not in
the sentence is an insertion, a sentence word not heard a deletion, a different word a
substitution. Short function words cost half. Each heard word's costs are scaled by how sure
the recogniser was of it, so doubtful words are cheap to change and sure ones dear.

The search runs over the graph one heard word at a time, keeping only paths within a beam of
the best: a few milliseconds for a sentence against the largest context.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from companion.core.word_graph import WordGraph

LIGHT_WORDS = frozenset(
    ("a", "an", "the", "to", "of", "for", "and", "in", "on", "at", "is", "it", "that", "this",
     "i", "i'm", "me", "my", "some", "do", "please", "now", "um", "uh", "oh", "so", "well",
     "okay", "just")
)  # fmt: skip
"""Words often heard where nothing was said, or said in passing: cheap to insert."""
DROPPABLE_WORDS = frozenset(
    ("a", "an", "the", "to", "of", "um", "uh", "er", "oh", "please", "now", "just", "so", "well")
)  # fmt: skip
"""Words of a sentence that may go unheard without changing what it asks: cheap to delete.
Fewer than the light words: in "i do" (yes) or "do it" every word carries the meaning."""
LIGHT_COST = 0.5
"""Cost of inserting a light word or deleting a droppable one (others cost 1)."""
SUBSTITUTION_COST = 1.0
"""Cost of reading one heard word as another."""
BEAM = 2.0
"""Paths costing this much more than the best so far are dropped."""
ALIKE_FLOOR = 0.4
"""Substitution cost, as a share of SUBSTITUTION_COST, between two words that sound the same
("quite", "quiet"); words wholly unlike cost all of it."""
REMEMBERED_WORDS = 5000
"""Heard words whose likeness to the graph's words is remembered."""
MIN_WEIGHT = 0.05
"""Least weight a heard word's costs get, however unsure the recogniser was of it."""


@dataclass(frozen=True)
class Alignment:
    """The graph sentence nearest to a transcript."""

    sentence: str
    """Its words, in the grammar's spelling ("" when the graph holds none near enough)."""
    cost: float
    """Total edit cost (0: the transcript is a sentence of the graph)."""
    unheard: frozenset[int] = frozenset()
    """Positions of the sentence's words that were not heard as such (substituted or left
    out), 0 being the first."""


Unlike = Callable[[str, str], float]
"""(heard word, graph word) -> how differently they sound: 0 alike to 1 unlike."""
Back = tuple[int, int, str | None]
"""How a state was reached: (layer, state, grammar word on the way or None)."""
Layer = dict[int, tuple[float, Back | None]]
"""State -> (least cost of reaching it after so many heard words, how it was reached)."""


class Aligner:
    """Aligns transcripts to the sentences of one word graph."""

    def __init__(self, graph: WordGraph, unlike: Unlike | None = None) -> None:
        """`unlike` says how differently two words sound (0 alike, 1 unlike): a heard word is
        then cheaper to read as one that sounds like it ("back" as "box")."""
        self._unlike = unlike
        self._alike: dict[str, dict[str, float]] = {}
        self._finals = graph.finals
        self._next: list[dict[str, int]] = [{} for _ in range(graph.n_states)]
        ways: list[dict[int, tuple[float, str]]] = [{} for _ in range(graph.n_states)]
        for src, dst, word in graph.arcs:
            self._next[src][word] = dst
            cost = LIGHT_COST if word in DROPPABLE_WORDS else 1.0
            if dst not in ways[src] or cost < ways[src][dst][0]:
                ways[src][dst] = (cost, word)
        # arcs between the same two states differ only in their word: one step each suffices
        # for substitutions and deletions, with the cheapest word to leave out
        self._steps = [tuple((d, c, w) for d, (c, w) in way.items()) for way in ways]
        self._rank = _topological_rank(graph.n_states, self._steps)

    def align(self, words: Sequence[str], weights: Sequence[float] | None = None) -> Alignment:
        """The nearest sentence to `words`; `weights` (0..1, one a word) say how sure each is."""
        sure = [max(w, MIN_WEIGHT) for w in weights] if weights else [1.0] * len(words)
        layers: list[Layer] = [self._with_deletions({0: (0.0, None)}, 0)]
        for i, (word, weight) in enumerate(zip(words, sure, strict=True)):
            layers.append(self._with_deletions(self._hear(layers[i], i, word, weight), i + 1))
        last = layers[-1]
        ends = [s for s in self._finals if s in last]
        if not ends:
            return Alignment("", float("inf"))
        end = min(ends, key=lambda s: last[s][0])
        path = _trace(layers, words, end)
        unheard = frozenset(i for i, (_, heard) in enumerate(path) if not heard)
        return Alignment(" ".join(w for w, _ in path), last[end][0], unheard)

    def _hear(self, layer: Layer, i: int, word: str, weight: float) -> Layer:
        """The layer after hearing `word`: matched, substituted or inserted."""
        insert = (LIGHT_COST if word in LIGHT_WORDS else 1.0) * weight
        substitute = SUBSTITUTION_COST * weight
        # inserting after the best path bounds the next layer's best from above: anything
        # dearer than that plus the beam would be pruned anyway
        bound = min(cost for cost, _ in layer.values()) + insert + BEAM
        nxt: Layer = {}
        cheapest = substitute * (ALIKE_FLOOR if self._unlike else 1.0)
        for state, (cost, _) in layer.items():
            if cost + insert <= bound:
                _relax(nxt, state, cost + insert, (i, state, None))
            matched = self._next[state].get(word)
            if matched is not None:
                _relax(nxt, matched, cost, (i, state, word))
            if cost + cheapest > bound:
                continue
            if self._unlike is None:
                for dst, _, other in self._steps[state]:
                    _relax(nxt, dst, cost + substitute, (i, state, other))
                continue
            for other, dst in self._next[state].items():  # every word: they sound different
                step = cost + substitute * self._factor(word, other)
                if other != word and step <= bound:
                    _relax(nxt, dst, step, (i, state, other))
        return _pruned(nxt)

    def _factor(self, heard: str, other: str) -> float:
        """The substitution cost's factor for reading `heard` as `other` (remembered)."""
        known = self._alike.setdefault(heard, {})
        factor = known.get(other)
        if factor is None:
            assert self._unlike is not None
            factor = known[other] = ALIKE_FLOOR + (1 - ALIKE_FLOOR) * self._unlike(heard, other)
            if len(self._alike) > REMEMBERED_WORDS:
                self._alike = {heard: known}
        return factor

    def _with_deletions(self, layer: Layer, i: int) -> Layer:
        """Extend layer i along arcs whose words were not heard, in topological order."""
        if not layer:
            return layer
        bound = min(cost for cost, _ in layer.values()) + BEAM
        queue = [(self._rank[s], s) for s in layer]
        heapq.heapify(queue)
        done: set[int] = set()
        while queue:
            _, state = heapq.heappop(queue)
            if state in done:
                continue
            done.add(state)
            cost = layer[state][0]
            for dst, delete, word in self._steps[state]:
                if cost + delete <= bound and _relax(layer, dst, cost + delete, (i, state, word)):
                    heapq.heappush(queue, (self._rank[dst], dst))
        return layer


def _relax(layer: Layer, state: int, cost: float, back: Back) -> bool:
    """Keep the cheaper way into `state`; True when this one was cheaper."""
    old = layer.get(state)
    if old is not None and old[0] <= cost:
        return False
    layer[state] = (cost, back)
    return True


def _pruned(layer: Layer) -> Layer:
    if not layer:
        return layer
    best = min(cost for cost, _ in layer.values())
    return {s: entry for s, entry in layer.items() if entry[0] <= best + BEAM}


def _trace(layers: list[Layer], heard: Sequence[str], state: int) -> list[tuple[str, bool]]:
    """The grammar words along the best path into `state` after every heard word, each with
    whether it was heard as such."""
    path: list[tuple[str, bool]] = []
    i = len(heard)
    back = layers[i][state][1]
    while back is not None:
        before, state, word = back
        if word is not None:  # None: a heard word inserted, no grammar word
            path.append((word, before < i and heard[before] == word))
        i = before
        back = layers[i][state][1]
    return path[::-1]


def _topological_rank(n_states: int, out: Sequence[Sequence[tuple[int, float, str]]]) -> list[int]:
    """Each state's place in an order where every arc goes forward (the graph is acyclic)."""
    incoming = [0] * n_states
    for steps in out:
        for dst, _, _ in steps:
            incoming[dst] += 1
    ready = [s for s in range(n_states) if incoming[s] == 0]
    rank = [0] * n_states
    position = 0
    while ready:
        state = ready.pop()
        rank[state] = position
        position += 1
        for dst, _, _ in out[state]:
            incoming[dst] -= 1
            if incoming[dst] == 0:
                ready.append(dst)
    return rank

"""The sentences of one dialogue context as a minimal word graph, to read transcripts against.

A deterministic, minimal graph shares every common prefix and suffix of the context's
sentences (with the number, duration and clock rules and the fillers, the sentences number in
the millions; the graph holds a few thousand arcs). Fillers are bounded (a few before, one or
two after): the text matcher accepts more, so every sentence of the graph is one the matcher
reads. companion.core.alignment finds the graph's sentence nearest to what was heard."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from companion.core.grammar import Grammar
from companion.core.templates import Alt, Node, Opt, RuleRef, Seq, Slot, Word

MAX_BEFORE = 3
"""How many lead-ins ("um", "hey companion", "can you") the graph allows before a command."""
MAX_AFTER = 2
"""How many trailing courtesies ("please", "thank you") it allows after one."""

Arc = tuple[int, int, str | None]
"""(from state, to state, word); word None is an empty arc."""


@dataclass(frozen=True)
class WordGraph:
    """A deterministic acyclic word graph: state 0 starts, paths to a final state are sentences."""

    arcs: tuple[tuple[int, int, str], ...]
    """(from state, to state, word); at most one arc per (state, word)."""
    finals: frozenset[int]
    """States where a sentence may end."""
    n_states: int
    """States are numbered 0 .. n_states - 1."""

    def sentences(self, limit: int = 1000) -> list[str]:
        """Up to `limit` sentences, depth first (for tests)."""
        out: list[str] = []
        stack: list[tuple[int, tuple[str, ...]]] = [(0, ())]
        by_state = self._by_state()
        while stack and len(out) < limit:
            state, words = stack.pop()
            if state in self.finals:
                out.append(" ".join(words))
            stack += [(to, (*words, w)) for w, to in by_state.get(state, [])]
        return out

    def accepts(self, sentence: str) -> bool:
        """True when the graph holds this sentence (words separated by single spaces)."""
        by_state = {s: dict(pairs) for s, pairs in self._by_state().items()}
        state = 0
        for word in sentence.split():
            if word not in by_state.get(state, {}):
                return False
            state = by_state[state][word]
        return state in self.finals

    def _by_state(self) -> dict[int, list[tuple[str, int]]]:
        table: dict[int, list[tuple[str, int]]] = {}
        for src, dst, word in self.arcs:
            table.setdefault(src, []).append((word, dst))
        return table


class _Nfa:
    """A word automaton with empty arcs, built from template trees (Thompson style)."""

    def __init__(self, grammar: Grammar) -> None:
        self.grammar = grammar
        self.arcs: dict[int, list[tuple[str | None, int]]] = {}
        self.count = 0

    def state(self) -> int:
        self.count += 1
        return self.count - 1

    def arc(self, src: int, dst: int, word: str | None) -> None:
        self.arcs.setdefault(src, []).append((word, dst))

    def phrase(self, src: int, dst: int, words: list[str]) -> None:
        for word in words[:-1]:
            nxt = self.state()
            self.arc(src, nxt, word)
            src = nxt
        self.arc(src, dst, words[-1])

    def node(self, node: Node, src: int, dst: int) -> None:
        if isinstance(node, Word):
            self.arc(src, dst, node.text)
        elif isinstance(node, Seq):
            for item in node.items[:-1]:
                mid = self.state()
                self.node(item, src, mid)
                src = mid
            self.node(node.items[-1], src, dst)
        elif isinstance(node, Alt):
            for option in node.options:
                self.node(option, src, dst)
        elif isinstance(node, Opt):
            self.arc(src, dst, None)
            self.node(node.item, src, dst)
        else:
            self._reference(node, src, dst)

    def _reference(self, node: RuleRef | Slot, src: int, dst: int) -> None:
        name = node.name if isinstance(node, RuleRef) else (node.rule or node.name)
        if isinstance(node, RuleRef) or name not in self.grammar.lists:
            self.node(self.grammar.rules[name], src, dst)
            return
        for phrases in self.grammar.lists[name].values():
            for phrase in phrases:
                self.phrase(src, dst, phrase.split())

    def closure(self, states: Iterable[int]) -> frozenset[int]:
        seen = set(states)
        stack = list(seen)
        while stack:
            for word, dst in self.arcs.get(stack.pop(), []):
                if word is None and dst not in seen:
                    seen.add(dst)
                    stack.append(dst)
        return frozenset(seen)


def context_graph(grammar: Grammar, context: str) -> WordGraph:
    """The minimal word graph of every sentence a context hears, with bounded fillers."""
    return intents_graph(grammar, grammar.contexts[context])


def intents_graph(grammar: Grammar, intents: Sequence[str]) -> WordGraph:
    """The minimal word graph of every sentence of `intents`, with bounded fillers."""
    nfa = _Nfa(grammar)
    start, body_in, body_out, end = nfa.state(), nfa.state(), nfa.state(), nfa.state()
    _repeat(nfa, grammar.before, start, body_in, MAX_BEFORE)
    for intent in intents:
        for template in grammar.templates[intent]:
            nfa.node(template.tree, body_in, body_out)
    _repeat(nfa, grammar.after, body_out, end, MAX_AFTER)
    return _minimal(*_determinized(nfa, start, end))


def _repeat(nfa: _Nfa, node: Node, src: int, dst: int, times: int) -> None:
    """Zero to `times` copies of node between src and dst."""
    for _ in range(times):
        mid = nfa.state()
        nfa.arc(src, mid, None)
        nfa.arc(src, dst, None)
        nfa.node(node, src, mid)
        src = mid
    nfa.arc(src, dst, None)


def _determinized(nfa: _Nfa, start: int, end: int) -> tuple[list[dict[str, int]], set[int]]:
    first = nfa.closure([start])
    index = {first: 0}
    table: list[dict[str, int]] = [{}]
    finals: set[int] = set()
    todo = [first]
    while todo:
        subset = todo.pop()
        here = index[subset]
        if end in subset:
            finals.add(here)
        moves: dict[str, set[int]] = {}
        for state in subset:
            for word, dst in nfa.arcs.get(state, []):
                if word is not None:
                    moves.setdefault(word, set()).add(dst)
        for word, targets in moves.items():
            target = nfa.closure(targets)
            if target not in index:
                index[target] = len(table)
                table.append({})
                todo.append(target)
            table[here][word] = index[target]
    return table, finals


def _minimal(table: list[dict[str, int]], finals: set[int]) -> WordGraph:
    """Merge states with the same future (the graph is acyclic: one pass from the leaves)."""
    signature_class: dict[tuple[bool, tuple[tuple[str, int], ...]], int] = {}
    class_of: dict[int, int] = {}
    for state in _postorder(table):
        key = (
            state in finals,
            tuple(sorted((w, class_of[dst]) for w, dst in table[state].items())),
        )
        class_of[state] = signature_class.setdefault(key, len(signature_class))
    # number the classes from the start state, so that state 0 starts
    order: dict[int, int] = {}
    arcs: list[tuple[int, int, str]] = []
    stack = [0]
    order[class_of[0]] = 0
    done: set[int] = set()
    while stack:
        state = stack.pop()
        if class_of[state] in done:
            continue
        done.add(class_of[state])
        for word, dst in sorted(table[state].items()):
            if class_of[dst] not in order:
                order[class_of[dst]] = len(order)
                stack.append(dst)
            arcs.append((order[class_of[state]], order[class_of[dst]], word))
    final_ids = frozenset(order[class_of[s]] for s in finals)
    return WordGraph(tuple(arcs), final_ids, len(order))


def _postorder(table: list[dict[str, int]]) -> list[int]:
    out: list[int] = []
    seen: set[int] = set()
    stack: list[tuple[int, bool]] = [(0, False)]
    while stack:
        state, expanded = stack.pop()
        if expanded:
            out.append(state)
            continue
        if state in seen:
            continue
        seen.add(state)
        stack.append((state, True))
        stack += [(dst, False) for dst in table[state].values() if dst not in seen]
    return out

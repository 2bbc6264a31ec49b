"""Speech to intent, measured: the real recogniser on synthetic voices in noise and on real people.

    python benchmarks/intent_accuracy.py                  # the full run (about 15 min, 2 cores)
    python benchmarks/intent_accuracy.py --limit 600 --noises quiet babble --voices espeak

The corpus comes from benchmarks/corpus.py (phrases.yaml, written apart from the grammar).
An utterance is right when both intent and slots are; `none` phrases are right when rejected.
Dev and held-out phrases are reported apart: tune on dev only. Real recordings are the shared
Speech Commands sample: stop in the session context, yes/no in yes_no, digits in rating; every
other word, and the shared background noise alone, must be rejected in all three contexts.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import corpus

from companion.core.audio import AudioChunk
from companion.core.intents import NONE, IntentMatcher
from companion.core.ports import Recognizer
from companion.core.reader import Reader
from companion.core.understanding import ACCEPT_THRESHOLD, Understanding

REAL_CONTEXTS = {"stop": "session", "yes": "yes_no", "no": "yes_no", "rating": "rating"}
"""Where each real target word is spoken."""
REJECT_CONTEXTS = ("session", "yes_no", "rating")
"""Where every other real word, and noise alone, must be rejected."""
REAL_SNR_DB = 10.0
"""Speech-to-noise ratio of the real recordings mixed with the shared background noise."""


@dataclass(frozen=True)
class Job:
    """One clip to decode and what it should mean."""

    pcm: bytes
    """16 kHz mono int16."""
    context: str
    """Dialogue context it is heard in."""
    intent: str
    """Expected intent (`none`: must be rejected)."""
    slots: dict[str, int | str]
    """Expected slots."""
    group: tuple[str, ...]
    """Labels for the tables: (kind, set, condition, intent)."""


@dataclass(frozen=True)
class Outcome:
    """What the recogniser made of one clip."""

    job: Job
    """The clip."""
    text: str
    """Words heard."""
    intent: str
    """Intent acted on (`none` when rejected)."""
    slots: dict[str, Any]
    """Slots acted on."""
    decode_ms: float
    """Decoder time."""
    read_ms: float
    """Time to read the transcripts against the context's sentences."""

    @property
    def right(self) -> bool:
        """Intent and slots both as expected."""
        if self.job.intent == NONE:
            return self.intent == NONE
        return self.intent == self.job.intent and self.slots == self.job.slots


_worker: tuple[Recognizer, Understanding] | None = None


def _start_worker(threshold: float, threads: int = 1) -> None:
    """The companion's own ear and reading, as the live loop builds them."""
    global _worker
    from companion.engines.whisper_asr import WhisperRecognizer, WhisperSettings
    from companion.talk import meaning_likeness, understanding_by_ear

    matcher = IntentMatcher.bundled()
    reader = Reader(matcher, likeness=meaning_likeness(print))
    settings = WhisperSettings(threads=threads)
    whisper = WhisperRecognizer(settings, hints=matcher.grammar.hints, wake_phrase="companion")
    _worker = (whisper, understanding_by_ear(reader, whisper, threshold=threshold))


def _decode(job: Job) -> Outcome:
    assert _worker is not None
    recognizer, understanding = _worker
    heard = recognizer.recognize(AudioChunk(job.pcm, 16_000, 2, 1), job.context)
    started = time.perf_counter()
    intent = understanding.read(heard, job.context).intent
    read_ms = (time.perf_counter() - started) * 1000
    return Outcome(job, heard.text, intent.name, dict(intent.slots), heard.decode_ms, read_ms)


def synthetic_jobs(args: argparse.Namespace) -> Iterator[Job]:
    """The phrase corpus as jobs."""
    voices: list[corpus.Voice] = []
    if args.voices in ("espeak", "all"):
        voices += corpus.VOICES_ESPEAK
    if args.voices in ("piper", "all"):
        voices += corpus.VOICES_PIPER
    phrases = [p for p in corpus.load_phrases() if args.set in ("both", p.set)]
    for utt in corpus.build(phrases, voices, args.noises, args.snrs, args.seed, args.limit):
        condition = "quiet" if utt.snr_db is None else f"{utt.noise}@{utt.snr_db:g}dB"
        yield Job(
            utt.pcm,
            utt.context,
            utt.intent,
            dict(utt.slots),
            ("synthetic", utt.set, condition, utt.intent),
        )


def real_jobs(seed: int) -> Iterator[Job]:
    """The shared real recordings, clean and in the shared noise, plus noise alone."""
    try:
        commands = corpus.real_commands()
    except FileNotFoundError as exc:
        print(f"real recordings skipped: {exc}", file=sys.stderr)
        return
    bank = corpus.NoiseBank()
    rng = np.random.default_rng(seed)
    for noisy in (False, True):
        condition = f"recorded noise@{REAL_SNR_DB:g}dB" if noisy else "clean"
        for command in commands:
            pcm = command.pcm
            if noisy:
                speech = corpus.from_pcm(pcm)
                name = corpus.RECORDED_NOISES[rng.integers(len(corpus.RECORDED_NOISES))]
                noise = bank.segment(name, speech.size, rng)
                pcm = corpus.to_pcm(corpus.mix_samples(speech, noise, REAL_SNR_DB))
            contexts = (REAL_CONTEXTS[command.intent],) if command.is_target else REJECT_CONTEXTS
            for context in contexts:
                kind = "target" if command.is_target else "other word"
                yield Job(
                    pcm,
                    context,
                    command.intent,
                    dict(command.slots),
                    ("real", kind, condition, command.word),
                )
    for name in corpus.RECORDED_NOISES:
        for _ in range(10):
            pcm = corpus.to_pcm(corpus.dither(bank.segment(name, 16_000, rng), rng))
            for context in REJECT_CONTEXTS:
                yield Job(pcm, context, NONE, {}, ("real", "noise alone", "noise", name))


def run(jobs: Iterable[Job], workers: int, threshold: float) -> list[Outcome]:
    """Decode every job on `workers` processes, each with its own decoder (one thread each)."""
    if workers <= 1:
        _start_worker(threshold, threads=2)
        return [_decode(job) for job in jobs]
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers, initializer=_start_worker, initargs=(threshold,)) as pool:
        return list(pool.imap(_decode, jobs, chunksize=8))


def rate(outcomes: Sequence[Outcome]) -> str:
    """`right/total (percent)`."""
    right = sum(o.right for o in outcomes)
    return f"{right}/{len(outcomes)} ({100 * right / max(len(outcomes), 1):.1f}%)"


def table(title: str, outcomes: Sequence[Outcome], key: int) -> None:
    """Accuracy grouped by one label of the jobs."""
    groups: dict[str, list[Outcome]] = defaultdict(list)
    for outcome in outcomes:
        groups[outcome.job.group[key]].append(outcome)
    print(f"  {title}:")
    for name in sorted(groups):
        print(f"    {name:<28} {rate(groups[name])}")


def report_synthetic(outcomes: Sequence[Outcome], show_errors: int) -> None:
    """Accuracy tables for the phrase corpus, dev and held-out apart."""
    for set_name in corpus.SETS:
        mine = [o for o in outcomes if o.job.group[1] == set_name]
        if not mine:
            continue
        commands = [o for o in mine if o.job.intent != NONE]
        others = [o for o in mine if o.job.intent == NONE]
        crisis_quiet = [
            o for o in commands if o.job.intent == "crisis" and o.job.group[2] == "quiet"
        ]
        accepted = sum(not o.right for o in others)
        print(f"\n== synthetic, {set_name}: {len(mine)} utterances")
        print(f"  commands right (intent and slots): {rate(commands)}")
        print(
            f"  non-commands accepted (false accepts): {accepted}/{len(others)} "
            f"({100 * accepted / max(len(others), 1):.1f}%)"
        )
        print(f"  crisis recall in quiet: {rate(crisis_quiet)}")
        table("commands right per condition", commands, 2)
        table("false-accept-free rate of non-commands per condition", others, 2)
        table("right per intent (all conditions)", mine, 3)
        for o in [o for o in mine if not o.right][:show_errors]:
            print(f"    x [{o.job.context}] {o.job.intent} {o.job.slots} -> {o.text!r} {o.intent}")


def report_real(outcomes: Sequence[Outcome], show_errors: int) -> None:
    """Real recordings: targets right, the rest rejected."""
    if not outcomes:
        return
    print("\n== real recordings (Speech Commands sample)")
    for kind in ("target", "other word", "noise alone"):
        mine = [o for o in outcomes if o.job.group[1] == kind]
        verb = "right" if kind == "target" else "rejected"
        print(f"  {kind} {verb}: {rate(mine)}")
        table(f"{kind} per condition", mine, 2)
        if kind == "target":
            table("target per word", mine, 3)
        for o in [o for o in mine if not o.right][:show_errors]:
            print(f"    x [{o.job.context}] {o.job.group[3]} -> {o.text!r} {o.intent}")


def recognizer_peak_mb(clips: Sequence[tuple[bytes, str]]) -> float:
    """Peak resident memory of a fresh process that loads the recogniser and decodes clips
    (this process's own figure also counts the corpus and the Piper voice)."""
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        return float(pool.apply(_decode_and_measure, (list(clips),)))


def _decode_and_measure(clips: list[tuple[bytes, str]]) -> float:
    _start_worker(ACCEPT_THRESHOLD, threads=2)
    for pcm, context in clips:
        _decode(Job(pcm, context, NONE, {}, ()))
    # Not ru_maxrss: Linux carries it over exec from the forking parent (this benchmark, with
    # its corpus), so it printed 1078 MB. VmHWM starts afresh with the new program.
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def report_speed(outcomes: Sequence[Outcome], elapsed_s: float) -> None:
    """Decode and reading time, and peak memory."""
    print("\n== speed and memory")
    for label, mine in (
        ("all", outcomes),
        ("idle context", [o for o in outcomes if o.job.context == "idle"]),
    ):
        for what, times in (
            ("decode", [o.decode_ms for o in mine]),
            ("read", [o.read_ms for o in mine]),
        ):
            if times:
                print(
                    f"  {what} ms per utterance ({label}, {len(times)}): "
                    f"median {statistics.median(times):.1f}, p95 {_p95(times):.1f}"
                )
    clips = [(o.job.pcm, o.job.context) for o in outcomes[:50]]
    if clips:
        print(f"  peak memory of the recogniser alone: {recognizer_peak_mb(clips):.0f} MB")
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  peak memory of this benchmark (corpus and voices too): {own:.0f} MB")
    print(f"  wall time: {elapsed_s:.0f} s")


def _p95(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]


def main(argv: Sequence[str] | None = None) -> int:
    """Build the corpus, decode it, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--voices", choices=("espeak", "piper", "all"), default="all")
    parser.add_argument("--noises", nargs="+", default=["quiet", "pink", "babble", "fan"])
    parser.add_argument("--snrs", nargs="+", type=float, default=[20.0, 10.0, 5.0])
    parser.add_argument("--set", choices=("dev", "heldout", "both"), default="both")
    parser.add_argument("--limit", type=int, default=9000, help="synthetic utterances (sampled)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=2, help="decoder processes")
    parser.add_argument("--no-real", action="store_true", help="skip the real recordings")
    parser.add_argument(
        "--threshold", type=float, default=ACCEPT_THRESHOLD, help="confidence to accept"
    )
    parser.add_argument("--errors", type=int, default=0, help="print this many errors per table")
    args = parser.parse_args(argv)
    started = time.monotonic()
    outcomes = run(synthetic_jobs(args), args.jobs, args.threshold) if args.limit else []
    real = [] if args.no_real else run(real_jobs(args.seed), args.jobs, args.threshold)
    report_synthetic(outcomes, args.errors)
    report_real(real, args.errors)
    report_speed([*outcomes, *real], time.monotonic() - started)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

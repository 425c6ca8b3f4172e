"""Whole archives: an ordered parallel map over files, resume state, progress.

    inputs ─► batches ─► worker processes (extract + serialise) ─► parent, in input order:
                                                                   run-level checks ─► write ─► progress

Workers load the rules, dictionaries and models once (a pool initializer) and
send back each file's records already serialised as JSON lines, with the few
fields that the run-level check (duplicate 发文字号) reads. The parent keeps
a bounded window of batches in flight, so memory stays flat whatever the
archive's size, and writes every file's lines in one write, so a killed run
leaves whole documents behind and `--resume` can pick up where it stopped.
"""
from __future__ import annotations

import gc
import json
import os
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, TextIO

from . import pipeline
from .models import DocNumber, ErrorEntry, Record, Source
from .pipeline import Input, Settings


def record_line(record: Record) -> str:
    """One JSONL line; the same bytes on every run and machine."""
    return record.model_dump_json(exclude_none=False) + "\n"


def default_workers() -> int:
    """The cores this process may run on (a container's CPU set, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


# --- one file in a worker ------------------------------------------------------

@dataclass
class FileResult:
    """What a worker sends back for one input file."""

    path: str
    size: int = 0                     # bytes read
    lines: list[str] = field(default_factory=list)   # one JSON line per record, run-level flags not yet added
    keys: list[tuple[str, Source, DocNumber | None]] = field(default_factory=list)  # (doc_id, source, 文号) per line
    errors: list[ErrorEntry] = field(default_factory=list)
    documents: int = 0                # documents found (records + documents that failed a stage)
    profile: dict[str, float] = field(default_factory=dict)


_worker_settings: Settings | None = None
_worker_profile: bool = False


def init_worker(settings: Settings, profile: bool) -> None:
    """Pool initializer: remember the settings and load what the stages load
    lazily (rules, the segmenter's dictionary, spaCy) once, before the first
    file, so no file's timing carries the start-up."""
    global _worker_settings, _worker_profile
    _worker_settings, _worker_profile = settings, profile
    if profile:
        instrument()
    warm_up(settings)
    _inner.clear()
    # The rules, dictionaries and tables loaded above live as long as the process:
    # moved out of the collector's generations, each full collection no longer
    # walks them, and forked workers do not copy the pages holding them.
    gc.freeze()


# --- segmentation and NER timings ------------------------------------------------
# Segmentation and NER run inside the attribution stage; to show what they
# cost on their own, --profile wraps their entry points (in the worker only,
# before attribution imports them) with timers that count self time, so the
# segmenter called by spaCy's tokenizer counts as segmentation, not NER.

_inner: dict[str, float] = {}
_inner_stack: list[list[float]] = []


def _timed(name: str, fn: Callable) -> Callable:
    def wrapper(*args, **kwargs):
        _inner_stack.append([0.0])
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            spent = time.perf_counter() - t
            children = _inner_stack.pop()[0]
            _inner[name] = _inner.get(name, 0.0) + spent - children
            if _inner_stack:
                _inner_stack[-1][0] += spent
    wrapper.__wrapped__ = fn  # type: ignore[attr-defined]
    return wrapper


def instrument() -> None:
    """Time the segmenters and the NER entry points (idempotent)."""
    from . import segment

    if not hasattr(segment.segmenter, "__wrapped__"):
        plain = segment.segmenter
        segment.segmenter = lambda *a, **k: _timed("segmentation", plain(*a, **k))
        segment.segmenter.__wrapped__ = plain  # type: ignore[attr-defined]
    try:
        from . import ner
    except ImportError:  # NER not built yet: nothing to time
        return
    for name in ("entities", "entities_many", "name_spans_many"):
        fn = getattr(ner, name, None)
        if fn is not None and not hasattr(fn, "__wrapped__"):
            setattr(ner, name, _timed("ner", fn))


# A notice with a header, a criticism cue with units, a penalty and dates:
# enough to make every stage load its rules and models.
_WARM_UP_TEXT = (
    "某某市交通运输局文件\n某交办〔2024〕1号\n关于对有关单位予以通报批评的通报\n各区交通局：\n"
    "经检查，甲公司、乙公司未按要求整改，决定予以通报批评，并处罚款5000元，责令于2024年3月31日前整改。\n"
    "某某市交通运输局\n2024年1月5日\n"
)


def warm_up(settings: Settings) -> None:
    # A failure here is not swallowed for good: the same stage fails again on
    # the first real file and is reported there, with that file's name.
    try:
        pipeline.extract_text(_WARM_UP_TEXT, "<warm-up>", settings=settings)
    except Exception:  # noqa: BLE001 — reported per file later, see above
        pass


def process_file(item: Input | ErrorEntry, raw: bytes | None = None, settings: Settings | None = None,
                 profile: bool = False) -> FileResult:
    """Read, extract and serialise one file; every failure becomes an error entry."""
    if isinstance(item, ErrorEntry):
        return FileResult(path=item.path, errors=[item])
    settings = settings or Settings()
    timings: dict[str, float] | None = {} if profile else None
    result = FileResult(path=item.path)
    t = time.perf_counter()
    if raw is None:
        raw = pipeline.read_input(item)
        if isinstance(raw, ErrorEntry):
            result.errors.append(raw)
            return result
    result.size = len(raw)
    if timings is not None:
        timings["read"] = time.perf_counter() - t
    doc_errors: list[ErrorEntry] = []
    _inner.clear()
    records = pipeline.extract_input(item, raw, settings, timings, errors=doc_errors)
    if isinstance(records, ErrorEntry):
        result.errors.append(records)
        records = []
    result.errors.extend(e.model_copy(update={"path": item.path}) for e in doc_errors)
    result.documents = len(records) + len(doc_errors)
    t = time.perf_counter()
    result.lines = [record_line(r) for r in records]
    result.keys = [(r.doc_id, r.source, r.doc_number) for r in records]
    if timings is not None:
        timings["serialise"] = time.perf_counter() - t
        add_profile(timings, _inner)
        result.profile = timings
    return result


def _run_batch(batch: list[tuple[Input | ErrorEntry, bytes | None]]) -> list[FileResult]:
    return [process_file(item, raw, _worker_settings, _worker_profile) for item, raw in batch]


# --- ordered parallel map ---------------------------------------------------------

def ordered_map(fn: Callable, tasks: Iterable, workers: int, window: int,
                initializer: Callable, initargs: tuple) -> Iterator:
    """fn(task) for every task, results in task order, at most `window` tasks
    in flight. One worker (or a single task) runs in this process."""
    it = iter(tasks)
    head = []
    for task in it:
        head.append(task)
        if len(head) > 1:
            break
    if workers <= 1 or len(head) <= 1:
        initializer(*initargs)
        for task in head:
            yield fn(task)
        for task in it:
            yield fn(task)
        return
    # imported here: a run in this process (one worker, one file) never needs them
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    ctx = multiprocessing.get_context("fork" if "fork" in methods else methods[0])
    if ctx.get_start_method() == "fork":
        # warmed up here, forked workers inherit the loaded rules and dictionaries
        # and start at once, instead of each loading them while the others wait
        initializer(*initargs)
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=initializer, initargs=initargs)
    pending: deque = deque()
    try:
        for task in _chain(head, it):
            pending.append(pool.submit(fn, task))
            if len(pending) >= window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for fut in pending:
            fut.cancel()
        pool.shutdown(wait=True, cancel_futures=True)


def _chain(head: list, rest: Iterator) -> Iterator:
    yield from head
    yield from rest


def batches(items: Iterable[Input | ErrorEntry], max_files: int = 32, max_bytes: int = 1 << 20,
            sized: bool = True) -> Iterator[list[tuple[Input | ErrorEntry, bytes | None]]]:
    """Group files into tasks of about `max_bytes` so that inter-process traffic
    stays small next to the work. Standard input is read here, in the parent.
    With sized=False (one process: no traffic) files are not stat'ed and a
    batch is `max_files` files."""
    batch: list = []
    size = 0
    for item in items:
        raw = None
        if isinstance(item, Input):
            if item.path == "-":
                raw = sys.stdin.buffer.read()
                size += len(raw)
            elif sized:
                try:
                    size += os.stat(item.path).st_size
                except OSError:
                    pass  # the worker reads it and reports why it cannot
        batch.append((item, raw))
        if len(batch) >= max_files or size >= max_bytes:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def extract_files(items: Iterable[Input | ErrorEntry], settings: Settings, workers: int = 1,
                  profile: bool = False, window: int | None = None) -> Iterator[FileResult]:
    """Every input's FileResult, in input order (run-level checks not applied)."""
    window = window or 4 * max(1, workers)
    for results in ordered_map(_run_batch, batches(items, sized=workers > 1), workers, window, init_worker,
                               (settings, profile)):
        yield from results


# --- run-level checks ---------------------------------------------------------

@dataclass(slots=True)
class _SlimRecord:
    """What DuplicateTracker reads of a record. (Record.model_construct with
    these three fields costs ~85 µs, as it fills in every other field's
    default; this costs well under 1 µs.)"""

    doc_id: str
    source: Source
    doc_number: DocNumber | None


class RunChecks:
    """duplicate 发文字号 across the run, applied to serialised lines in order.

    The tracker gets slim records (source, doc_id, 文号), never the whole
    record, and keeps what it must remember of them in a temporary SQLite
    database, so the parent's memory does not grow with the archive."""

    def __init__(self, enabled: bool = True):
        from .checks import DuplicateTracker

        self.enabled = enabled
        self.tracker = DuplicateTracker()

    def close(self) -> None:
        self.tracker.close()

    def add(self, key: tuple[str, Source, DocNumber | None], line: str) -> str:
        """The line with the run-level flags of this record added."""
        if not self.enabled:
            return line
        doc_id, source, number = key
        flags = self.tracker.add(_SlimRecord(doc_id, source, number))  # type: ignore[arg-type]
        if not flags:
            return line
        record = Record.model_validate_json(line)
        record.flags.extend(flags)
        return record_line(record)

    def add_line(self, line: str) -> None:
        """A record written by an earlier run (resume): remembered, not changed."""
        if not self.enabled:
            return
        d = json.loads(line)
        number = DocNumber.model_validate(d["doc_number"]) if d.get("doc_number") else None
        self.add((d["doc_id"], Source.model_validate(d["source"]), number), line)


# --- resume -------------------------------------------------------------------

@dataclass
class ResumeState:
    """What an earlier, interrupted run already wrote to the output file."""

    written: set[tuple[str, str, int]] = field(default_factory=set)  # (doc_id, path, index)
    done_paths: set[str] = field(default_factory=set)   # files whose records are all written
    truncated: int = 0                                   # bytes of a partial last line cut off
    lines: int = 0

    def has(self, doc_id: str, path: str, index: int) -> bool:
        return (doc_id, path, index) in self.written


def recover_output(path: str, on_line: Callable[[str], None] | None = None) -> ResumeState:
    """Read OUT.jsonl from an interrupted run, cut a trailing partial line
    (or a last line that does not parse), and say what is written.

    Files are written in input order, each in one write, so every file before
    the last one in the output is complete; the last one may have lost its
    tail and is processed again, its written documents skipped one by one."""
    state = ResumeState()
    if not os.path.exists(path):
        return state
    good_end = 0
    last_path = None
    with open(path, "rb") as fh:
        for raw in fh:
            if not raw.endswith(b"\n"):
                break
            try:
                line = raw.decode("utf-8")
                d = json.loads(line)
                key = (d["doc_id"], d["source"]["path"], d["source"]["index"])
            except (UnicodeDecodeError, ValueError, KeyError, TypeError):
                break  # a torn write can end in a complete-looking line only by chance; stop trusting here
            state.written.add(key)
            if last_path is not None and key[1] != last_path:
                state.done_paths.add(last_path)
            last_path = key[1]
            state.lines += 1
            good_end += len(raw)
            if on_line is not None:
                on_line(line)
        size = fh.seek(0, os.SEEK_END)
    if size > good_end:
        with open(path, "r+b") as fh:
            fh.truncate(good_end)
        state.truncated = size - good_end
    return state


# --- progress -------------------------------------------------------------------

def scan_totals(items: Iterable[Input | ErrorEntry]) -> tuple[int, int]:
    """(files, bytes) of the inputs, for the progress bar's ETA."""
    files = size = 0
    for item in items:
        files += 1
        if isinstance(item, Input) and item.path != "-":
            try:
                size += os.stat(item.path).st_size
            except OSError:
                pass
    return files, size


class Progress:
    """One line on stderr, redrawn at most ten times a second:
    files, documents, MB/s and ETA."""

    def __init__(self, stream: TextIO, total_files: int = 0, total_bytes: int = 0):
        self.stream, self.total_files, self.total_bytes = stream, total_files, total_bytes
        self.started = time.perf_counter()
        self.files = self.documents = self.bytes = self.errors = 0
        self._drawn = 0.0
        self._width = 0

    def update(self, files: int = 0, documents: int = 0, nbytes: int = 0, errors: int = 0) -> None:
        self.files += files
        self.documents += documents
        self.bytes += nbytes
        self.errors += errors
        now = time.perf_counter()
        if now - self._drawn >= 0.1:
            self._drawn = now
            self._draw(now)

    def _draw(self, now: float) -> None:
        elapsed = max(now - self.started, 1e-9)
        rate = self.bytes / elapsed
        parts = []
        if self.total_files:
            pct = 100.0 * (self.bytes / self.total_bytes if self.total_bytes else self.files / self.total_files)
            bar = "#" * int(pct / 5)
            parts.append(f"[{bar:<20}] {pct:5.1f}%")
            parts.append(f"{self.files}/{self.total_files} files")
        else:
            parts.append(f"{self.files} files")
        parts.append(f"{self.documents} docs")
        if self.errors:
            parts.append(f"{self.errors} errors")
        parts.append(f"{rate / 1e6:.2f} MB/s")
        if self.total_bytes and rate > 0:
            parts.append(f"ETA {_clock(max(0.0, (self.total_bytes - self.bytes) / rate))}")
        line = "  ".join(parts)
        self.stream.write("\r" + line.ljust(self._width))
        self.stream.flush()
        self._width = len(line)

    def close(self) -> None:
        self.stream.write("\r" + " " * self._width + "\r")
        self.stream.flush()


def _clock(seconds: float) -> str:
    s = int(seconds + 0.5)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}" if s >= 3600 else f"{s // 60}:{s % 60:02d}"


# --- profile ----------------------------------------------------------------------

# The stages the pipeline reports, grouped as the issue names them.
PROFILE_GROUPS = (
    ("reading", ("read",)),
    ("splitting", ("split",)),
    ("rules", ("header", "footer", "references", "items")),
    ("segmentation", ("segmentation",)),
    ("NER", ("ner",)),
    ("attribution", ("attribution",)),
    ("dates", ("dates",)),
    ("checks", ("checks", "run-checks")),
    ("writing", ("serialise", "write")),
)


def add_profile(total: dict[str, float], part: dict[str, float]) -> None:
    for k, v in part.items():
        total[k] = total.get(k, 0.0) + v


def profile_lines(timings: dict[str, float], workers: int) -> list[str]:
    """Per-stage seconds, summed over the workers, grouped as in PROFILE_GROUPS;
    segmentation and NER run inside attribution and are taken out of it."""
    t = dict(timings)
    inner = t.get("segmentation", 0.0) + t.get("ner", 0.0)
    if inner and "attribution" in t:
        t["attribution"] = max(0.0, t["attribution"] - inner)
    grouped: list[tuple[str, float]] = []
    seen: set[str] = set()
    for name, keys in PROFILE_GROUPS:
        grouped.append((name, sum(t.get(k, 0.0) for k in keys)))
        seen.update(keys)
    grouped += [(k, v) for k, v in sorted(t.items()) if k not in seen]
    total = sum(v for _, v in grouped) or 1.0
    head = f"profile: seconds per stage, summed over {workers} worker{'s' if workers != 1 else ''}"
    return [head] + [f"profile: {name:13} {secs:9.3f} s {100 * secs / total:5.1f} %" for name, secs in grouped]

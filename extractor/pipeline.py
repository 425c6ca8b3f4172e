"""The pipeline, top to bottom.

    read ─► split ─► header ─► footer ─► references ─► dates ─► attribution ─► items ─► checks ─► record

`STAGES` is the whole per-document pipeline in order; each stage takes a
`Document` and annotates it. Reading and splitting work per file; a run-level
check (duplicate 发文字号) works across documents in `iter_records`.
"""
from __future__ import annotations

import fnmatch
import hashlib
import os
import re
import sys
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator

from . import splitter
from .checks import DuplicateTracker, check_record
from .dating import read_dates
from .document import Document, view_lines
from .footer import read_footer
from .header import read_header
from .items import read_items
from .models import ErrorEntry, Printed, Record, Source
from .references import find_references
from .segment import default_segmenter
from .text import DecodeError, SourceText, clean_view, decode, replace_each, squeeze_spaces


@dataclass
class Settings:
    """Run-wide settings that stages read (segmenter choice, check thresholds …)."""

    segmenter: str = field(default_factory=default_segmenter)
    checks: bool = True
    attribution: bool = True


# --- stages ----------------------------------------------------------------

def stage_header(doc: Document, settings: Settings) -> None:
    read_header(doc)


def stage_footer(doc: Document, settings: Settings) -> None:
    read_footer(doc)


def stage_references(doc: Document, settings: Settings) -> None:
    doc.fields["references"] = find_references(doc)


def stage_dates(doc: Document, settings: Settings) -> None:
    read_dates(doc)


def stage_attribution(doc: Document, settings: Settings) -> None:
    if not settings.attribution:
        return
    # imported here: it loads jieba and spaCy, which a run without attribution never needs
    from .attributing import read_attribution

    read_attribution(doc, settings)


def stage_items(doc: Document, settings: Settings) -> None:
    if doc.fields.get("doc_type") == "清单":
        doc.fields["items"] = read_items(doc)


STAGES: list[tuple[str, Callable[[Document, Settings], None]]] = [
    ("header", stage_header),
    ("footer", stage_footer),
    ("references", stage_references),
    ("dates", stage_dates),
    ("attribution", stage_attribution),
    ("items", stage_items),
]


# --- documents → records -------------------------------------------------------

def _compatibility_table() -> tuple[re.Pattern, dict[str, str]]:
    """Every BMP character with a compatibility decomposition, and that decomposition."""
    table = {}
    for block in range(0, 0x10000, 128):
        # most blocks (all of CJK) hold no such character: is_normalized says so in
        # one call (its quick check fails on any character with a decomposition)
        if unicodedata.is_normalized("NFKD", "".join(map(chr, range(block, block + 128)))):
            continue
        for c in range(block, block + 128):
            if 0xAC00 <= c <= 0xD7A3 or 0xD800 <= c <= 0xDFFF:  # Hangul syllables recompose; surrogates are not text
                continue
            nfkd = unicodedata.normalize("NFKD", chr(c))
            if nfkd != chr(c):
                table[chr(c)] = nfkd
    return re.compile("[" + "".join(map(re.escape, sorted(table))) + "]"), table


_COMPAT, _COMPAT_TABLE = _compatibility_table()


def doc_id(text: str) -> str:
    """Stable id: SHA-256 of the document's text with NFKC applied and all
    white space removed, so re-encoding or re-wrapping a file keeps its ids."""
    # Nearly every 公文 holds full-width punctuation, which sends normalize() down
    # its slow path. NFKC depends only on the compatibility decomposition, so
    # replacing those characters by theirs first gives the same string, and
    # normalize() then usually returns at its quick check (3x faster here).
    # (A decomposition holds no character with a decomposition of its own, as
    # replace_each requires.)
    text = replace_each(text, _COMPAT, _COMPAT_TABLE)
    norm = squeeze_spaces(unicodedata.normalize("NFKC", text))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def build_record(doc: Document) -> Record:
    f = doc.fields
    src = doc.source
    a, b = doc.view.to_source(doc.start, doc.end)
    # trim blank lines at the ends of the document's range
    raw = src.text
    while a < b and raw[a] in " \t\r\n\u3000":
        a += 1
    while b > a and raw[b - 1] in " \t\r\n\u3000":
        b -= 1
    printed = None
    pv = f.get("printed_view")
    if pv:
        by_span, _, clause = pv
        printed = Printed(by=squeeze_spaces(by_span.text) if by_span else None,
                          date=f.get("printed_date"), evidence=doc.span(*clause))
    return Record(
        source=Source(path=src.path, index=doc.index, encoding=src.encoding, start=a, end=b,
                      line_start=src.line_of(a), line_end=src.line_of(max(a, b - 1))),
        doc_id=doc_id(raw[a:b]),
        doc_type=f.get("doc_type"),
        masthead=f.get("masthead"),
        issuers=f.get("issuers", []),
        issuer_spans=f.get("issuer_spans", []),
        doc_number=f.get("doc_number"),
        title=f.get("title"),
        title_span=f.get("title_span"),
        addressees=f.get("addressees", []),
        addressee_spans=f.get("addressee_spans", []),
        signed_date=f.get("signed_date"),
        printed=printed,
        report_to=f.get("report_to", []),
        cc=f.get("cc", []),
        keywords=f.get("keywords", []),
        copies=f.get("copies"),
        attachments=f.get("attachments", []),
        references=f.get("references", []),
        dates=f.get("dates", []),
        commended=f.get("commended", []),
        criticised=f.get("criticised", []),
        penalties=f.get("penalties", []),
        periods=f.get("periods", []),
        deadlines=f.get("deadlines", []),
        items=f.get("items", []),
        flags=[],  # (not left to the default, which pydantic deep-copies)
        evidence={**f.get("evidence", {}),
                  **{f"attachment_{k}": s for k, s in enumerate(f.get("attachment_spans", []))}},
    )


def extract_source(src: SourceText, settings: Settings | None = None, profile: dict | None = None,
                   errors: list[ErrorEntry] | None = None) -> list[Record]:
    """Every document of one decoded file, as validated records.

    With an `errors` list, a document that breaks a stage becomes an entry
    there (path, index, stage, reason) and the file's other documents go on;
    without one, the exception propagates."""
    settings = settings or Settings()
    t0 = time.perf_counter()
    view = clean_view(src)
    lines = view_lines(view)  # once per file: the splitter and every document read them
    bounds = splitter.split(view, lines)
    _tick(profile, "split", t0)
    records = []
    for index, (first, stop) in enumerate(bounds):
        doc = Document(source=src, view=view, start=lines[first].start, end=lines[stop - 1].end,
                       index=index, lines=lines[first:stop])
        name = "record"
        try:
            for name, stage in STAGES:
                t = time.perf_counter()
                stage(doc, settings)
                _tick(profile, name, t)
            name = "checks"
            t = time.perf_counter()
            record = build_record(doc)
            if settings.checks:
                record.flags = check_record(record)
            _tick(profile, "checks", t)
        except Exception as e:
            if errors is None:
                raise
            errors.append(ErrorEntry(path=src.path, index=index, stage=name, reason=f"{type(e).__name__}: {e}"))
            continue
        records.append(record)
    return records


def _tick(profile: dict | None, name: str, since: float) -> None:
    if profile is not None:
        profile[name] = profile.get(name, 0.0) + time.perf_counter() - since


def extract_text(text: str, path: str = "<text>", encoding: str = "utf-8", settings: Settings | None = None) -> list[Record]:
    return extract_source(SourceText(path=path, text=text, encoding=encoding), settings)


def extract_bytes(raw: bytes, path: str, settings: Settings | None = None, profile: dict | None = None,
                  errors: list[ErrorEntry] | None = None) -> list[Record]:
    """Decode and extract; raises DecodeError for a file that is not text."""
    t0 = time.perf_counter()
    text, encoding = decode(raw)
    _tick(profile, "read", t0)
    return extract_source(SourceText(path=path, text=text, encoding=encoding), settings, profile, errors)


# --- files -----------------------------------------------------------------------

@dataclass
class Input:
    """One input as the user named it: a path (relative stays relative) or '-'."""

    path: str


def iter_inputs(paths: Iterable[str], glob: str = "*.txt") -> Iterator[Input | ErrorEntry]:
    """Files in command-line order; folders recursively, sorted, filtered by `glob`."""
    for p in paths:
        if p == "-":
            yield Input("-")
            continue
        path = Path(p)
        if path.is_dir():
            found = False
            for q in walk_folder(p, glob):
                found = True
                yield Input(q)
            if not found:
                yield ErrorEntry(path=p, stage="read", reason=f"folder holds no files matching {glob!r}")
        elif path.is_file():
            yield Input(p)
        elif path.exists():
            yield ErrorEntry(path=p, stage="read", reason="not a regular file")
        else:
            yield ErrorEntry(path=p, stage="read", reason="no such file or directory")


def walk_folder(folder: str, glob: str) -> Iterator[str]:
    """The files under `folder` whose name matches `glob`, in the order of their
    sorted POSIX paths, as `folder` joined with the relative path.

    One directory is listed at a time: a sorted list of every path (what
    `sorted(Path.rglob())` builds) cost the parent ~27 MB on a 67 000-file
    archive, and every forked worker inherited it. Sorting a directory's
    entries with "/" after each subdirectory's name gives the order of the
    whole paths, because a subdirectory's paths all start with "name/".
    Like `Path.rglob` in Python 3.11, symlinked directories are not entered
    and unreadable ones are skipped; a symlink, even dangling, is a file the
    user meant to give, reported later if it cannot be read."""
    if "/" in glob:  # a pattern over paths, not names: let pathlib match it
        root = Path(folder)
        found = sorted((q for q in root.rglob(glob) if q.is_file() or q.is_symlink()), key=lambda q: q.as_posix())
        yield from (os.path.join(folder, q.relative_to(root).as_posix()) for q in found)
        return
    try:
        with os.scandir(folder) as it:
            entries = list(it)
    except OSError:
        return
    keyed = []
    for entry in entries:
        try:
            is_dir = entry.is_dir() and not entry.is_symlink()
        except OSError:
            is_dir = False
        keyed.append((entry.name + "/" if is_dir else entry.name, entry, is_dir))
    keyed.sort(key=lambda k: k[0])
    for _, entry, is_dir in keyed:
        child = os.path.join(folder, entry.name)
        if is_dir:
            yield from walk_folder(child, glob)
        elif fnmatch.fnmatchcase(entry.name, glob) and (entry.is_symlink() or entry.is_file()):
            yield child


def read_input(item: Input) -> bytes | ErrorEntry:
    """The input's bytes, or the error entry that says why it cannot be read."""
    try:
        if item.path == "-":
            return sys.stdin.buffer.read()
        with open(item.path, "rb") as fh:
            return fh.read()
    except OSError as e:
        return ErrorEntry(path=item.path, stage="read", reason=e.strerror or str(e))


def extract_input(item: Input, raw: bytes, settings: Settings | None = None, profile: dict | None = None,
                  errors: list[ErrorEntry] | None = None) -> list[Record] | ErrorEntry:
    """The records of one input's bytes, or one error entry naming the file and the reason."""
    try:
        return extract_bytes(raw, "<stdin>" if item.path == "-" else item.path, settings, profile, errors)
    except DecodeError as e:
        return ErrorEntry(path=item.path, stage="decode", reason=str(e))
    except Exception as e:  # a bug in a stage must not lose the other files' records
        return ErrorEntry(path=item.path, stage="extract", reason=f"{type(e).__name__}: {e}")


def process_input(item: Input, settings: Settings | None = None, profile: dict | None = None) -> list[Record] | ErrorEntry:
    """One file → its records, or one error entry naming the file and the reason."""
    raw = read_input(item)
    return raw if isinstance(raw, ErrorEntry) else extract_input(item, raw, settings, profile)


def iter_records(paths: Iterable[str], glob: str = "*.txt", settings: Settings | None = None,
                 profile: dict | None = None) -> Iterator[tuple[str, list[Record] | ErrorEntry]]:
    """(path, records or error) for every input, in order, with run-level flags
    (duplicate 发文字号) added to the records as they stream past."""
    with DuplicateTracker() as tracker:
        for item in iter_inputs(paths, glob):
            if isinstance(item, ErrorEntry):
                yield item.path, item
                continue
            result = process_input(item, settings, profile)
            if isinstance(result, list) and (settings is None or settings.checks):
                for record in result:
                    record.flags.extend(tracker.add(record))
            yield item.path, result

"""`gongwen check`: the findings of a run, linter style.

    path:line:col: code [severity] message

one finding a line, grouped by document, each followed by the places of its
evidence, then a summary. The work is in `run_checks` (shared with
`gongwen report`); the command only formats and sets the exit status:
1 when a finding at or above --fail-on is found, 2 on usage or read errors.
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Optional

import click

from . import checks
from .models import ErrorEntry, Flag, Record, Span

FAIL_ON = ("error", "warning", "info", "never")


# --- the library part ---------------------------------------------------------

@dataclass
class DocFindings:
    """One document of the run with its findings."""

    record: Record
    text: Optional[str]  # the whole decoded file, for columns and the report; None if unreadable
    flags: list[Flag] = field(default_factory=list)

    @property
    def path(self) -> str:
        return self.record.source.path

    def col(self, span: Span) -> int:
        """1-based column of the span's start within its line."""
        if self.text is None:
            return 1
        return span.start - (self.text.rfind("\n", 0, span.start) + 1) + 1


@dataclass
class RunResult:
    documents: list[DocFindings]
    errors: list[ErrorEntry]

    def findings(self) -> Iterator[tuple[DocFindings, Flag]]:
        for doc in self.documents:
            for f in doc.flags:
                yield doc, f

    def counts(self) -> Counter:
        return Counter(f.severity for _, f in self.findings())


def _records_from_jsonl(path: Path) -> Iterator[tuple[str, list]]:
    """Records written earlier by `gongwen extract -o records.jsonl`."""
    out: list = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                out.append(ErrorEntry(**data["error"]) if "error" in data and "source" not in data
                           else Record.model_validate(data))
            except Exception as e:  # a bad line is reported in its place; the run goes on
                out.append(ErrorEntry(path=str(path), index=None, stage="read-records",
                                      reason=f"line {n}: {type(e).__name__}: {e}"))
    yield str(path), out


def iter_documents(paths: Iterable[str], glob: str = "*.txt") -> Iterator[tuple[str, list | ErrorEntry]]:
    """(path, records | ErrorEntry) for text files (extracted now) and .jsonl record files."""
    texts = []
    for p in paths:
        if str(p).endswith(".jsonl") and Path(p).is_file():
            yield from _records_from_jsonl(Path(p))
        else:
            texts.append(str(p))
    if texts:
        from .pipeline import iter_records  # the one call that needs the pipeline
        yield from iter_records(texts, glob=glob)


class _Texts:
    """Decoded file texts, read once per file."""

    def __init__(self) -> None:
        self._cache: dict[str, Optional[str]] = {}

    def get(self, record: Record) -> Optional[str]:
        path = record.source.path
        if path not in self._cache:
            try:
                raw = Path(path).read_bytes()
                try:
                    self._cache[path] = raw.decode(record.source.encoding)
                except (LookupError, UnicodeDecodeError):
                    from .text import decode
                    self._cache[path] = decode(raw)[0]
            except (OSError, ValueError):
                self._cache[path] = None
        return self._cache[path]


def run_checks(paths: Iterable[str], settings: checks.CheckSettings | None = None,
               glob: str = "*.txt") -> RunResult:
    """Extract (or read) every document, check each, then check the run."""
    settings = settings or checks.default_settings()
    texts = _Texts()
    docs: list[DocFindings] = []
    errors: list[ErrorEntry] = []
    want_dupes = settings.wants("duplicate-doc-number")
    with checks.DuplicateTracker() as tracker:
        for path, result in iter_documents(paths, glob=glob):
            if isinstance(result, ErrorEntry):
                errors.append(result)
                continue
            for item in result:
                if isinstance(item, ErrorEntry):
                    errors.append(item)
                    continue
                doc = DocFindings(record=item, text=texts.get(item), flags=checks.check_record(item, settings))
                docs.append(doc)
                if want_dupes:
                    for pos, flags in tracker.add_at(len(docs) - 1, item).items():
                        docs[pos].flags.extend(flags)
    return RunResult(docs, errors)


# --- output -----------------------------------------------------------------

def _span_json(doc: DocFindings, s: Span) -> dict:
    return {"text": s.text, "start": s.start, "end": s.end, "line": s.line, "col": doc.col(s)}


def finding_json(doc: DocFindings, f: Flag) -> dict:
    first = f.evidence[0] if f.evidence else None
    return {
        "path": doc.path, "index": doc.record.source.index, "doc_id": doc.record.doc_id,
        "line": first.line if first else doc.record.source.line_start,
        "col": doc.col(first) if first else 1,
        "code": f.code, "severity": f.severity, "message": f.message, "clause": f.clause,
        "evidence": [_span_json(doc, s) for s in f.evidence],
    }


def summary_json(run: RunResult) -> dict:
    sev = run.counts()
    return {
        "findings": sum(sev.values()),
        "by_severity": {s: sev.get(s, 0) for s in checks.SEVERITIES},
        "by_code": dict(Counter(f.code for _, f in run.findings()).most_common()),
        "documents": len(run.documents),
        "documents_with_findings": sum(1 for d in run.documents if d.flags),
        "files": len({d.path for d in run.documents}),
        "errors": len(run.errors),
    }


def summary_line(run: RunResult) -> str:
    s = summary_json(run)
    sev = ", ".join(f"{s['by_severity'][k]} {k}" for k in checks.SEVERITIES)
    line = (f"{s['findings']} findings ({sev}) in {s['documents_with_findings']} of "
            f"{s['documents']} documents, {s['files']} files")
    if s["errors"]:
        line += f"; {s['errors']} could not be read"
    if s["by_code"]:
        line += "\n  " + "  ".join(f"{c}: {n}" for c, n in s["by_code"].items())
    return line


def _doc_heading(doc: DocFindings) -> str:
    r = doc.record
    bits = [f"{doc.path} #{r.source.index}"]
    if r.doc_number:
        bits.append(r.doc_number.text.strip())
    if r.title:
        bits.append(r.title)
    return " · ".join(bits)


def write_text(run: RunResult, out, quiet: bool = False) -> None:
    for doc in run.documents:
        if not doc.flags:
            continue
        if not quiet:
            out.write(_doc_heading(doc) + "\n")
        for f in doc.flags:
            j = finding_json(doc, f)
            out.write(f"{j['path']}:{j['line']}:{j['col']}: {f.code} [{f.severity}] {f.message}\n")
            if not quiet:
                for s in f.evidence:
                    out.write(f"    at {s.line}:{doc.col(s)} “{s.text}”\n")
        if not quiet:
            out.write("\n")
    if not quiet:
        out.write(summary_line(run) + "\n")


def write_json(run: RunResult, out) -> None:
    data = {
        "documents": [{
            "path": d.path, "index": d.record.source.index, "doc_id": d.record.doc_id,
            "doc_number": d.record.doc_number.text if d.record.doc_number else None,
            "title": d.record.title,
            "findings": [finding_json(d, f) for f in d.flags],
        } for d in run.documents],
        "errors": [e.model_dump() for e in run.errors],
        "summary": summary_json(run),
    }
    json.dump(data, out, ensure_ascii=False, indent=1)
    out.write("\n")


def write_jsonl(run: RunResult, out) -> None:
    for doc, f in run.findings():
        out.write(json.dumps(finding_json(doc, f), ensure_ascii=False) + "\n")


def exit_status(run: RunResult, fail_on: str) -> int:
    if run.errors:
        return 2
    if fail_on == "never":
        return 0
    bar = checks.SEVERITY_RANK[fail_on]
    return 1 if any(checks.SEVERITY_RANK[f.severity] >= bar for _, f in run.findings()) else 0


# --- shared options -------------------------------------------------------------

def _codes(values: tuple[str, ...], option: str) -> Optional[frozenset[str]]:
    codes = {c.strip() for v in values for c in v.split(",") if c.strip()}
    if not codes:
        return None
    unknown = codes - set(checks.all_codes())
    if unknown:
        raise click.BadParameter(
            f"unknown code(s) {', '.join(sorted(unknown))}; known codes: {', '.join(checks.all_codes())}",
            param_hint=option)
    return frozenset(codes)


def selection_options(fn):
    fn = click.option("--ignore", multiple=True, metavar="CODES",
                      help="Skip these codes (comma-separated, repeatable).")(fn)
    fn = click.option("--select", multiple=True, metavar="CODES",
                      help="Only these codes (comma-separated, repeatable).")(fn)
    fn = click.option("--glob", default="*.txt", show_default=True,
                      help="Which files to read inside a directory.")(fn)
    return fn


def settings_from(select: tuple[str, ...], ignore: tuple[str, ...]) -> checks.CheckSettings:
    return checks.CheckSettings.from_rules(select=_codes(select, "--select"),
                                           ignore=_codes(ignore, "--ignore") or frozenset())


def report_errors(run: RunResult) -> None:
    for e in run.errors:
        where = e.path + (f" #{e.index}" if e.index is not None else "")
        click.echo(f"error: {where}: {e.stage}: {e.reason}", err=True)


@click.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "jsonl"]), default="text", show_default=True,
              help="text: one finding a line, grouped by document; json: one document; jsonl: one finding a line.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), default="warning", show_default=True,
              help="Exit 1 when a finding of this severity or worse is found.")
@selection_options
@click.option("-q", "--quiet", is_flag=True, help="Finding lines only: no headings, evidence or summary.")
def check(paths, fmt, fail_on, glob, select, ignore, quiet):
    """Check documents for inconsistencies a reviewer should see.

    PATHS are text files, directories (read with --glob) or .jsonl files of
    records written by `gongwen extract`. Codes, severities and clauses:
    docs/checks.md. Exit status: 0 clean, 1 a finding at or above --fail-on,
    2 a usage or read error.

    \b
    Example:
        gongwen check corpus/seeds
        gongwen check corpus/seeds --format jsonl --ignore mixed-numerals --fail-on error
    """
    settings = settings_from(select, ignore)
    run = run_checks(paths, settings, glob=glob)
    out = click.get_text_stream("stdout")
    if fmt == "text":
        write_text(run, out, quiet=quiet)
    elif fmt == "json":
        write_json(run, out)
    else:
        write_jsonl(run, out)
        if not quiet:
            click.echo(summary_line(run), err=True)
    report_errors(run)
    sys.exit(exit_status(run, fail_on))

"""`gongwen extract`: files and folders in, one JSON record per document out."""
from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from .models import ErrorEntry, Record
from .pipeline import Settings, iter_records


def record_line(record: Record) -> str:
    """One JSONL line; the same bytes on every run and machine."""
    return record.model_dump_json(exclude_none=False) + "\n"


def error_line(err: ErrorEntry) -> str:
    where = err.path if err.index is None else f"{err.path}#{err.index}"
    return f"gongwen: {where}: {err.stage}: {err.reason}"


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write JSONL here (default: stdout).")
@click.option("--glob", "glob", default="*.txt", show_default=True, help="Which files to take from folders.")
@click.option("--strict", is_flag=True, help="Stop at the first file that fails (default: keep going).")
@click.option("--keep-going", "strict", flag_value=False, help="Report failing files and go on (the default).")
@click.option("--db", "db_url", default=None, help="Also load the records into a database (sqlite:///x.db, x.db, postgresql://…).")
@click.option("--segmenter", type=click.Choice(["jieba", "rjieba", "pkuseg"]), default="jieba", show_default=True,
              help="Segmenter for the cue sentences that attribution reads.")
@click.option("--no-checks", is_flag=True, help="Skip the consistency checks (flags).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write one JSON line per failed file here.")
@click.option("--profile", is_flag=True, help="Print the time spent in each stage to stderr.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def extract(paths, output, glob, strict, db_url, segmenter, no_checks, errors_path, profile, quiet):
    """Extract records from PATHS (files, folders, or - for stdin).

    One JSON line per document, in input order. A file that cannot be read or
    decoded is reported on stderr with the reason; the others are still
    processed, and the exit status is 1 at the end.

    \b
    Examples:
        gongwen extract corpus/seeds -o records.jsonl
        gongwen extract archive/ --glob '*.htm' --db records.db
        cat notice.txt | gongwen extract -
    """
    settings = Settings(segmenter=segmenter, checks=not no_checks)
    timings: dict[str, float] | None = {} if profile else None
    out = open(output, "w", encoding="utf-8") if output else sys.stdout
    errs = open(errors_path, "w", encoding="utf-8") if errors_path else None
    store = None
    if db_url:
        from .db import open_store
        store = open_store(db_url).__enter__()
    n_files = n_docs = n_errors = 0
    started = time.perf_counter()
    try:
        for path, result in iter_records(paths, glob, settings, timings):
            n_files += 1
            if isinstance(result, ErrorEntry):
                n_errors += 1
                click.echo(error_line(result), err=True)
                if errs:
                    errs.write(result.model_dump_json() + "\n")
                    errs.flush()
                if strict:
                    break
                continue
            t = time.perf_counter()
            # a file's records go out in one write: a killed run never leaves half a document
            out.write("".join(record_line(r) for r in result))
            out.flush()
            if store:
                for r in result:
                    store.write(r)
            if timings is not None:
                timings["write"] = timings.get("write", 0.0) + time.perf_counter() - t
            n_docs += len(result)
    finally:
        if store:
            store.__exit__(None, None, None)
        if output:
            out.close()
        if errs:
            errs.close()
    elapsed = time.perf_counter() - started
    if timings is not None:
        total = sum(timings.values()) or 1.0
        for name, secs in sorted(timings.items(), key=lambda kv: -kv[1]):
            click.echo(f"profile: {name:12} {secs:8.3f} s {100 * secs / total:5.1f} %", err=True)
    if not quiet:
        click.echo(f"gongwen: {n_files} files, {n_docs} documents, {n_errors} errors, {elapsed:.2f} s", err=True)
    if n_errors:
        sys.exit(1)

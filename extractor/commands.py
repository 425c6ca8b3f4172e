"""`gongwen extract`: files and folders in, one JSON record per document out.

A thin layer: the parallel map, resume state and progress bar live in
`bulk`, the work in `pipeline`.
"""
from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

import click

from .bulk import (Progress, RunChecks, add_profile, default_workers, extract_files, profile_lines, record_line,
                   recover_output, scan_totals)
from .models import ErrorEntry
from .pipeline import Input, Settings, iter_inputs
from .segment import default_segmenter

__all__ = ["extract", "record_line", "error_line"]


def error_line(err: ErrorEntry) -> str:
    where = err.path if err.index is None else f"{err.path}#{err.index}"
    return f"gongwen: {where}: {err.stage}: {err.reason}"


def _check_segmenter(name: str) -> None:
    """Fail before the run, with the fix, when the chosen segmenter cannot load."""
    if name == "jieba":
        return
    from .segment import SegmenterUnavailable, segmenter
    try:
        segmenter(name)
    except (SegmenterUnavailable, ImportError) as e:
        raise click.UsageError(f"--segmenter {name} is unavailable: {e}") from None


@click.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write JSONL here (default: stdout).")
@click.option("--glob", "glob", default="*.txt", show_default=True, help="Which files to take from folders.")
@click.option("--strict", is_flag=True, help="Stop at the first file that fails (default: keep going).")
@click.option("--keep-going", "strict", flag_value=False, help="Report failing files and go on (the default).")
@click.option("--db", "db_url", default=None, help="Also load the records into a database (sqlite:///x.db, x.db, postgresql://…).")
@click.option("--segmenter", type=click.Choice(["jieba", "rjieba", "pkuseg"]), default=None,
              help="Segmenter for the cue sentences that attribution reads [default: rjieba when installed, "
                   "else jieba; the seed and dev scores are the same with both, see docs/performance.md].")
@click.option("--no-checks", is_flag=True, help="Skip the consistency checks (flags).")
@click.option("-j", "--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: the machine's cores]. The output is the same for any number.")
@click.option("--resume", is_flag=True,
              help="Skip documents that -o OUT.jsonl or --db already holds (after an interrupted run).")
@click.option("--errors", "errors_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write one JSON line per failed file or document here (path, index, stage, reason).")
@click.option("--profile", is_flag=True, help="Print the time spent in each stage to stderr.")
@click.option("--progress/--no-progress", default=None,
              help="Progress bar on stderr [default: when stderr is a terminal].")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary on stderr.")
def extract(paths, output, glob, strict, db_url, segmenter, no_checks, workers, resume, errors_path, profile,
            progress, quiet):
    """Extract records from PATHS (files, folders, or - for stdin).

    One JSON line per document, in input order, the same bytes whatever
    --workers is. A file that cannot be read or decoded, or a document that
    breaks a stage, is reported on stderr with the reason; the others are
    still processed, and the exit status is 1 at the end.

    Each file's records are written in one write, so a run killed at any
    moment leaves whole records; run it again with --resume to finish it.

    \b
    Examples:
        gongwen extract corpus/seeds -o records.jsonl
        gongwen extract archive/ -o records.jsonl --workers 8 --errors errors.jsonl
        gongwen extract archive/ -o records.jsonl --resume      # after an interruption
        gongwen extract archive/ --glob '*.htm' --db records.db --profile
        cat notice.txt | gongwen extract -
    """
    if resume and not (output or db_url):
        raise click.UsageError("--resume needs -o OUT.jsonl or --db URL to know what is already written.")
    segmenter = segmenter or default_segmenter()
    _check_segmenter(segmenter)
    settings = Settings(segmenter=segmenter, checks=not no_checks)
    workers = workers or default_workers()
    timings: dict[str, float] | None = {} if profile else None
    show_progress = (sys.stderr.isatty() if progress is None else progress) and not quiet

    run_checks = RunChecks(settings.checks)
    state = recover_output(str(output), on_line=run_checks.add_line) if resume and output else None
    if state and state.truncated and not quiet:
        click.echo(f"gongwen: {output}: cut {state.truncated} bytes of a partial last record", err=True)
    items = iter_inputs(paths, glob)
    if state and not db_url:
        # every file before the last one in the output is complete: not read again
        items = (i for i in items if not (isinstance(i, Input) and i.path in state.done_paths))
    bar = None
    if show_progress:
        total_files, total_bytes = scan_totals(iter_inputs(paths, glob))
        bar = Progress(sys.stderr, total_files, total_bytes)

    out = open(output, "a" if resume else "w", encoding="utf-8") if output else sys.stdout
    # errored files never reach the output, so a resumed run meets them again: the report is rewritten
    errs = open(errors_path, "w", encoding="utf-8") if errors_path else None
    store = None
    if db_url:
        from .db import StoreError, open_store
        try:
            store = open_store(db_url).__enter__()
        except StoreError as e:  # an old schema, an unreachable server: say so, no traceback
            raise click.ClickException(str(e)) from None
    n_files = n_docs = n_records = n_errors = n_bytes = n_skipped = 0
    started = time.perf_counter()
    failed = None
    # whole files' records waiting to go out: written and flushed together, at
    # most ~1 MB or half a second late (one write and flush per file cost the
    # parent ~0.2 s on 50 MB, time the workers wait for with --workers 2)
    pending: list[str] = []
    pending_size, last_flush = 0, started

    def write_pending() -> None:
        nonlocal pending_size, last_flush
        out.write("".join(pending))
        out.flush()
        pending.clear()
        pending_size, last_flush = 0, time.perf_counter()

    try:
        for res in extract_files(items, settings, workers, profile):
            n_files += 1
            n_bytes += res.size
            n_docs += res.documents
            if timings is not None:
                add_profile(timings, res.profile)
            for err in res.errors:
                n_errors += 1
                if bar:
                    bar.close()
                click.echo(error_line(err), err=True)
                if errs:
                    errs.write(err.model_dump_json() + "\n")
                    errs.flush()
            if strict and res.errors:
                break
            t = time.perf_counter()
            chunk = []
            for key, line in zip(res.keys, res.lines):
                doc_id, source, _ = key
                if state is not None and state.has(doc_id, source.path, source.index):
                    n_skipped += 1  # the run-level check met it while the output was read back
                    continue
                line = run_checks.add(key, line)
                in_db = store is not None and resume and store.seen(doc_id, source.path, source.index)
                if store is not None and not in_db:
                    store.write(json.loads(line))
                if in_db and state is None:
                    n_skipped += 1  # --db without -o: standard output gets the new documents only
                    continue
                chunk.append(line)
            if store is not None and res.documents and not any(e.index is None for e in res.errors):
                store.retire_from(res.path, res.documents)  # a file that now holds fewer documents drops the rest
            t2 = time.perf_counter()
            # whole files' records go out in one write: a killed run never leaves half a document
            pending.append("".join(chunk))
            pending_size += len(pending[-1])
            if pending_size >= 1 << 20 or t2 - last_flush >= 0.5:
                write_pending()
            n_records += len(chunk)
            if timings is not None:
                add_profile(timings, {"run-checks": t2 - t, "write": time.perf_counter() - t2})
            if bar:
                bar.update(files=1, documents=res.documents, nbytes=res.size, errors=len(res.errors))
        write_pending()
    except BaseException as e:
        failed = e
        raise
    finally:
        if pending and not isinstance(failed, OSError):   # the files done before an interruption
            write_pending()
        if bar:
            bar.close()
        run_checks.close()
        if store:
            store.__exit__(type(failed) if failed else None, failed, None)
        if output:
            out.flush()
            try:
                os.fsync(out.fileno())
            except OSError:
                pass  # /dev/null and pipes cannot be synced; nothing is lost by not syncing them
            out.close()
        if errs:
            errs.close()
    elapsed = time.perf_counter() - started
    if timings is not None:
        for line in profile_lines(timings, workers):
            click.echo(line, err=True)
    if not quiet:
        skipped = f", {state.lines if state is not None else n_skipped} already written" if resume else ""
        click.echo(f"gongwen: {n_files} files, {n_docs} documents, {n_records} records{skipped}, {n_errors} errors, "
                   f"{elapsed:.2f} s, {n_bytes / 1e6 / max(elapsed, 1e-9):.2f} MB/s", err=True)
    if n_errors:
        sys.exit(1)

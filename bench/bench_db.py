"""Load throughput into SQLite and PostgreSQL (documents per second).

The bundled corpus (corpus/seeds, through the extractor) replicated to
--documents copies, each with its own doc_id and source path, loaded with
`extractor.db.open_store` in batches; then loaded again (all unchanged) to
time the re-run over the same archive.

    python bench/bench_db.py
    python bench/bench_db.py --pg postgresql://postgres@127.0.0.1:54329/gongwen_test
    python bench/bench_db.py --records /tmp/seeds.jsonl --documents 10000

PostgreSQL is skipped unless --pg or GONGWEN_TEST_PG_URL names a server; the
run uses a private schema there and drops it afterwards.
"""
from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractor import db  # noqa: E402
from extractor.models import Record  # noqa: E402


def corpus_records(records_file: str | None) -> tuple[list[Record], str]:
    if records_file:
        with open(records_file, encoding="utf-8") as f:
            return [Record.model_validate_json(line) for line in f if line.strip()], records_file
    from extractor.pipeline import iter_records

    os.chdir(ROOT)
    out: list[Record] = []
    for path, result in iter_records(["corpus/seeds"]):
        if not isinstance(result, list):
            sys.exit(f"bench_db: the extractor failed on {path}: {result.reason}; pass --records FILE.jsonl")
        out.extend(result)
    if not out:
        sys.exit("bench_db: the extractor found no documents in corpus/seeds; pass --records FILE.jsonl")
    return out, "corpus/seeds"


def replicate(records: list[Record], n: int) -> list[Record]:
    """n records cycling through `records`, copy k under copy<k>/ with its own doc_id."""
    out = []
    for i in range(n):
        base = records[i % len(records)]
        copy = i // len(records)
        source = base.source.model_copy(update={"path": f"copy{copy:05d}/{base.source.path}"})
        doc_id = hashlib.sha256(f"{base.doc_id}/{copy}".encode()).hexdigest()[:len(base.doc_id)]
        out.append(base.model_copy(update={"source": source, "doc_id": doc_id}))
    return out


def load(url: str, records: list[Record], batch_size: int) -> tuple[float, db.WriteStats]:
    t0 = time.perf_counter()
    with db.open_store(url, batch_size=batch_size) as store:
        for r in records:
            store.write(r)
        store.flush()
        stats = store.stats
    return time.perf_counter() - t0, stats


def bench(name: str, url: str, records: list[Record], batch_size: int) -> None:
    for run in ("first load", "re-run"):
        seconds, stats = load(url, records, batch_size)
        print(f"{name:10s} {run:10s} {len(records):6d} documents in {seconds:6.2f} s = "
              f"{len(records) / seconds:8.0f} documents/s  "
              f"({stats.inserted} new, {stats.unchanged} unchanged)", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=10_000)
    ap.add_argument("--batch-size", type=int, default=500)
    ap.add_argument("--records", help="JSONL records to replicate (default: extract corpus/seeds)")
    ap.add_argument("--pg", default=os.environ.get("GONGWEN_TEST_PG_URL"),
                    help="PostgreSQL URL (default: $GONGWEN_TEST_PG_URL)")
    args = ap.parse_args()

    base, origin = corpus_records(args.records)
    records = replicate(base, args.documents)
    rows = sum(len(v) for v in db.record_rows(records[0]).values())
    print(f"{len(base)} documents from {origin}, replicated to {len(records)} "
          f"(batch size {args.batch_size}, ~{rows} rows for the first document)")

    with tempfile.TemporaryDirectory() as tmp:
        bench("sqlite", f"sqlite:///{tmp}/bench.db", records, args.batch_size)

    if not args.pg:
        print("postgres   skipped: pass --pg URL or set GONGWEN_TEST_PG_URL "
              "(scripts/pg_test_server.sh starts a server)")
        return
    import psycopg

    schema = "bench_" + uuid.uuid4().hex[:8]
    with psycopg.connect(args.pg, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        sep = "&" if "?" in args.pg else "?"
        bench("postgres", f"{args.pg}{sep}options=-csearch_path%3D{schema}", records, args.batch_size)
    finally:
        with psycopg.connect(args.pg, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


if __name__ == "__main__":
    main()

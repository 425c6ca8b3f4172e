"""Spark local[2] against `gongwen extract --workers 2`, on the same archive.

    python bench/bench_spark.py                        # the 50 MB archive of bench/bench.py
    python bench/bench_spark.py --archive bench/archive/3mb-s7
    python bench/bench_spark.py --size-mb 5            # no archive yet: build a small one

Both runs read the same folder and write JSONL to bench/out/; the script
prints MB/s and documents/s of each, Spark's wall time with and without
starting the JVM, and the ratio Spark/workers (below 1: Spark is slower).
It also checks that both wrote the same records.

Which archive: --archive if given; else the biggest bench/archive/*mb-s*/
that bench/bench.py built; else it builds bench/archive/spark-<size>mb/ by
replicating corpus/seeds with other numbers in every copy.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVES = ROOT / "bench" / "archive"
OUT = ROOT / "bench" / "out"


def find_archive() -> Path | None:
    """The biggest archive bench/bench.py left (bench/archive/<size>mb-s<seed>/)."""
    found = []
    for folder in ARCHIVES.glob("*mb-s*"):
        m = re.fullmatch(r"([\d.]+)mb-s\d+", folder.name)
        if m and (folder / "MANIFEST.json").exists():
            found.append((float(m.group(1)), folder))
    return max(found)[1] if found else None


_NUMBER = re.compile(r"\d+")


def build_small_archive(size_mb: float, seed: int = 7) -> Path:
    """Copies of corpus/seeds with every digit run replaced by another of the
    same length, so no document repeats; reused when already built."""
    target = ARCHIVES / f"spark-{size_mb:g}mb-s{seed}"
    if (target / "DONE").exists():
        return target
    if target.exists():
        shutil.rmtree(target)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))]
    if not texts:
        sys.exit("bench_spark: corpus/seeds holds no *.txt")
    rng = random.Random(seed)

    def number(m: re.Match) -> str:
        n = len(m.group(0))
        return str(rng.randint(10 ** (n - 1) if n > 1 else 0, 10 ** n - 1))

    written = files = 0
    while written < size_mb * 1e6:
        raw = _NUMBER.sub(number, rng.choice(texts)).encode("utf-8")
        folder = target / f"d{files // 500:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"f{files:06d}.txt").write_bytes(raw)
        written += len(raw)
        files += 1
    (target / "DONE").write_text(f"{files} files, {written} bytes\n", encoding="utf-8")
    return target


def archive_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*.txt") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def run_workers(folder: Path, workers: int) -> dict:
    out = OUT / f"spark-cmp-w{workers}.jsonl"
    cmd = [sys.executable, "-m", "extractor", "extract", os.path.relpath(folder, ROOT), "-o", str(out),
           "--workers", str(workers), "--quiet"]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - t
    if proc.returncode not in (0, 1):
        sys.exit(f"bench_spark: {' '.join(cmd)} failed:\n{proc.stderr[-2000:]}")
    return {"seconds": seconds, "output": out, "documents": sum(1 for _ in out.open(encoding="utf-8"))}


def run_spark(folder: Path, master: str) -> dict:
    from extractor import spark as gspark

    out = OUT / "spark-cmp-local"
    t0 = time.perf_counter()
    spark = gspark.session(master, app_name="gongwen bench")
    spark.sparkContext.setLogLevel("ERROR")
    started = time.perf_counter()
    try:
        files = gspark.read_files(spark, os.path.relpath(folder, ROOT))
        result = gspark.extract_dataframe(files, gspark.default_settings(), paths="relative", base_dir=str(ROOT))
        (result.records.orderBy("source.path", "source.index").write.mode("overwrite")
         .option("ignoreNullFields", "false").json(str(out)))
        result.errors.write.mode("overwrite").json(str(out / "_errors"))
        done = time.perf_counter()
        documents = result.cached.where("record IS NOT NULL").count()
        result.unpersist()
    finally:
        spark.stop()
    return {"seconds": done - t0, "job_seconds": done - started, "output": out, "documents": documents}


def same_records(workers_out: Path, spark_out: Path) -> tuple[int, int]:
    """(records compared, records that differ), both outputs read in order."""
    mine = [json.loads(line) for part in sorted(spark_out.glob("part-*.json")) for line in part.open(encoding="utf-8")]
    theirs = [json.loads(line) for line in workers_out.open(encoding="utf-8")]
    if len(mine) != len(theirs):
        return max(len(mine), len(theirs)), abs(len(mine) - len(theirs))
    return len(mine), sum(a != b for a, b in zip(mine, theirs))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--archive", type=Path, default=None, help="folder of *.txt (default: see above)")
    ap.add_argument("--size-mb", type=float, default=5.0, help="size of the archive to build when none exists")
    ap.add_argument("--master", default="local[2]", help="Spark master (default local[2])")
    ap.add_argument("--workers", type=int, default=2, help="gongwen extract --workers (default 2)")
    ap.add_argument("--no-compare", action="store_true", help="skip the record-by-record comparison")
    args = ap.parse_args()

    folder = args.archive or find_archive() or build_small_archive(args.size_mb)
    folder = folder.resolve()
    OUT.mkdir(parents=True, exist_ok=True)
    n_files, n_bytes = archive_bytes(folder)
    mb = n_bytes / 1e6
    print(f"archive: {os.path.relpath(folder, ROOT)}: {n_files} files, {mb:.1f} MB", flush=True)

    workers = run_workers(folder, args.workers)
    spark = run_spark(folder, args.master)

    def line(name: str, seconds: float, docs: int) -> str:
        return f"{name:34} {seconds:8.1f} s {mb / seconds:8.2f} MB/s {docs / seconds:9.1f} docs/s"

    print(line(f"gongwen extract --workers {args.workers}", workers["seconds"], workers["documents"]))
    print(line(f"spark {args.master} (with JVM start)", spark["seconds"], spark["documents"]))
    print(line(f"spark {args.master} (job only)", spark["job_seconds"], spark["documents"]))
    print(f"ratio spark/workers (throughput): {workers['seconds'] / spark['seconds']:.2f} "
          f"(job only: {workers['seconds'] / spark['job_seconds']:.2f})")
    if not args.no_compare:
        compared, differ = same_records(workers["output"], spark["output"])
        print(f"records: {compared} compared, {differ} differ")


if __name__ == "__main__":
    main()

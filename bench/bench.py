"""Whole-archive throughput: our pipeline against the obvious one.

Builds a reproducible archive (about --size-mb MB, default 50) from the
bundled corpus, varying dates, numbers and unit names in every copy so that
no cache can help, then runs in one go:

* the full pipeline (`gongwen extract`) with 1 and with 2 workers,
* the obvious baseline: spaCy `zh` with the jieba segmenter over every line,
  as a user would first try,
* each segmenter (jieba, rjieba, pkuseg if installed) on the same cue sentences,

and prints MB/s, documents/s, peak resident memory per process (VmHWM read
from /proc while the run goes), the ratio of ours to the baseline and the
targets of issue 7.

    python bench/bench.py                  # 50 MB archive, full run (ours 3 times each, fastest reported)
    python bench/bench.py --size-mb 500    # memory flatness: same peak RSS as for 50 MB?
    python bench/bench.py --quick          # smoke run: 3 MB, baseline on 1 MB

The archive goes to bench/archive/<size>mb-s<seed>/ (git-ignored) and is
reused when its manifest matches; outputs go to bench/out/.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARCHIVES = ROOT / "bench" / "archive"
OUT = ROOT / "bench" / "out"
ARCHIVE_VERSION = 1  # bump when the generator changes, so old archives are rebuilt

TARGET_MBS_PER_CORE = 5.0
TARGET_SPEEDUP_2 = 1.8
TARGET_RSS_MB = 300


# --- the archive ------------------------------------------------------------------

def corpus_files() -> list[Path]:
    """The bundled corpus: corpus/seeds, corpus/dev if present, and the shared
    dev corpus next to the checkout if present (listed in the output)."""
    out: list[Path] = []
    for folder in (ROOT / "corpus" / "seeds", ROOT / "corpus" / "dev", ROOT.parent / "shared" / "corpus" / "dev"):
        if folder.is_dir():
            out += sorted(folder.glob("*.txt"))
    return out


_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)(?P<s1>\s*年\s*)(?P<m>\d{1,2})(?P<s2>\s*月\s*)(?P<d>\d{1,2})(?P<s3>\s*日)")
_DATE_PIECE = re.compile(r"((?:19|20)\d\d\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)")
_NUMBER = re.compile(r"\d+")
_UNIT = re.compile(r"([\u4e00-\u9fff]{2,4})(有限公司|公司|分局|支队|大队|村|镇|乡|街道|社区|医院|学校)")
_SYLLABLES = ("东丽", "西青", "津南", "北辰", "武清", "宝坻", "宁河", "静海", "蓟州", "滨海", "和平", "河东", "河西",
              "南开", "河北", "红桥", "华龙", "翔凤", "桂花", "青山", "绿水", "金桥", "银河", "新华", "长城", "黄河",
              "长江", "泰山", "华山", "嵩山", "衡山", "恒山", "太行", "燕山", "昆仑", "天山", "阳光", "星光", "明珠",
              "宏达", "兴业", "鑫源", "恒通", "德润", "海天", "远航", "中兴", "安泰", "福安", "平安", "永顺", "利民")


def vary(text: str, rng: random.Random) -> str:
    """One copy of a document with other dates, numbers and unit names
    (the last two to four characters before a unit suffix)."""
    def date(m: re.Match) -> str:
        return f"{rng.randint(2000, 2024)}{m['s1']}{rng.randint(1, 12)}{m['s2']}{rng.randint(1, 28)}{m['s3']}"

    def number(m: re.Match) -> str:
        n = len(m.group(0))
        return str(rng.randint(10 ** (n - 1) if n > 1 else 0, 10 ** n - 1))

    def unit(m: re.Match) -> str:
        name = (rng.choice(_SYLLABLES) + rng.choice(_SYLLABLES))[: len(m.group(1))]
        return name + m.group(2)

    out = []
    for piece in _DATE_PIECE.split(text):  # dates apart, so their digits stay a valid date
        if _DATE.fullmatch(piece):
            out.append(_DATE.sub(date, piece))
        else:
            out.append(_NUMBER.sub(number, _UNIT.sub(unit, piece)))
    return "".join(out)


def build_archive(size_mb: float, seed: int) -> Path:
    """bench/archive/<size>mb-s<seed>/dNNN/fNNNNNN.txt, reused when the manifest matches."""
    sources = corpus_files()
    if not sources:
        sys.exit("bench: no corpus found under corpus/seeds")
    texts = [p.read_text(encoding="utf-8") for p in sources]
    fingerprint = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:16]
    target = ARCHIVES / f"{size_mb:g}mb-s{seed}"
    manifest = {"version": ARCHIVE_VERSION, "size_mb": size_mb, "seed": seed, "corpus": fingerprint,
                "sources": [os.path.relpath(p, ROOT) for p in sources]}
    mf = target / "MANIFEST.json"
    if mf.exists():
        old = json.loads(mf.read_text(encoding="utf-8"))
        if {k: old.get(k) for k in manifest} == manifest:
            return target
    if target.exists():
        import shutil
        shutil.rmtree(target)
    target.mkdir(parents=True)
    rng = random.Random(seed)
    budget = int(size_mb * 1e6)
    written = files = 0
    t0 = time.perf_counter()
    while written < budget:
        # one file: 1–3 documents, the way archive pages and pasted collections hold them
        docs = [vary(rng.choice(texts), rng) for _ in range(rng.choice((1, 1, 1, 2, 3)))]
        text = "\n\n".join(docs)
        encoding = "gb18030" if rng.random() < 0.1 else "utf-8"
        raw = text.encode(encoding, errors="replace")
        folder = target / f"d{files // 500:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"f{files:06d}.txt").write_bytes(raw)
        written += len(raw)
        files += 1
    manifest.update(files=files, bytes=written, seconds=round(time.perf_counter() - t0, 1))
    mf.write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return target


def archive_files(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.txt"), key=lambda p: p.as_posix())


# --- measuring a process tree ------------------------------------------------------

def _children(pid: int) -> list[int]:
    out = []
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            out += [int(c) for c in Path(f"/proc/{pid}/task/{tid}/children").read_text().split()]
        except OSError:
            pass
    return out


def _hwm_kb(pid: int) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def run_measured(cmd: list[str], **kw) -> tuple[float, dict[int, int], subprocess.CompletedProcess]:
    """Run cmd; wall seconds and peak RSS (kB) of it and of every process it starts."""
    peaks: dict[int, int] = {}
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT, **kw)
    done = threading.Event()

    def sample() -> None:
        while not done.is_set():
            stack = [proc.pid]
            while stack:
                pid = stack.pop()
                hwm = _hwm_kb(pid)
                if hwm is not None:
                    peaks[pid] = max(peaks.get(pid, 0), hwm)
                try:
                    stack += _children(pid)
                except OSError:
                    pass
            done.wait(0.05)

    th = threading.Thread(target=sample, daemon=True)
    th.start()
    stdout, stderr = proc.communicate()
    elapsed = time.perf_counter() - t0
    done.set()
    th.join()
    peaks = {pid: kb for pid, kb in peaks.items()}
    peaks["main"] = peaks.pop(proc.pid, 0)  # type: ignore[index]
    return elapsed, peaks, subprocess.CompletedProcess(cmd, proc.returncode, stdout, stderr)


def rss_summary(peaks: dict) -> tuple[float, float]:
    """(main process MB, largest worker MB)."""
    main = peaks.get("main", 0) / 1024
    workers = [kb for k, kb in peaks.items() if k != "main"]
    return main, (max(workers) / 1024 if workers else 0.0)


# --- runs ---------------------------------------------------------------------------

def run_ours(folder: Path, workers: int, extra: list[str] | None = None, tag: str = "") -> dict:
    OUT.mkdir(parents=True, exist_ok=True)
    out = OUT / f"ours-w{workers}{tag}.jsonl"
    cmd = [sys.executable, "-m", "extractor", "extract", str(folder), "-o", str(out), "--workers", str(workers),
           "--no-progress", "--profile", *(extra or [])]
    elapsed, peaks, res = run_measured(cmd)
    if res.returncode not in (0, 1):
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{res.stderr[-3000:]}")
    docs = sum(1 for _ in open(out, encoding="utf-8"))
    summary = [l for l in res.stderr.splitlines() if l.startswith("gongwen:") and " files, " in l]
    profile = [l for l in res.stderr.splitlines() if l.startswith("profile:")]
    main, worker = rss_summary(peaks)
    return {"name": f"ours, {workers} worker{'s' if workers > 1 else ''}{tag}", "seconds": elapsed, "documents": docs,
            "rss_main": main, "rss_worker": worker if workers > 1 else main, "output": out,
            "summary": summary[-1] if summary else "", "profile": profile,
            "errors": sum(1 for l in res.stderr.splitlines() if l.startswith("gongwen: ") and " files, " not in l)}


def baseline_main(folder: str, limit_bytes: int) -> None:
    """The obvious pipeline, in its own process: spaCy zh + jieba over every line."""
    import logging

    import jieba
    import spacy

    jieba.setLogLevel(logging.WARNING)
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    nbytes = files = tokens = 0
    t0 = time.perf_counter()
    for path in archive_files(Path(folder)):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")
        for line in text.splitlines():
            if line.strip():
                tokens += len(nlp(line))
        nbytes += len(raw)
        files += 1
        if limit_bytes and nbytes >= limit_bytes:
            break
    print(json.dumps({"bytes": nbytes, "files": files, "tokens": tokens, "seconds": time.perf_counter() - t0}))


def run_baseline(folder: Path, limit_bytes: int, docs_per_byte: float) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--_baseline", str(folder), "--_limit", str(limit_bytes)]
    elapsed, peaks, res = run_measured(cmd)
    if res.returncode != 0:
        sys.exit(f"bench: baseline failed:\n{res.stderr[-3000:]}")
    d = json.loads(res.stdout.strip().splitlines()[-1])
    main, _ = rss_summary(peaks)
    return {"name": "baseline: spaCy zh + jieba, every line", "seconds": elapsed, "bytes": d["bytes"],
            "documents": d["bytes"] * docs_per_byte, "rss_main": main, "rss_worker": main, "files": d["files"]}


def cue_sentences(folder: Path, limit_bytes: int) -> list[str]:
    """Sentences that carry a praise, criticism or penalty cue: what the segmenter really sees."""
    cue = re.compile(r"表扬|表彰|批评|曝光|罚款|警告|整改|整顿|吊销|暂扣|责令|追究|黄牌|没收|关闭")
    out, size = [], 0
    for path in archive_files(folder):
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030", errors="replace")
        for s in re.split(r"(?<=[。；！？\n])", text):
            s = s.strip()
            if s and cue.search(s):
                out.append(s)
                size += len(s.encode("utf-8"))
        if size >= limit_bytes:
            break
    return out


def segmenter_rates(sentences: list[str]) -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from extractor import segment

    nbytes = sum(len(s.encode("utf-8")) for s in sentences)
    rows = []
    for name in segment.SEGMENTERS:
        try:
            cut = segment.segmenter(name)
        except (segment.SegmenterUnavailable, ImportError) as e:
            rows.append((name, f"unavailable ({str(e).split(';')[0][:90]})"))
            continue
        cut(sentences[0])  # dictionaries load outside the timing
        t0 = time.perf_counter()
        tokens = sum(len(cut(s)) for s in sentences)
        secs = time.perf_counter() - t0
        rows.append((name, f"{nbytes / 1e6 / secs:6.2f} MB/s  ({len(sentences)} sentences, {nbytes / 1e6:.2f} MB, "
                           f"{tokens} tokens, {secs:.2f} s)"))
    return rows


# --- report -----------------------------------------------------------------------------

def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size-mb", type=float, default=50.0, help="archive size in MB (default 50)")
    ap.add_argument("--seed", type=int, default=7, help="random seed of the archive (default 7)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 3 MB archive, baseline on 1 MB")
    ap.add_argument("--baseline-mb", type=float, default=None,
                    help="run the baseline on the first N MB only (default: all of it; 1 with --quick)")
    ap.add_argument("--no-baseline", action="store_true", help="skip the spaCy baseline")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run (default 1 2)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of ours per worker count; the fastest is reported (default 3, 1 with --quick)")
    ap.add_argument("--extra", default="", help="extra options for `gongwen extract`, e.g. '--segmenter rjieba'")
    ap.add_argument("--_baseline", help=argparse.SUPPRESS)
    ap.add_argument("--_limit", type=int, default=0, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a._baseline:
        baseline_main(a._baseline, a._limit)
        return
    size = 3.0 if a.quick and a.size_mb == 50.0 else a.size_mb
    if a.quick:
        a.repeat = 1
    baseline_mb = a.baseline_mb if a.baseline_mb is not None else (1.0 if a.quick else 0.0)

    t0 = time.perf_counter()
    folder = build_archive(size, a.seed)
    man = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    print(f"archive: {os.path.relpath(folder, ROOT)}  {man['files']} files, {man['bytes'] / 1e6:.1f} MB, seed {a.seed}, "
          f"from {len(man['sources'])} corpus files ({time.perf_counter() - t0:.1f} s)")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    mb = man["bytes"] / 1e6
    # Every run reads the archive from the page cache: otherwise the first run
    # alone pays the disk (1.4 s of reading against 0.5 s on this archive) and
    # the 1- and 2-worker figures do not compare.
    t0 = time.perf_counter()
    for f in archive_files(folder):
        f.read_bytes()
    print(f"page cache warmed: read every archive file once ({time.perf_counter() - t0:.1f} s)")

    # Each worker count runs --repeat times, interleaved (1, 2, 1, 2, …) so that
    # a noisy neighbour on the machine hits both alike; the fastest run of each
    # is reported (as timeit does), its peak memory the highest of all runs.
    runs: dict[int, list[dict]] = {w: [] for w in a.workers}
    for _ in range(max(1, a.repeat)):
        for w in a.workers:
            runs[w].append(run_ours(folder, w, a.extra.split() if a.extra else None))
    rows = []
    for w in a.workers:
        best = dict(min(runs[w], key=lambda r: r["seconds"]))
        best["rss_main"] = max(r["rss_main"] for r in runs[w])
        best["rss_worker"] = max(r["rss_worker"] for r in runs[w])
        best["all_seconds"] = [r["seconds"] for r in runs[w]]
        rows.append(best)
    docs = rows[0]["documents"] if rows else 0
    docs_per_byte = docs / man["bytes"] if docs else 0.0
    identical = None
    if len(rows) > 1:
        first = rows[0]["output"].read_bytes()
        identical = all(r["output"].read_bytes() == first for r in rows[1:])
    base = None
    if not a.no_baseline:
        base = run_baseline(folder, int(baseline_mb * 1e6), docs_per_byte)

    print()
    print(f"{'run':44} {'MB/s':>7} {'docs/s':>8} {'seconds':>8} {'peak RSS main':>14} {'per worker':>11}")
    for r in rows:
        r["mbs"] = mb / r["seconds"]
        print(f"{r['name']:44} {r['mbs']:7.2f} {r['documents'] / r['seconds']:8.1f} {r['seconds']:8.1f} "
              f"{r['rss_main']:11.0f} MB {r['rss_worker']:8.0f} MB")
    if base:
        base["mbs"] = base["bytes"] / 1e6 / base["seconds"]
        print(f"{base['name']:44} {base['mbs']:7.2f} {base['documents'] / base['seconds']:8.1f} {base['seconds']:8.1f} "
              f"{base['rss_main']:11.0f} MB {'':>11}   (over {base['bytes'] / 1e6:.1f} MB)")
    print()
    for r in rows:
        if r["summary"]:
            print(f"{r['name']}: {r['summary']}")
    for r in rows:
        if len(r["all_seconds"]) > 1:
            print(f"{r['name']}: {len(r['all_seconds'])} runs, "
                  f"{', '.join(f'{x:.1f}' for x in r['all_seconds'])} s (the fastest is in the table)")
    if identical is not None:
        print(f"outputs byte-identical across {', '.join(str(w) for w in a.workers)} workers: {identical}")

    print("\nsegmenters on the same cue sentences:")
    for name, line in segmenter_rates(cue_sentences(folder, 500_000 if not a.quick else 100_000)):
        print(f"  {name:7} {line}")

    if rows and rows[0]["profile"]:
        print(f"\nwhere the time goes ({rows[0]['name']}):")
        for line in rows[0]["profile"]:
            print("  " + line)

    print("\ntargets (issue 7):")
    one = next((r for r in rows if r["name"].startswith("ours, 1 ")), None)
    two = next((r for r in rows if r["name"].startswith("ours, 2 ")), None)
    if one:
        print(f"  {'PASS' if one['mbs'] >= TARGET_MBS_PER_CORE else 'MISS'}  >= {TARGET_MBS_PER_CORE} MB/s per core: "
              f"{one['mbs']:.2f} MB/s with 1 worker")
    if one and two:
        speedup = two["mbs"] / one["mbs"]
        cores = len(os.sched_getaffinity(0))
        note = "" if cores >= 2 else f" (only {cores} core available)"
        print(f"  {'PASS' if speedup >= TARGET_SPEEDUP_2 else 'MISS'}  >= {TARGET_SPEEDUP_2}x with 2 workers: "
              f"{speedup:.2f}x{note}")
    for r in rows:
        ok = r["rss_worker"] <= TARGET_RSS_MB and r["rss_main"] <= TARGET_RSS_MB
        print(f"  {'PASS' if ok else 'MISS'}  peak RSS <= {TARGET_RSS_MB} MB per process ({r['name']}): main "
              f"{r['rss_main']:.0f} MB, worker {r['rss_worker']:.0f} MB  [archive {mb:.0f} MB; compare with --size-mb 500]")
    if one and base:
        print(f"  ratio ours (1 worker) / baseline: {one['mbs'] / base['mbs']:.2f}x")
    if identical is not None:
        print(f"  {'PASS' if identical else 'MISS'}  byte-identical output for any --workers")


if __name__ == "__main__":
    main()

"""CPU seconds per stage of the pipeline over a folder of .txt files, min of N runs.

    python bench/stages.py FOLDER [runs=5]      # e.g. a slice of bench/archive/50mb-s7

Run from a checkout's root (its extractor/ is imported first), so that two
trees (before and after a change) can be compared on the same folder.

Uses process CPU time (time.process_time), so other jobs on the machine
disturb it less than wall time; still compare min-of-runs figures only.
"""
import sys, time
sys.path.insert(0, ".")
from pathlib import Path
from extractor import pipeline

folder = Path(sys.argv[1])
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
raws = [(str(f), f.read_bytes()) for f in sorted(folder.glob("*.txt"))]
mb = sum(len(r) for _, r in raws) / 1e6
settings = pipeline.Settings(segmenter="rjieba")
pipeline.extract_bytes(raws[0][1], raws[0][0], settings, errors=[])
best_total, best = None, {}
pipeline.time.perf_counter = time.process_time  # stage ticks in CPU time too
for _ in range(runs):
    prof = {}
    t0 = time.process_time()
    for p, r in raws:
        t = time.process_time()
        try:
            pipeline.extract_bytes(r, p, settings, prof, errors=[])
        except Exception:
            pass
    dt = time.process_time() - t0
    for k, v in prof.items():
        best[k] = min(best.get(k, 1e9), v)
    best_total = dt if best_total is None else min(best_total, dt)
print(f"{len(raws)} files {mb:.2f} MB: total CPU {best_total:.3f} s = {mb/best_total:.2f} MB/s (min of {runs})")
for k, v in best.items():
    print(f"  {k:12s} {v:.3f} s  {100*v/best_total:5.1f} %")

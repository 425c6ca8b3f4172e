"""cProfile over pipeline.extract_bytes on every file of a folder (one process, rjieba).

    python bench/profile_stages.py /tmp/perfA [N]      # top N functions by tottime (default 25)

Warms up (rules, segmenter, spaCy) on the first file before profiling, so
the figures are the steady-state cost per archive, not the loading.
"""
from __future__ import annotations

import cProfile
import pstats
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor import pipeline  # noqa: E402


def main() -> None:
    folder = Path(sys.argv[1])
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
    files = sorted(folder.glob("*.txt"))
    raws = [(str(f), f.read_bytes()) for f in files]
    settings = pipeline.Settings(segmenter="rjieba")
    pipeline.extract_bytes(raws[0][1], raws[0][0], settings, errors=[])   # warm-up
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    for path, raw in raws:
        try:
            pipeline.extract_bytes(raw, path, settings, errors=[])
        except Exception:
            pass
    prof.disable()
    dt = time.perf_counter() - t0
    mb = sum(len(r) for _, r in raws) / 1e6
    print(f"{len(raws)} files, {mb:.2f} MB, {dt:.2f} s under cProfile")
    pstats.Stats(prof).sort_stats("tottime").print_stats(top)


if __name__ == "__main__":
    main()

"""Instructions (valgrind callgrind) for loading the pipeline and two passes
over the first N .txt files of a folder: a count that repeats to within a
few thousand in a billion, for before/after checks of changes worth a few
per cent, which timing on a shared host cannot show.

    python bench/instructions.py [FOLDER] [N]     # default: corpus, 200 files

Run it in two trees (a git worktree of the old commit, and this one) and
compare the counts. Loading alone costs a fixed part; run with N=1 to see it.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def passes(folder: str, n: int) -> None:
    sys.path.insert(0, str(ROOT))
    from extractor import pipeline

    files = sorted(Path(folder).rglob("*.txt"))[:n]
    raws = [(str(f), f.read_bytes()) for f in files]
    settings = pipeline.Settings(segmenter="rjieba")
    for _ in range(2):
        for path, raw in raws:
            pipeline.extract_bytes(raw, path, settings, errors=[])


def main() -> None:
    if sys.argv[1:2] == ["--passes"]:
        passes(sys.argv[2], int(sys.argv[3]))
        return
    folder = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "corpus")
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    # hash seeds change set order and so the work done: fix it
    env = {**os.environ, "PYTHONHASHSEED": "0"}
    run = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                          os.path.realpath(sys.executable), __file__, "--passes", folder, str(n)],
                         capture_output=True, text=True, env=env)
    found = re.search(r"refs:\s+([0-9,]+)", run.stderr)
    if run.returncode or not found:
        sys.exit(f"valgrind failed ({run.returncode}): {run.stderr[-500:]}")
    print(f"{ROOT}: {int(found.group(1).replace(',', '')):,} instructions ({folder}, {n} files, 2 passes)")


if __name__ == "__main__":
    main()

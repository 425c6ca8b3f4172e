#!/usr/bin/env python3
"""Throughput of the segmentation+NER and attribution stages (characters/second).

    python bench/bench_ner.py [--segmenter jieba|rjieba|pkuseg] [--repeat 3]

Corpus: corpus/seeds/*.txt of the repository if present, else
/work/shared/corpus/seeds, plus /work/shared/corpus/dev/*.txt. Each file is
one text (attribution works per document; here a whole file stands in).
Prints: NER over every sentence (what segmenting whole archives would
cost), NER over the cue windows only, and attribute() end to end.
"""
import argparse
import time
from pathlib import Path

from extractor import attribution as A
from extractor.ner import build_nlp, entities_many
from extractor.segment import segment

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path("/work/shared/corpus")


def corpus() -> list[str]:
    seeds = sorted((ROOT / "corpus/seeds").glob("*.txt")) or sorted((SHARED / "seeds").glob("*.txt"))
    files = seeds + sorted((SHARED / "dev").glob("*.txt"))
    return [f.read_text(encoding="utf-8").replace("\r", "") for f in files]


def rate(chars: int, secs: float) -> str:
    return f"{chars / secs:,.0f} chars/s ({chars:,} chars in {secs:.2f} s)"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--segmenter", default="jieba")
    ap.add_argument("--repeat", type=int, default=3)
    a = ap.parse_args()
    texts = corpus()
    total = sum(map(len, texts)) * a.repeat
    settings = A.AttributionSettings(segmenter=a.segmenter)
    # warm up: dictionaries and the pipeline load once per process
    t0 = time.perf_counter()
    build_nlp(a.segmenter, None)
    segment("预热", a.segmenter)
    A.attribute(texts[0][:2000], settings)
    print(f"load: {time.perf_counter() - t0:.2f} s")

    t0 = time.perf_counter()
    for _ in range(a.repeat):
        for t in texts:
            segment(t, a.segmenter)
    print("segmentation, every sentence:", rate(total, time.perf_counter() - t0))

    t0 = time.perf_counter()
    for _ in range(a.repeat):
        for t in texts:
            entities_many([p for p in t.split("\n") if p.strip()], a.segmenter)
    print("segmentation+NER, every line:", rate(total, time.perf_counter() - t0))

    t0 = time.perf_counter()
    for _ in range(a.repeat):
        for t in texts:
            A.attribute(t, settings)
    print("attribute() (cue windows only):", rate(total, time.perf_counter() - t0))


if __name__ == "__main__":
    main()

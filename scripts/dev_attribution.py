#!/usr/bin/env python3
"""Score attribute() alone on the dev set and seed document 1.

    python scripts/dev_attribution.py [-o /tmp/attr.jsonl] [--segmenter jieba] [--no-ner]

Each dev file is one document (013 is split on its second title, 自贡…办法);
seed 000 document 1 is the lines from "第二篇" up to "第三篇". Writes JSONL
records with source/commended/criticised/penalties and runs the shared
scorer on both gold files (only those three rows matter here).
"""
import argparse
import json
import subprocess
import sys
from pathlib import Path

from extractor.attribution import AttributionSettings, attribute

SHARED = Path("/work/shared")


def clean(text: str) -> str:
    text = text.replace("\r", "")
    return "".join(chr(ord(c) - 0xFEE0) if "！" <= c <= "～" and c not in "（），：；" else c for c in text).replace("○", "〇")


def record(path: str, index: int, body: str, settings) -> dict:
    a = attribute(clean(body), settings)
    return {
        "source": {"path": path, "index": index},
        "commended": [{"unit": h.unit} for h in a.commended],
        "criticised": [{"unit": h.unit} for h in a.criticised],
        "penalties": [{"unit": p.unit, "measure": p.measure, "duration": p.duration, "amount": p.amount, "basis": p.basis} for p in a.penalties],
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default="/tmp/attr_dev.jsonl")
    ap.add_argument("--segmenter", default="jieba")
    ap.add_argument("--no-ner", action="store_true")
    a = ap.parse_args()
    settings = AttributionSettings(segmenter=a.segmenter, use_ner=not a.no_ner)
    recs = []
    for f in sorted((SHARED / "corpus/dev").glob("*.txt")):
        text = f.read_text(encoding="utf-8")
        if f.name == "013.txt":
            cut = text.index("自贡市行政机关工作人员行政过错责任追究暂行办法")
            recs.append(record(f.name, 0, text[:cut], settings))
            recs.append(record(f.name, 1, text[cut:], settings))
        else:
            recs.append(record(f.name, 0, text, settings))
    seed = (SHARED / "corpus/seeds/000_ec94791e602876d6.txt").read_text(encoding="utf-8")
    doc1 = seed[seed.index("第二篇"):seed.index("第三篇")]
    seed_rec = record("000_ec94791e602876d6.txt", 1, doc1, settings)
    with open(a.o, "w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    seed_out = a.o.replace(".jsonl", "_seed.jsonl")
    with open(seed_out, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(seed_rec, ensure_ascii=False) + "\n")
    # the seed gold has three documents; keep only document 1's line
    seed_gold = "/tmp/seed_gold_doc1.jsonl"
    with open(seed_gold, "w", encoding="utf-8") as fh:
        for line in open(SHARED / "gold/seeds.jsonl", encoding="utf-8"):
            g = json.loads(line)
            if g["file"].startswith("000_") and g["index"] == 1:
                fh.write(json.dumps({k: g[k] for k in ("file", "index", "commended", "criticised", "penalties")}, ensure_ascii=False) + "\n")
    dev_gold = "/tmp/dev_gold_attr.jsonl"
    with open(dev_gold, "w", encoding="utf-8") as fh:
        for line in open(SHARED / "gold/dev.jsonl", encoding="utf-8"):
            g = json.loads(line)
            fh.write(json.dumps({k: g[k] for k in ("file", "index", "commended", "criticised", "penalties") if k in g}, ensure_ascii=False) + "\n")
    for name, gold, pred in (("seed doc 1", seed_gold, seed_out), ("dev", dev_gold, a.o)):
        print(f"== {name}", flush=True)
        subprocess.run([sys.executable, str(SHARED / "tools/score.py"), "--gold", gold, "--pred", pred, "--show-errors"])


if __name__ == "__main__":
    main()

"""Regression guard on corpus/real and corpus/holdout: real official documents found with the
search tool, with gold written by hand before the tool was run (see each SOURCES.md).

The extractor runs in-process (extractor.pipeline.iter_records) over each corpus; the shared
scorer (../shared/tools/score.py) compares the records with the corpus's gold.jsonl.

Checked: (a) every evidence span is exact, (b) every file splits into as many documents as the
gold says, (c) per-field F1 stays at or above the floor the tool reached when the corpus was
added (the value rounded down to 0.05). The floors guard against regressions; raise them when
the tool improves, never lower them to make a change pass.
"""
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ROOT, SHARED, assert_spans_exact

SCORER = SHARED / "tools" / "score.py"

# F1 floors per corpus: the tool's score, rounded down to 0.05. Fields at 1.00 with nothing
# in gold (printed_*, keywords, copies, cc, report_to …) are false-positive guards: gold says
# absent, so any prediction drops them below 1. corpus/real was measured blind at 0.79 and
# then used for development; corpus/holdout blind at 0.845, then its general gaps fixed.
# The floors hold for the library's default segmenter (jieba) used here; the CLI's rjieba
# scores the same or better on these sets.
FIELDS = ["doc_type", "title", "doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial",
          "signed_date", "printed_date", "printed_by", "keywords", "copies", "issuers", "addressees", "cc",
          "report_to", "attachments", "commended", "criticised", "penalties", "periods", "deadlines", "flags"]


def _floors(overall: float, **below_one: float) -> tuple[dict[str, float], float]:
    """Every field at 1.00 except those named."""
    return {**dict.fromkeys(FIELDS, 1.00), **below_one}, overall


FLOORS = {
    "real": _floors(0.95, issuers=0.95, addressees=0.95),
    "holdout": _floors(0.98, commended=0.90),
    # measured blind at 0.906 with the CLI; general fixes made after (0.955 in the third
    # session, 0.997 in the fourth)
    "blind3": _floors(0.95, commended=0.95),
    # measured blind in the fourth session: blind4a (penalty/criticism/commendation pages) at
    # 0.711, blind4b (general 公文) at 0.833; the floors below are after that session's fixes
    "blind4a": _floors(0.85, doc_type=0.90, title=0.85, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.90),
        signed_date=0.80, issuers=0.75, addressees=0.85, commended=0.90, criticised=0.60, penalties=0.55,
        flags=0.00),
    "blind4b": _floors(0.90, doc_type=0.80, title=0.75, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.90),
        signed_date=0.85, issuers=0.80, addressees=0.85, periods=0.65, flags=0.50),
    # measured blind in the fifth session: blind5a (penalty/criticism/commendation pages) at
    # 0.690, blind5b (general 公文) at 0.901; the floors below are after that session's fixes
    "blind5a": _floors(0.80, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.90),
        issuers=0.85, commended=0.70, criticised=0.75, penalties=0.65, addressees=0.80, title=0.85,
        signed_date=0.90),
    "blind5b": _floors(0.90, title=0.85, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.95),
        signed_date=0.85, issuers=0.85, addressees=0.90, attachments=0.00, periods=0.65, deadlines=0.00,
        flags=0.65),
    # measured blind in the sixth session: blind6a (penalty/criticism/commendation pages) at
    # 0.592, blind6b (general 公文) at 0.793; the floors below are after that session's fixes
    # (raised in the seventh session: a news lead above the document, a place counted with its group)
    "blind6a": _floors(0.85, issuers=0.80, addressees=0.95, attachments=0.00, commended=0.75, criticised=0.65,
                       penalties=0.70),
    "blind6b": _floors(0.82, doc_type=0.85, title=0.85, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.60),
        issuers=0.85, addressees=0.90, attachments=0.45, periods=0.45, deadlines=0.80, flags=0.35),
    # measured blind in the seventh session: blind7a (penalty/criticism/commendation pages) at
    # 0.710, blind7b (general 公文) at 0.790; the floors below are after that session's fixes
    "blind7a": _floors(0.75, title=0.85, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.90),
        issuers=0.85, commended=0.60, criticised=0.30, penalties=0.50, flags=0.85),
    "blind7b": _floors(0.86, doc_type=0.95, title=0.90, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.65),
        signed_date=0.65, issuers=0.65, addressees=0.95, attachments=0.50, periods=0.85, flags=0.40),
    # measured blind in the eighth session: blind8a (penalty/criticism/commendation pages) at
    # 0.617, blind8b (general 公文) at 0.672; the floors below are after that session's fixes
    "blind8a": _floors(0.78, signed_date=0.85, attachments=0.55, commended=0.85, criticised=0.30, penalties=0.40),
    "blind8b": _floors(0.78, doc_type=0.75, title=0.65, signed_date=0.65, issuers=0.65, addressees=0.75,
                       attachments=0.55, commended=0.95, penalties=0.00, periods=0.65, deadlines=0.00),
    # measured blind in the ninth session: blind9a (penalty/criticism/commendation pages) at
    # 0.388, blind9b (general 公文) at 0.697; the floors below are after that session's fixes
    "blind9a": _floors(0.44, commended=0.00, criticised=0.15, penalties=0.40, periods=0.75, flags=0.80,
                       doc_type=0.75, title=0.75, keywords=0.00, copies=0.00, issuers=0.55, cc=0.35,
                       attachments=0.00),
    "blind9b": _floors(0.85, doc_type=0.90, title=0.90, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.80),
        signed_date=0.85, printed_date=0.65, printed_by=0.65, issuers=0.65, addressees=0.90,
        attachments=0.70, commended=0.00, periods=0.85, flags=0.00),
    # measured blind in the tenth session: blind10a (penalty/criticism/commendation pages) at
    # 0.423, blind10b (general 公文) at 0.843; the floors below are after that session's fixes
    "blind10a": _floors(0.80, commended=0.90, criticised=0.55, penalties=0.45, deadlines=0.65, addressees=0.85,
                        printed_date=0.65, printed_by=0.65, keywords=0.00, issuers=0.85),
    "blind10b": _floors(0.94, doc_type=0.95, title=0.90, issuers=0.80, addressees=0.95, attachments=0.65,
                        commended=0.00, periods=0.85, flags=0.90, signed_date=0.95),
    # measured blind in the eleventh session: blind11a (penalty/criticism/commendation pages) at
    # 0.435, blind11b (general 公文) at 0.822; the floors below are after that session's fixes
    "blind11a": _floors(0.76, doc_type=0.90, title=0.90, signed_date=0.85, addressees=0.80, attachments=0.75,
                        commended=0.95, criticised=0.55, penalties=0.48, periods=0.65, flags=0.65, issuers=0.85),
    "blind11b": _floors(0.90, doc_type=0.95, title=0.85, issuers=0.75, addressees=0.90, commended=0.00,
                        periods=0.85, deadlines=0.85, flags=0.75, signed_date=0.90),
    # measured blind in the twelfth session: blind12a (penalty/criticism/commendation pages) at
    # 0.603, blind12b (general 公文) at 0.801; the floors below are after that session's fixes
    "blind12a": _floors(0.65, commended=0.55, criticised=0.45, penalties=0.35, periods=0.45, flags=0.65,
                        signed_date=0.85, issuers=0.85),
    "blind12b": _floors(0.92, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.75),
        signed_date=0.85, attachments=0.35, commended=0.00, periods=0.75, deadlines=0.70, flags=0.65,
        doc_type=0.80, title=0.55, issuers=0.80, addressees=0.80),
    # measured blind in the thirteenth session: blind13a (penalty/criticism/commendation pages) at
    # 0.648, blind13b (general 公文) at 0.909; the floors below are after that session's fixes
    "blind13a": _floors(0.82, **dict.fromkeys(["doc_number.text"], 0.80), issuers=0.85, commended=0.70,
                        criticised=0.40, penalties=0.75, flags=0.00),
    "blind13b": _floors(0.95, title=0.90, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.90),
        signed_date=0.90, issuers=0.75, addressees=0.95, commended=0.75, flags=0.75),
    # measured blind in the fourteenth session: blind14a (penalty/criticism/commendation pages,
    # mostly news prose) at 0.453, blind14b (general 公文) at 0.776; the floors below are after
    # that session's fixes
    "blind14a": _floors(0.59, commended=0.00, criticised=0.12, penalties=0.42, periods=0.40, deadlines=0.65,
                        title=0.75, signed_date=0.85, printed_date=0.00, printed_by=0.00, issuers=0.55,
                        addressees=0.85, cc=0.65),
    "blind14b": _floors(0.85, signed_date=0.80, attachments=0.50, commended=0.65, periods=0.90, doc_type=0.85,
                        title=0.85, issuers=0.75, addressees=0.75),
    # measured blind in the fifteenth session: blind15a (penalty/criticism/commendation pages,
    # mostly news and lists) at 0.547, blind15b (general 公文) at 0.916; the floors below are
    # after that session's fixes
    "blind15a": _floors(0.64, title=0.65, issuers=0.75, addressees=0.75, commended=0.40, criticised=0.10,
                        penalties=0.58),
    "blind15b": _floors(0.94, doc_type=0.95, title=0.90, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.90),
        signed_date=0.90, issuers=0.90, addressees=0.90, attachments=0.75, commended=0.30, deadlines=0.80,
        flags=0.85),
    # measured blind in the sixteenth session: blind16b (general 公文) at 0.840, blind16a
    # (penalty/criticism/commendation pages) at 0.570; the floors below are after that
    # session's fixes
    "blind16a": _floors(0.71, commended=0.60, criticised=0.25, penalties=0.65, periods=0.00, title=0.70,
                        signed_date=0.90, issuers=0.85, attachments=0.65),
    "blind16b": _floors(0.88, title=0.80, signed_date=0.95, issuers=0.75, addressees=0.80, commended=0.00,
                        penalties=0.00, deadlines=0.70, doc_type=0.90),
    # measured blind in the seventeenth session: blind17b (general 公文) at 0.918, blind17a
    # (penalty/criticism/commendation pages) at 0.579; the floors below are after that
    # session's fixes
    "blind17a": _floors(0.72, commended=0.55, criticised=0.55, penalties=0.57, doc_type=0.90,
                        signed_date=0.90, issuers=0.60),
    "blind17b": _floors(0.92, title=0.80, signed_date=0.90, issuers=0.85, addressees=0.90, attachments=0.65,
                        commended=0.00, deadlines=0.85, flags=0.50),
    # measured blind in the eighteenth session: blind18a (penalty/criticism/commendation pages)
    # at 0.380, blind18b (general 公文) at 0.902; the floors below are after that session's fixes
    "blind18a": _floors(0.52, doc_type=0.60, title=0.30, **dict.fromkeys(["doc_number.text", "doc_number.code"], 0.00),
                        **dict.fromkeys(["doc_number.year", "doc_number.serial"], 0.60), signed_date=0.75,
                        issuers=0.70, addressees=0.75, attachments=0.60, commended=0.80, criticised=0.28,
                        penalties=0.28),
    "blind18b": _floors(0.89, addressees=0.90, commended=0.20, deadlines=0.75, signed_date=0.85, issuers=0.85,
                        attachments=0.60),
    # measured blind in the nineteenth session: blind19b (general 公文) at 0.923, blind19a
    # (penalty/criticism/commendation pages) at 0.606; the floors below are after that
    # session's fixes
    "blind19a": _floors(0.65, doc_type=0.90, title=0.90, addressees=0.90, commended=0.28, criticised=0.12,
                        penalties=0.33, deadlines=0.45, attachments=0.35),
    "blind19b": _floors(0.94, addressees=0.90, periods=0.70, deadlines=0.80, flags=0.80, title=0.90,
                        signed_date=0.95, issuers=0.90, cc=0.95),
    # measured blind in the twentieth session: blind20a (penalty/criticism/commendation pages)
    # at 0.567, blind20b (general 公文) at 0.809; the floors below are after that session's fixes
    "blind20a": _floors(0.69, commended=0.78, criticised=0.16, penalties=0.39, doc_type=0.85, title=0.75,
                        signed_date=0.85, attachments=0.75),
    "blind20b": _floors(0.87, title=0.85, **dict.fromkeys(
        ["doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial"], 0.85),
        signed_date=0.95, issuers=0.60, addressees=0.90, attachments=0.85, commended=0.90, criticised=0.00,
        periods=0.75, deadlines=0.60, flags=0.60, doc_type=0.95),
}
# files whose split is a known gap: two unrelated law-database texts on one page with only
# chrome between them (blind4b 016), a 说明 run on after a 公告 (blind4b 013), a 请示报告 appended to the 复函 that answers it, after 附一: (blind6b 003),
# orders quoted one after another in a writing guide, and a 命令 and a 通令 on one news page (blind7b 003, 004),
# a blog quoting three documents of 1949–54 and a 1959 印发 note above the report it circulates (blind8b 001, 004),
# two unrelated texts on one law-database page, the second not split off (blind9b 003, 004),
# a book page running a 训词's end into a 决议 (blind12b 001), a leader's 批语 printed above the notice it annotates (blind14b 001),
# a writing guide's faulty sample 批复 run on after two real ones (blind15b 002),
# a 转发 notice run into the report it forwards, in a Traditional mirror (blind20b 003)
SPLIT_GAPS = {"blind20b": {"003.txt"}, "blind14b": {"001.txt"}, "blind15b": {"002.txt"}, "blind4b": {"013.txt", "016.txt"}, "blind6b": {"003.txt"}, "blind7b": {"003.txt", "004.txt"},
              "blind8b": {"001.txt", "004.txt"}, "blind9b": {"003.txt", "004.txt"}, "blind12b": {"001.txt"}}

def _folder(corpus: str) -> Path:
    return ROOT / "corpus" / corpus


def _gold_lines(corpus: str):
    text = (_folder(corpus) / "gold.jsonl").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _gold_counts(corpus: str):
    return Counter(g["file"] for g in _gold_lines(corpus))


@pytest.fixture(scope="module", params=sorted(FLOORS))
def corpus(request):
    return request.param


@pytest.fixture(scope="module")
def real_records(corpus):
    """{file name: [record dict, ...]} for every .txt of the corpus, via the in-process pipeline."""
    from extractor.pipeline import iter_records

    out = {}
    for path, result in iter_records([str(_folder(corpus))]):
        name = Path(path).name
        assert isinstance(result, list), (name, result)
        out[name] = [json.loads(r.model_dump_json()) for r in result]
    return out


@pytest.fixture(scope="module")
def real_score(corpus, real_records, tmp_path_factory):
    if not SCORER.exists():
        pytest.skip(f"shared scorer not found at {SCORER} (../shared is absent in this checkout)")
    pred = tmp_path_factory.mktemp(corpus) / "pred.jsonl"
    with pred.open("w", encoding="utf-8") as fh:
        for name in sorted(real_records):
            for d in real_records[name]:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(SCORER), "--gold", str(_folder(corpus) / "gold.jsonl"),
                          "--pred", str(pred), "--root", "/", "--json"], capture_output=True, text=True, check=True)
    return json.loads(res.stdout)


def test_corpus_and_gold_agree(corpus):
    files = sorted(p.name for p in _folder(corpus).glob("*.txt"))
    assert len(files) >= 15
    assert sorted(_gold_counts(corpus)) == files
    for g in _gold_lines(corpus):
        assert "_notes" in g, g["file"]


def test_evidence_spans_exact(corpus, real_records):
    n = 0
    for name, records in real_records.items():
        text = (_folder(corpus) / name).read_text(encoding="utf-8")
        for rec in records:
            n += assert_spans_exact(rec, text)
    assert n > 0


def test_documents_per_file(corpus, real_records):
    wrong = {name: (len(real_records.get(name, [])), n) for name, n in _gold_counts(corpus).items()
             if len(real_records.get(name, [])) != n}
    assert set(wrong) <= SPLIT_GAPS.get(corpus, set()), f"documents per file (predicted, gold): {wrong}"


def test_scorer_spans_exact(real_score):
    spans = real_score["spans"]
    assert spans["spans"] > 0 and spans["exact"] == spans["spans"], spans
    assert real_score["unparseable_lines"] == 0


def test_field_f1_floors(corpus, real_score):
    F1_FLOORS, OVERALL_F1_FLOOR = FLOORS[corpus]
    fields = real_score["fields"]
    print(f'\n{"field":20} {"tp":>4} {"fp":>4} {"fn":>4}  {"F1":>5}  floor')
    for f, v in fields.items():
        print(f'{f:20} {v["tp"]:4} {v["fp"]:4} {v["fn"]:4}  {v["f1"]:5.2f}  {F1_FLOORS.get(f, "-")}')
    o = real_score["overall"]
    print(f'{"overall":20} {o["tp"]:4} {o["fp"]:4} {o["fn"]:4}  {o["f1"]:5.2f}  {OVERALL_F1_FLOOR}')
    low = {f: (round(fields[f]["f1"], 4), floor) for f, floor in F1_FLOORS.items()
           if f in fields and fields[f]["f1"] + 1e-9 < floor}
    assert not low, f"F1 below floor (value, floor): {low}"
    assert set(F1_FLOORS) <= set(fields), set(F1_FLOORS) - set(fields)
    assert o["f1"] + 1e-9 >= OVERALL_F1_FLOOR, o

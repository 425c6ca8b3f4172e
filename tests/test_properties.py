"""Property-based: random and mutated documents through the whole pipeline.

Bytes in every encoding we read (utf-8, utf-8-sig, gb18030, utf-16), torn
lines, HTML fragments, 10 000-character lines, random 〔〕 and 年月日 runs.
Whatever comes in: no exception escapes, every input yields records or an
error entry, and every span is exact in the decoded file.
"""
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, walk_spans
from extractor.bulk import process_file
from extractor.models import Record
from extractor.pipeline import Input, Settings
from extractor.text import decode

SEED_TEXTS = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
SNIPPETS = [
    "〔", "〕", "〔2024〕", "年", "月", "日", "2024年", "二〇二四年三月", "１２月", "○", "〇", "至", "前",
    "<p>", "</p>", "<br/>", "&nbsp;", "&#12288;", "<span style='x'>", "&amp;", "\r\n", "\n", "\u3000", " ",
    "通报批评", "予以表扬", "罚款", "责令整改", "以上单位", "该单位", "有限公司", "村", "：", "。", "，", "、",
    "第一篇", "附件：", "抄送：", "印发", "共印200份", "主题词：", "关于", "的通知", "津交安办〔2024〕5号",
]
ENCODINGS = ["utf-8", "utf-8-sig", "gb18030", "utf-16"]


def mutate(text: str, rng: random.Random) -> str:
    """Cut, splice, repeat and sprinkle pieces of a real document."""
    for _ in range(rng.randint(1, 6)):
        op = rng.randrange(6)
        i = rng.randint(0, len(text))
        if op == 0:  # torn: a random cut
            text = text[:i]
        elif op == 1:  # splice in a snippet
            text = text[:i] + rng.choice(SNIPPETS) + text[i:]
        elif op == 2:  # a 10 000-character line
            text = text[:i] + rng.choice(["年月日〔〕", "2024年1月", "批评", "a", "甲"]) * (10_000 // 4) + text[i:]
        elif op == 3:  # random 〔〕 and 年月日 sequences
            text = text[:i] + "".join(rng.choice("〔〕年月日0123456789一二〇号第") for _ in range(rng.randint(1, 60))) + text[i:]
        elif op == 4:  # drop a stretch
            j = rng.randint(i, min(len(text), i + 500))
            text = text[:i] + text[j:]
        else:  # wrap a line in HTML
            text = text[:i] + "<p>" + text[i:i + 80] + "</p>" + text[i + 80:]
    return text


random_text = st.text(
    alphabet=st.one_of(st.sampled_from("〔〕年月日号第一二三四五六七八九十〇○0123456789：，。、\n\r \u3000<>/&;p"),
                       st.characters(codec="utf-8")),
    max_size=400)


@st.composite
def documents(draw):
    kind = draw(st.sampled_from(["mutated", "mutated", "random", "snippets"]))
    if kind == "mutated":
        rng = random.Random(draw(st.integers(0, 2 ** 32 - 1)))
        base = rng.choice(SEED_TEXTS)
        a = rng.randint(0, len(base))
        text = mutate(base[a:a + rng.randint(0, 6000)], rng)
    elif kind == "random":
        text = draw(random_text)
    else:
        text = "".join(draw(st.lists(st.sampled_from(SNIPPETS), max_size=80)))
    encoding = draw(st.sampled_from(ENCODINGS))
    raw = text.encode(encoding, errors="replace")
    if draw(st.booleans()) and len(raw) > 3:  # torn in the middle of a multi-byte character
        raw = raw[: draw(st.integers(1, len(raw) - 1))]
    return raw


def check_exact(raw: bytes, result) -> None:
    assert result.lines or result.errors, "an input yielded neither records nor an error"
    for err in result.errors:
        assert err.stage and err.reason
    if not result.lines:
        return
    text, _ = decode(raw)
    for line in result.lines:
        rec = Record.model_validate_json(line).model_dump()
        for span in walk_spans(rec):
            assert text[span["start"]:span["end"]] == span["text"], span


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(documents())
def test_any_bytes_yield_records_or_errors_with_exact_spans(tmp_path_factory, raw):
    path = tmp_path_factory.mktemp("prop") / "doc.txt"
    path.write_bytes(raw)
    result = process_file(Input(str(path)), settings=Settings(segmenter="jieba"))  # never raises
    check_exact(raw, result)


def test_every_encoding_of_a_seed_reads_the_same_records():
    """The same document in every encoding: the same fields, spans exact in each."""
    import json
    import tempfile
    from pathlib import Path

    text = SEED_TEXTS[1]
    seen = None
    with tempfile.TemporaryDirectory() as d:
        for enc in ENCODINGS:
            p = Path(d) / f"{enc}.txt"
            p.write_bytes(text.encode(enc))
            result = process_file(Input(str(p)))
            assert not result.errors, result.errors
            check_exact(p.read_bytes(), result)
            # offsets count characters of the decoded text, so no encoding (or BOM) moves a span
            fields = [{k: v for k, v in json.loads(line).items() if k != "source"} for line in result.lines]
            seen = seen or fields
            assert fields == seen, enc

"""The speed shortcuts of the rule stages answer exactly as the plain rule does."""
from pathlib import Path

import pytest

from extractor import header, references, rules
from extractor.text import SourceText, clean_view

ROOT = Path(__file__).resolve().parent.parent


def _corpus_lines(limit=4000):
    out = []
    for path in sorted((ROOT / "corpus").rglob("*.txt"))[:80]:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        out.extend(clean_view(SourceText(str(path), text, "utf-8")).text.split("\n"))
        if len(out) > limit:
            break
    return out


@pytest.fixture(scope="module")
def lines():
    got = _corpus_lines()
    assert got, "no corpus lines to test on"
    return got


def test_year_scan_finds_what_the_rule_finds(lines):
    rule = rules.load("header").pattern("doc_number_year")
    text = "\n".join(lines) + "\n〔2024〕（二〇一九）[2024 ]„2024‟ 2024年"
    assert [m.span() for m in header._year_scan().finditer(text)] == [m.span() for m in rule.finditer(text)]


def test_org_only_prefilter_agrees_with_the_pattern(lines):
    pattern = header._org_line()
    samples = lines + ["天津市交通安全办公室", "  北京市人民政府  ", "国务院\n办公厅", "办公厅\n国务院", "关于做好工作的通知", "局"]
    for s in samples:
        t = s.strip()
        plain = bool(t) and len(t) <= 60 and bool(pattern.match(t))
        assert header.org_only(s) == plain, s


def test_ends_like_title_agrees_with_a_search_for_the_endings(lines):
    import regex

    endings = header._title_key_parts()[2]
    at_end = regex.compile("(?:" + "|".join(map(regex.escape, endings)) + ")$")
    note = rules.load("doc_types").pattern("title_note")
    for s in lines + ["关于印发方案的通知）", "会议纪要 ", "通報", "某规定(试行)", "命令(二)"]:
        key = header.title_key(s)
        bare = note.sub("", key)
        plain = bool(at_end.search(key.rstrip("）)"))) or (bool(note.search(key)) and bool(at_end.search(bare))
                                                          and bare not in endings)
        assert header.ends_like_title(s) == plain, s


def test_number_opens_agrees_with_the_first_match(lines):
    pattern = rules.load("header").pattern("doc_number")
    for s in lines + ["津交安办〔2024〕5号", " （津交安办〔2024〕5号）", "见津交安办〔2024〕5号", "(  国发[2024]3号"]:
        m = pattern.search(s)
        assert header._number_opens(pattern, s) == bool(m and s[: m.start()].strip() in ("", "(", "（")), s


def test_article_examples_open_as_the_prefilter_expects():
    rule = rules.load("references")["article"]
    for example in rule.spec.examples.match:
        after = example.split("》", 1)[1]
        assert after.lstrip(" \t")[:1] in references._ARTICLE_OPENS, example


def test_doc_numbers_finds_what_one_finditer_finds(lines):
    """doc_numbers searches only a window before each bracketed year, narrowed
    to where a 代字 can start: the same numbers as one finditer over the text,
    also when blanks stand between the 代字 and the bracket, or its units carry
    pinyin residue (the window reaches 14 units of 8 characters after them)."""
    number = rules.load("header").pattern("doc_number")
    text = "\n".join(lines) + ("\n根据" + "很长的一段没有括号的中文文字" * 3 + "国发〔2024〕1号和（国办发〔2023〕2号）"
                              "以及某办(局)函〔2021〕5号、常政發(fā)〔2010〕182號 见津交安办 [2024] 5 号"
                              "\n（津安办" + " " * 90 + "〔2023〕12号）\t\t\t国\t" + "\t" * 100 + "[2022]3号"
                              "\n關(guān)於(yú)國(guó)務(wù)院(yuàn)辦(bàn)公(gōng)廳(tīng)發(fā)〔2019〕7號")
    assert ([m.span() for m in header.doc_numbers(text, 0, len(text))]
            == [header.without_lead(m).span() for m in number.finditer(text)])


def test_doc_numbers_on_a_line_agree_with_finditer(lines):
    pattern = rules.load("header").pattern("doc_number")
    samples = lines + ["见国发〔2024〕1号和（国办发〔2023〕2号）及某办(局)函〔2021〕5号",
                       "很长的一段没有括号的中文文字很长的一段没有括号的中文文字国发〔2024〕1号",
                       "常政發(fā)〔2010〕182號 (二〇二四)  津交安办 [2024] 5 号", "〔2024〕5号〔2024〕"]
    for s in samples:
        assert ([m.span() for m in header.doc_numbers(s, 0, len(s))]
                == [header.without_lead(m).span() for m in pattern.finditer(s)]), s


def test_the_shipped_cues_keep_the_union_first_pass():
    # a $ or ^ or an inline flag in any cue, measure or anaphor rule makes the first pass
    # rescan every text with the whole union (about 9 % of a run when it happened)
    from extractor.attribution.cues import _any_cue_complete
    assert _any_cue_complete()

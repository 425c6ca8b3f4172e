"""extractor.dates: the in-house spec (tests/spec/dates.yaml), the seed and dev gold, hostile input."""
import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest
import yaml

from extractor import dates

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"
if not SHARED.exists():
    SHARED = Path("/work/shared")

SPEC = yaml.safe_load((HERE / "spec" / "dates.yaml").read_text(encoding="utf-8"))["cases"]


def _d(v):
    return v if v is None or isinstance(v, dt.date) else dt.date.fromisoformat(str(v))


@pytest.mark.parametrize("case", SPEC, ids=[c["text"] for c in SPEC])
def test_spec(case):
    text, ref = case["text"], _d(case.get("ref"))
    if "date" in case:
        hits = dates.find_dates(text, ref)
        assert len(hits) == 1, hits
        assert hits[0].value == _d(case["date"])
        if "mixed" in case:
            assert hits[0].mixed_numerals is case["mixed"]
    if "period" in case:
        ps = dates.find_periods(text, ref)
        if case["period"] is None:
            assert ps == []
        else:
            assert [(p.begin.value, p.finish.value) for p in ps] == [tuple(_d(x) for x in case["period"])]
            p = ps[0]
            assert text[p.start:p.end] == p.text
            assert text[p.begin.start:p.begin.end] == p.begin.text
    if "deadline" in case:
        ds = [x for x in dates.find_deadlines(text, ref) if x.due.value]
        if case["deadline"] is None:
            assert ds == []
        else:
            assert [x.due.value for x in ds] == [_d(case["deadline"])]
            assert text[ds[0].start:ds[0].end] == ds[0].text
            if "action" in case:
                assert ds[0].action == case["action"]
    if "duration" in case:
        assert dates.parse_duration(text) == case["duration"]


def test_parse_date_whole_expressions():
    assert dates.parse_date("二00七年十二月十三日") == dt.date(2007, 12, 13)
    assert dates.parse_date("二0０九年12月25日") == dt.date(2009, 12, 25)
    assert dates.parse_date("2024年12月17日") == dt.date(2024, 12, 17)
    assert dates.parse_date("即日", dt.date(2007, 12, 13)) == dt.date(2007, 12, 13)
    assert dates.parse_date("2024年12月17日印发通知") is None
    assert dates.parse_date("2月30日", dt.date(2023, 1, 1)) is None


@pytest.mark.parametrize("text, value", [
    ("2022年513", dt.date(2022, 5, 13)),       # 月 and 日 lost: 51-3 is no date
    ("202310月11", dt.date(2023, 10, 11)),     # 年 and 日 lost, the 月 splits
    ("20151225日", dt.date(2015, 12, 25)),
    ("2023313", dt.date(2023, 3, 13)),
    ("2021111", None),                         # 1-11 or 11-1: two readings, none taken
    ("2024年6月4日", None),                     # whole: parse_date's
    ("2023年1月", None),
    ("12345", None),
])
def test_a_damaged_date_is_read_only_when_one_split_makes_a_date(text, value):
    assert dates.parse_damaged_date(text) == value


def test_never_today():
    # without ref a year-less date stays unresolved
    assert dates.find_dates("9月27日") == []
    assert dates.find_dates("9月27日", keep_unresolved=True)[0].value is None


def test_find_durations_skips_dates():
    text = "2024年12月16日处挂黄牌壹个月的处罚，限15日内整改"
    assert [iso for _, _, iso in dates.find_durations(text)] == ["P1M", "P15D"]


def _seed_docs():
    t = (SHARED / "corpus" / "seeds" / "000_ec94791e602876d6.txt").read_text(encoding="utf-8")
    starts = [m.start() for m in re.finditer(r"^\s*第[一二三四五六七八九十]+篇", t, re.M)]
    docs = [t[s:e] for s, e in zip(starts, starts[1:] + [len(t)])]
    gold = [json.loads(l) for l in (SHARED / "gold" / "seeds.jsonl").open(encoding="utf-8")
            if json.loads(l)["file"] == "000_ec94791e602876d6.txt"]
    return list(zip(docs, gold))


@pytest.mark.skipif(not (SHARED / "gold").exists(), reason="shared gold not present")
@pytest.mark.parametrize("i", range(5))
def test_seed_periods_and_deadlines(i):
    doc, g = _seed_docs()[i]
    _assert_gold_periods_and_deadlines(doc, dt.date.fromisoformat(g["signed_date"]), g)


def _assert_gold_periods_and_deadlines(text: str, ref, g: dict) -> None:
    if "periods" in g:
        got = {(p.begin.value.isoformat(), p.finish.value.isoformat()) for p in dates.find_periods(text, ref)}
        assert got == {tuple(x) for x in g["periods"]}
    if "deadlines" in g:
        got = {x.due.value.isoformat() for x in dates.find_deadlines(text, ref) if x.due.value}
        assert got == set(g["deadlines"])


def _dev_cases():
    if not (SHARED / "gold" / "dev.jsonl").exists():
        return []
    gold = [json.loads(l) for l in (SHARED / "gold" / "dev.jsonl").open(encoding="utf-8")]
    files = {}
    for g in gold:
        files.setdefault(g["file"], []).append(g)
    return [gs[0] for gs in files.values() if len(gs) == 1 and ("periods" in gs[0] or "deadlines" in gs[0])]


@pytest.mark.parametrize("g", _dev_cases(), ids=lambda g: g["file"])
def test_dev_periods_and_deadlines(g):
    text = (SHARED / "corpus" / "dev" / g["file"]).read_text(encoding="utf-8")
    ref = dt.date.fromisoformat(g["signed_date"]) if g.get("signed_date") else None
    _assert_gold_periods_and_deadlines(text, ref, g)


HOSTILE = [
    "1" * 10000,
    "".join("0123456789年月日"[i * 7 % 13] for i in range(10000)),
    ("2024年12月" * 1000)[:10000],
    ("二〇〇七年十二月" * 800)[:10000],
    ("1年2月3日至" * 2000)[:10000],
    ("12—" * 4000)[:10000],
]


@pytest.mark.parametrize("line", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_line_is_fast(line):
    t = time.perf_counter()
    dates.find_dates(line, dt.date(2020, 1, 1))
    dates.find_periods(line, dt.date(2020, 1, 1))
    dates.find_deadlines(line, dt.date(2020, 1, 1))
    dates.find_durations(line)
    assert time.perf_counter() - t < 1.0


# ---------------------------------------------------------------- prefilter
# dates/finders.py tries the date rules only in runs of _DATE_CHARS that hold one of a
# rule's anchors (see "prefilter" there); these tests keep that argument true.

_WINDOWED = dates._MENTION_RULES + ("period.day_elided", "period.month_elided", "period.year_elided")


def _pattern_chars(pattern: str) -> set[str]:
    """Every character a pattern can consume or test in a look-ahead
    (look-behinds see the real text before a window, so they do not count)."""
    from re import _constants as C, _parser as P

    chars: set[str] = set()

    def walk(items):
        for op, av in items:
            if op is C.LITERAL:
                chars.add(chr(av))
            elif op is C.IN:
                for o, a in av:
                    if o is C.LITERAL:
                        chars.add(chr(a))
                    elif o is C.RANGE:
                        chars.update(chr(k) for k in range(a[0], a[1] + 1))
                    else:   # a negated class or a category: the argument fails
                        raise AssertionError(f"{pattern!r}: {o} {a}")
            elif op is C.SUBPATTERN:
                walk(av[-1])
            elif op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
                walk(av[2])
            elif op is C.ATOMIC_GROUP:
                walk(av)
            elif op is C.BRANCH:
                for b in av[1]:
                    walk(b)
            elif op in (C.ASSERT, C.ASSERT_NOT):
                if av[0] > 0:   # look-ahead
                    walk(av[1])
            else:   # ., \b, $ … would see past a window's end
                raise AssertionError(f"{pattern!r}: {op} {av}")

    # stdlib re reads these patterns once group names (some repeated) are dropped
    walk(P.parse(re.sub(r"\(\?P<\w+>", "(?:", pattern)))
    return chars


@pytest.mark.parametrize("rid", _WINDOWED)
def test_rule_stays_inside_date_runs(rid):
    chars = _pattern_chars(dates._rf().pattern(rid).pattern)
    assert chars <= set(dates._DATE_CHARS), sorted(chars - set(dates._DATE_CHARS))


@pytest.mark.parametrize("rid", _WINDOWED)
def test_rule_matches_hold_an_anchor(rid):
    anchors = dates._RULE_CHARS["elided" if rid.startswith("period.") else rid]
    pat = dates._rf().pattern(rid)
    texts = [s for r in [dates._rf()[rid]] for s in r.spec.examples.match] + HOSTILE
    need = dates._RULE_NEEDS.get("elided" if rid.startswith("period.") else rid)
    for t in texts:
        for m in pat.finditer(t):
            assert set(anchors) & set(m.group()), (rid, m.group())
            assert set(dates._RULE_ALSO.get(rid, m.group())) & set(m.group()), (rid, m.group())
            assert need is None or need.search(m.group()), (rid, m.group())
            assert dict(dates._ELIDED_RULES).get(rid, "") in m.group(), (rid, m.group())


@pytest.mark.parametrize("text", [
    "自2020-05-26至2020.06.01，于今年3月2—4日、5日召开；本月20日前报送，年内完成。",
    "2024年春节前后,1－8月份、2008——2018年、四季度、第一季度、前三季度、上半年 今天 下个月底",
    "二00七年十二月十三日至二〇〇八年 一 月 5 日止；限15日内；百日行动，3日以内，十二月月底，零七年八月二十九号",
] + HOSTILE, ids=range(3 + len(HOSTILE)))
def test_windows_find_what_the_whole_text_holds(text):
    rf = dates._rf()
    dates._all_windows.cache_clear()
    for rid in _WINDOWED:
        pat = rf.pattern(rid)
        wins = dates._windows(text, "elided" if rid.startswith("period.") else rid)
        found = [m.span() for ws, we in wins for m in pat.finditer(text, ws, we)]
        assert found == [m.span() for m in pat.finditer(text)], rid


def _parse_date_by_definition(s, ref=None):
    t = s.strip(" \t\u3000\n")
    hits = dates.find_dates(t, ref, keep_unresolved=True)
    return hits[0].value if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(t) else None


@pytest.mark.parametrize("ref", [None, dt.date(2020, 6, 15)])
def test_parse_date_is_one_hit_covering_the_text(ref):
    # parse_date tries the rules at 0 alone when no range can be there
    texts = [c["text"] for c in SPEC] + [
        s for r in dates._rf().rules.values() if r.regex is not None for s in r.spec.examples.match
    ] + ["二00七年十二月十三日", " 2024年12月17日\n", "即日", "15年3月2日", "2024年13月1日", "13月", "今年",
         "上年", "2024年春节", "春节", "四季度", "2024年底", "前三季度", "3日", "", "年", "2024.05.01", "二〇二四年一月"]
    for s in texts:
        assert dates.parse_date(s, ref) == _parse_date_by_definition(s, ref), s


def _groups(m, names):
    """m's groups by name as regex's groupdict gives them (a repeated name
    stands in alternatives: at most one of its groups takes part)."""
    g = {}
    for k, v in zip(names, m.groups()):
        if v is not None or k not in g:
            g[k] = v
    return g


@pytest.mark.parametrize("rid", _WINDOWED + ("period.connector", "deadline.before", "deadline.within"))
def test_rules_read_alike_by_re_and_regex(rid):
    # dates/common.py runs these rules through stdlib re (see _re_rule): the same
    # matches, groups and spans as regex gives, on the examples, the hostile
    # lines and random strings of date characters (with a few others between)
    import random
    rx = dates._rf().pattern(rid)
    pat, names, _ = dates._re_rule(rid)
    rnd = random.Random(rid)
    alphabet = list(dates._DATE_CHARS + "每百千万个多几周成人，。\n") + [
        "2024", "二〇〇七", "１２", "12", "十二", "二十一", "3", "07", "零七", "年", "月", "日", "号", "至", "—", "-",
        "——", " ", "季度", "上半年", "年底", "今年", "本月", "春节", "2020-05-26", "起", "份"] * 4 + [
        "前", "之前", "以前", "下午", "5时", "30分", "自", "之日起", "即日", "限", "须在", "内", "以内", "个", "工作日"] * 3
    spec = dates._rf()[rid].spec.examples
    texts = list(spec.match) + list(spec.no_match) + HOSTILE + [
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12))) for _ in range(4000)]
    texts += ["至".join(texts[i:i + 3]) for i in range(0, 200, 3)]
    for t in texts:
        for pos in (0, len(t) // 3):
            want = [(m.span(), m.groupdict()) for m in rx.finditer(t, pos)]
            got = [(m.span(), _groups(m, names)) for m in pat.finditer(t, pos)]
            assert got == want, (rid, t, pos)
        want = rx.match(t)
        got = pat.match(t)
        assert (got and (got.span(), _groups(got, names))) == (want and (want.span(), want.groupdict())), (rid, t)


@pytest.mark.parametrize("rid", _WINDOWED)
def test_rule_matches_hold_a_trigger(rid):
    # runs are found from their first trigger (see _TRIGGER): every match holds one
    import random
    trigger = re.compile(dates._TRIGGER)
    pat = dates._rf().pattern(rid)
    rnd = random.Random(rid + "trigger")
    alphabet = list(dates._DATE_CHARS + "每百千万个多几周成人，。\n") + [
        "2024", "二〇〇七", "１２", "12", "十二", "二十一", "3", "07", "零七", "年", "月", "日", "号", "至", "—", "-",
        "——", " ", "季度", "上半年", "年底", "今年", "本月", "春节", "2020-05-26", "起", "份", "年度", "个",
        "三年", "1.", "19", "20", "个月", "上个", "下", "2019.05", "一", "〇", "前"] * 4
    texts = [s for s in dates._rf()[rid].spec.examples.match] + HOSTILE + [
        "".join(rnd.choice(alphabet) for _ in range(rnd.randint(1, 12))) for _ in range(4000)]
    n = 0
    for t in texts:
        for m in pat.finditer(t):
            n += 1
            assert trigger.search(t, m.start(), m.end()), (rid, t, m.group())
    assert n


def test_connector_matches_in_place_as_in_the_cut_out_gap():
    # find_periods matches period.connector in the text between two mentions (see _connector)
    import random
    rnd = random.Random(7)
    cut = dates._re_rule("period.connector")[0]
    here = dates._connector()
    parts = ["至", "到", "起", " ", "\u3000", "\n", "—", "-", "——", "～", "和", "、", "，", "止", "日"]
    for _ in range(5000):
        gap = "".join(rnd.choice(parts) for _ in range(rnd.randint(0, 5)))
        left, right = rnd.choice(["", "3月", "\n", "至"]), rnd.choice(["", "5日", "\n"])
        text = left + gap + right
        a, b = len(left), len(left) + len(gap)
        assert bool(cut.match(text[a:b])) == bool(here.match(text, a, b)), repr(text)
        assert bool(cut.match(text[a:b])) == bool(dates._rf().pattern("period.connector").match(text[a:b])), repr(gap)


def test_a_period_whose_first_end_carries_a_time_of_day():  # blind6b 012
    ref = dt.date(2019, 10, 16)
    got = [(p.text, p.begin.value, p.finish.value)
           for p in dates.find_periods("管制时间:2019年10月20日8时至10月21日18时。交通管制自5月19日下午4:00至5月20日。", ref)]
    assert got == [("2019年10月20日8时至10月21日", dt.date(2019, 10, 20), dt.date(2019, 10, 21)),
                   ("自5月19日下午4:00至5月20日", dt.date(2019, 5, 19), dt.date(2019, 5, 20))]
    # hours inside one day (an inspection's 晚7:30—9:30, dev 002) are no period
    assert dates.find_periods("2018年2月11日晚7:30—9:30,督查室进行了现场检查。", ref) == []


def test_a_range_of_nian_du_that_names_an_awards_cycle_is_no_period():  # blind12b 008, blind11a 006
    ref = dt.date(2006, 5, 1)
    spans = lambda text: [(p.begin.value.isoformat(), p.finish.value.isoformat()) for p in dates.find_periods(text, ref)]
    assert spans("在2002-2005年度上海市先进街道办事处评选活动中,我区两个街道获奖。") == []
    assert spans("命名某中学等32家单位为第十六届(2011~2012年度)文明单位。") == []
    # the same range as a span of time stays one
    assert spans("2002-2005年度内完成全部改造任务。") == [("2002-01-01", "2005-12-31")]
    assert spans("2002-2005年度,全市共改造街道30条。") == [("2002-01-01", "2005-12-31")]

"""Dates, periods, deadlines and durations as 公文 write them (issue 3).

Find, then read, then judge (STYLE §3):

* **find** — the `date.*` rules of rules/dates.yaml give date *mentions*
  (2024年2月6日, 二00七年十二月十三日, 2月底, 25日, 年内, 四季度, 即日 …);
  the `period.*_elided` rules give ranges whose first end drops its unit
  (3月2—4日, 1—5月份, 2024-2026年).
* **read** — each mention is resolved to the days it covers (`earliest`,
  `latest`) against a context: a year written earlier in the same sentence,
  else the other end of its range, else the reference date `ref` (the
  document's 成文日期).  `ref` is never today.
* **judge** — periods are two mentions joined by a connector (至, 到, —, ～ …
  with 自/从 … 起 … 止 around them); deadlines are mentions followed by 前 /
  之前 / 以前, or 年内 + an action verb, or 截至X前, or 限N日内.

Conventions (CONTRACT "Dates"): a value is a full date; 月底 and 下旬 give the
month's last day, 年底 / 年内 the 31st of December, 即日 the 成文日期; a
period's start is the first day of its first unit and its end the last day of
its last unit, ends inclusive; an inverted range stays as written.
`YYYY年前` is read as *before* the year YYYY (due YYYY-1-12-31).  Holidays
resolve only where the year is known from the text (never from ref alone).

Positions are indices into the string passed in.  Every function works on
the cleaned view as well as on raw text (full-width digits, ○, 〇, O).
"""
from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

import regex

from . import numerals, rules

__all__ = [
    "DateHit", "PeriodHit", "DeadlineHit",
    "parse_date", "find_dates", "find_periods", "find_deadlines",
    "parse_duration", "find_durations",
]


# ---------------------------------------------------------------- results

@dataclass
class DateHit:
    start: int
    end: int
    text: str
    value: Optional[date]          # per CONTRACT: 月底 → last day, 年内 → Dec 31, months/years → first day
    granularity: str               # 'day' | 'month' | 'xun' | 'quarter' | 'half' | 'year' | 'relative' | 'holiday'
    mixed_numerals: bool
    earliest: Optional[date] = None   # first day the mention covers
    latest: Optional[date] = None     # last day the mention covers
    rule: str = ""                    # rule id that found it (provenance)
    year_written: bool = False        # the year is in the mention itself (not inherited)


@dataclass
class PeriodHit:
    start: int
    end: int
    text: str
    begin: DateHit
    finish: DateHit
    rule: str = "period.connector"

    @property
    def inverted(self) -> bool:
        return bool(self.begin.value and self.finish.value and self.finish.value < self.begin.value)


@dataclass
class DeadlineHit:
    start: int
    end: int
    text: str
    due: DateHit
    action: Optional[str]
    rule: str = ""


# ---------------------------------------------------------------- rules

@functools.lru_cache(maxsize=None)
def _rf() -> rules.RuleFile:
    return rules.load("dates")


def _vocab(name: str):
    return _rf().vocab[name]


_ASCII_DIGITS = set("0123456789Oo")
_FULL_DIGITS = set("０１２３４５６７８９Ｏ")
_CN_DIGITS = set("零〇○◯一二三四五六七八九十廿卅两壹贰叁肆伍陆柒捌玖拾")
_SENTENCE_END = re.compile(r"[。！？!?；;]")


def _mixed(s: str) -> bool:
    """True when one date mixes numeral systems (Chinese + ASCII, ASCII + full-width …)."""
    return ((not _ASCII_DIGITS.isdisjoint(s)) + (not _FULL_DIGITS.isdisjoint(s))
            + (not _CN_DIGITS.isdisjoint(s))) > 1


_MONTH_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _last_day(y: int, m: int) -> int:
    if not 1 <= m <= 12:
        return calendar.monthrange(y, m)[1]   # raises as it always did
    # calendar.monthrange(y, m)[1] without the weekday it also computes
    return 29 if m == 2 and calendar.isleap(y) else _MONTH_DAYS[m]


def _safe(y: int, m: int, d: int) -> Optional[date]:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _small_numerals() -> dict[str, Optional[int]]:
    """numerals.to_int of the numerals that months and days are written in
    (1, 01, １２, 十二, 二十一, 廿一, 卅 …), read once: most numbers _num sees."""
    fw = str.maketrans("0123456789", "０１２３４５６７８９")
    cn = "〇一二三四五六七八九"
    words = []
    for i in range(100):
        words += [str(i), f"{i:02d}", str(i).translate(fw), f"{i:02d}".translate(fw)]
    for t in range(10):
        for u in range(10):
            tens = "" if t == 0 else "十" if t == 1 else cn[t] + "十"
            words.append(tens + (cn[u] if u else "") if t or u else "〇")
    words += [p + (cn[u] if u else "") for p in "廿卅" for u in range(10)]
    return {w: numerals.to_int(w) for w in words}


_SMALL_NUMERALS = _small_numerals()


def _num(s: Optional[str]) -> Optional[int]:
    if not s:
        return None
    try:
        return _SMALL_NUMERALS[s]
    except KeyError:
        return numerals.to_int(s.strip())


_TO_ASCII_DIGIT = str.maketrans({c: str(d) for c, d in numerals.DIGITS.items()})


def _year4(s: str) -> Optional[int]:
    # a year is read digit by digit: 二00七 → 2007 (never 二千…)
    if not s:
        return 0
    t = s.translate(_TO_ASCII_DIGIT)
    return int(t) if t.isascii() and t.isdigit() else None


def _year2(s: str, ref: Optional[date]) -> Optional[int]:
    yy = _year4(s)
    if yy is None:
        return None
    base = ref.year if ref else 2030
    return 2000 + yy if 2000 + yy <= base + 10 else 1900 + yy


# ---------------------------------------------------------------- mentions

@dataclass(slots=True)
class _Mention:
    """A date mention before resolution: what the text fixes, what it leaves open."""
    start: int
    end: int
    rule: str
    year: Optional[int] = None         # written (or relative to ref, see rel)
    rel_year: Optional[int] = None     # offset from ref's year (今年 0, 明年 +1)
    month: Optional[int] = None
    day: Optional[int] = None
    mpart: Optional[str] = None        # 底 末 初 上旬 中旬 下旬
    ypart: Optional[str] = None        # 底 末 初 内 伊始 上半年 下半年
    quarter: Optional[int] = None
    qpart: Optional[str] = None
    first_quarters: Optional[int] = None   # 前三季度
    first_months: Optional[int] = None     # 前五个月
    relword: Optional[str] = None      # 即日 本月 …
    holiday: Optional[str] = None
    year_only_before: bool = False      # YYYY年前 reading helper


# The date and elided-range rules run through the standard `re` module: on
# these patterns it does what `regex` (V0, MULTILINE) does, at about twice
# the speed.  They use only what both read alike: literals, classes without
# set operations, greedy and possessive quantifiers, alternation, look-aheads
# and one-character look-behinds (tests/test_dates.py compares the two on the
# examples and on random text).  `re` refuses a repeated group name
# (year_led's yy and d): there every group is made a plain numbered one and
# the names are kept alongside, in order.
_NAMED_GROUP = re.compile(r"\(\?P<(\w+)>")


@functools.lru_cache(maxsize=None)
def _re_rule(rule_id: str) -> tuple[re.Pattern, tuple[str, ...], bool]:
    """(pattern compiled by re, group names by number, whether a name repeats)."""
    rx = _rf().pattern(rule_id)
    assert rx.flags & regex.MULTILINE
    names = tuple(_NAMED_GROUP.findall(rx.pattern))
    repeated = len(set(names)) < len(names)
    pat = re.compile(_NAMED_GROUP.sub("(", rx.pattern) if repeated else rx.pattern, re.MULTILINE)
    assert pat.groups == len(names)   # no unnamed groups: m.groups() are the names' in order
    return pat, names, repeated


def _matched(m: re.Match, names: tuple[str, ...]) -> dict:
    """The groups of m that matched some text, by name: what _mention_from_match
    reads (it tests each group for being non-empty, never tells None from '')."""
    return {k: v for k, v in zip(names, m.groups()) if v}


def _mention_from_match(rule_id: str, g: dict, start: int, end: int, ref: Optional[date]) -> Optional[_Mention]:
    """The mention a match of rule_id spanning start:end gives, if its numbers
    read; g holds the groups that matched some text (_matched)."""
    year = rel_year = month = day = quarter = qpart = first_quarters = first_months = None
    if "y" in g:
        year = _year4(g["y"])
    elif "yy" in g:
        year = _year2(g["yy"], ref)
    rel = g.get("rel") or g.get("rel2")
    if rel and year is None:
        rel_year = _vocab("rel_year")[rel]
    if "m" in g:
        month = _num(g["m"])
        if not month or not 1 <= month <= 12:
            return None
    if "d" in g:
        day = _num(g["d"])
        if not day or not 1 <= day <= 31:
            return None
    mpart = g["mpart"].lstrip("月") or None if "mpart" in g else None
    ypart = g.get("ypart") or g.get("half")
    if "q" in g:
        quarter = _num(g["q"])
        qpart = g.get("qpart")
    if "qn" in g:
        first_quarters = _num(g["qn"])
    if "fm" in g:
        first_months = _num(g["fm"])
        if not first_months or first_months > 12:
            return None
    if rule_id == "date.year_led" and rel_year is not None and month is None and not ypart and not quarter and not first_quarters and not first_months:
        return None  # 今年 alone is date.relative's; 上年/前年 alone too
    return _Mention(start, end, rule_id, year, rel_year, month, day, mpart, ypart,
                    quarter, qpart, first_quarters, first_months, g.get("word"), g.get("hol"))


_MENTION_RULES = ("date.numeric", "date.year_led", "date.holiday", "date.month_led",
                  "date.year_part", "date.quarter", "date.relative", "date.day_only")


@functools.lru_cache(maxsize=None)
def _mention_patterns() -> tuple:
    """(priority, rule id, re pattern, group names) of the mention rules."""
    return tuple((prio, rid, _re_rule(rid)[0], _re_rule(rid)[1]) for prio, rid in enumerate(_MENTION_RULES))


# ---------------------------------------------------------------- prefilter
#
# The date rules are tried only in *windows* of the text that can hold a match;
# the rest of the document is never scanned by them.  Why this finds exactly
# what a scan of the whole text finds:
#
# * _DATE_CHARS holds every character that a `date.*` or `period.*_elided`
#   rule can consume or test in a look-ahead (tests/test_dates.py derives the
#   set from the patterns and checks it).  So every match lies inside one
#   *run*: a maximal stretch of those characters.  A match there is the same
#   whether the regex sees the whole text or only the run: look-behinds see
#   before `pos`; at `endpos` a look-ahead sees the end of the string where
#   the whole text has a character outside the set, which no look-ahead (and
#   no part of a match) can take either.
# * Every match contains an *anchor* character of its rule (below), so a run
#   without one holds no match.  A rule's windows are the runs with one of
#   its anchors (and, for some rules, its _RULE_NEEDS pattern); matches
#   never cross a run's ends, so finditer's non-overlapping scan gives the
#   same matches window by window, in the same order.
# * Every match also holds a *trigger* (_TRIGGER below: an anchor with what
#   the rule writes before it), so only runs with a trigger are looked at.
#
# Anchors, rule by rule: date.numeric holds its separator (2020-05-26);
# date.year_led and date.year_part hold 年 (上半年 too); date.month_led 月;
# date.day_only 日; date.quarter 季 (季度); date.relative 日 / 天 / 年 / 月
# (即日 今天 本年 下个月 …); date.holiday the last character of a holiday
# name (节 旦 庆 午 秋 宵 夕; 国庆节 holds 庆 too).  Elided ranges hold their
# connector (至 到 ~ ～ 〜 — – ― － -).
#
# Runs are found by one plain `re` scan from each run's first trigger (see
# below) to its end (re scans a character class faster than `regex`); the
# run's start is where the characters before it stop being _DATE_CHARS.
_DATE_CHARS = ("0123456789０１２３４５６７８９〇零○◯OＯ一二三四五六七八九十廿卅两"
               " \t\u3000\xa0-./／:：~～〜—–―－"
               "年月日号份度底末初内伊始上下半中旬第季前个今本当明次来去即天"
               "春节元旦国庆劳动端午秋宵除夕至到起以之后左右为限期")
_RULE_CHARS = {
    "date.numeric": "-./／",
    "date.year_led": "年",
    "date.month_led": "月",
    "date.year_part": "年",
    "date.quarter": "季",
    "date.relative": "年月日天",
    "date.day_only": "日",
    "elided": "至到~～〜—–―－-",
    "date.holiday": "节旦庆午秋宵夕",
}
# Some anchors are common in runs that hold no match (日期, 月份, 上年度…
# hold 年 but no year).  For those rules a short pattern that every match
# contains rules such runs out at the cost of one plain `re` search:
# date.numeric its year and first separator; date.relative the word itself
# (本年度 holds 本年); date.year_part 年(度) before 底 末 初 内 伊始, or 半年;
# date.holiday the holiday's name; an elided range the number before its connector (after 日/号/起 at most)
# and the number after it.  (For date.year_led, date.month_led and
# date.day_only most runs with their anchor do hold a match: the search
# would cost what it saves.)
_NUMERAL_END = "0-9０-９〇零○◯OＯ一二三四五六七八九十廿卅"
_SP = "[ \t\u3000\xa0]*"
_RULE_NEEDS = {k: re.compile(v) for k, v in {
    "date.numeric": "(?:19|20)[0-9]{2}[-./／.]",
    "date.relative": "即日|今日|今天|当日|当天|本日|今年|本年|当年|明年|次年|来年|去年|上年|本月|当月|下月|下个月|上月|上个月",
    "date.year_part": "年度?[底末初内伊]|半年",
    "date.holiday": "春节|元旦|国庆|劳动节|端午|中秋|元宵|除夕",
    "elided": f"[{_NUMERAL_END}][ \t\u3000\xa0日号起]*(?:至|到|[~～〜]|[—–―－-]{{1,2}}){_SP}[{_NUMERAL_END}]",
}.items()}
_ELIDED_CHARS = frozenset(_RULE_CHARS["elided"])
# the elided-range rules, each with the unit its matches hold (3月2—4日 and
# 1—5月 hold 月, 2024-2026年 holds 年): a window without it is skipped
_ELIDED_RULES = (("period.day_elided", "月"), ("period.month_elided", "月"), ("period.year_elided", "年"))


_ALL_ANCHORS = frozenset("".join(_RULE_CHARS.values()))
# Most runs with an anchor hold no date (日期, 节约, 做到, 三年, 1.5 …).  A
# match holds not just an anchor but a *trigger*: an anchor with, right
# before it, what the rule writes there (or a space, which {SP} allows):
#   年: a year's last two digits or a relative word's first character
#       (year_led, relative), 半 (上半年); or 年 before 度 / 底 末 初 内 伊始
#       (year_part)
#   月: a month's numeral (month_led) or 今 当 本 下 上, 上个 下个 (本月, 下个月 …)
#   日: a day's numeral (day_only) or 即 今 当 本 (即日 …); 天: 今 当
#   季: the quarter's numeral, 两 or 个 (前三个季度)
#   节 旦 庆 午 秋 宵 夕: the holiday name's character before
#   - . / ／: date.numeric's year (19xx, 20xx)
#   a connector: a numeral, 日 号 起 or a space (the elided ranges)
# Runs are found from their first trigger, so runs without one (and no
# match) are never looked at.  tests/test_dates.py checks that every match
# holds a trigger.
_NUMERALS = "0-9０-９〇零○◯OＯ一二三四五六七八九十廿卅两"
_YEAR_DIGITS = "0-9０-９〇零○◯OＯ一二三四五六七八九"
_SPACES = " \t\u3000\xa0"
# look-behinds of one width each (re wants a fixed width)
_TRIGGER_BEFORE = (
    (f"[{_SPACES}今本当明次来去上前半]年|[{_NUMERALS}{_SPACES}今当本下上]月"
     f"|[{_NUMERALS}{_SPACES}即今当本]日|[今当]天|[一二三四两个1-4１-４]季"
     f"|[春元国动端中除][节旦庆午秋宵夕]|[{_NUMERALS}{_SPACES}日号起][至到~～〜—–―－-]"),
    f"[{_YEAR_DIGITS}][{_YEAR_DIGITS}]年|[上下]个月",
    "(?:19|20)[0-9]{2}[-./／]",
)
_TRIGGER = ("[" + "".join(map(re.escape, sorted(_ALL_ANCHORS))) + "]"
            "(?:" + "|".join(f"(?<={b})" for b in _TRIGGER_BEFORE) + "|(?<=年)(?=度?[底末初内伊]))")
# from a run's first trigger to the run's end
_RUN = re.compile(_TRIGGER + "[" + "".join(map(re.escape, _DATE_CHARS)) + "]*")
# deadline.within: its 自…起 part may hold any character but ，。；and a line
# break ([^，。；\n]), so it is tried in *clauses* between those instead: no
# part of it crosses them, it has no look-around, and every match holds its
# unit right before 内 / 以内 / 之内 (工作日 and 个月 end in 日 and 月).
_WITHIN_BARRIER = "\n，。；"
_WITHIN_ANCHOR = re.compile(r"[日天月周年][以之]?内")


@functools.lru_cache(maxsize=None)
def _char_class(chars: str) -> re.Pattern:
    return re.compile("[" + re.escape(chars) + "]")


def _clauses(text: str, anchor: re.Pattern, barrier: str) -> list[tuple[int, int]]:
    """(start, end) of the runs of clauses between `barrier` characters that
    hold an `anchor`, neighbours merged."""
    forward = _char_class(barrier)
    out: list[tuple[int, int]] = []
    n = len(text)
    pos = 0
    while True:
        a = anchor.search(text, pos)
        if a is None:
            break
        p = a.start()
        # the clause around p: after the last barrier before it (text[pos - 1]
        # is one, or pos is 0), up to the next one
        s = max(text.rfind(c, pos, p) for c in barrier) + 1 or pos
        e = forward.search(text, p)
        e = e.start() if e else n
        if out and out[-1][1] + 1 >= s:
            out[-1] = (out[-1][0], e)
        else:
            out.append((s, e))
        pos = e
    return out


# Before its _RULE_NEEDS search, a rule is ruled out in runs without one of
# these characters, which every match holds: the first character of a
# relative word; year_part's 底 末 初 内 伊(始) or 半(年).
_RULE_ALSO = {"date.relative": "即今当本明次来去上下", "date.year_part": "底末初内伊半"}
_KEY_CHARS = _ALL_ANCHORS | frozenset("".join(_RULE_ALSO.values()))


@functools.lru_cache(maxsize=None)
def _anchored(found: frozenset) -> tuple:
    """The key characters a run holds → (rule, need pattern or None) of each
    rule they anchor, each rule once, in _RULE_CHARS order."""
    return tuple((rule, _RULE_NEEDS.get(rule)) for rule, cs in _RULE_CHARS.items()
                 if not found.isdisjoint(cs) and not found.isdisjoint(_RULE_ALSO.get(rule, found)))


@functools.lru_cache(maxsize=4)   # _scan_mentions and _elided read one document in turn
def _all_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """rule → (start, end) of the runs that hold one of its anchors (and
    its _RULE_NEEDS pattern), in order (see above)."""
    run = _RUN
    wins: dict[str, list[tuple[int, int]]] = {rule: [] for rule in _RULE_CHARS}
    keys, chars, anchored = _KEY_CHARS, _DATE_CHARS, _anchored
    last = 0
    for a, e in [m.span() for m in run.finditer(text)]:
        # back from the run's first anchor to its start
        s = last + len(text[last:a].rstrip(chars))
        w = (s, e)
        for rule, need in anchored(keys.intersection(text[s:e])):
            if need is None or need.search(text, s, e):
                wins[rule].append(w)
        last = e
    return wins


def _windows(text: str, rule: str) -> list[tuple[int, int]]:
    return _all_windows(text)[rule]


@functools.lru_cache(maxsize=4)  # find_dates, find_periods and find_deadlines read one document in turn
def _scan_mentions(text: str, ref: Optional[date]) -> list[_Mention]:
    cands: list[tuple[int, int, int, tuple, re.Match]] = []
    wins = _all_windows(text)
    for rule in _mention_patterns():
        prio, rid, pat, _ = rule
        for ws, we in wins[rid]:
            for m in pat.finditer(text, ws, we):
                s, e = m.span()
                if e != s:
                    cands.append((s, s - e, prio, rule, m))
    # leftmost, then longest, then rule priority; drop overlaps.  A match
    # that _mention_from_match rejects (month 13 …) takes no part, so it is
    # read only when its turn comes: the matches that lose to an overlapping
    # one are never read.  (start, -length, prio) is unique per match (a
    # rule's matches do not overlap), so the tuples sort by it alone.
    cands.sort()
    out: list[_Mention] = []
    last_end = -1
    for start, neg, _prio, (_, rid, _, names), m in cands:
        if start >= last_end:
            x = _mention_from_match(rid, _matched(m, names), start, start - neg, ref)
            if x is not None:
                out.append(x)
                last_end = x.end
    return out


# ---------------------------------------------------------------- resolution

@dataclass(slots=True)
class _Ctx:
    ref: Optional[date]
    year: Optional[int] = None     # year written earlier in the sentence
    month: Optional[int] = None    # month written earlier in the sentence
    other_year: Optional[int] = None   # year of the other end of the range


def _resolve_year(x: _Mention, ctx: _Ctx) -> tuple[Optional[int], bool]:
    if x.year is not None:
        return x.year, True
    if x.rel_year is not None:
        return (ctx.ref.year + x.rel_year, False) if ctx.ref else (None, False)
    if ctx.year is not None:
        return ctx.year, False
    if ctx.other_year is not None:
        return ctx.other_year, False
    return (ctx.ref.year if ctx.ref else None), False


def _resolve(x: _Mention, text: str, ctx: _Ctx) -> DateHit:
    """Turn a mention into a DateHit: the span of days it covers and its value."""
    s = text[x.start:x.end]
    if x.day is not None and x.month is not None and x.year is not None and x.relword is None and x.holiday is None:
        # the commonest mention, a date written in full: the month branch below
        lo = _safe(x.year, x.month, x.day)
        return DateHit(x.start, x.end, s, lo, "day", _mixed(s), lo, lo, x.rule, True)
    gran = "day"
    lo = hi = val = None
    y, written = _resolve_year(x, ctx)
    ref = ctx.ref
    if x.relword:
        kind = _vocab("relative_words")[x.relword]
        gran = "relative"
        if ref is not None:
            if kind == "day":
                lo = hi = ref
            elif kind.startswith("year"):
                yy = ref.year + (1 if kind.endswith("+1") else -1 if kind.endswith("-1") else 0)
                lo, hi = date(yy, 1, 1), date(yy, 12, 31)
            else:
                mm = ref.month + (1 if kind.endswith("+1") else -1 if kind.endswith("-1") else 0)
                yy = ref.year + (mm - 1) // 12
                mm = (mm - 1) % 12 + 1
                lo, hi = date(yy, mm, 1), date(yy, mm, _last_day(yy, mm))
                if x.mpart in ("底", "末"):
                    lo = hi
                elif x.mpart == "初":
                    hi = lo
                elif x.mpart:
                    a, b = _vocab("xun")[x.mpart]
                    lo, hi = date(yy, mm, a), date(yy, mm, min(b, hi.day))
        val = hi if x.mpart in ("底", "末", "下旬") else lo
    elif x.holiday:
        gran = "holiday"
        # a holiday needs a year from the text itself: never guessed from ref alone
        if x.year is None and x.rel_year is None and ctx.year is None and ctx.other_year is None:
            y = None
        if y is not None:
            name = x.holiday
            fixed = _vocab("fixed_holidays")
            table = _vocab("holidays").get(y, {})
            iso = None
            if name in fixed:
                iso = f"{y}-{fixed[name]}"
            else:
                key = name if name.endswith("节") or name == "除夕" else name + "节"
                if name == "除夕" and table.get("春节"):
                    iso = (date.fromisoformat(table["春节"]) - timedelta(days=1)).isoformat()
                else:
                    iso = table.get(key)
            if iso:
                lo = hi = val = date.fromisoformat(iso)
    elif x.month is not None:
        mm = x.month
        if y is not None:
            if x.day is not None:
                lo = hi = _safe(y, mm, x.day)
                gran = "day"
                val = lo
                return DateHit(x.start, x.end, s, val, gran, _mixed(s), lo, hi, x.rule, written)
            last = _last_day(y, mm)
            if x.mpart:
                if x.mpart in ("底", "末"):
                    lo = hi = date(y, mm, last)
                    gran = "day"
                elif x.mpart == "初":
                    lo = hi = date(y, mm, 1)
                    gran = "day"
                else:
                    a, b = _vocab("xun")[x.mpart]
                    lo, hi = date(y, mm, a), date(y, mm, min(b, last))
                    gran = "xun"
                val = hi if x.mpart != "初" else lo
                if x.mpart == "上旬" or x.mpart == "中旬":
                    val = lo   # a 旬 that does not end the month reads as its first day
            else:
                lo, hi = date(y, mm, 1), date(y, mm, last)
                gran = "month"
                val = lo
        else:
            gran = "day" if x.day else "month"
    elif x.day is not None:
        # day alone: month from the sentence, else from ref
        mm = ctx.month or (ref.month if ref else None)
        if y is not None and mm is not None:
            lo = hi = val = _safe(y, mm, x.day)
        gran = "day"
    elif x.first_months:
        gran = "month"
        if y is not None:
            lo, hi = date(y, 1, 1), date(y, x.first_months, _last_day(y, x.first_months))
            val = lo
    elif x.quarter or x.first_quarters:
        gran = "quarter"
        if y is not None:
            if x.first_quarters:
                lo, hi = date(y, 1, 1), date(y, 3 * x.first_quarters, _last_day(y, 3 * x.first_quarters))
            else:
                a, b = _vocab("quarters")[x.quarter]
                lo, hi = date(y, a, 1), date(y, b, _last_day(y, b))
                if x.qpart == "末":
                    lo = date(y, b, 1)
                elif x.qpart == "初":
                    hi = date(y, a, _last_day(y, a))
            val = lo
    elif x.ypart:
        if y is not None:
            p = x.ypart
            if p in ("底", "末", "内"):
                lo = hi = val = date(y, 12, 31)
                gran = "day" if p != "内" else "year"
                if p == "内":
                    lo = date(y, 1, 1)
            elif p in ("初", "伊始"):
                lo = hi = val = date(y, 1, 1)
                gran = "day"
            elif p == "上半年":
                lo, hi, gran = date(y, 1, 1), date(y, 6, 30), "half"
                val = lo
            elif p == "下半年":
                lo, hi, gran = date(y, 7, 1), date(y, 12, 31), "half"
                val = lo
        else:
            gran = "year"
    elif y is not None:
        lo, hi, gran = date(y, 1, 1), date(y, 12, 31), "year"
        val = lo
    else:
        gran = "year"
    return DateHit(x.start, x.end, s, val, gran, _mixed(s), lo, hi, x.rule, written)


def _resolve_all(text: str, mentions: list[_Mention], ref: Optional[date],
                 other_year: dict[int, int] | None = None, only: set[int] | None = None) -> list[DateHit]:
    """Resolve mentions (in text order) left to right, carrying the sentence's year and month.

    With `only`, just the mentions that start there are resolved: what a
    mention passes on to the next ones comes from the mention itself, never
    from its resolution, so the others need not be."""
    hits: list[DateHit] = []
    prev = -1
    ctx = _Ctx(ref)
    other_year = other_year or {}
    for x in mentions:
        # a new sentence: a sentence end between the last mention's start and this one's
        if prev < 0 or _SENTENCE_END.search(text, prev, x.start):
            ctx = _Ctx(ref)
        prev = x.start
        ctx.other_year = other_year.get(x.start)
        if only is None or x.start in only:
            hits.append(_resolve(x, text, ctx))
        # what this mention fixes for the ones after it in the sentence
        if x.year is not None or x.rel_year is not None:
            y = x.year if x.year is not None else (ref.year + x.rel_year if ref else None)
            if y is not None and x.holiday is None:
                ctx.year = y
        if x.month is not None:
            ctx.month = x.month
    return hits


# ---------------------------------------------------------------- elided ranges

@functools.lru_cache(maxsize=4)
def _elided(text: str, ref: Optional[date]) -> list[tuple[_Mention, _Mention, int, int, str]]:
    """Ranges like 3月2—4日, 1—5月份, 2024-2026年 as (begin, finish, start, end, rule)."""
    out = []
    wins = _windows(text, "elided")   # see "prefilter"
    for rid, unit in _ELIDED_RULES:
        pat, names, _ = _re_rule(rid)
        for m in (m for ws, we in wins if text.find(unit, ws, we) >= 0 for m in pat.finditer(text, ws, we)):
            g = dict(zip(names, m.groups()))
            y = _year4(g["y"]) if g.get("y") else None
            cs, ce = m.span("conn")
            if rid == "period.day_elided":
                mm, d1, d2 = _num(g["m"]), _num(g["d1"]), _num(g["d2"])
                if not mm or not 1 <= mm <= 12 or not d1 or not d2 or d1 > 31 or d2 > 31:
                    continue
                b = _Mention(m.start(), cs, "period.day_elided", year=y, month=mm, day=d1)
                f = _Mention(m.start("d2"), m.end(), "period.day_elided", year=y, month=mm, day=d2)
            elif rid == "period.month_elided":
                m1, m2 = _num(g["m1"]), _num(g["m2"])
                if not m1 or not m2 or not 1 <= m1 <= 12 or not 1 <= m2 <= 12 or m2 <= m1:
                    continue
                b = _Mention(m.start(), cs, rid, year=y, month=m1)
                f = _Mention(m.start("m2"), m.end(), rid, year=y, month=m2)
            else:
                y1, y2 = _year4(g["y1"]), _year4(g["y2"])
                if y1 is None or y2 is None or y2 < y1 or y2 - y1 > 50:
                    continue
                b = _Mention(m.start(), cs, rid, year=y1)
                f = _Mention(m.start("y2"), m.end(), rid, year=y2)
            # the begin text should not end in spaces
            while b.end > b.start and text[b.end - 1] in " \t\u3000":
                b.end -= 1
            out.append((b, f, m.start(), m.end(), rid))
    return out


# ---------------------------------------------------------------- public API

def find_dates(text: str, ref: Optional[date] = None, keep_unresolved: bool = False) -> list[DateHit]:
    """Every date mention, non-overlapping, in order.

    Mentions whose value cannot be fixed (a holiday without a known year, a
    month without any year and no `ref`) are dropped unless `keep_unresolved`.
    """
    hits, _ = _analyse(text, ref)
    return [h for h in hits if keep_unresolved or h.value is not None]


def _el_order(t) -> tuple[int, int]:
    return (t[2], -(t[3] - t[2]))


def _analyse(text: str, ref: Optional[date]):
    """Mentions (with elided-range ends spliced in) and the elided ranges.

    find_deadlines then find_dates analyse one document: the work is done
    once (_analysed is cached; callers share its DateHit objects and lists
    and only read them).  What an uncached call also did, and find_periods
    can see, is done on every call: sort the cached _elided list in place."""
    el = _elided(text, ref)
    if el:
        el.sort(key=_el_order)
    return _analysed(text, ref)


@functools.lru_cache(maxsize=4)
def _analysed(text: str, ref: Optional[date]):
    mentions = _scan_mentions(text, ref)
    el = _elided(text, ref)
    if el:
        keep = []
        spans = [(s, e) for _, _, s, e, _ in el]
        for x in mentions:
            if not any(x.start < e and s < x.end for s, e in spans):
                keep.append(x)
        # drop elided ranges that overlap each other (keep leftmost-longest)
        el.sort(key=_el_order)
        chosen, last = [], -1
        for t in el:
            if t[2] >= last:
                chosen.append(t)
                last = t[3]
        el = chosen
        for b, f, *_ in el:
            keep.extend([b, f])
        mentions = sorted(keep, key=lambda x: x.start)
    hits = _resolve_all(text, mentions, ref)
    return hits, el


@functools.lru_cache(maxsize=None)
def _connector() -> re.Pattern:
    """period.connector without its leading ^, to match at a gap's start in
    the text itself: what the rule matches in the gap cut out (there ^ holds
    at 0, and $ at endpos as at the end of the cut-out string)."""
    pattern = _re_rule("period.connector")[0].pattern
    assert pattern.startswith("^")
    return re.compile(pattern[1:], re.MULTILINE)


_TITLE = re.compile(r"《[^《》\n]{0,200}》")


def _in_title(spans: list[tuple[int, int]], pos: int) -> bool:
    return any(s < pos < e for s, e in spans)


def find_periods(text: str, ref: Optional[date] = None) -> list[PeriodHit]:
    """Time spans: two date mentions joined by 至 / 到 / — / ～ (自…起至…止, 从…到…)."""
    mentions = _scan_mentions(text, ref)
    el = _elided(text, ref)
    conn = _connector()
    pairs: list[tuple[_Mention, _Mention, str]] = []
    for b, f, s, e, rid in el:
        pairs.append((b, f, rid))
    el_spans = [(s, e) for *_, s, e, _ in el]
    free = [x for x in mentions if not any(x.start < e and s < x.end for s, e in el_spans)] if el_spans else mentions
    i = 0
    while i < len(free) - 1:
        a, b = free[i], free[i + 1]
        if a.holiday is None and b.holiday is None and conn.match(text, a.end, b.start):
            pairs.append((a, b, "period.connector"))
            i += 2
            continue
        i += 1
    if not pairs:
        return []
    pairs.sort(key=lambda p: p[0].start)
    titles = [m.span() for m in _TITLE.finditer(text)]
    # resolve with the whole text's mentions so sentence years carry over
    all_mentions = sorted(free + [m for p in pairs if p[2] != "period.connector" for m in p[:2]],
                          key=lambda x: x.start)
    # other end of the range: a begin without a year takes the finish's
    other: dict[int, int] = {}
    for a, b, _ in pairs:
        if b.year is not None:
            other[a.start] = b.year
        if a.year is not None:
            other[b.start] = a.year
    needed = {x.start for p in pairs for x in p[:2]}
    hits = {h.start: h for h in _resolve_all(text, all_mentions, ref, other, needed)}
    out = []
    for a, b, rid in pairs:
        if _in_title(titles, a.start):
            continue
        ha, hb = hits.get(a.start), hits.get(b.start)
        if ha is None or hb is None:
            continue
        # a range's begin is the first day of its unit, its finish the last day
        ha = _as_end(ha, first=True)
        hb = _as_end(hb, first=False)
        if ha.value is None or hb.value is None:
            continue
        s, e = a.start, b.end
        # 自 / 从 / 由 before, 止 after belong to the expression
        j = s
        while j > 0 and text[j - 1] in " \t\u3000":
            j -= 1
        if j > 0 and text[j - 1] in "自从由":
            s = j - 1
        k = e
        while k < len(text) and text[k] in " \t\u3000":
            k += 1
        if k < len(text) and text[k] == "止":
            e = k + 1
        out.append(PeriodHit(s, e, text[s:e], ha, hb, rid))
    return out


def _as_end(h: DateHit, first: bool) -> DateHit:
    v = h.earliest if first else h.latest
    if v is None:
        v = h.value
    if v == h.value:
        return h
    return DateHit(h.start, h.end, h.text, v, h.granularity, h.mixed_numerals, h.earliest, h.latest, h.rule, h.year_written)


_CLAUSE_END = re.compile(r"[，,。；;：:！？!?\n、）)]")
_LEAD = re.compile(r"^(?:[ \t\u3000]|要|须|必须|应当|应|务必|将|全部|都|均|，)+")


def _action_after(text: str, pos: int) -> Optional[str]:
    m = _CLAUSE_END.search(text, pos, min(len(text), pos + 60))
    end = m.start() if m else min(len(text), pos + 40)
    a = _LEAD.sub("", text[pos:end]).strip()
    if not a and m and text[m.start()] in "，,":
        # 于9月27日前，将…报送: the action is the next clause
        m2 = _CLAUSE_END.search(text, m.end(), min(len(text), m.end() + 60))
        a = text[m.end():m2.start() if m2 else min(len(text), m.end() + 40)].strip()
    return a or None


@functools.lru_cache(maxsize=16)
def _longest_first(words: tuple) -> tuple:
    return tuple(sorted(words, key=len, reverse=True))


def _back(text: str, pos: int) -> int:
    """pos stepped back over spaces and 的: where a cue word before it ends."""
    j = pos
    while j > 0 and text[j - 1] in " \t\u3000的":
        j -= 1
    return j


def _ends_in(text: str, j: int, words: tuple) -> Optional[str]:
    """The first of `words` (longest first) that text[:j] ends in."""
    for w in words:
        if text.endswith(w, 0, j):   # text[max(0, j - len(w)):j] == w
            return w
    return None


def find_deadlines(text: str, ref: Optional[date] = None) -> list[DeadlineHit]:
    """Obligations with a date: 于9月27日前…, 年内完成, 年底之前完成, 截至8月底前报送, 限15日内."""
    hits, el = _analyse(text, ref)
    el_begin = {b.start for b, *_ in el}
    before = _re_rule("deadline.before")[0]
    verbs = _vocab("action_verbs")
    # the cue lists, longest word first: a cue is the longest word the text before a date ends in
    recurring = _longest_first(tuple(_vocab("recurring")))
    cutoffs = _longest_first(tuple(_vocab("cutoff_cues")))
    recurring_end, cutoffs_end = {w[-1] for w in recurring}, {w[-1] for w in cutoffs}
    prefixes = _longest_first(tuple(_vocab("deadline_prefixes") + _vocab("cutoff_cues")))
    out: list[DeadlineHit] = []
    for h in hits:
        if h.start in el_begin:
            continue
        m = before.match(text, h.end)
        j = _back(text, h.start)
        # most dates are none of the three kinds below: tell so first (the
        # recurring test only ever drops a date, so it can come second)
        if not m and not (text[j - 1:j] in cutoffs_end and _ends_in(text, j, cutoffs)) and not h.text.endswith("年内"):
            continue
        if text[j - 1:j] in recurring_end and _ends_in(text, j, recurring):
            continue
        due = h
        if m:
            if h.rule == "date.relative" and h.granularity == "relative" and h.text in ("即日", "今日", "今天", "当日", "当天", "本日"):
                pass
            elif h.rule == "date.day_only" and not _ends_in(text, j, prefixes):
                continue   # 3日前 is "three days ago" unless 于/在 says otherwise
            end = m.end()
            if h.granularity == "year" and h.year_written and h.rule == "date.year_led" and h.latest and h.text.rstrip().endswith("年"):
                # YYYY年前: before the year YYYY (our convention; JioNLP reads "by the end of YYYY")
                v = date(h.earliest.year - 1, 12, 31)
                due = DateHit(h.start, h.end, h.text, v, "year", h.mixed_numerals, v, v, h.rule, True)
            else:
                due = _as_end(h, first=False)
            action = _action_after(text, end)
        elif _ends_in(text, j, cutoffs) and _starts_with_verb(text, h.end, verbs):
            end = h.end
            due = _as_end(h, first=False)
            action = _action_after(text, end)
        elif h.rule == "date.year_part" and h.text.endswith("年内") or (h.rule == "date.year_led" and h.text.endswith("年内")):
            if not _verb_within(text, h.end, verbs, 12):
                continue
            end = h.end
            due = _as_end(h, first=False)
            action = _action_after(text, end)
        else:
            continue
        if due.value is None:
            continue
        s = h.start
        p = _ends_in(text, j, prefixes)
        if p:
            j = s
            while j > 0 and text[j - 1] in " \t\u3000":
                j -= 1
            s = j - len(p)
        out.append(DeadlineHit(s, end, text[s:end], due, action, "deadline.before" if m else "deadline.within_year"))
    out.extend(_within_deadlines(text, ref, hits))
    out.sort(key=lambda d: d.start)
    return out


def _starts_with_verb(text: str, pos: int, verbs) -> bool:
    j = pos
    while j < len(text) and text[j] in " \t\u3000":
        j += 1
    return any(text.startswith(v, j) for v in verbs)


def _verb_within(text: str, pos: int, verbs, n: int) -> bool:
    m = _CLAUSE_END.search(text, pos, min(len(text), pos + n))
    seg = text[pos:m.start() if m else min(len(text), pos + n)]
    return any(v in seg for v in verbs)


def _add_working_days(d: date, n: int) -> date:
    while n > 0:
        d += timedelta(days=1)
        if d.weekday() < 5:
            n -= 1
    return d


def _add(d: date, n: int, unit: str) -> Optional[date]:
    if unit in ("日", "天"):
        return d + timedelta(days=n)
    if unit == "工作日":
        return _add_working_days(d, n)
    if unit == "周":
        return d + timedelta(days=7 * n)
    if unit in ("月", "个月", "年"):
        months = n * (12 if unit == "年" else 1)
        mm = d.month - 1 + months
        y, mm = d.year + mm // 12, mm % 12 + 1
        return date(y, mm, min(d.day, _last_day(y, mm)))
    return None


def _within_deadlines(text: str, ref: Optional[date], hits: list[DateHit]) -> list[DeadlineHit]:
    out = []
    pat = _re_rule("deadline.within")[0]
    wins = _clauses(text, _WITHIN_ANCHOR, _WITHIN_BARRIER)   # see "prefilter"
    for m in (m for ws, we in wins for m in pat.finditer(text, ws, we)):
        if not (m.group("from") or m.group("cue")):
            continue
        n = _num(m.group("n"))
        if not n:
            continue
        unit = m.group("unit")
        start_date = None
        frm = m.group("from") or ""
        if frm == "自即日起":
            start_date = ref
        elif frm:
            inner = [h for h in hits if m.start("from") <= h.start and h.end <= m.end("from") and h.granularity == "day"]
            if inner:
                start_date = inner[-1].value
        due_v = _add(start_date, n, unit) if start_date else None
        span = (m.start("n"), m.end())
        due = DateHit(span[0], span[1], text[span[0]:span[1]], due_v, "relative", _mixed(text[span[0]:span[1]]),
                      due_v, due_v, "deadline.within", False)
        out.append(DeadlineHit(m.start(), m.end(), m.group(), due, _action_after(text, m.end()), "deadline.within"))
    return out


def parse_date(s: str, ref: Optional[date] = None) -> Optional[date]:
    """One whole date expression → date ('二00七年十二月十三日' → 2007-12-13), else None."""
    t = s.strip(" \t\u3000\n")
    if not t or not _ELIDED_CHARS.isdisjoint(t):
        hits = find_dates(t, ref, keep_unresolved=True)
        if len(hits) == 1 and hits[0].start == 0 and hits[0].end == len(t):
            return hits[0].value
        return None
    # Without a connector no elided range can be there, and find_dates gives
    # one hit covering t exactly when a rule's first match spans all of t and
    # is read (the first such rule in priority order): every other match
    # overlaps it and loses.  So the rules are tried at 0 alone.
    for rid in _MENTION_RULES:
        pat, names, _ = _re_rule(rid)
        m = pat.match(t)
        if m and m.end() == len(t):
            x = _mention_from_match(rid, _matched(m, names), 0, m.end(), ref)
            if x is not None:
                return _resolve(x, t, _Ctx(ref)).value
    return None


# ---------------------------------------------------------------- durations

_UNIT_ISO = {"日": "D", "天": "D", "工作日": "D", "周": "W", "星期": "W", "个月": "M", "個月": "M", "月": "M", "季度": "M", "年": "Y"}


def _duration_iso(n: float, unit: str, half: bool) -> Optional[str]:
    if unit == "季度":
        n *= 3
    if half:
        n += 0.5
    code = _UNIT_ISO[unit]
    if n != int(n):
        # 半年 → P6M, 一个半月 → P45D: ISO allows fractions, but whole smaller units read better
        if code == "Y":
            return f"P{int(n * 12)}M"
        if code == "M":
            return f"P{int(round(n * 30))}D"
        if code == "W":
            return f"P{int(n * 7)}D"
        if code == "D" and n < 1:
            return f"PT{int(n * 24)}H"   # 半天 → PT12H
        return None
    return f"P{int(n)}{code}"


def _duration_from_match(m: regex.Match) -> Optional[str]:
    ns = m.group("n")
    half = bool(m.group("half") or m.group("half2"))
    if not ns:
        ns = "一"   # 個半月: one and a half
    if ns == "半":
        n, half = 0.0, True
    else:
        v = numerals.to_number(ns)
        if v is None:
            return None
        n = v
    return _duration_iso(n, m.group("unit"), half)


def parse_duration(s: str) -> Optional[str]:
    """A length of time → ISO 8601 ('壹个月' → 'P1M', '15日内' → 'P15D').

    Working days (30个工作日) are written as calendar-day counts (P30D): ISO 8601
    has no working-day unit.  A due date computed from working days (see
    find_deadlines) counts Monday–Friday.
    """
    rx = _rf().pattern("duration.amount")
    m = rx.search(s)
    if not m:
        return None
    parts = [m]
    # 两年零三个月, 四年六个月: consecutive amounts add up
    pos = m.end()
    while True:
        pos += 1 if s[pos:pos + 1] in ("零", "又") else 0
        nxt = rx.match(s[pos:])   # a fresh string: the look-behind must not see 年
        if not nxt or nxt.end() == 0:
            break
        parts.append(nxt)
        pos += nxt.end()
    isos = [_duration_from_match(p) for p in parts]
    if len(isos) == 1 or None in isos:
        return isos[0]
    total = {"Y": 0, "M": 0, "W": 0, "D": 0}
    for iso in isos:
        q = regex.fullmatch(r"P(\d+)([YMWD])", iso)
        if not q:
            return isos[0]
        total[q.group(2)] += int(q.group(1))
    return "P" + "".join(f"{v}{k}" for k, v in total.items() if v)


def find_durations(text: str) -> list[tuple[int, int, str]]:
    """(start, end, iso) for every length of time that is not a date."""
    dates = find_dates(text, None, keep_unresolved=True)
    out = []
    for m in _rf().pattern("duration.amount").finditer(text):
        if any(h.start < m.end() and m.start() < h.end for h in dates):
            continue
        iso = _duration_from_match(m)
        if iso:
            out.append((m.start(), m.end(), iso))
    return out

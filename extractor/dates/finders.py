"""Finding date mentions: the `date.*` rules read into _Mention objects,
the prefilter that runs them only in windows of the text that can hold a
match (runs of _DATE_CHARS, anchors, triggers, _clauses), _scan_mentions,
and the elided ranges (3月2—4日, 1—5月份, 2024-2026年).  Nothing here fixes
the days a mention covers: that is resolution.py's.
"""
from __future__ import annotations

import functools
import re
from datetime import date
from typing import Optional

from .common import _Mention, _matched, _num, _re_rule, _vocab, _year2, _year4


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

"""What every part of extractor.dates uses: the result types (DateHit,
PeriodHit, DeadlineHit), the rule file rules/dates.yaml and its vocabularies,
the reading of the numerals months, days and years are written in, the
_Mention a finder gives before resolution, and the rules compiled by stdlib
`re` (_re_rule).  Kept apart so that the other modules import it and not each
other in a circle.
"""
from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Optional

import regex

from .. import numerals, rules


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

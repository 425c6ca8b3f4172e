"""Reading mentions: each _Mention resolved to the days it covers against
its context (a year written earlier in the sentence, the other end of its
range, else `ref`, the 成文日期); the analysis of one document that
find_dates, find_periods and find_deadlines share (_analyse, cached); and
find_dates and parse_date on top of it.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Optional

from .. import rules
from .common import (DateHit, _Mention, _SENTENCE_END, _last_day, _matched, _mixed, _re_rule, _safe,
                     _vocab)
from .finders import _ELIDED_CHARS, _MENTION_RULES, _elided, _mention_from_match, _scan_mentions


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


def _as_end(h: DateHit, first: bool) -> DateHit:
    v = h.earliest if first else h.latest
    if v is None:
        v = h.value
    if v == h.value:
        return h
    return DateHit(h.start, h.end, h.text, v, h.granularity, h.mixed_numerals, h.earliest, h.latest, h.rule, h.year_written)


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


@functools.lru_cache(maxsize=None)
def _damaged():
    return rules.compile_pattern("{DAMAGED_DATE}", rules.global_fragments(), "DAMAGED_DATE")


def parse_damaged_date(s: str) -> Optional[date]:
    """A date whose 年, 月 or 日 a copy lost between its digits (2022年513,
    202310月11, 20151225日, 2023313; fragment DAMAGED_DATE), read when exactly
    one split into month and day is a real date (513 → 5-13; 111 → 1-11 or
    11-1: unread). A date with all its marks is parse_date's."""
    t = s.strip(" \t\u3000\n")
    if not _damaged().fullmatch(t) or ("年" in t and "月" in t and "日" in t):
        return None
    year, rest = int(t[:4]), t[4:].lstrip("年").rstrip("日")
    if "月" in rest:   # the 月 stands: the split is written
        splits = [tuple(rest.split("月"))]
    else:
        splits = [(rest[:k], rest[k:]) for k in (1, 2) if 0 < len(rest) - k <= 2]
    readings = {d for a, b in splits if (d := _safe(year, int(a), int(b))) is not None}
    return readings.pop() if len(readings) == 1 else None

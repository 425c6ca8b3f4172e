"""Periods: two date mentions joined by `period.connector` (至, 到, —, ～ …
with 自/从 … 起 … 止 around them), and the elided ranges finders.py reads,
each end resolved as the first or last day of its unit.
"""
from __future__ import annotations

import functools
import re
from datetime import date
from typing import Optional

from .common import PeriodHit, _Mention, _re_rule
from .finders import _elided, _scan_mentions
from .resolution import _as_end, _resolve_all


@functools.lru_cache(maxsize=None)
def _connector() -> re.Pattern:
    """period.connector without its leading ^, to match at a gap's start in
    the text itself: what the rule matches in the gap cut out (there ^ holds
    at 0, and $ at endpos as at the end of the cut-out string)."""
    pattern = _re_rule("period.connector")[0].pattern
    assert pattern.startswith("^")
    return re.compile(pattern[1:], re.MULTILINE)


@functools.lru_cache(maxsize=None)
def _cycle_label() -> re.Pattern:
    return _re_rule("period.cycle_label")[0]


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
        if text.endswith("年度", s, e) and _cycle_label().match(text[e:e + 3]):
            continue   # 2002-2005年度先进单位: the award's cycle, not a span of time
        out.append(PeriodHit(s, e, text[s:e], ha, hb, rid))
    return out

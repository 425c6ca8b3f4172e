"""Durations: lengths of time (`duration.amount`) as ISO 8601 (壹个月 →
P1M, 两年零三个月 → P2Y3M); find_durations leaves out what find_dates reads
as a date.
"""
from __future__ import annotations

from typing import Optional

import regex

from .. import numerals
from .common import _rf
from .resolution import find_dates


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

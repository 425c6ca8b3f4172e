"""Deadlines: date mentions followed by 前 / 之前 / 以前, 年内 + an action
verb, 截至X前, and 限N日内 (`deadline.within`, tried only in the clauses
finders._clauses gives); the action read after each, and the date
arithmetic (days, working days, months) a due date N units on needs.
"""
from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import Optional

from .common import DateHit, DeadlineHit, _last_day, _mixed, _num, _re_rule, _vocab
from .finders import _WITHIN_ANCHOR, _WITHIN_BARRIER, _clauses
from .resolution import _analyse, _as_end


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
    wins = _clauses(text, _WITHIN_ANCHOR, _WITHIN_BARRIER)   # see "prefilter" in finders.py
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

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

The package, by concern (each module says what it holds):

* common.py — result types, the rule file, numerals, _Mention, _re_rule;
* finders.py — mentions, the window prefilter, _scan_mentions, elided ranges;
* resolution.py — _resolve and its context, _analyse, find_dates, parse_date;
* periods.py — find_periods;
* deadlines.py — find_deadlines and its date arithmetic;
* durations.py — parse_duration, find_durations.

This module re-exports the API and the private names that tests and
scripts use (`dates._rf`, `dates._all_windows` …): they are the very
objects the submodules use, caches included.
"""
from __future__ import annotations

from .common import DateHit, DeadlineHit, PeriodHit
from .deadlines import find_deadlines
from .durations import find_durations, parse_duration
from .periods import find_periods
from .resolution import find_dates, parse_damaged_date, parse_date

# private names that tests/test_dates.py reads as dates.X
from .common import _re_rule, _rf  # noqa: F401
from .finders import (_DATE_CHARS, _ELIDED_RULES, _MENTION_RULES, _RULE_ALSO, _RULE_CHARS,  # noqa: F401
                      _RULE_NEEDS, _TRIGGER, _all_windows, _windows)
from .periods import _connector  # noqa: F401

__all__ = [
    "DateHit", "PeriodHit", "DeadlineHit",
    "parse_date", "parse_damaged_date", "find_dates", "find_periods", "find_deadlines",
    "parse_duration", "find_durations",
]

"""Checks: inconsistencies of a finished record, for a reviewer.

Stage `checks` (the last one): takes a Record, returns its flags. Each flag
code of CONTRACT.md is one small function below, registered with `@check`.
What a reviewer reads and a maintainer tunes — severity, clause, message
template, thresholds, and the example records that specify each check — lives
in rules/checks.yaml. A check reads values and spans of the record; it never
re-parses the document. (nonstandard-doc-number and mixed-numerals look at the
characters of the one span they judge: the shape of that text is the finding.)

    flags = check_record(record)                 # per document
    flags_by_pos = check_run(records)            # duplicate-doc-number
    tracker.add(record) -> list[Flag]      # the same, streaming
"""
from __future__ import annotations

import datetime as dt
import functools
import re
import sqlite3
import unicodedata
from typing import Callable, Iterable, Optional

from pydantic import BaseModel, ConfigDict

from . import rules
from .models import DateValue, Flag, Record, Span

SEVERITIES = ("error", "warning", "info")
SEVERITY_RANK = {"error": 3, "warning": 2, "info": 1}

# roles of DateMention that are not "a date in the body"
_HEADER_ROLES = {"signed", "printed"}


class CheckSettings(BaseModel):
    """Thresholds (defaults from rules/checks.yaml) and which codes to run."""

    model_config = ConfigDict(extra="forbid")

    far_from_signing_years: int = 3
    print_date_gap_years: int = 1
    select: Optional[frozenset[str]] = None
    ignore: frozenset[str] = frozenset()

    @classmethod
    def from_rules(cls, **overrides) -> "CheckSettings":
        spec = check_specs()
        values = {
            "far_from_signing_years": spec["date-far-from-signing"].get("max_years_after", 3),
            "print_date_gap_years": spec["print-date-gap"].get("max_gap_years", 1),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)

    def wants(self, code: str) -> bool:
        return (self.select is None or code in self.select) and code not in self.ignore


# --- the rule file ----------------------------------------------------------

@functools.lru_cache(maxsize=None)
def _rule_file() -> rules.RuleFile:
    return rules.load("checks")


@functools.lru_cache(maxsize=None)
def check_specs() -> dict[str, dict]:
    """code → the entry's extra keys (severity, clause, message, cases, thresholds)."""
    out = {}
    for rule in _rule_file().rules.values():
        extra = dict(rule.spec.model_extra or {})
        if "severity" in extra:
            if extra["severity"] not in SEVERITIES:
                raise ValueError(f"rules/checks.yaml: {rule.id}: severity must be one of {SEVERITIES}")
            out[rule.id] = extra
    return out


def _flag(code: str, evidence: Iterable[Span], template: str = "message", **fields) -> Flag:
    spec = check_specs()[code]
    return Flag(
        code=code,
        severity=spec["severity"],
        message=spec[template].format(**fields),
        clause=spec.get("clause"),
        evidence=[_plain_span(s) for s in evidence],
    )


def _plain_span(s: Span) -> Span:
    return Span(text=s.text, start=s.start, end=s.end, line=s.line)


# --- registry ---------------------------------------------------------------

RecordCheck = Callable[[Record, CheckSettings], list[Flag]]
REGISTRY: dict[str, RecordCheck] = {}


def check(code: str) -> Callable[[RecordCheck], RecordCheck]:
    def register(fn: RecordCheck) -> RecordCheck:
        REGISTRY[code] = fn
        return fn
    return register


def all_codes() -> list[str]:
    """Every flag code, in the order of rules/checks.yaml."""
    return list(check_specs())


@functools.lru_cache(maxsize=None)
def _code_rank() -> dict[str, int]:
    """code → its position in rules/checks.yaml (the order of flags at one offset)."""
    return {code: k for k, code in enumerate(check_specs())}


def check_record(record: Record, settings: CheckSettings | None = None) -> list[Flag]:
    """The flags of one document (all codes but duplicate-doc-number), in file order."""
    settings = settings or default_settings()
    select, ignore = settings.select, settings.ignore
    flags: list[Flag] = []
    for code, fn in REGISTRY.items():
        if (select is None or code in select) and code not in ignore:  # settings.wants(code)
            flags.extend(fn(record, settings))
    if len(flags) > 1:
        rank = _code_rank()
        flags.sort(key=lambda f: (f.evidence[0].start if f.evidence else -1, rank[f.code]))
    return flags


@functools.lru_cache(maxsize=None)
def default_settings() -> CheckSettings:
    return CheckSettings.from_rules()


# --- dates ------------------------------------------------------------------

def _iso(v: Optional[str]) -> Optional[dt.date]:
    if not v:
        return None
    try:
        return dt.date.fromisoformat(v)
    except ValueError:
        return None


def _after(v: Optional[str], limit: dt.date) -> bool:
    value = _iso(v)
    return value is not None and value > limit


def _add_years(d: dt.date, years: int) -> dt.date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


def _earliest(value: dt.date, text: str, numeric: bool) -> dt.date:
    """The first day a mention written `text` can mean (numeric: 2024-07-23
    and the like): 2010年 is 2010-01-01 at the earliest, 2024年2月底
    2024-02-01, whatever day `value`, the resolver's choice, is."""
    if "月" not in text and not numeric:
        return value.replace(month=1, day=1)
    if not ("日" in text or "号" in text or "號" in text) and not numeric:
        return value.replace(day=1)
    return value


def _is_numeric_date(text: str) -> bool:
    """2024-07-23, 2024.7.23, 2024/7/23: a separator between digit runs."""
    t = unicodedata.normalize("NFKC", text)
    return ("-" in t or "." in t or "/" in t) and sum(ch.isdigit() for ch in t) >= 5


def _body_mentions(record: Record) -> list[DateValue]:
    """Every date of the document but the 成文日期 and 印发日期, once each."""
    seen: dict[tuple[int, int], DateValue] = {}
    for m in record.dates:
        if m.role not in _HEADER_ROLES:
            seen.setdefault((m.start, m.end), m)
    for p in record.periods:
        for end in (p.start, p.end):
            seen.setdefault((end.start, end.end), end)
    for d in record.deadlines:
        seen.setdefault((d.due.start, d.due.end), d.due)
    for key in _header_keys(record):
        seen.pop(key, None)
    return sorted(seen.values(), key=lambda s: s.start)


def _header_keys(record: Record) -> set[tuple[int, int]]:
    keys = {(m.start, m.end) for m in record.dates if m.role in _HEADER_ROLES}
    if record.signed_date:
        keys.add((record.signed_date.start, record.signed_date.end))
    if record.printed and record.printed.date:
        keys.add((record.printed.date.start, record.printed.date.end))
    return keys


def _all_date_spans(record: Record) -> list[DateValue]:
    seen: dict[tuple[int, int], DateValue] = {}
    candidates: list[DateValue] = list(record.dates)
    if record.signed_date:
        candidates.append(record.signed_date)
    if record.printed and record.printed.date:
        candidates.append(record.printed.date)
    for p in record.periods:
        candidates += [p.start, p.end]
    candidates += [d.due for d in record.deadlines]
    for c in candidates:
        seen.setdefault((c.start, c.end), c)
    return sorted(seen.values(), key=lambda s: s.start)


def _role_of(record: Record, span: DateValue) -> Optional[str]:
    role = getattr(span, "role", None)
    if role:
        return role
    for m in record.dates:
        if (m.start, m.end) == (span.start, span.end):
            return m.role
    if any((d.due.start, d.due.end) == (span.start, span.end) for d in record.deadlines):
        return "deadline"
    return None


def _body_start(record: Record) -> int:
    """Where the document proper begins: its 版头, 发文字号 or title, whichever
    comes first. Web-page chrome above it (时间:2024-07-23) is not the body."""
    anchors = [s.start for s in (record.masthead, record.doc_number, record.title_span) if s is not None]
    return min(anchors) if anchors else record.source.start


# --- the checks -------------------------------------------------------------

@check("year-mismatch")
def year_mismatch(record: Record, settings: CheckSettings) -> list[Flag]:
    num, signed = record.doc_number, record.signed_date
    signed_value = _iso(signed.value) if signed else None
    if num is None or num.year is None or signed_value is None or num.year == signed_value.year:
        return []
    return [_flag("year-mismatch", [num, signed], number=num.text, number_year=num.year,
                  signed=signed.text, signed_year=signed_value.year)]


@check("print-date-gap")
def print_date_gap(record: Record, settings: CheckSettings) -> list[Flag]:
    signed = record.signed_date
    printed = record.printed.date if record.printed else None
    s, p = (_iso(signed.value) if signed else None), (_iso(printed.value) if printed else None)
    if s is None or p is None:
        return []
    evidence = sorted([signed, printed], key=lambda x: x.start)
    if p < s:
        return [_flag("print-date-gap", evidence, "message_before", printed=printed.text,
                      printed_value=p.isoformat(), signed=signed.text, signed_value=s.isoformat())]
    if p > _add_years(s, settings.print_date_gap_years):
        return [_flag("print-date-gap", evidence, printed=printed.text, signed=signed.text,
                      days=(p - s).days, years=settings.print_date_gap_years)]
    return []


@check("range-inverted")
def range_inverted(record: Record, settings: CheckSettings) -> list[Flag]:
    flags = []
    for period in record.periods:
        a, b = _iso(period.start.value), _iso(period.end.value)
        if a is not None and b is not None and b < a:
            flags.append(_flag("range-inverted", [period.start, period.end], period=period.text,
                               start=period.start.text, start_value=a.isoformat(),
                               end=period.end.text, end_value=b.isoformat()))
    return flags


@functools.lru_cache(maxsize=None)
def _far_skips() -> tuple[frozenset[str], bool]:
    """date-far-from-signing's exemptions in rules/checks.yaml: (roles whose
    year-only dates are skipped, whether numeric dates are skipped)."""
    spec = check_specs()["date-far-from-signing"]
    return frozenset(spec.get("skip_year_only_roles", [])), spec.get("skip_numeric_dates", False)


@check("date-far-from-signing")
def date_far_from_signing(record: Record, settings: CheckSettings) -> list[Flag]:
    signed = record.signed_date
    s = _iso(signed.value) if signed else None
    if s is None:
        return []
    limit = _add_years(s, settings.far_from_signing_years)
    # most documents hold no date after the limit at all: settled without
    # sorting out which mentions are the body's (all of them are candidates)
    if not any(_after(m.value, limit) for m in record.dates) \
            and not any(_after(p.start.value, limit) or _after(p.end.value, limit) for p in record.periods) \
            and not any(_after(d.due.value, limit) for d in record.deadlines):
        return []
    skip_roles, skip_numeric = _far_skips()
    body_start = _body_start(record)
    far = []
    for mention in _body_mentions(record):
        if mention.start < body_start:
            continue
        # the earliest day a mention can mean is never after its value, so a
        # value within the limit settles it before the text is looked at
        value = _iso(mention.value)
        if value is None or value <= limit:
            continue
        text = mention.text
        numeric = _is_numeric_date(text)
        if "月" not in text and not numeric and _role_of(record, mention) in skip_roles:
            continue   # a year-only date in a role rules/checks.yaml exempts
        if skip_numeric and numeric:
            continue
        if _earliest(value, text, numeric) > limit:
            far.append(mention)
    if not far:
        return []
    shown = "、".join(f"“{m.text}”" for m in far[:5]) + (f"等 {len(far)} 处" if len(far) > 5 else "")
    return [_flag("date-far-from-signing", [signed, *far], dates=shown, signed=signed.text,
                  years=settings.far_from_signing_years)]


_NONSTANDARD_SHAPES = ("doc_number.year_bracket", "doc_number.two_digit_year", "doc_number.space",
                       "doc_number.serial_di", "doc_number.leading_zero", "doc_number.unclosed",
                       "doc_number.no_hao")


@check("nonstandard-doc-number")
def nonstandard_doc_number(record: Record, settings: CheckSettings) -> list[Flag]:
    num = record.doc_number
    if num is None:
        return []
    reasons_spec = check_specs()["nonstandard-doc-number"]["patterns"]
    reasons = []
    for rule_id in _NONSTANDARD_SHAPES:
        m = _rule_file().pattern(rule_id).search(num.text.strip())
        if m:
            found = (m.groupdict().get("open") or "") + (m.groupdict().get("close") or "")
            reasons.append(reasons_spec[rule_id].format(found=found))
    if not reasons:
        return []
    suggested = (f"{num.code}〔{num.year}〕{num.serial}号"
                 if num.code and num.year is not None and num.serial is not None else "代字〔年份〕序号号")
    return [_flag("nonstandard-doc-number", [num], number=num.text, reasons="；".join(reasons),
                  suggested=suggested)]


_CN_NUMERALS = frozenset("零〇○◯一二三四五六七八九十廿卅两")
_ASCII_DIGITS = frozenset("0123456789")
_FULL_DIGITS = frozenset("０１２３４５６７８９")
_SYSTEM_NAMES = {"cn": "汉字数字", "ascii": "半角阿拉伯数字", "full": "全角阿拉伯数字"}


# the numbers of a date: a run of numerals right before 年, 月, 日 or 号
# (第三季度, 上旬 and the like are words, not the date's digits)
_DATE_PART = re.compile(r"[0-9０-９零〇○◯一二三四五六七八九十廿卅两]+(?=\s*[年月日号號])")


def numeral_systems(text: str) -> list[str]:
    """Which numeral systems the year, month and day of a date's text use:
    cn, ascii, full (in that order)."""
    parts = _DATE_PART.findall(text)
    chars = set("".join(parts) if parts else text)
    found = []
    if not chars.isdisjoint(_CN_NUMERALS):
        found.append("cn")
    if not chars.isdisjoint(_ASCII_DIGITS):
        found.append("ascii")
    if not chars.isdisjoint(_FULL_DIGITS):
        found.append("full")
    return found


# a text whose numerals are all of one system (or that has none): after the
# first numeral, only numerals of its system or other characters. Only a text
# that does not match can hold two systems for numeral_systems (which reads
# the text or a part of it); one pass, no backtracking.
_ONE_SYSTEM = re.compile(
    "[^0-9０-９{cn}]*(?:[0-9][^０-９{cn}]*|[０-９][^0-9{cn}]*|[{cn}][^0-9０-９]*)?".format(
        cn="".join(sorted(_CN_NUMERALS))), re.S)


@check("mixed-numerals")
def mixed_numerals(record: Record, settings: CheckSettings) -> list[Flag]:
    # the texts of _all_date_spans, before its dedup and sort
    texts = [d.text for d in record.dates]
    if record.signed_date:
        texts.append(record.signed_date.text)
    if record.printed and record.printed.date:
        texts.append(record.printed.date.text)
    for p in record.periods:
        texts += (p.start.text, p.end.text)
    texts += [d.due.text for d in record.deadlines]
    if all(map(_ONE_SYSTEM.fullmatch, texts)):
        return []
    flags = []
    for d in _all_date_spans(record):
        systems = numeral_systems(d.text)
        if len(systems) > 1:
            flags.append(_flag("mixed-numerals", [d], date=d.text,
                               systems="、".join(_SYSTEM_NAMES[s] for s in systems)))
    return flags


def _missing(code: str, record: Record, present: object) -> list[Flag]:
    if record.masthead is None or present:
        return []
    return [_flag(code, [record.masthead], masthead=record.masthead.text.strip())]


@check("missing-doc-number")
def missing_doc_number(record: Record, settings: CheckSettings) -> list[Flag]:
    return _missing("missing-doc-number", record, record.doc_number)


@check("missing-signed-date")
def missing_signed_date(record: Record, settings: CheckSettings) -> list[Flag]:
    # a document that stops in mid-sentence lost its signature with its end
    return _missing("missing-signed-date", record, record.signed_date or "cut_off" in record.evidence)


@check("missing-title")
def missing_title(record: Record, settings: CheckSettings) -> list[Flag]:
    return _missing("missing-title", record, record.title)


@check("conflicting-signed-date")
def conflicting_signed_date(record: Record, settings: CheckSettings) -> list[Flag]:
    mentions: list[DateValue] = [m for m in record.dates if m.role == "signed"]
    if record.signed_date:
        mentions.append(record.signed_date)
    if len({m.value for m in mentions}) < 2:
        return []  # one value (the usual: the 成文日期 and its mention) cannot conflict
    first_of_value: dict[str, DateValue] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        if _iso(m.value) is not None:
            first_of_value.setdefault(m.value, m)
    if len(first_of_value) < 2:
        return []
    evidence = list(first_of_value.values())
    a, b = evidence[0], evidence[1]
    return [_flag("conflicting-signed-date", evidence, first=a.text, first_value=a.value,
                  second=b.text, second_value=b.value)]


# --- across the run ---------------------------------------------------------

def doc_number_key(record: Record) -> Optional[tuple]:
    """What makes two 发文字号 the same number: 代字, year and serial, however
    bracketed or spaced."""
    num = record.doc_number
    if num is None:
        return None
    if num.code and num.year is not None and num.serial is not None:
        return (unicodedata.normalize("NFKC", num.code).replace(" ", ""), num.year, num.serial)
    return ("text", "".join(unicodedata.normalize("NFKC", num.text).split()))


def _where(record: Record) -> str:
    num = record.doc_number
    line = num.line if num else record.source.line_start
    return f"{record.source.path}:{line}（第 {record.source.index + 1} 篇）"


class DuplicateTracker:
    """duplicate-doc-number over one run, streaming.

    `add(record)` returns the flags of the new record (the pipeline appends
    them as records stream out). `add_at(pos, record)` also returns, keyed by
    position, the flag of the earlier holder of the number, who gets it when
    the second holder arrives (for callers that hold the run, like `check`).

    The holders live in a private temporary SQLite database (SQLite deletes it
    when the connection closes): a run keeps every numbered document it has
    seen, and in a dict that state grew by about 1 KB per document, so an
    archive of a million documents would not fit in a worker's memory budget.
    SQLite keeps its page cache bounded (2 MB) and spills the rest to disk.
    """

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "" = private temporary on-disk database
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute(
            "CREATE TABLE holder (key TEXT NOT NULL, pos INTEGER NOT NULL, doc_id TEXT NOT NULL,"
            " where_ TEXT NOT NULL, text TEXT NOT NULL, start INTEGER NOT NULL, end_ INTEGER NOT NULL,"
            " line INTEGER NOT NULL)")
        self._db.execute("CREATE INDEX holder_key ON holder (key, pos)")
        self._count = 0

    def close(self) -> None:
        """Drop the temporary database (its file goes with it)."""
        self._db.close()

    def __enter__(self) -> DuplicateTracker:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def add(self, record: Record) -> list[Flag]:
        pos = self._count
        return self.add_at(pos, record).get(pos, [])

    def add_at(self, pos: int, record: Record) -> dict[int, list[Flag]]:
        self._count = max(self._count, pos + 1)
        key = doc_number_key(record)
        if key is None:
            return {}
        key_text = repr(key)
        holders = self._db.execute(
            "SELECT pos, doc_id, where_, text, start, end_, line FROM holder WHERE key = ? ORDER BY rowid",
            (key_text,)).fetchall()
        if any(doc_id == record.doc_id for _, doc_id, *_ in holders):
            return {}  # the same document again (a copied file) is not a second document
        num = record.doc_number
        new = (pos, record.doc_id, _where(record), num.text, num.start, num.end, num.line)
        self._db.execute("INSERT INTO holder VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (key_text, *new))
        holders.append(new)
        if len(holders) < 2:
            return {}
        out: dict[int, list[Flag]] = {}
        # the first time a number is shared both holders get a flag; later
        # holders get theirs and the earlier ones are not flagged twice
        targets = holders if len(holders) == 2 else holders[-1:]
        for p, _, _, text, start, end, line in targets:
            others = "、".join(where for q, _, where, *_ in holders if q != p)
            evidence = Span(text=text, start=start, end=end, line=line)
            out[p] = [_flag("duplicate-doc-number", [evidence], number=text, others=others)]
        return out


def check_run(records: list[Record]) -> dict[int, list[Flag]]:
    """duplicate-doc-number across the documents of one run, keyed by position."""
    out: dict[int, list[Flag]] = {}
    with DuplicateTracker() as tracker:
        for pos, record in enumerate(records):
            for p, flags in tracker.add_at(pos, record).items():
                out.setdefault(p, []).extend(flags)
    return out

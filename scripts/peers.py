#!/usr/bin/env python3
"""Conformance with other projects' public test suites (shared/peers/).

Runs the tier-A cases of recommended_subset.jsonl that concern dates,
periods, deadlines, numerals, durations and money, each under its own
reference time, and prints the pass rate per suite and overall.

Every tier-A case lands in exactly one bucket:

* ``pass`` / ``fail`` — applicable, our reading equals theirs;
* ``convention`` — applicable, differs only by a documented convention of
  ours (docs/dates.md, table "Conventions"): the difference is recognised by
  a narrow check on *both* readings, never by the case id;
* ``n/a:<reason>`` — outside what this normaliser does (percentages,
  time of day, weeks, lunar dates, "N days ago" arithmetic, foreign
  currencies, in-sentence number extraction …), decided from the case's
  text and expected shape before our output is looked at.

The pass rate is pass / (pass + fail + convention): conventions count
against us in the rate and are reported beside it.

    python scripts/peers.py [--peers ../shared/peers] [--verbose] [--json]
"""
from __future__ import annotations

import argparse
import collections
import datetime as dt
import json
import os
import sys
from pathlib import Path

import regex

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from extractor import dates, numerals  # noqa: E402

HERE = Path(__file__).resolve().parent.parent


def default_peers() -> Path:
    env = os.environ.get("GONGWEN_PEERS")
    if env:
        return Path(env)
    for p in (HERE.parent / "shared" / "peers", Path("/work/shared/peers")):
        if p.exists():
            return p
    return HERE.parent / "shared" / "peers"


# ------------------------------------------------------------ applicability

NA_RULES = [
    ("time of day", regex.compile(r"[0-9０-９一二三四五六七八九十]\s*[:：]\s*[0-9]|[0-9一二三四五六七八九十]\s*[点點时時](?!\d)|小时|小時|分钟|分鐘|秒|鐘|晚上|上午|下午|凌晨|[晚早]\s*[0-9]|\d{2}:\d{2}|\d{4}-\d\d-\d\d\s*\d|\d{2}\d{2}:\d")),
    ("weeks", regex.compile(r"周|週|星期|礼拜")),
    ("lunar calendar", regex.compile(r"初[一二三四五六七八九十]|大年|正月|腊月|五月初五")),
    ("relative offset from now", regex.compile(
        r"(?:[0-9一二两三四五六七八九十半几多]+个?(?:年|月|天|日|季度)半?|半年|两个半月)(?:多)?(?:以?前|以?后|之后|之前|后|以来|以内|内)|"
        r"^(?:前|近|过去?|未来|这个?|上一?个?|下一?个?|本|当)(?:两|[0-9一二三四五六七八九十])|前年|至今|到今天|上个?季度|"
        r"第[0-9一二三四五六七八九十]+(?:个月|天)|最后|前[0-9一二两三四五六七八九十]+天|下个月|上个月|上一个月|伊始|左右")),
    ("two-digit year ranges", regex.compile(r"\d{4}到\d{2}年")),
    ("recurring", regex.compile(r"^每")),
]


def na_reason_time(text: str) -> str | None:
    for name, rx in NA_RULES:
        if rx.search(text):
            return name
    return None


# ------------------------------------------------------------ helpers

def ref_of(case) -> dt.date | None:
    rt = case.get("reference_time")
    if rt:
        return dt.date.fromisoformat(rt[:10])
    tb = case.get("time_base")
    if isinstance(tb, dict):
        if "datetime" in tb:
            return dt.date(*tb["datetime"][:3])
        if "year" in tb:
            return dt.date(tb["year"], tb.get("month", 1), tb.get("day", 1))
    if isinstance(tb, list) and tb:
        return dt.date(tb[0], (tb[1] if len(tb) > 1 else 1), (tb[2] if len(tb) > 2 else 1))
    if isinstance(tb, (int, float)):
        return (dt.datetime.utcfromtimestamp(tb) + dt.timedelta(hours=8)).date()
    return None


def d(s: str) -> dt.date | None:
    if not s or s in ("inf", "-inf"):
        return None
    return dt.date.fromisoformat(s[:10])


def our_reading(text: str, ref):
    """What we make of a whole date expression: ('period'|'deadline'|'date', lo, hi)."""
    t = text.strip()
    ps = dates.find_periods(t, ref)
    if len(ps) == 1:
        return "period", ps[0].begin.value, ps[0].finish.value
    ds = dates.find_deadlines(t, ref)
    if len(ds) == 1 and ds[0].due.value:
        return "deadline", None, ds[0].due.value
    hs = dates.find_dates(t, ref)
    if len(hs) == 1:
        h = hs[0]
        return "date", h.earliest or h.value, h.latest or h.value
    return None, None, None


# ------------------------------------------------------------ per-suite judges

ISO_DAYS = {"D": 1, "W": 7, "M": 30, "Y": 365}


def iso_to(unitless: str | None):
    if not unitless:
        return None
    m = regex.fullmatch(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(\d+)H)?", unitless)
    if not m:
        return None
    y, mo, w, dd, h = (int(x) if x else 0 for x in m.groups())
    return {"year": y, "month": mo, "day": dd + 7 * w, "hour": h}


def judge_jionlp_time(case):
    text, exp = case["text"], case["expected"]
    typ = exp["type"]
    if typ == "time_period":
        return "n/a:recurring"
    if typ == "time_delta":
        t = exp["time"]
        if isinstance(t, list):
            return "n/a:duration ranges"
        if set(t) - {"day", "month", "year", "workday"}:
            return "n/a:time of day"
        ours = iso_to(dates.parse_duration(text))
        if ours is None:
            return "fail"
        want = {"year": t.get("year", 0), "month": t.get("month", 0), "day": t.get("day", 0) + t.get("workday", 0)}
        got = {k: ours[k] for k in ("year", "month", "day")}
        # 4周 is 28 days in JioNLP; years with a half are months
        if got == want or _days(got) == _days(want) and want["year"] == 0 and want["month"] == 0 and got["year"] == 0 and got["month"] == 0:
            return "pass"
        if want["year"] % 1 and got["month"] == want["year"] * 12:
            return "pass"
        if float(want.get("year", 0)) * 12 + want.get("month", 0) == got["year"] * 12 + got["month"] and want["day"] == got["day"]:
            return "pass"
        return "fail"
    if case.get("kwargs"):
        return "n/a:library option (ret_future, period_results_num …)"
    reason = na_reason_time(text)
    if reason:
        return "n/a:" + reason
    if regex.search(r"起$", text) and not regex.search(r"至|到", text):
        return "n/a:open-ended span (since … until now)"
    ref = ref_of(case)
    if ref is None:
        return "n/a:no usable reference time"
    lo, hi = d(exp["time"][0]), d(exp["time"][1])
    kind, a, b = our_reading(text, ref)
    if kind is None:
        return "fail"
    if kind == "deadline":
        if exp["time"][0][:10] == (case["reference_time"] or "")[:10] or lo == ref:
            if b == hi:
                return "pass"
            # YYYY年前: we read "before the year YYYY"
            if regex.search(r"\d{4}年前|[〇零一二三四五六七八九]{4}年前", text) and hi and b == dt.date(hi.year - 1, 12, 31):
                return "convention:年前"
        return "fail"
    if (a, b) == (lo, hi):
        return "pass"
    # 月底 / 年底 / 年初 / 月初 read as one day (CONTRACT "Dates")
    if regex.search(r"底|末|初|伊始", text) and (b == hi or a == lo) and a == b:
        return "convention:底/初 as one day"
    return "fail"


def _days(x):
    return x["day"] + 30 * x["month"] + 365 * x["year"]


NUMBER_NA = [
    ("scientific notation", regex.compile(r"[0-9][eE][-+－]?[0-9]|\^|[eE]－")),
    ("dozens, pairs and shares", regex.compile(r"打|对|對|双|雙|份|个|個|半")),
    ("approximate numbers", regex.compile(r"几|幾|多|余|餘")),
    ("SI suffixes", regex.compile(r"[0-9.][kKMG]\b|[0-9.][kKMG]$")),
]


def number_na(text):
    for name, rx in NUMBER_NA:
        if rx.search(text):
            return "n/a:" + name
    return None


def judge_number(text, expected, allow_amount=True):
    v = numerals.to_number(text)
    if v is None and allow_amount and regex.search(r"[元圆角分]", text):
        v = numerals.read_amount(text)
    if v is None:
        return "fail"
    return "pass" if abs(v - float(expected)) < 1e-9 * max(1, abs(float(expected))) else "fail"


def judge_cn2an(case, normal_inputs):
    mode = case.get("mode") or ""
    if mode.startswith("transform"):
        return "n/a:in-sentence rewriting"
    exp = case["expected"]
    text = case["text"]
    if isinstance(exp, dict) and exp.get("raises"):
        got = numerals.to_number(text)
        if got is None:
            return "pass"
        # strict mode rejects forms its normal/smart modes read (两千六, 一百二, 100万)
        if text in normal_inputs and abs(normal_inputs[text] - got) < 1e-9:
            return "convention:colloquial numerals read"
        return "fail"
    if isinstance(exp, str):  # direct mode: digit by digit, leading zeros kept
        v = numerals.to_int(text)
        return "pass" if v is not None and v == int(exp) else "fail"
    return judge_number(text, exp)


def judge_rt_number(case):
    res = case["expected"]
    text = case["text"]
    if len(res) != 1:
        return "n/a:in-sentence number extraction"
    r = res[0]
    if r.get("Start", 0) != 0 or r["End"] != len(text) - 1:
        return "n/a:in-sentence number extraction"
    val = r["Resolution"].get("value")
    try:
        expected = float(val)
    except (TypeError, ValueError):
        return "n/a:non-numeric resolution"
    return number_na(text) or judge_number(text, expected, allow_amount=False)


def judge_rt_currency(case):
    res = case["expected"]
    if len(res) != 1:
        return "n/a:several amounts"
    r = res[0]["Resolution"]
    if r.get("isoCurrency") != "CNY":
        return "n/a:foreign currency"
    v = numerals.read_amount(res[0]["Text"])
    return "pass" if v is not None and abs(v - float(r["value"])) < 1e-6 else "fail"


def judge_rt_date(case):
    res = case["expected"]
    text = case["text"]
    ref = ref_of(case)
    if len(res) != 1:
        return "n/a:several mentions"
    r = res[0]
    span_text = text[r["Start"]: r["Start"] + r.get("Length", r.get("End", 0) - r["Start"] + 1)]
    if "Value" in r:
        fut = r["Value"]["FutureResolution"]
    else:
        v = r["Resolution"]["values"][0]
        fut = {"date": v.get("value"), "startDate": v.get("start"), "endDate": v.get("end")}
    hits = dates.find_dates(text, ref, keep_unresolved=True)
    if fut.get("date"):
        want = fut["date"]
        if want in ("0001-01-01", "not resolved"):
            got = [h for h in hits if h.value is not None]
            return "pass" if not got else "fail"
        got = [h for h in hits if h.value and h.value.isoformat() == want and h.text == span_text]
        return "pass" if got else "fail"
    if fut.get("startDate"):
        got = [h for h in hits if h.text == span_text]
        if not got:
            return "fail"
        h = got[0]
        s, e = d(fut["startDate"]), d(fut["endDate"])
        if h.earliest == s and h.latest == e:
            return "pass"
        if h.earliest == s and h.latest and h.latest + dt.timedelta(days=1) == e:
            return "convention:inclusive range end"
        return "fail"
    return "n/a:no date value"


def judge_duckling(case):
    exp = case["expected"]
    text = case["text"]
    if exp["kind"] == "number":
        return number_na(text) or judge_number(text, exp["value"], allow_amount=False)
    if exp["kind"] == "duration":
        unit = exp["unit"]
        if unit in ("second", "minute", "hour"):
            if not regex.search(r"半[日天]", text):
                return "n/a:time of day"
        ours = iso_to(dates.parse_duration(text))
        if ours is None:
            if regex.fullmatch(r"\s*(?:\d+|[一二三四五六七八九十]+)\s*月\s*", text):
                return "convention:N月 is a month name"
            return "fail"
        want_days = {"day": 1, "month": 30, "year": 365, "hour": 1 / 24}[unit] * exp["value"]
        if unit == "month" and ours["year"] * 12 + ours["month"] == exp["value"] and ours["day"] == 0:
            return "pass"
        got_days = _days(ours) + ours["hour"] / 24
        return "pass" if abs(got_days - want_days) < 1e-6 else "fail"
    return "n/a:" + exp["kind"]


def judge_jionlp_money(case):
    exp = case["expected"]
    if exp.get("case") != "元" or isinstance(exp.get("num"), list) or exp.get("definition") != "accurate":
        return "n/a:blur, range or foreign-currency amount"
    v = numerals.read_amount(case["text"])
    if v is None:
        v = numerals.to_number(case["text"])
    return "pass" if v is not None and abs(v - float(exp["num"])) < 1e-6 else "fail"


def judge_dateparser(case):
    ref = ref_of(case)
    want = d(case["expected"])
    kind, a, b = our_reading(case["text"], ref)
    if kind != "date" or a != b or a != want:
        return "fail"
    if case["expected"][11:] != "00:00:00":
        return "convention:date only, time of day dropped"
    return "pass"


def judge(case, normal_inputs):
    loc = case["locator"]
    cats = set(case.get("categories") or [])
    if "percent" in cats and not loc.startswith("jionlp/time"):
        return "n/a:percentages"
    if loc.startswith("cn2an/"):
        return judge_cn2an(case, normal_inputs)
    if loc.startswith("jionlp/time_parser"):
        return judge_jionlp_time(case)
    if loc.startswith("jionlp/money_parser"):
        return judge_jionlp_money(case)
    if "Number/PercentModel" in loc:
        return "n/a:percentages"
    if "Number/NumberModel" in loc:
        return judge_rt_number(case)
    if "CurrencyModel" in loc:
        return judge_rt_currency(case)
    if "recognizers-text/DateTime" in loc:
        return judge_rt_date(case)
    if loc.startswith("duckling/"):
        return judge_duckling(case)
    if loc.startswith("dateparser/"):
        return judge_dateparser(case)
    return "n/a:unhandled file"


def run(peers: Path, verbose: bool = False):
    rows = [json.loads(l) for l in (peers / "recommended_subset.jsonl").open(encoding="utf-8")]
    tier_a = [r for r in rows if r["tier"] == "A"]
    normal_inputs = {}
    for r in tier_a:
        if r["suite"] == "cn2an" and r.get("mode") in ("normal", "smart") and isinstance(r["expected"], (int, float)):
            normal_inputs[r["text"]] = float(r["expected"])
    per_suite: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    details = []
    for r in tier_a:
        try:
            outcome = judge(r, normal_inputs)
        except Exception as e:  # a crash is a failure of ours, reported with the case
            outcome = "fail"
            details.append((r["id"], r["suite"], r["text"], f"crash: {e!r}"))
        per_suite[r["suite"]][outcome] += 1
        if verbose and (outcome == "fail" or outcome.startswith("convention")):
            details.append((r["id"], r["suite"], r["text"], outcome))
    return per_suite, details


def summarise(per_suite):
    table = {}
    tot = collections.Counter()
    for suite, c in sorted(per_suite.items()):
        p, f = c["pass"], c["fail"]
        conv = sum(v for k, v in c.items() if k.startswith("convention"))
        na = sum(v for k, v in c.items() if k.startswith("n/a"))
        app = p + f + conv
        table[suite] = {"pass": p, "fail": f, "convention": conv, "not_applicable": na,
                        "applicable": app, "rate": (p / app) if app else None}
        tot.update({"pass": p, "fail": f, "convention": conv, "na": na})
    app = tot["pass"] + tot["fail"] + tot["convention"]
    table["overall"] = {"pass": tot["pass"], "fail": tot["fail"], "convention": tot["convention"],
                        "not_applicable": tot["na"], "applicable": app, "rate": tot["pass"] / app if app else None}
    return table


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--peers", type=Path, default=default_peers())
    ap.add_argument("--verbose", "-v", action="store_true", help="list failures and convention cases")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    per_suite, details = run(args.peers, args.verbose)
    table = summarise(per_suite)
    if args.json:
        print(json.dumps({"summary": table, "buckets": {k: dict(v) for k, v in per_suite.items()}}, ensure_ascii=False, indent=1))
        return 0
    print(f"{'suite':18} {'pass':>5} {'fail':>5} {'conv':>5} {'n/a':>5} {'rate':>7}")
    for suite, row in table.items():
        rate = f"{row['rate']:.3f}" if row["rate"] is not None else "-"
        print(f"{suite:18} {row['pass']:5} {row['fail']:5} {row['convention']:5} {row['not_applicable']:5} {rate:>7}")
    print("\nbuckets:")
    for suite, c in sorted(per_suite.items()):
        print(f"  {suite}: " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
    for row in details:
        print("  ", *row)
    return 0


if __name__ == "__main__":
    sys.exit(main())

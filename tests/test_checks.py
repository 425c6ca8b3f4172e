"""Checks: every case of rules/checks.yaml, run as a test, plus the seed text.

A case is a record fragment; `build_record` lays its spans out as lines of a
small file so that every span has exact offsets, then the check runs on the
finished Record like the pipeline's would.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from extractor import checks
from extractor.models import (DateMention, DateRef, DateValue, Deadline, DocNumber, Period, Printed,
                              Record, Source, Span)

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "corpus" / "seeds" / "000_ec94791e602876d6.txt"

CONTRACT_CODES = {
    "year-mismatch", "print-date-gap", "range-inverted", "date-far-from-signing",
    "nonstandard-doc-number", "mixed-numerals", "missing-doc-number", "missing-signed-date",
    "missing-title", "conflicting-signed-date", "duplicate-doc-number",
}


class Layout:
    """A synthetic file: each placed text on its own line."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.offset = 0
        self.named: dict[str, dict] = {}

    def place(self, text: str) -> dict:
        start = self.offset
        self.lines.append(text)
        self.offset += len(text) + 1
        return {"text": text, "start": start, "end": start + len(text), "line": len(self.lines)}

    def span(self, frag: dict, name: str) -> dict:
        if "same_as" in frag:
            where = self.named[frag["same_as"]]
            return {"text": where["text"], "start": where["start"], "end": where["end"], "line": where["line"]}
        s = self.place(frag["text"])
        self.named[name] = s
        return s

    @property
    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


def build_record(fragment: dict, path: str = "case.txt", index: int = 0) -> tuple[Record, str]:
    lay = Layout()
    fields: dict = {}
    for key, value in fragment.items():
        if key in ("evidence",):
            continue
        if key == "doc_number":
            fields[key] = DocNumber(**lay.span(value, key), code=value.get("code", ""),
                                    year=value.get("year"), serial=value.get("serial"))
        elif key == "signed_date":
            fields[key] = DateValue(**lay.span(value, key), value=value.get("value"))
        elif key == "masthead":
            fields[key] = Span(**lay.span(value, key))
        elif key == "title":
            s = lay.span(value, key)
            fields["title"], fields["title_span"] = s["text"], Span(**s)
        elif key == "printed":
            date = value.get("date")
            fields[key] = Printed(by=value.get("by"),
                                  date=DateValue(**lay.span(date, "printed.date"), value=date.get("value")) if date else None)
        elif key == "dates":
            fields[key] = [DateMention(**lay.span(d, f"dates.{i}"), value=d.get("value"), role=d["role"])
                           for i, d in enumerate(value)]
        elif key == "periods":
            periods = []
            for p in value:
                whole = lay.place(p["text"])
                a = p["text"].index(p["start"]["text"])
                b = p["text"].rindex(p["end"]["text"])
                ends = []
                for off, part in ((a, p["start"]), (b, p["end"])):
                    st = whole["start"] + off
                    ends.append(DateRef(text=part["text"], start=st, end=st + len(part["text"]),
                                        line=whole["line"], value=part.get("value")))
                periods.append(Period(text=p["text"], start=ends[0], end=ends[1], evidence=Span(**whole)))
            fields[key] = periods
        elif key == "deadlines":
            fields[key] = [Deadline(text=d["due"]["text"],
                                    due=DateRef(**lay.span(d["due"], "due"), value=d["due"].get("value")),
                                    evidence=Span(**lay.named["due"])) for d in value]
        else:
            raise KeyError(f"build_record: unknown fragment field {key!r}")
    text = lay.text or "\n"
    source = Source(path=path, index=index, encoding="utf-8", start=0, end=len(text),
                    line_start=1, line_end=max(1, len(lay.lines)))
    doc_id = hashlib.sha1("\n".join(lay.lines).encode()).hexdigest()[:16]
    return Record(source=source, doc_id=doc_id, **fields), text


def _assert_spans_exact(flag, text):
    assert flag.evidence, f"{flag.code}: a flag without evidence"
    for s in flag.evidence:
        assert text[s.start:s.end] == s.text, f"{flag.code}: evidence {s} does not index the text"
        assert s.line == text.count("\n", 0, s.start) + 1


def _cases():
    for code, spec in checks.check_specs().items():
        cases = spec.get("cases") or {}
        for kind in ("flagged", "clean"):
            for i, case in enumerate(cases.get(kind) or []):
                yield pytest.param(code, kind, case, id=f"{code}:{kind}:{i}")


def test_every_check_has_cases():
    for code, spec in checks.check_specs().items():
        cases = spec.get("cases") or {}
        assert cases.get("flagged"), f"rules/checks.yaml: {code} has no flagged cases"
        assert cases.get("clean"), f"rules/checks.yaml: {code} has no clean cases"
        assert spec.get("clause"), f"rules/checks.yaml: {code} names no clause"
        assert spec.get("message"), f"rules/checks.yaml: {code} has no message"


def test_every_contract_code_is_declared_and_implemented():
    assert set(checks.check_specs()) == CONTRACT_CODES
    assert set(checks.REGISTRY) == CONTRACT_CODES - {"duplicate-doc-number"}


@pytest.mark.parametrize("code,kind,case", list(_cases()))
def test_check_case(code, kind, case):
    if "run" in case:
        built = [build_record(frag, path=f"run-{i}.txt") for i, frag in enumerate(case["run"])]
        by_pos = checks.check_run([r for r, _ in built])
        for pos, (record, text) in enumerate(built):
            flags = [f for f in by_pos.get(pos, []) if f.code == code]
            if kind == "flagged":
                assert len(flags) == 1, f"document {pos} of the run should get one {code}"
                _assert_spans_exact(flags[0], text)
                assert flags[0].evidence[0].text == record.doc_number.text
            else:
                assert not flags, f"document {pos} should not get {code}: {flags}"
        return
    record, text = build_record(case)
    flags = [f for f in checks.check_record(record) if f.code == code]
    if kind == "clean":
        assert not flags, f"{code} should not fire: {[f.message for f in flags]}"
        return
    assert flags, f"{code} should fire on {case}"
    for f in flags:
        _assert_spans_exact(f, text)
        assert f.severity == checks.check_specs()[code]["severity"]
        assert f.clause and f.message
        assert "{" not in f.message, f"unfilled template: {f.message}"
    if "evidence" in case:
        assert [s.text for s in flags[0].evidence] == case["evidence"]


def test_thresholds_are_settings():
    record, _ = build_record({
        "dates": [{"text": "2009年9月1日", "value": "2009-09-01", "role": "event"}],
        "signed_date": {"text": "2007年9月24日", "value": "2007-09-24"},
        "printed": {"date": {"text": "2008年9月1日", "value": "2008-09-01"}},
    })
    assert not checks.check_record(record)
    strict = checks.CheckSettings.from_rules(far_from_signing_years=1)
    assert [f.code for f in checks.check_record(record, strict)] == ["date-far-from-signing"]
    tight = checks.CheckSettings.from_rules(print_date_gap_years=0)
    assert "print-date-gap" in {f.code for f in checks.check_record(record, tight)}
    only = checks.CheckSettings.from_rules(select=frozenset({"year-mismatch"}))
    assert not checks.check_record(record, only)


def test_numeral_systems():
    assert checks.numeral_systems("二0０九年12月25日") == ["cn", "ascii", "full"]
    assert checks.numeral_systems("二○一○年一月二十一日") == ["cn"]
    assert checks.numeral_systems("2024年12月17日") == ["ascii"]


def test_duplicate_tracker_streams_and_flags_earlier_holder():
    a, _ = build_record({"doc_number": {"text": "津交安办〔2024〕5号", "code": "津交安办", "year": 2024, "serial": 5},
                         "title": {"text": "关于甲的通知"}}, path="a.txt")
    b, _ = build_record({"doc_number": {"text": "津交安办〔2024〕5号", "code": "津交安办", "year": 2024, "serial": 5},
                         "title": {"text": "关于乙的通知"}}, path="b.txt")
    c, _ = build_record({"doc_number": {"text": "津交安办〔2024〕 5号", "code": "津交安办", "year": 2024, "serial": 5},
                         "title": {"text": "关于丙的通知"}}, path="c.txt")
    t = checks.DuplicateTracker()
    assert t.add_at(0, a) == {}
    second = t.add_at(1, b)
    assert set(second) == {0, 1}
    assert "b.txt" in second[0][0].message and "a.txt" in second[1][0].message
    third = t.add_at(2, c)
    assert set(third) == {2}
    assert "a.txt" in third[2][0].message and "b.txt" in third[2][0].message


# --- the seed: 第一篇 of corpus/seeds/000, built by hand with real offsets ----

def _find(text: str, needle: str, after: int = 0) -> dict:
    start = text.index(needle, after)
    return {"text": needle, "start": start, "end": start + len(needle), "line": text.count("\n", 0, start) + 1}


def seed_first_document() -> tuple[Record, str]:
    text = SEED.read_text(encoding="utf-8")
    end = text.index("第二篇：")
    masthead = _find(text, "天津市交通安全办公室文件", text.index("\n"))
    num = _find(text, "津交安办[2024]5号")
    title = _find(text, "关于做好我市元旦、春节期间 道路交通安全工作的通知")
    signed = _find(text, "二00七年十二月十三日")
    printed = _find(text, "2024年12月17日")

    def mention(needle, value, role, after=0):
        return DateMention(**_find(text, needle, after), value=value, role=role)

    def period(whole, a, av, b, bv):
        w = _find(text, whole)
        sa, sb = _find(text, a, w["start"]), _find(text, b, w["start"] + len(a))
        return Period(text=whole, evidence=Span(**w), start=DateRef(**sa, value=av), end=DateRef(**sb, value=bv))

    periods = [
        period("2024年12月21日至2024年2月5日", "2024年12月21日", "2024-12-21", "2024年2月5日", "2024-02-05"),
        period("2024年2月6日至2月21日", "2024年2月6日", "2024-02-06", "2月21日", "2024-02-21"),
    ]
    dates = [mention("2024年2月底", "2024-02-29", "period-end"),
             mention("2024年12月20日", "2024-12-20", "period-end"),
             mention("二00七年十二月十三日", "2007-12-13", "signed"),
             mention("2024年12月17日", "2024-12-17", "printed")]
    record = Record(
        source=Source(path="corpus/seeds/000_ec94791e602876d6.txt", index=0, encoding="utf-8", start=1, end=end,
                      line_start=1, line_end=34),
        doc_id="seed0", masthead=Span(**masthead), doc_number=DocNumber(**num, code="津交安办", year=2024, serial=5),
        title="关于做好我市元旦、春节期间道路交通安全工作的通知", title_span=Span(**title),
        signed_date=DateValue(**signed, value="2007-12-13"),
        printed=Printed(by="天津市交通安全办公室", date=DateValue(**printed, value="2024-12-17")),
        dates=dates, periods=periods,
    )
    return record, text


def test_seed_first_document_flags():
    record, text = seed_first_document()
    flags = checks.check_record(record)
    assert {f.code for f in flags} == {"year-mismatch", "print-date-gap", "range-inverted", "date-far-from-signing",
                                      "nonstandard-doc-number", "mixed-numerals"}
    for f in flags:
        _assert_spans_exact(f, text)
    ym = next(f for f in flags if f.code == "year-mismatch")
    assert [s.text for s in ym.evidence] == ["津交安办[2024]5号", "二00七年十二月十三日"]
    assert "2024" in ym.message and "2007" in ym.message
    inv = next(f for f in flags if f.code == "range-inverted")
    assert [s.text for s in inv.evidence] == ["2024年12月21日", "2024年2月5日"]
    ns = next(f for f in flags if f.code == "nonstandard-doc-number")
    assert "津交安办〔2024〕5号" in ns.message


def test_duplicate_tracker_add_returns_the_new_records_flags():
    a, _ = build_record({"doc_number": {"text": "津交安办〔2024〕5号", "code": "津交安办", "year": 2024, "serial": 5},
                         "title": {"text": "关于甲的通知"}}, path="a.txt")
    b, _ = build_record({"doc_number": {"text": "津交安办〔2024〕5号", "code": "津交安办", "year": 2024, "serial": 5},
                         "title": {"text": "关于乙的通知"}}, path="b.txt")
    t = checks.DuplicateTracker()
    assert t.add(a) == []
    flags = t.add(b)
    assert [f.code for f in flags] == ["duplicate-doc-number"] and "a.txt" in flags[0].message


# --- the command ------------------------------------------------------------

def _records_file(tmp_path):
    record, _ = seed_first_document()
    p = tmp_path / "records.jsonl"
    p.write_text(record.model_dump_json() + "\n", encoding="utf-8")
    return str(p)


def _invoke(*args):
    import os
    from click.testing import CliRunner
    from extractor.check_cli import check
    cwd = os.getcwd()
    os.chdir(ROOT)  # records name their source relative to the checkout
    try:
        return CliRunner().invoke(check, list(args))
    finally:
        os.chdir(cwd)


def test_check_command_text(tmp_path):
    res = _invoke(_records_file(tmp_path))
    assert res.exit_code == 1, res.output
    lines = res.output.splitlines()
    assert ("corpus/seeds/000_ec94791e602876d6.txt:3:1: year-mismatch [warning] "
            "发文字号“津交安办[2024]5号”的年份 2024 与成文日期“二00七年十二月十三日”的年份 2007 不一致") in lines
    assert "    at 33:1 “二00七年十二月十三日”" in lines
    assert "corpus/seeds/000_ec94791e602876d6.txt:21:4: range-inverted [error]" in res.output
    assert lines[-2].startswith("6 findings (1 error, 3 warning, 2 info) in 1 of 1 documents")


def test_check_command_formats_and_selection(tmp_path):
    import json as _json
    path = _records_file(tmp_path)
    res = _invoke(path, "--format", "jsonl", "--select", "year-mismatch,range-inverted")
    rows = [_json.loads(x) for x in res.output.splitlines() if x.startswith("{")]
    assert {r["code"] for r in rows} == {"year-mismatch", "range-inverted"}
    assert rows[0]["evidence"][1]["col"] == 1 and rows[0]["evidence"][1]["line"] == 33
    res = _invoke(path, "--format", "json", "--ignore", "mixed-numerals")
    data = _json.loads(res.output)
    assert data["summary"]["findings"] == 5 and "mixed-numerals" not in data["summary"]["by_code"]
    assert _invoke(path, "--fail-on", "error", "--ignore", "range-inverted").exit_code == 0
    assert _invoke(path, "--fail-on", "error").exit_code == 1
    assert _invoke(path, "--fail-on", "never").exit_code == 0
    assert _invoke(path, "--select", "no-such-code").exit_code == 2
    assert _invoke(str(tmp_path / "missing.txt")).exit_code == 2


def test_check_command_read_error_exits_2(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    res = _invoke(str(bad))
    assert res.exit_code == 2


def test_commands_have_help():
    from click.testing import CliRunner
    from extractor.check_cli import check
    from extractor.report import report
    for cmd in (check, report):
        res = CliRunner().invoke(cmd, ["--help"])
        assert res.exit_code == 0 and "Example:" in res.output

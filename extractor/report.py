"""`gongwen report`: one self-contained HTML file for a reviewer.

A summary table of findings by code (plain HTML), a table of documents by
code and the documents themselves (rendered by a small inline script from a
JSON island, one page of documents at a time, each document's text built only
when its <details> opens: an archive of thousands stays light). Every
extracted field and every piece of flag evidence is highlighted in the text;
each finding links to its place (`report.html#d3-f1`). No network: no
external scripts, styles or fonts; a Content-Security-Policy forbids them.
"""
from __future__ import annotations

import datetime as dt
import html
import json
import sys
from collections import Counter
from importlib import resources
from pathlib import Path
from typing import Optional

import click

from . import __version__, checks
from .check_cli import DocFindings, RunResult, report_errors, run_checks, selection_options, settings_from
from .models import Record, Span

PAGE_SIZE = 25
SEV_ZH = {"error": "错误", "warning": "警告", "info": "提示"}

# field spans a reviewer wants to see in the text, with their Chinese names
_FIELD_NAMES = {
    "masthead": "版头", "doc_number": "发文字号", "title": "标题", "signed_date": "成文日期",
    "printed": "印发日期", "issuer": "发文机关", "addressee": "主送机关", "period": "时间段",
    "deadline": "期限", "date": "日期", "reference": "引用",
}


def _template() -> str:
    return resources.files("extractor").joinpath("report_template.html").read_text(encoding="utf-8")


def _field_spans(r: Record) -> list[tuple[str, Span]]:
    out: list[tuple[str, Span]] = []
    for name, span in (("masthead", r.masthead), ("doc_number", r.doc_number), ("title", r.title_span),
                       ("signed_date", r.signed_date), ("printed", r.printed.date if r.printed else None)):
        if span is not None:
            out.append((name, span))
    out += [("issuer", s) for s in r.issuer_spans]
    out += [("addressee", s) for s in r.addressee_spans]
    for p in r.periods:
        out += [("period", p.start), ("period", p.end)]
    out += [("deadline", d.due) for d in r.deadlines]
    out += [("date", d) for d in r.dates]
    out += [("reference", Span(text=x.text, start=x.start, end=x.end, line=x.line)) for x in r.references]
    return out


def highlight(doc: DocFindings, key: str = "d0") -> str:
    """The document's text as HTML: line numbers, field spans and flag evidence
    marked, an anchor `d{i}-f{k}` at each finding's first evidence."""
    r = doc.record
    text = doc.text or ""
    lo, hi = r.source.start, min(r.source.end, len(text))
    marks: list[tuple[int, int, str, str]] = []  # start, end, kind, label
    for name, s in _field_spans(r):
        marks.append((s.start, s.end, "fld", _FIELD_NAMES[name]))
    for k, f in enumerate(doc.flags):
        for s in f.evidence:
            marks.append((s.start, s.end, f"ev sev-{f.severity} f{k}", f"{f.code}: {f.message}"))
    anchors: dict[int, list[str]] = {}
    for k, f in enumerate(doc.flags):
        if f.evidence:
            anchors.setdefault(max(lo, min(hi, f.evidence[0].start)), []).append(f"{key}-f{k}")
    bounds = {lo, hi}
    for a, b, _, _ in marks:
        if b > a:
            bounds.update((max(lo, min(hi, a)), max(lo, min(hi, b))))
    bounds.update(anchors)
    points = sorted(bounds)
    line = text.count("\n", 0, lo) + 1
    out = [f'<span class="ln">{line}</span>']
    for a, b in zip(points, points[1:]):
        for anchor in anchors.get(a, []):
            out.append(f'<a id="{anchor}"></a>')
        covering = [m for m in marks if m[0] <= a and m[1] >= b and m[1] > m[0]]
        piece = text[a:b]
        escaped = []
        for n, part in enumerate(piece.split("\n")):
            if n:
                line += 1
                escaped.append(f'\n<span class="ln">{line}</span>')
            escaped.append(html.escape(part))
        body = "".join(escaped)
        if covering:
            evs = [m for m in covering if m[2].startswith("ev")]
            classes = " ".join(dict.fromkeys(c for m in (evs or covering) for c in m[2].split()))
            if evs and any(m[2] == "fld" for m in covering):
                classes += " fld"
            title = "；".join(dict.fromkeys(m[3] for m in covering))
            body = f'<span class="{classes}" title="{html.escape(title)}">{body}</span>'
        out.append(body)
    return '<pre class="text">' + "".join(out) + "</pre>"


def _fields_table(r: Record) -> str:
    rows = []

    def row(name: str, value: Optional[str], span: Optional[Span] = None) -> None:
        if value:
            where = f' <span class="path">{span.line} 行</span>' if span else ""
            rows.append(f"<tr><th>{name}</th><td>{html.escape(value)}{where}</td></tr>")

    row("文种", r.doc_type)
    row("发文机关", "、".join(r.issuers))
    row("发文字号", r.doc_number.text if r.doc_number else None, r.doc_number)
    row("标题", r.title, r.title_span)
    row("主送机关", "、".join(r.addressees))
    if r.signed_date:
        row("成文日期", f"{r.signed_date.text}（{r.signed_date.value}）", r.signed_date)
    if r.printed and (r.printed.by or r.printed.date):
        d = r.printed.date
        row("印发", " ".join(x for x in (r.printed.by, f"{d.text}（{d.value}）" if d else None) if x), d)
    for p in r.periods:
        row("时间段", f"{p.text}：{p.start.value} — {p.end.value}", p.evidence)
    for d in r.deadlines:
        row("期限", f"{d.text}：{d.due.value}", d.evidence)
    row("抄报", "、".join(r.report_to))
    row("抄送", "、".join(r.cc))
    return '<table class="fields">' + "".join(rows) + "</table>" if rows else ""


def _doc_data(i: int, doc: DocFindings) -> dict:
    r = doc.record
    findings = []
    for k, f in enumerate(doc.flags):
        findings.append({
            "k": k, "code": f.code, "severity": f.severity, "message": f.message, "clause": f.clause,
            "ev": [[s.text, s.line, doc.col(s)] for s in f.evidence],
        })
    detail = _fields_table(r)
    detail += highlight(doc, f"d{i}") if doc.text is not None else '<p class="muted">原文无法读取。</p>'
    return {
        "i": i, "path": r.source.path, "index": r.source.index, "doc_id": r.doc_id,
        "number": r.doc_number.text.strip() if r.doc_number else None, "title": r.title,
        "findings": findings, "html": detail,
    }


def _code_table(run: RunResult) -> str:
    specs = checks.check_specs()
    n_findings = Counter(f.code for _, f in run.findings())
    n_docs = Counter(code for d in run.documents for code in {f.code for f in d.flags})
    rows = []
    for code, spec in specs.items():
        sev = spec["severity"]
        n = n_findings.get(code, 0)
        link = f'<a href="#by-doc" data-code="{html.escape(code)}">{html.escape(code)}</a>' if n else html.escape(code)
        rows.append(f'<tr><td><code>{link}</code></td><td><span class="sev sev-{sev}">{SEV_ZH[sev]}</span></td>'
                    f'<td class="n">{n}</td><td class="n">{n_docs.get(code, 0)}</td>'
                    f'<td>{html.escape(spec.get("clause") or "")}</td></tr>')
    total = sum(n_findings.values())
    return ('<table id="codes"><thead><tr><th>检查项</th><th>严重程度</th><th>问题数</th><th>涉及文件</th>'
            '<th>依据</th></tr></thead><tbody>' + "".join(rows) +
            f'</tbody><tfoot><tr><th>合计</th><th></th><td class="n">{total}</td>'
            f'<td class="n">{sum(1 for d in run.documents if d.flags)}</td><td></td></tr></tfoot></table>')


def _json_island(data: object) -> str:
    s = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    # nothing inside may close the <script> element or open a comment
    return s.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_report(run: RunResult, page_size: int = PAGE_SIZE) -> str:
    docs = [_doc_data(i, d) for i, d in enumerate(run.documents)]
    counts = Counter(f.code for _, f in run.findings())
    codes = [{"code": c, "count": counts[c]} for c in checks.check_specs() if counts.get(c)]
    sev = run.counts()
    meta = (f"{len(run.documents)} 个文件（{len({d.path for d in run.documents})} 个文本），"
            f"{sum(sev.values())} 个问题：{sev.get('error', 0)} 错误、{sev.get('warning', 0)} 警告、"
            f"{sev.get('info', 0)} 提示"
            + (f"；{len(run.errors)} 个无法读取" if run.errors else "")
            + f" · gongwen {__version__} · {dt.datetime.now().strftime('%Y-%m-%d %H:%M')}")
    page = _template()
    for key, value in (("__META__", html.escape(meta)), ("__CODE_TABLE__", _code_table(run)),
                       ("__DATA__", _json_island({"docs": docs, "codes": codes, "page_size": page_size}))):
        page = page.replace(key, value, 1)
    return page


@click.command("report")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=Path("report.html"),
              show_default=True, help="The HTML file to write.")
@selection_options
@click.option("--page-size", type=click.IntRange(1, 1000), default=PAGE_SIZE, show_default=True,
              help="Documents per page in the report.")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def report(paths, output, glob, select, ignore, page_size, quiet):
    """Write a self-contained HTML report of the findings for a reviewer.

    Open it in any browser, offline: a summary by code and by document, and
    each document's text with extracted fields and flag evidence highlighted.

    \b
    Example:
        gongwen report corpus/seeds -o report.html
    """
    run = run_checks(paths, settings_from(select, ignore), glob=glob)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(render_report(run, page_size=page_size), encoding="utf-8")
    if not quiet:
        from .check_cli import summary_line
        click.echo(summary_line(run), err=True)
        click.echo(f"wrote {output}", err=True)
    report_errors(run)
    sys.exit(2 if run.errors else 0)

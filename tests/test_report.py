"""`gongwen report`: a self-contained HTML file, checked as text and in a real
headless Chromium (tests marked `browser`, skipped when chromium is absent)."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from extractor import checks
from extractor.check_cli import DocFindings, RunResult, run_checks
from extractor.report import render_report

sys.path.insert(0, str(Path(__file__).resolve().parent))
from test_checks import ROOT, seed_first_document  # noqa: E402

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="Debian chromium not installed (apt-get install chromium)")


def seed_run(copies: int = 1) -> RunResult:
    docs = []
    for i in range(copies):
        record, text = seed_first_document()
        if copies > 1:
            record = record.model_copy(update={"doc_id": f"seed0-{i}"})
            record.source = record.source.model_copy(update={"index": i})
        docs.append(DocFindings(record=record, text=text, flags=checks.check_record(record)))
    return RunResult(docs, [])


def _island(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert m, "no data island"
    return json.loads(m.group(1))


def test_report_is_self_contained():
    page = render_report(seed_run())
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<script[^>]+\bsrc=", page, re.I)
    assert "@import" not in page and "@font-face" not in page
    for url in re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)""", page):
        assert url.startswith("#"), f"external reference {url}"
    assert not re.search(r"url\((?!data:)", page)
    assert "Content-Security-Policy" in page


def test_report_summary_and_evidence():
    run = seed_run()
    page = render_report(run)
    codes = {f.code for f in run.documents[0].flags}
    table = page[page.index('<table id="codes">'):page.index("</table>")]
    for code in codes:
        assert re.search(rf'data-code="{code}">{code}</a></code></td><td><span class="sev', table), code
    data = _island(page)
    doc = data["docs"][0]
    assert {f["code"] for f in doc["findings"]} == codes
    detail = doc["html"]
    for k, f in enumerate(run.documents[0].flags):
        assert f'<a id="d0-f{k}"></a>' in detail
        for s in f.evidence:
            # each evidence text is inside a highlight of its finding
            spans = re.findall(rf'<span class="ev [^"]*\bf{k}\b[^"]*" title="[^"]*">(.*?)</span>', detail, re.S)
            joined = re.sub(r"<[^>]+>", "", "".join(spans))
            assert s.text in joined or s.text.replace("\n", "") in joined, (f.code, s.text)
    # line numbers match the file
    assert re.search(r'<span class="ln">33</span>(<a id="d0-f\d+"></a>)*<span class="ev', detail)


def test_report_escapes_document_text():
    record, text = seed_first_document()
    record.title = "</script><script>alert(1)</script>"
    page = render_report(RunResult([DocFindings(record, text, checks.check_record(record))], []))
    assert "<script>alert" not in page
    assert _island(page)["docs"][0]["title"] == record.title


# --- in a real browser -------------------------------------------------------------

def chromium(tmp_path: Path, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.glob('chromium-profile-*')))}"
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           f"--user-data-dir={profile}", "--hide-scrollbars", "--virtual-time-budget=5000", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc


def dump_dom(tmp_path: Path, url: str) -> str:
    return chromium(tmp_path, "--dump-dom", url).stdout


def screenshot(tmp_path: Path, url: str, name: str, height: int = 3600) -> Path:
    # tall enough that opening a document needs no scrolling: headless
    # screenshots of a scrolled viewport come out blank at the top
    shot = tmp_path / name
    chromium(tmp_path, f"--screenshot={shot}", f"--window-size=1280,{height}", url)
    assert shot.exists() and shot.stat().st_size > 10_000
    return shot


@pytest.mark.browser
@needs_chromium
def test_report_in_chromium_links_to_evidence(tmp_path):
    run = seed_run()
    out = tmp_path / "report.html"
    out.write_text(render_report(run), encoding="utf-8")
    flags = run.documents[0].flags
    k = next(i for i, f in enumerate(flags) if f.code == "range-inverted")
    dom = dump_dom(tmp_path, out.as_uri() + f"#d0-f{k}")
    assert 'data-ready="1"' in dom, "the report's script did not run"
    assert re.search(r'<details class="doc" id="d0" data-i="0" open="">', dom), "the linked document is not open"
    assert f'<a id="d0-f{k}"></a>' in dom
    assert re.search(rf'<span class="ev sev-error f{k}[^"]*" title="[^"]*">2024年12月21日</span>', dom)
    for f in flags:
        assert f"<code>{f.code}</code>" in dom
    shot = screenshot(tmp_path, out.as_uri() + f"#d0-f{k}", "report-seed-doc.png")
    print(f"screenshot: {shot}")


@pytest.mark.browser
@needs_chromium
def test_report_of_seed_corpus_in_chromium(tmp_path, monkeypatch):
    pytest.importorskip("extractor.pipeline", reason="the extraction pipeline is not available")
    monkeypatch.chdir(ROOT)
    run = run_checks(["corpus/seeds"])
    assert not run.errors, [e.reason for e in run.errors]
    assert run.documents
    out = tmp_path / "report.html"
    out.write_text(render_report(run), encoding="utf-8")
    dom = dump_dom(tmp_path, out.as_uri())
    assert 'data-ready="1"' in dom
    # the summary table and every document with findings, with its findings
    for doc in run.documents:
        if doc.flags:
            assert doc.path in dom
    first = run.documents[0]
    ym = [f for f in first.flags if f.code == "year-mismatch"]
    assert ym, "第一篇 should carry its year mismatch"
    assert re.search(r'<td class="n"><a href="#d0-f\d+">1</a></td>', dom)
    n_li = len(re.findall(r"<li id=\"li-d\d+-f\d+\"", dom))
    assert n_li == sum(len(d.flags) for d in run.documents)
    k = first.flags.index(ym[0])
    dom = dump_dom(tmp_path, out.as_uri() + f"#d0-f{k}")
    for s in ym[0].evidence:
        assert re.search(rf'<span class="ev sev-warning[^"]*\bf{k}\b[^"]*" title="[^"]*">{re.escape(s.text)}</span>', dom), s.text
    print(f"screenshots: {screenshot(tmp_path, out.as_uri(), 'report-seeds.png', height=1400)} "
          f"{screenshot(tmp_path, out.as_uri() + f'#d0-f{k}', 'report-seeds-doc.png')}")


@pytest.mark.browser
@needs_chromium
def test_report_of_a_thousand_documents_stays_paged(tmp_path):
    run = seed_run(copies=1000)
    out = tmp_path / "report.html"
    out.write_text(render_report(run), encoding="utf-8")
    dom = dump_dom(tmp_path, out.as_uri())
    assert 'data-ready="1"' in dom
    assert len(re.findall(r'<details class="doc"', dom)) == 25, "one page of documents at a time"
    assert "<pre" not in dom, "document texts are built only when opened"
    assert "第 1 / 40 页" in dom
    dom = dump_dom(tmp_path, out.as_uri() + "#d999-f0")
    assert re.search(r'<details class="doc" id="d999" data-i="999" open="">', dom)
    assert "第 40 / 40 页" in dom

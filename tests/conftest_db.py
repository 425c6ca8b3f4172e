"""Fixtures for the database tests (imported by tests/test_db.py).

Records come from the real pipeline over corpus/seeds when it runs; until it
does (or when it yields nothing), from `make_record`, which fills every list
the relational schema stores so that every child table gets rows.
"""
from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Iterator

import pytest

from extractor import db
from extractor.models import Record

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
PG_URL_ENV = "GONGWEN_TEST_PG_URL"


def _span(text: str, start: int, line: int = 1) -> dict:
    return {"text": text, "start": start, "end": start + len(text), "line": line}


def make_record(n: int, path: str = "corpus/synthetic.txt", index: int = 0, variant: int = 0) -> Record:
    """A record with every child list filled; `variant` changes its text (and so its doc_id)."""
    unit = f"第{n % 7}运输公司"
    year = 2020 + n % 5
    body = f"文{n}-{variant}"
    doc_id = hashlib.sha256(f"{n}/{variant}".encode()).hexdigest()[:16]
    signed = {"text": f"{year}年3月{1 + n % 28}日", "value": f"{year}-03-{1 + n % 28:02d}"}
    evidence = _span(f"对{unit}予以通报批评", 120, 5)
    date_ref = lambda text, value, start: {**_span(text, start, 6), "value": value}  # noqa: E731
    return Record.model_validate({
        "source": {"path": path, "index": index, "encoding": "utf-8", "start": 0, "end": 500,
                   "line_start": 1, "line_end": 20},
        "doc_id": doc_id,
        "doc_type": "通报",
        "masthead": _span("天津市交通安全办公室文件", 0, 1),
        "issuers": ["天津市交通安全办公室", "天津市公安局"],
        "issuer_spans": [_span("天津市交通安全办公室", 0, 1), _span("天津市公安局", 380, 17)],
        "doc_number": {**_span(f"津交安办〔{year + n % 2}〕{n}号", 13, 2), "code": "津交安办",
                       "year": year + n % 2, "serial": n},
        "title": f"关于{body}的通报",
        "title_span": _span(f"关于{body}的通报", 30, 3),
        "addressees": ["各区人民政府"],
        "addressee_spans": [_span("各区人民政府", 50, 4)],
        "signed_date": {**_span(signed["text"], 400, 18), "value": signed["value"]},
        "printed": {"by": "天津市交通安全办公室", "date": {**_span(signed["text"], 450, 20),
                                                           "value": signed["value"]}},
        "report_to": ["市政府"],
        "cc": ["市公安局", "市交通运输委"],
        "keywords": ["交通", "安全"],
        "copies": 200,
        "attachments": ["检查表"],
        "references": [{"kind": "doc_number", **_span("津政发〔2019〕1号", 70, 4), "code": "津政发",
                        "year": 2019, "serial": 1},
                       {"kind": "law", **_span("《道路交通安全法》", 90, 4), "article": "第十条"}],
        "dates": [{**_span(signed["text"], 400, 18), "value": signed["value"], "role": "signed"}],
        "commended": [{"unit": "第九公交公司", "evidence": _span("对第九公交公司提出表扬", 100, 5)}],
        "criticised": [{"unit": unit, "span": _span(unit, 121, 5), "evidence": evidence}],
        "penalties": [{"unit": unit, "measure": "通报批评", "evidence": evidence},
                      {"unit": unit, "measure": "罚款", "amount": 1000.0 * (1 + n % 3), "evidence": evidence}],
        "periods": [{"text": "自即日起至2月底", "start": date_ref("即日", signed["value"], 200),
                     "end": date_ref("2月底", f"{year}-02-28", 205), "evidence": _span("自即日起至2月底", 198, 6)}],
        "deadlines": [{"text": "于9月27日前", "due": date_ref("9月27日", f"{year}-09-27", 250),
                       "action": "报送", "evidence": _span("于9月27日前报送", 249, 7)}],
        "flags": [{"code": "year-mismatch", "severity": "warning", "message": "years differ",
                   "evidence": [_span(f"〔{year}〕", 18, 2), _span(signed["text"], 400, 18)]}],
        "items": [{"number": i + 1, "group": "国家层面" if i else None, "text": f"事项{i}",
                   "evidence": _span(f"{i + 1}.事项{i}", 300 + 10 * i, 9 + i)} for i in range(3)],
        "evidence": {"cc": _span("抄送：市公安局，市交通运输委。", 470, 19)},
    })


def synthetic_corpus(files: int = 3, per_file: int = 5) -> list[Record]:
    return [make_record(f * per_file + i, path=f"corpus/synthetic_{f}.txt", index=i)
            for f in range(files) for i in range(per_file)]


def pipeline_records() -> list[Record]:
    """The seed corpus through the real extractor; [] while it cannot produce records."""
    try:
        from extractor.pipeline import iter_records
    except Exception:
        return []
    out: list[Record] = []
    try:
        for _, result in iter_records([str(SEEDS.relative_to(ROOT))]):
            if not isinstance(result, list) or not all(isinstance(r, Record) for r in result):
                return []
            out.extend(result)
    except Exception:
        return []
    return out


def seed_records() -> list[Record]:
    cwd = os.getcwd()
    try:
        os.chdir(ROOT)
        records = pipeline_records()
    finally:
        os.chdir(cwd)
    return records or synthetic_corpus()


def write_jsonl(path: Path, records: list[Record]) -> Path:
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(r.model_dump_json() + "\n")
    return path


def run_cli(*args: str, input: str | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """`gongwen ARGS` in a subprocess (the real entry point, exit codes and stderr)."""
    code = ("import sys; from extractor.db_cli import load, db_group; from extractor.cli import cli; "
            "cli.add_command(load); cli.add_command(db_group); cli(sys.argv[1:], prog_name='gongwen')")
    return subprocess.run([sys.executable, "-c", code, *args], input=input, capture_output=True,
                          text=True, timeout=timeout, cwd=ROOT)


def snapshot(url: str) -> dict[str, list[tuple]]:
    """Every row of every table, sorted, JSON columns parsed (JSONB reorders keys)."""
    conn = db.connect(url)
    try:
        out = {}
        for t in db.TABLES:
            rows = conn.execute(f"SELECT {', '.join(t.column_names)} FROM {t.name}")
            kinds = [c.kind for c in t.columns]
            norm = []
            for row in rows:
                norm.append(tuple(json.dumps(json.loads(v) if isinstance(v, str) else v, sort_keys=True)
                                  if k == "json" and v is not None else v for k, v in zip(kinds, row)))
            out[t.name] = sorted(norm, key=repr)
        conn.rollback()
        return out
    finally:
        conn.close()


def pg_url() -> str | None:
    return os.environ.get(PG_URL_ENV) or None


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database URL: a SQLite file, or a private schema on the test server."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.db'}"
        return
    base = pg_url()
    if not base:
        pytest.skip(f"PostgreSQL tests need a server: set {PG_URL_ENV} "
                    "(e.g. export GONGWEN_TEST_PG_URL=$(scripts/pg_test_server.sh /tmp/gongwen-pg 54329))")
    import psycopg

    schema = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in base else "?"
    try:
        yield f"{base}{sep}options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(base, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")

"""Records into SQLite and PostgreSQL (issue 6).

PostgreSQL cases are marked `postgres` and run when GONGWEN_TEST_PG_URL names
a server (scripts/pg_test_server.sh starts a throwaway one).
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from extractor import db
from extractor.models import SCHEMA_VERSION, Record

from conftest_db import (ROOT, db_url, make_record, run_cli, seed_records, snapshot,  # noqa: F401
                          synthetic_corpus, write_jsonl)


# --- schema ------------------------------------------------------------------

@pytest.mark.parametrize("dialect", db.DIALECTS)
def test_committed_ddl_matches_the_models(dialect):
    committed = db.schema_path(dialect, ROOT).read_text(encoding="utf-8")
    assert committed == db.ddl(dialect), (
        f"schemas/{dialect}.sql is out of date with extractor/models.py: run `gongwen db ddl --write`")


def test_migrations_are_ordered_and_end_at_the_record_schema_version():
    versions = [m.version for m in db.MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert versions[-1] == SCHEMA_VERSION, "SCHEMA_VERSION changed: add a migration step in extractor/db.py"


def test_tables_cover_every_record_field():
    stored = {t.record_field for t in db.TABLES[1:]} | {"issuer_spans", "addressee_spans"}
    doc_cols = db.TABLES_BY_NAME["documents"].column_names
    for name in Record.model_fields:
        assert name in stored or any(c == name or c.startswith(name + "_") for c in doc_cols), name


@pytest.mark.parametrize("url, expected", [
    ("records.db", ("sqlite", "records.db")),
    ("sqlite:///records.db", ("sqlite", "records.db")),
    ("sqlite:////tmp/r.db", ("sqlite", "/tmp/r.db")),
    ("sqlite://", ("sqlite", ":memory:")),
    ("postgresql://u@h:5432/d", ("postgres", "postgresql://u@h:5432/d")),
    ("postgres://u@h/d", ("postgres", "postgresql://u@h/d")),
])
def test_parse_url(url, expected):
    assert db.parse_url(url) == expected


def test_parse_url_rejects_other_schemes_and_masks_passwords():
    with pytest.raises(db.StoreError, match=r"mysql://u:\*\*\*@h/d.*sqlite:///path.db"):
        db.parse_url("mysql://u:secret@h/d")


def test_every_child_row_keeps_its_span():
    rows = db.record_rows(make_record(3))
    for t in db.TABLES[1:]:
        assert rows[t.name], f"{t.name} got no rows from a full record"
        names = t.column_names
        span_cols = [c for c in names if c.endswith("_text") and c.replace("_text", "_start") in names]
        assert span_cols, f"{t.name} keeps no span"
        for row in rows[t.name]:
            assert any(row[names.index(c)] is not None for c in span_cols), (t.name, row)
    cc = dict(zip(db.TABLES_BY_NAME["cc"].column_names, rows["cc"][1]))
    # a cc name found inside the 抄送 line gets its exact offsets
    assert (cc["name"], cc["span_text"], cc["span_start"]) == ("市交通运输委", "市交通运输委", 470 + 8)


# --- loading -------------------------------------------------------------------

def _count(url: str) -> dict[str, int]:
    return db.table_counts(url)


def test_load_twice_gives_identical_rows(db_url, tmp_path):
    records = seed_records()
    jsonl = write_jsonl(tmp_path / "seeds.jsonl", records)
    first = run_cli("load", str(jsonl), "--db", db_url)
    assert first.returncode == 0, first.stderr
    once = snapshot(db_url)
    assert len(once["documents"]) == len({r.doc_id for r in records})
    second = run_cli("load", str(jsonl), "--db", db_url)
    assert second.returncode == 0, second.stderr
    assert f"0 new, 0 replaced, {len(records)} unchanged" in second.stderr
    assert snapshot(db_url) == once


def test_changed_document_replaces_only_its_rows(db_url, tmp_path):
    records = synthetic_corpus()
    write_jsonl(tmp_path / "a.jsonl", records)
    assert run_cli("load", str(tmp_path / "a.jsonl"), "--db", db_url).returncode == 0
    before = snapshot(db_url)

    # an edited file: slot (path, index) of records[4] now holds a new text, so a new doc_id;
    # records[7] keeps its text (doc_id) but the extractor now reads another title
    old = records[4]
    edited = list(records)
    edited[4] = make_record(4, path=old.source.path, index=old.source.index, variant=1)
    edited[7] = records[7].model_copy(update={"title": "关于新标题的通报"})
    write_jsonl(tmp_path / "b.jsonl", edited)
    run = run_cli("load", str(tmp_path / "b.jsonl"), "--db", db_url)
    assert run.returncode == 0, run.stderr
    assert "0 new, 2 replaced, 13 unchanged, 1 stale removed" in run.stderr
    after = snapshot(db_url)

    changed = {old.doc_id, edited[4].doc_id, records[7].doc_id}
    for table in before:
        keep_b = [r for r in before[table] if r[0] not in changed]
        keep_a = [r for r in after[table] if r[0] not in changed]
        assert keep_a == keep_b, f"{table}: rows of unchanged documents moved"
        assert not [r for r in after[table] if r[0] == old.doc_id], f"{table}: stale rows of the old text"
        assert len([r for r in after[table] if r[0] == edited[4].doc_id]) == len(
            [r for r in before[table] if r[0] == old.doc_id])
    titles = {r[0]: r for r in after["documents"]}
    cols = db.TABLES_BY_NAME["documents"].column_names
    assert titles[records[7].doc_id][cols.index("title")] == "关于新标题的通报"
    assert len(after["documents"]) == len(records)


def _whole_documents(url: str) -> tuple[int, list[str]]:
    """(documents stored, problems): each stored document must have exactly its rows."""
    conn = db.connect(url)
    try:
        stored = conn.execute("SELECT doc_id, record FROM documents")
        counts = {}
        for t in db.TABLES[1:]:
            for doc_id, n in conn.execute(f"SELECT doc_id, COUNT(*) FROM {t.name} GROUP BY doc_id"):
                counts[(t.name, doc_id)] = n
        known = {d for d, _ in stored}
        conn.rollback()
    finally:
        conn.close()
    problems = [f"orphan rows in {t} for {d}" for (t, d) in counts if d not in known]
    for doc_id, record in stored:
        rec = record if isinstance(record, dict) else json.loads(record)
        for t, rows in db.record_rows(rec).items():
            if t != "documents" and counts.get((t, doc_id), 0) != len(rows):
                problems.append(f"{doc_id}: {t} has {counts.get((t, doc_id), 0)} rows, expected {len(rows)}")
    return len(stored), problems


def test_killed_load_leaves_only_whole_documents(db_url, tmp_path):
    total = 4000
    records = [make_record(i, path=f"corpus/f{i // 10}.txt", index=i % 10) for i in range(total)]
    jsonl = write_jsonl(tmp_path / "big.jsonl", records)
    assert run_cli("db", "migrate", "--db", db_url).returncode == 0
    code = ("import sys; from extractor.db_cli import load; "
            "load(sys.argv[1:], prog_name='gongwen load')")
    proc = subprocess.Popen([sys.executable, "-c", code, str(jsonl), "--db", db_url, "--batch-size", "3"],
                            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if _count(db_url)["documents"] >= 30:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the load finished before it could be killed: make the input bigger"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    stored, problems = _whole_documents(db_url)
    assert 30 <= stored < total
    assert stored % 3 == 0, "a batch was half committed"
    assert not problems, problems[:5]
    # and the next run completes the load
    rerun = run_cli("load", str(jsonl), "--db", db_url)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{total - stored} new, 0 replaced, {stored} unchanged" in rerun.stderr
    stored, problems = _whole_documents(db_url)
    assert stored == total and not problems


def test_malformed_lines_are_named_and_good_lines_load(db_url, tmp_path):
    good = synthetic_corpus(1, 3)
    bad_record = good[0].model_dump(mode="json")
    del bad_record["source"]["path"]
    lines = [
        good[0].model_dump_json(),
        '{"doc_id": "x", "source": ',                      # 2: truncated JSON
        good[1].model_dump_json(),
        json.dumps(bad_record, ensure_ascii=False),         # 4: no source.path
        "",                                                 # 5: blank, ignored
        json.dumps({"path": "a.txt", "stage": "decode", "reason": "not GB18030"}),  # 6: extract's error entry
        "[1, 2]",                                           # 7: not an object
        good[2].model_dump_json(),
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = run_cli("load", str(path), "--db", db_url)
    assert run.returncode == 1
    err = run.stderr.splitlines()
    assert f"{path}:2: invalid JSON: " in run.stderr
    assert f"{path}:4: not a valid record: source.path: Field required" in err
    assert any(line.startswith(f"{path}:7: not a valid record") for line in err)
    assert not any(f"{path}:{n}:" in run.stderr for n in (1, 3, 5, 6, 8))
    assert "3 bad line(s) skipped" in run.stderr
    assert _count(db_url)["documents"] == 3


def test_older_database_asks_for_migrate(db_url):
    conn = db.connect(db_url)
    conn.begin()
    conn.execute(f"CREATE TABLE {db.META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    conn.execute(f"INSERT INTO {db.META_TABLE} VALUES ('schema_version', '0')")
    conn.commit()
    conn.close()
    with pytest.raises(db.SchemaVersionError, match=r"(?s)version 0, this gongwen needs 1.*gongwen db migrate --db"):
        db.open_store(db_url)
    run = run_cli("load", "-", "--db", db_url, input=make_record(1).model_dump_json() + "\n")
    assert run.returncode == 1 and "gongwen db migrate --db" in run.stderr
    mig = run_cli("db", "migrate", "--db", db_url)
    assert mig.returncode == 0 and "applied 1: create the tables" in mig.stderr, mig.stderr
    run = run_cli("load", "-", "--db", db_url, input=make_record(1).model_dump_json() + "\n")
    assert run.returncode == 0, run.stderr
    again = run_cli("db", "migrate", "--db", db_url)
    assert again.returncode == 0 and "applied" not in again.stderr


def test_newer_database_is_refused(db_url):
    db.migrate(db_url)
    conn = db.connect(db_url)
    conn.begin()
    conn.execute(f"UPDATE {db.META_TABLE} SET value = '99' WHERE key = 'schema_version'")
    conn.commit()
    conn.close()
    with pytest.raises(db.SchemaVersionError, match="(?s)newer than this gongwen.*upgrade gongwen"):
        db.open_store(db_url)


def test_store_commits_every_batch_and_knows_what_it_has_seen(db_url):
    records = synthetic_corpus(1, 5)
    with db.open_store(db_url, batch_size=2) as store:
        for r in records[:3]:
            store.write(r)
        assert _count(db_url)["documents"] == 2  # one batch committed, one document queued
        r = records[2]
        assert store.seen(r.doc_id, r.source.path, r.source.index)  # queued counts as seen
        assert store.seen(records[0].doc_id, records[0].source.path, 0)
        assert not store.seen(records[0].doc_id, "elsewhere.txt", 0)
        assert not store.seen(records[4].doc_id, records[4].source.path, 4)
    assert _count(db_url)["documents"] == 3
    with pytest.raises(RuntimeError):
        with db.open_store(db_url, batch_size=10) as store:
            store.write(records[3])
            raise RuntimeError("extract failed")
    assert _count(db_url)["documents"] == 3  # the unfinished batch is dropped, not half-written


def test_bare_path_means_sqlite(tmp_path):
    run = subprocess.run([sys.executable, "-c",
                          "import sys; from extractor.db_cli import load; load(sys.argv[1:])",
                          "-", "--db", "records.db"], input=make_record(2).model_dump_json(),
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "records.db").exists()
    assert db.table_counts(str(tmp_path / "records.db"))["flags"] == 1


# --- CLI -------------------------------------------------------------------------

@pytest.mark.parametrize("args", [["load"], ["db"], ["db", "migrate"], ["db", "info"], ["db", "ddl"]])
def test_commands_have_help_with_an_example(args):
    run = run_cli(*args, "--help")
    assert run.returncode == 0, run.stderr
    assert "Example:" in run.stdout


def test_commands_are_registered():
    pytest.importorskip("extractor.commands", reason="extract command (extractor/commands) not written yet")
    from extractor import cli

    cli._register()
    assert {"load", "db"} <= set(cli.cli.commands)


def test_db_info_and_ddl(tmp_path):
    url = str(tmp_path / "x.db")
    assert run_cli("load", "-", "--db", url, input=make_record(5).model_dump_json()).returncode == 0
    info = run_cli("db", "info", "--db", url)
    assert "documents\t1" in info.stdout and "penalties\t2" in info.stdout
    out = run_cli("db", "ddl", "--dialect", "postgres")
    assert out.stdout == db.ddl("postgres")


def test_a_file_that_lost_documents_drops_them(db_url):
    records = synthetic_corpus(2, 4)
    with db.open_store(db_url) as store:
        for r in records:
            store.write(r)
    # the first file now holds two documents: write them and retire the rest
    with db.open_store(db_url) as store:
        for r in records[:2]:
            store.write(r)
        store.retire_from(records[0].source.path, 2)
    assert store.stats.removed == 2 and store.stats.unchanged == 2
    counts = _count(db_url)
    assert counts["documents"] == 6 and counts["items"] == 6 * 3


def test_one_batch_keeps_the_last_document_per_slot_and_doc_id(db_url):
    a = make_record(1, path="x.txt", index=0)
    b = make_record(1, path="x.txt", index=0, variant=1)  # same slot, new text
    c = make_record(2, path="y.txt", index=0)
    with db.open_store(db_url) as store:
        for r in (a, c, b, c):
            store.write(r)
    conn = db.connect(db_url)
    rows = sorted(conn.execute("SELECT doc_id, source_path FROM documents"))
    conn.close()
    assert rows == sorted([(b.doc_id, "x.txt"), (c.doc_id, "y.txt")])


def test_the_sql_in_docs_runs(db_url):
    import re

    with db.open_store(db_url) as store:
        for r in synthetic_corpus():
            store.write(r)
    text = (ROOT / "docs" / "database.md").read_text(encoding="utf-8")
    queries = re.findall(r"```sql\n(.*?)```", text, re.S)
    assert len(queries) >= 3
    conn = db.connect(db_url)
    try:
        results = [conn.execute(q.strip().rstrip(";")) for q in queries]
    finally:
        conn.close()
    assert results[0] == [(f"第{k}运输公司", 3 if k == 0 else 2) for k in range(7)]

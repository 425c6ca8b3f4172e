"""Spark local mode gives the same records as `gongwen extract`, field by field.

Needs the 'spark' extra and a Java runtime; skipped with the reason otherwise.
One local[2] SparkSession serves the whole module (starting one costs ~10 s).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"

pytestmark = pytest.mark.spark

try:
    import pyspark  # noqa: F401
    _SPARK_MISSING = None
except ImportError:
    _SPARK_MISSING = "pyspark is not installed: pip install '.[spark]'"


def _java() -> str | None:
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return str(Path(home) / "bin" / "java")
    return shutil.which("java")


if _SPARK_MISSING is None and _java() is None:
    _SPARK_MISSING = "no Java runtime (java on PATH or JAVA_HOME): apt-get install -y default-jre-headless"

if _SPARK_MISSING:
    pytest.skip(_SPARK_MISSING, allow_module_level=True)

from extractor import spark as gspark  # noqa: E402
from extractor.models import ErrorEntry, Record  # noqa: E402


@pytest.fixture(scope="module")
def spark():
    session = gspark.session("local[2]", app_name="gongwen-tests",
                             conf={"spark.sql.shuffle.partitions": "2"})
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


@pytest.fixture(scope="module")
def seeds_local(tmp_path_factory):
    """`gongwen extract corpus/seeds`, once for the module."""
    return gongwen_extract("corpus/seeds", ROOT, tmp_path_factory.mktemp("seeds"))


def gongwen_extract(folder: str, cwd: Path, tmp_path: Path) -> tuple[list[dict], list[dict]]:
    """`gongwen extract FOLDER` run as a user runs it: records and error entries."""
    out, errs = tmp_path / "local.jsonl", tmp_path / "local.errors.jsonl"
    proc = subprocess.run([sys.executable, "-m", "extractor", "extract", folder, "-o", str(out), "--errors", str(errs),
                           "--quiet"], cwd=cwd, capture_output=True, text=True)
    assert proc.returncode in (0, 1), proc.stderr
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(line) for line in errs.read_text(encoding="utf-8").splitlines()] if errs.exists() else []
    return records, errors


def spark_extract(spark, folder: Path, base: Path) -> tuple[list[dict], list[dict]]:
    result = gspark.extract_dataframe(gspark.read_files(spark, str(folder)), gspark.default_settings(), paths="relative",
                                      base_dir=str(base))
    try:
        records = gspark.record_dicts(result.records)
        errors = [row.asDict() for row in result.errors.orderBy("path").collect()]
    finally:
        result.unpersist()
    return records, errors


def assert_same_records(local: list[dict], distributed: list[dict]) -> None:
    assert [(r["source"]["path"], r["source"]["index"]) for r in distributed] == \
           [(r["source"]["path"], r["source"]["index"]) for r in local]
    for mine, theirs in zip(distributed, local):
        where = f'{theirs["source"]["path"]}#{theirs["source"]["index"]}'
        assert list(mine) == list(theirs), where  # same fields, same order
        for name in theirs:
            assert mine[name] == theirs[name], f"{where}: {name}"


def test_schema_follows_the_models():
    from pyspark.sql import types as T

    schema = gspark.spark_schema(Record)
    assert schema.fieldNames() == list(Record.model_fields)
    fields = {f.name: f for f in schema.fields}
    span = gspark.spark_schema(Record.model_fields["masthead"].annotation.__args__[0])
    assert fields["masthead"].nullable and fields["masthead"].dataType == span
    assert not fields["doc_id"].nullable and fields["doc_id"].dataType == T.StringType()
    assert fields["issuer_spans"].dataType == T.ArrayType(span, containsNull=False)
    assert fields["evidence"].dataType == T.MapType(T.StringType(), span, valueContainsNull=False)
    assert fields["source"].dataType["index"].dataType == T.LongType()
    penalty = fields["penalties"].dataType.elementType
    assert penalty["amount"].dataType == T.DoubleType() and penalty["amount"].nullable
    flag = fields["flags"].dataType.elementType
    assert flag["severity"].dataType == T.StringType()  # Literal
    assert gspark.spark_schema(ErrorEntry).fieldNames() == ["path", "index", "stage", "reason"]


@pytest.mark.parametrize("uri, style, base, expected", [
    ("file:/w/corpus/a b 中.txt", "uri", None, "file:/w/corpus/a b 中.txt"),
    ("file:/w/corpus/a b 中.txt", "local", None, "/w/corpus/a b 中.txt"),
    ("file:/w/corpus/a.txt", "relative", "/w", "corpus/a.txt"),
    ("file:/w/corpus/a.txt", "relative", "/w/", "corpus/a.txt"),
    ("file:/elsewhere/a.txt", "relative", "/w", "/elsewhere/a.txt"),
    ("hdfs://nn:8020/in/a.txt", "relative", "/w", "hdfs://nn:8020/in/a.txt"),
])
def test_source_path(uri, style, base, expected):
    assert gspark.source_path(uri, style, base) == expected


def test_seed_corpus_equals_gongwen_extract(spark, seeds_local):
    local, local_errors = seeds_local
    assert local, "gongwen extract found no documents in corpus/seeds"
    distributed, errors = spark_extract(spark, SEEDS, ROOT)
    assert_same_records(local, distributed)
    assert errors == local_errors == []


def test_run_level_flags_and_errors(spark, tmp_path):
    """A copied file (same documents) is not a duplicate; an edited copy that
    keeps a 发文字号 is flagged as `gongwen extract` flags it, across
    partitions; a binary file is an error row, not a failed job."""
    run = tmp_path / "run"
    run.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for seed in seeds:
        shutil.copy(seed, run / seed.name)
    first = seeds[0].read_text(encoding="utf-8")
    shutil.copy(seeds[0], run / f"copy_{seeds[0].name}")
    # same 文号, one character of the body changed: another document
    lines = first.splitlines(keepends=True)
    body = max(range(len(lines) // 2), key=lambda i: len(lines[i]))
    lines[body] = lines[body].replace("，", "、", 1) if "，" in lines[body] else lines[body] + "。"
    (run / f"edited_{seeds[0].name}").write_text("".join(lines), encoding="utf-8")
    (run / "zz_binary.txt").write_bytes(bytes(range(256)) * 64)

    local, local_errors = gongwen_extract("run", tmp_path, tmp_path)
    distributed, errors = spark_extract(spark, run, tmp_path)
    assert any(f["code"] == "duplicate-doc-number" for r in local for f in r["flags"]), \
        "the edited copy should share a 发文字号 with its original"
    assert_same_records(local, distributed)
    assert [(e["path"], e["stage"]) for e in errors] == [(e["path"], e["stage"]) for e in local_errors]
    assert [e["path"] for e in errors] == ["run/zz_binary.txt"]


def test_spark_extract_command_writes_parquet_and_errors(spark, seeds_local, tmp_path):
    """The CLI over the same session: partitioned Parquet plus _errors."""
    from click.testing import CliRunner

    from extractor.spark_cli import spark_extract as command

    out = tmp_path / "out"
    result = CliRunner().invoke(command, [str(SEEDS), str(out), "--format", "parquet", "--paths", "local"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    years = sorted(p.name for p in out.glob("signed_year=*"))
    assert years and all(y.split("=")[1].isdigit() or "DEFAULT" in y for y in years)
    back = spark.read.parquet(str(out))
    assert back.count() == len(seeds_local[0])
    assert "signed_year" in back.columns and (out / "_errors").is_dir()

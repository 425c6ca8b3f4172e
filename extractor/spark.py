"""The same pipeline on Apache Spark (optional extra: ``pip install '.[spark]'``).

    files = spark.read.format("binaryFile").option("pathGlobFilter", "*.txt").load("corpus/seeds")
    result = extract_dataframe(files, paths="relative")
    result.records      # one row per document, columns = Record's fields
    result.errors       # one row per file that failed (ErrorEntry's fields)

What runs where:

* pass 1 (`mapInPandas`, per partition): each file's bytes go through
  `pipeline.extract_bytes`, exactly as `gongwen extract` does. The rule files,
  compiled patterns and segmenter dictionaries are module-level caches, so an
  executor's Python worker loads them once and reuses them for every
  partition it is given. A file that cannot be decoded or breaks a stage
  becomes a row of `errors`, never a failed task.
* pass 2 (run-level check, duplicate 发文字号): a streaming run keeps one
  `DuplicateTracker` over all files; Spark has no cross-partition state, so
  the documents that carry a 发文字号 are grouped by its key
  (`checks.doc_number_key`) and each group is fed to a `DuplicateTracker` in
  (source.path, source.index) order — the order `gongwen extract` reads a
  folder in — so the flags equal the local run's.

The records' Spark schema is derived from the pydantic models
(`spark_schema(Record)`): nested models are structs, lists arrays,
`dict[str, Span]` a map, `Optional` nullable, `Literal` a string.

Paths: binaryFile gives URIs (``file:/abs/dir/a.txt``, ``hdfs://nn/dir/a.txt``).
`paths` chooses what goes into `source.path`: ``"uri"`` keeps them,
``"local"`` strips the ``file:`` scheme, ``"relative"`` also makes them
relative to `base_dir` (default: the driver's working directory), which is
what `gongwen extract some/folder` prints for a relative folder.
"""
from __future__ import annotations

import functools
import json
import os
import posixpath
import types
import typing
from typing import Any, Iterator, Literal, NamedTuple, Optional, Union
from urllib.parse import urlsplit

from pydantic import BaseModel

from .models import ErrorEntry, Flag, Record

try:  # the extra is optional: the module imports without it, and says how to install it when used
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession
    from pyspark.sql import functions as F
    from pyspark.sql import types as T
except ImportError as _e:  # pragma: no cover - depends on the environment
    _IMPORT_ERROR: Optional[ImportError] = _e
else:
    _IMPORT_ERROR = None

INSTALL_HINT = ("the Spark backend needs the 'spark' extra: pip install 'gongwen-extractor[spark]' "
                "(from a checkout: pip install '.[spark]'), and a Java runtime (17 or later) on PATH")

PathStyle = Literal["uri", "local", "relative"]


class MissingSpark(ImportError):
    """pyspark (or pandas/pyarrow) is not installed."""


def require_spark() -> None:
    if _IMPORT_ERROR is not None:
        raise MissingSpark(f"{INSTALL_HINT} ({_IMPORT_ERROR})")


# --- pydantic model → Spark schema ------------------------------------------------

_SCALARS: dict[type, str] = {str: "StringType", int: "LongType", float: "DoubleType", bool: "BooleanType"}


def spark_type(annotation: Any) -> tuple["T.DataType", bool]:
    """(Spark type, nullable) of one field annotation.

    Optional[X] → nullable X; list[X] → ArrayType; dict[str, X] → MapType;
    a pydantic model → StructType; Literal["a", "b"] → StringType;
    int → LongType (spans are offsets into files that can pass 2 GiB).
    """
    require_spark()
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (Union, types.UnionType):
        rest = [a for a in args if a is not type(None)]
        if len(rest) != 1:
            raise TypeError(f"no Spark type for a union of several types: {annotation!r}")
        inner, _ = spark_type(rest[0])
        return inner, True
    if origin is Literal:
        if not all(isinstance(a, str) for a in args):
            raise TypeError(f"only string Literals map to Spark: {annotation!r}")
        return T.StringType(), False
    if origin is list:
        element, element_null = spark_type(args[0])
        return T.ArrayType(element, containsNull=element_null), False
    if origin is dict:
        key, _ = spark_type(args[0])
        if not isinstance(key, T.StringType):
            raise TypeError(f"map keys must be strings: {annotation!r}")
        value, value_null = spark_type(args[1])
        return T.MapType(key, value, valueContainsNull=value_null), False
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return spark_schema(annotation), False
    if annotation in _SCALARS:
        return getattr(T, _SCALARS[annotation])(), False
    raise TypeError(f"no Spark type for {annotation!r}")


@functools.lru_cache(maxsize=None)
def spark_schema(model: type[BaseModel]) -> "T.StructType":
    """The StructType of a pydantic model, fields in declaration order (the
    order `model_dump_json` writes them, so JSON output lines up)."""
    require_spark()
    fields = []
    for name, info in model.model_fields.items():
        dtype, nullable = spark_type(info.annotation)
        fields.append(T.StructField(info.alias or name, dtype, nullable=nullable,
                                    metadata={"comment": info.description} if info.description else None))
    return T.StructType(fields)


# --- paths ------------------------------------------------------------------------

def source_path(uri: str, paths: PathStyle = "uri", base_dir: Optional[str] = None) -> str:
    """What goes into `source.path` for a binaryFile `path` (see the module doc).

    binaryFile prints local paths as ``file:/a/b c.txt`` (not percent-encoded),
    so stripping the scheme is enough; a path outside `base_dir` stays absolute.
    """
    if paths == "uri":
        return uri
    parts = urlsplit(uri)
    if parts.scheme != "file":
        return uri  # hdfs://, s3a://: there is no local path to give
    local = parts.path or uri
    if paths == "local" or base_dir is None:
        return local
    base = base_dir.rstrip("/") or "/"
    if local.startswith(base + "/"):
        return local[len(base) + 1:]
    return local


def _local_base(base_dir: Optional[str]) -> str:
    """The base resolved on the driver: executors run in other directories."""
    base = base_dir if base_dir is not None else os.getcwd()
    if base.startswith("file:"):
        base = urlsplit(base).path
    return posixpath.normpath(os.path.abspath(base))


# --- pass 1: files → records and errors, per partition ---------------------------------

_KEY = "_dup_key"      # the duplicate-doc-number key, JSON-encoded, or null
_STUB = "_dup_stub"    # what DuplicateTracker reads of a record: source, doc_id, doc_number
_PATH, _INDEX = "_path", "_index"


def _pass1_schema() -> "T.StructType":
    record = spark_schema(Record)
    error = spark_schema(ErrorEntry)
    return T.StructType([
        T.StructField("record", record, nullable=True),
        T.StructField("error", error, nullable=True),
        T.StructField(_PATH, T.StringType(), nullable=False),
        T.StructField(_INDEX, T.LongType(), nullable=True),
        T.StructField(_KEY, T.StringType(), nullable=True),
        T.StructField(_STUB, T.StringType(), nullable=True),
    ])


def _file_rows(raw: Optional[bytes], path: str, settings, run_checks: bool) -> list[dict]:
    """One file's rows: a row per record and a row per error (ErrorEntry) —
    the file's, or each document's that broke a stage — as `gongwen extract`
    reports them."""
    from .checks import doc_number_key
    from .pipeline import extract_bytes
    from .text import DecodeError

    def error(entry: ErrorEntry) -> dict:
        return {"record": None, "error": entry.model_dump(mode="json"), _PATH: path, _INDEX: entry.index,
                _KEY: None, _STUB: None}

    if raw is None:
        return [error(ErrorEntry(path=path, stage="read", reason="binaryFile gave no content"))]
    doc_errors: list[ErrorEntry] = []
    try:
        records = extract_bytes(bytes(raw), path, settings, errors=doc_errors)
    except DecodeError as e:
        return [error(ErrorEntry(path=path, stage="decode", reason=str(e)))]
    except Exception as e:  # a bug in a stage must not lose the other files' records
        return [error(ErrorEntry(path=path, stage="extract", reason=f"{type(e).__name__}: {e}"))]
    rows = [error(e.model_copy(update={"path": path})) for e in doc_errors]
    for record in records:
        key = doc_number_key(record) if run_checks else None
        stub = None
        if key is not None:
            stub = record.model_dump_json(include={"source", "doc_id", "doc_number"})
        rows.append({"record": record.model_dump(mode="json"), "error": None, _PATH: path,
                     _INDEX: record.source.index, _KEY: json.dumps(key, ensure_ascii=False) if key else None,
                     _STUB: stub})
    return rows


def _pass1(settings, paths: PathStyle, base_dir: Optional[str], run_checks: bool):
    columns = list(_pass1_schema().fieldNames())

    def run(batches: Iterator["pd.DataFrame"]) -> Iterator["pd.DataFrame"]:
        for batch in batches:
            rows: list[dict] = []
            for uri, raw in zip(batch["path"], batch["content"]):
                rows.extend(_file_rows(raw, source_path(uri, paths, base_dir), settings, run_checks))
            yield pd.DataFrame(rows, columns=columns)

    return run


# --- pass 2: duplicate 发文字号 across the run ------------------------------------------

def _pass2_schema() -> "T.StructType":
    return T.StructType([
        T.StructField(_PATH, T.StringType(), nullable=False),
        T.StructField(_INDEX, T.LongType(), nullable=False),
        T.StructField("run_flags", T.ArrayType(spark_schema(Flag), containsNull=False), nullable=False),
    ])


def _duplicate_flags(group: "pd.DataFrame") -> "pd.DataFrame":
    """One 发文字号 key's holders, in run order, through a DuplicateTracker:
    the flags `pipeline.iter_records` would append to each of them."""
    from .checks import DuplicateTracker

    stubs = sorted((Record.model_validate_json(s) for s in group[_STUB]),
                   key=lambda r: (r.source.path, r.source.index))
    rows = []
    with DuplicateTracker() as tracker:
        for record in stubs:
            flags = tracker.add(record)
            if flags:
                rows.append({_PATH: record.source.path, _INDEX: record.source.index,
                             "run_flags": [f.model_dump(mode="json") for f in flags]})
    return pd.DataFrame(rows, columns=[_PATH, _INDEX, "run_flags"])


def default_settings(segmenter: Optional[str] = None, checks: bool = True):
    """The settings `gongwen extract` runs with: the fastest segmenter installed."""
    from .segment import default_segmenter
    from .pipeline import Settings

    return Settings(segmenter=segmenter or default_segmenter(), checks=checks)


# --- the whole run ----------------------------------------------------------------------

class Extraction(NamedTuple):
    """`records` (Record's columns) and `errors` (ErrorEntry's columns).

    Both read one cached pass over the files; `unpersist()` frees it."""

    records: "DataFrame"
    errors: "DataFrame"
    cached: "DataFrame"

    def unpersist(self) -> None:
        self.cached.unpersist()


def extract_dataframe(files: "DataFrame", settings=None, *, paths: PathStyle = "uri",
                      base_dir: Optional[str] = None, partitions: Optional[int] = None) -> Extraction:
    """Records and errors of a DataFrame with binaryFile's `path` and `content` columns.

    `settings` is a `pipeline.Settings` (shipped to executors by pickling;
    default: `gongwen extract`'s, i.e. rjieba when the driver has it, so the
    executors need it too);
    `paths`/`base_dir` decide `source.path` (module doc); `partitions`
    repartitions the files first (binaryFile packs small files by size, and a
    few slow documents can otherwise leave a core idle).
    """
    require_spark()
    settings = settings or default_settings()
    run_checks = settings.checks
    base = _local_base(base_dir) if paths == "relative" else None
    files = files.select("path", "content")
    if partitions:
        files = files.repartition(partitions)
    from pyspark import StorageLevel

    # records, errors and the duplicate pass all read pass 1: cache it, or
    # every action would extract the files again
    out = files.mapInPandas(_pass1(settings, paths, base, run_checks), _pass1_schema())
    out = out.persist(StorageLevel.MEMORY_AND_DISK)

    errors = out.where(F.col("error").isNotNull()).select("error.*")
    records = out.where(F.col("record").isNotNull())
    if run_checks:
        holders = records.where(F.col(_KEY).isNotNull()).select(_KEY, _STUB)
        run_flags = holders.groupBy(_KEY).applyInPandas(_duplicate_flags, _pass2_schema())
        records = records.join(run_flags, on=[_PATH, _INDEX], how="left")
        # the run-level flag comes after the document's own, as iter_records appends it
        flags = F.when(F.col("run_flags").isNull(), F.col("record.flags")).otherwise(
            F.concat(F.col("record.flags"), F.col("run_flags")))
        records = records.withColumn("record", F.col("record").withField("flags", flags))
    records = records.select("record.*")
    return Extraction(records=records, errors=errors, cached=out)


def with_signed_year(records: "DataFrame") -> "DataFrame":
    """Add `signed_year` (int, from signed_date.value; null when unknown) to partition by."""
    return records.withColumn("signed_year", F.substring(F.col("signed_date.value"), 1, 4).cast("int"))


def read_files(spark: "SparkSession", location: str, glob: str = "*.txt") -> "DataFrame":
    """binaryFile over a folder (recursively) or a glob, keeping names that match `glob`."""
    require_spark()
    return (spark.read.format("binaryFile")
            .option("pathGlobFilter", glob)
            .option("recursiveFileLookup", "true")
            .load(location))


def session(master: Optional[str] = None, app_name: str = "gongwen", conf: Optional[dict[str, str]] = None) -> "SparkSession":
    """A SparkSession; a local master gets small-machine defaults (no UI, 2 GiB
    driver, few shuffle partitions). Without `master`, spark-submit's settings rule."""
    require_spark()
    builder = SparkSession.builder.appName(app_name)
    settings: dict[str, str] = {}
    if master:
        builder = builder.master(master)
        if master.startswith("local"):
            settings = {"spark.ui.enabled": "false", "spark.ui.showConsoleProgress": "false",
                        "spark.driver.memory": "2g", "spark.sql.shuffle.partitions": "4"}
    settings.update(conf or {})
    for key, value in settings.items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def record_dicts(records: "DataFrame") -> list[dict]:
    """Collect records as JSON-ready dicts in (path, index) order, with the
    same keys and nulls as `Record.model_dump(mode="json")` (small runs, tests)."""
    rows = records.orderBy("source.path", "source.index").collect()
    return [row.asDict(recursive=True) for row in rows]

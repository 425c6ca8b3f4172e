"""Records into relational databases: SQLite by default, PostgreSQL for deployments.

The relational schema is generated from the pydantic models in `models.py`
(the single source of truth) and committed as `schemas/sqlite.sql` and
`schemas/postgres.sql`; a test fails when the committed DDL drifts from what
`ddl()` generates (regenerate with `gongwen db ddl --write`).

Tables: `documents` holds one row per document (its scalar fields flattened,
`source_*`, `doc_id`, the full record as JSON in `record`); one child table
per list (issuers, addressees, cc, doc_references, dates, periods, deadlines,
commended, criticised, penalties, flags, items), keyed by (doc_id, ord), each
row keeping its span as `span_*` (the value itself) and/or `evidence_*` (the
sentence that says so). Nested models flatten to `<field>_<subfield>`.

Writes are upserts by `doc_id`, and a document *slot* — (source_path,
source_index) — holds one document: when an edited file gives a slot a new
doc_id, the old row goes. Writes are batched; each batch is one transaction,
so an interrupted load leaves only whole documents.

    with open_store("records.db", batch_size=500) as store:
        for record in records:
            store.write(record)
"""
from __future__ import annotations

import hashlib
import json
import operator
import sqlite3
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Literal, Optional, Union
from urllib.parse import urlsplit, urlunsplit

from pydantic import BaseModel, ValidationError

from .models import SCHEMA_VERSION, Record, Span

Dialect = Literal["sqlite", "postgres"]
DIALECTS: tuple[Dialect, ...] = ("sqlite", "postgres")
META_TABLE = "gongwen_meta"
DEFAULT_URL = "records.db"
MIGRATE_HINT = "gongwen db migrate --db {url}"


class StoreError(Exception):
    """A database problem the user can fix; the message says how."""


class SchemaVersionError(StoreError):
    """The database was made by another version of the tool."""


# --------------------------------------------------------------------------
# Schema: generated from the models
# --------------------------------------------------------------------------

# Names SQL reserves (GROUP) renamed so that hand-written queries need no quotes.
_RENAMES = {"group": "group_name"}
_SPAN_FIELDS = ("text", "start", "end", "line")

_SQL_TYPES: dict[str, dict[Dialect, str]] = {
    "text": {"sqlite": "TEXT", "postgres": "TEXT"},
    "int": {"sqlite": "INTEGER", "postgres": "INTEGER"},
    "real": {"sqlite": "REAL", "postgres": "DOUBLE PRECISION"},
    "json": {"sqlite": "TEXT", "postgres": "JSONB"},
}


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text | int | real | json
    nullable: bool
    path: tuple = ()  # where the value sits in the record (or list item) dict
    derive: Optional[Callable[[dict], Any]] = None  # computed instead of read by path

    def value(self, obj: dict) -> Any:
        return self.getter(obj)

    @property
    def getter(self) -> Callable[[dict], Any]:
        """A function reading this column from a dict, compiled once (loads call it millions of times)."""
        try:
            return _GETTERS[self]
        except KeyError:
            _GETTERS[self] = get = _compile_getter(self)
            return get


_GETTERS: dict[Column, Callable[[dict], Any]] = {}


def _compile_getter(col: Column) -> Callable[[dict], Any]:
    if col.derive is not None:
        return col.derive
    path = col.path
    if len(path) == 1 and col.kind != "json":
        return operator.itemgetter(path[0]) if not col.nullable else (lambda o, k=path[0]: o.get(k))
    if len(path) == 2 and col.kind != "json" and all(isinstance(p, str) for p in path):
        a, b = path
        return lambda o: (o.get(a) or _EMPTY).get(b)

    def walk(obj: dict) -> Any:
        v: Any = obj
        for p in path:
            if v is None:
                return None
            if isinstance(p, int):
                v = v[p] if len(v) > p else None
            else:
                v = v.get(p)
        if col.kind == "json" and v is not None:
            return _dumps(v)
        return v
    return walk


_EMPTY: dict = {}


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    unique: tuple[tuple[str, ...], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    record_field: Optional[str] = None  # the Record list that feeds a child table
    doc: str = ""

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _unwrap(annotation: Any) -> tuple[Any, bool]:
    """Optional[X] -> (X, True); X -> (X, False)."""
    origin = typing.get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _kind(annotation: Any) -> str:
    if annotation is int:
        return "int"
    if annotation is float:
        return "real"
    if annotation is bool:
        return "int"
    if annotation is str or typing.get_origin(annotation) is Literal:
        return "text"
    raise TypeError(f"no SQL column type for {annotation!r}")


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _columns_of(model: type[BaseModel], path: tuple = (), prefix: str = "",
                nullable: bool = False, skip: tuple[str, ...] = ()) -> list[Column]:
    """Flatten a model into columns.

    Nested models become `<field>_<subfield>`; a list of spans keeps its first
    span as columns and all of them as JSON; other lists and dicts are JSON.
    A model that is itself a span (text, start, end, line at its top level)
    names those `span_*` (END is reserved in SQL).
    """
    fields = model.model_fields
    own_span = not prefix and all(f in fields for f in _SPAN_FIELDS)
    cols: list[Column] = []
    for name, info in fields.items():
        if name in skip:
            continue
        ann, optional = _unwrap(info.annotation)
        null = nullable or optional
        col = _RENAMES.get(name, name)
        if own_span and name in _SPAN_FIELDS:
            col = "span_" + name
        col = prefix + col
        origin = typing.get_origin(ann)
        if _is_model(ann):
            cols += _columns_of(ann, path + (name,), col + "_", null)
        elif origin is list:
            (inner,) = typing.get_args(ann)
            if _is_model(inner) and issubclass(inner, Span):
                cols += _columns_of(inner, path + (name, 0), col + "_", True)
            cols.append(Column(col, "json", null, path + (name,)))
        elif origin is dict:
            cols.append(Column(col, "json", null, path + (name,)))
        else:
            cols.append(Column(col, _kind(ann), null, path + (name,)))
    return cols


# Record lists stored as child tables: table name, Record field, and for lists
# of plain names where their spans come from (a Record list of spans, or an
# `evidence` key whose line holds the names).
_CHILD_TABLES: tuple[tuple[str, str], ...] = (
    ("issuers", "issuers"),
    ("addressees", "addressees"),
    ("cc", "cc"),
    ("doc_references", "references"),  # REFERENCES is reserved in SQL
    ("dates", "dates"),
    ("periods", "periods"),
    ("deadlines", "deadlines"),
    ("commended", "commended"),
    ("criticised", "criticised"),
    ("penalties", "penalties"),
    ("flags", "flags"),
    ("items", "items"),
)
_NAME_SPANS = {
    "issuers": ("list", "issuer_spans"),
    "addressees": ("list", "addressee_spans"),
    "cc": ("evidence", "cc"),
}
_CHILD_INDEXES: dict[str, tuple[tuple[str, ...], ...]] = {
    "issuers": (("name",),),
    "addressees": (("name",),),
    "cc": (("name",),),
    "doc_references": (("code", "year", "serial"),),
    "commended": (("unit",),),
    "criticised": (("unit",),),
    "penalties": (("unit",), ("measure",)),
    "flags": (("code",),),
}


def _signed_year(record: dict) -> Optional[int]:
    value = (record.get("signed_date") or {}).get("value")
    return int(value[:4]) if value and value[:4].isdigit() else None


def _record_field_type(name: str) -> Any:
    return _unwrap(Record.model_fields[name].annotation)[0]


def _build_tables() -> tuple[Table, ...]:
    child_fields = tuple(f for _, f in _CHILD_TABLES)
    consumed = child_fields + tuple(v for k, v in _NAME_SPANS.values() if k == "list")
    doc_cols = _columns_of(Record, skip=consumed)
    doc_cols += [
        Column("signed_year", "int", True, derive=_signed_year),
        Column("record", "json", False, derive=lambda r: r["__json__"]),
        Column("record_hash", "text", False, derive=lambda r: r["__hash__"]),
    ]
    by_name = {c.name: c for c in doc_cols}
    doc_cols.remove(by_name["doc_id"])
    doc_cols.insert(0, Column("doc_id", "text", False, ("doc_id",)))
    tables = [Table(
        "documents", tuple(doc_cols), ("doc_id",),
        unique=(("source_path", "source_index"),),
        indexes=(("doc_number_text",), ("doc_number_code", "doc_number_year", "doc_number_serial"),
                 ("signed_year",), ("doc_type",), ("source_path",)),
        doc="one row per document",
    )]
    key = [Column("doc_id", "text", False), Column("ord", "int", False)]
    for table, fname in _CHILD_TABLES:
        item = typing.get_args(_record_field_type(fname))[0]
        if item is str:
            cols = [Column("name", "text", False, ("name",))]
            cols += [Column("span_" + f, "text" if f == "text" else "int", True, ("span", f))
                     for f in _SPAN_FIELDS]
        else:
            cols = _columns_of(item)
        tables.append(Table(table, tuple(key + cols), ("doc_id", "ord"),
                            indexes=_CHILD_INDEXES.get(table, ()), record_field=fname,
                            doc=f"Record.{fname}, one row per entry"))
    for t in tables:
        names = t.column_names
        assert len(names) == len(set(names)), f"duplicate column in {t.name}"
    return tuple(tables)


TABLES: tuple[Table, ...] = _build_tables()
TABLES_BY_NAME = {t.name: t for t in TABLES}
# column readers per table (child tables: after doc_id, ord)
_READERS = {t.name: [c.getter for c in (t.columns if t.name == "documents" else t.columns[2:])]
            for t in TABLES}


def ddl_statements(dialect: Dialect) -> list[str]:
    """CREATE statements for the current schema, meta table and version stamp included."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}; use one of {', '.join(DIALECTS)}")
    out = [f"CREATE TABLE {META_TABLE} (\n    key TEXT PRIMARY KEY,\n    value TEXT NOT NULL\n)"]
    for t in TABLES:
        lines = [f"    {c.name} {_SQL_TYPES[c.kind][dialect]}{'' if c.nullable else ' NOT NULL'}"
                 for c in t.columns]
        lines.append(f"    PRIMARY KEY ({', '.join(t.primary_key)})")
        lines += [f"    UNIQUE ({', '.join(u)})" for u in t.unique]
        if t.name != "documents":
            lines.append("    FOREIGN KEY (doc_id) REFERENCES documents (doc_id) ON DELETE CASCADE")
        out.append(f"-- {t.doc}\nCREATE TABLE {t.name} (\n" + ",\n".join(lines) + "\n)")
        for ix in t.indexes:
            # named after the first column: PostgreSQL cuts names at 63 bytes
            out.append(f"CREATE INDEX ix_{t.name}_{ix[0]}{'_etc' if len(ix) > 1 else ''} "
                       f"ON {t.name} ({', '.join(ix)})")
    out.append(f"INSERT INTO {META_TABLE} (key, value) VALUES ('schema_version', '{SCHEMA_VERSION}')")
    return out


def ddl(dialect: Dialect) -> str:
    """The DDL file for a dialect, as committed in schemas/<dialect>.sql."""
    head = (f"-- gongwen relational schema, version {SCHEMA_VERSION}, for {dialect}.\n"
            "-- Generated by extractor/db.py from extractor/models.py: do not edit;\n"
            "-- regenerate with `gongwen db ddl --write`.\n")
    return head + "\n" + "".join(s + ";\n\n" for s in ddl_statements(dialect)).rstrip("\n") + "\n"


def schema_path(dialect: Dialect, root: Path | None = None) -> Path:
    root = root or Path(__file__).resolve().parent.parent
    return root / "schemas" / f"{dialect}.sql"


# --------------------------------------------------------------------------
# Rows: a record dict -> rows per table
# --------------------------------------------------------------------------

def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _locate(name: str, spans: list[dict], used: set[int]) -> Optional[dict]:
    """The span of a plain name: its own span, else its place inside a longer one."""
    for i, s in enumerate(spans):
        if i not in used and s["text"] == name:
            used.add(i)
            return s
    for s in spans:
        k = s["text"].find(name)
        if k >= 0:
            return {"text": name, "start": s["start"] + k, "end": s["start"] + k + len(name),
                    "line": s["line"] + s["text"].count("\n", 0, k)}
    return None


def _prepare(record: Record | dict) -> dict:
    """The record as a JSON-ready dict carrying its canonical JSON and that JSON's hash."""
    if isinstance(record, Record):
        rec = record.model_dump(mode="json")
    else:
        rec = Record.model_validate(record).model_dump(mode="json")
    text = _dumps(rec)
    rec["__json__"] = text
    rec["__hash__"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return rec


def record_rows(record: Record | dict) -> dict[str, list[tuple]]:
    """The rows one record becomes, by table name."""
    rec = record if isinstance(record, dict) and "__hash__" in record else _prepare(record)
    rows: dict[str, list[tuple]] = {"documents": [tuple([g(rec) for g in _READERS["documents"]])]}
    doc_id = rec["doc_id"]
    for t in TABLES[1:]:
        entries = rec[t.record_field]
        if t.name in _NAME_SPANS:
            how, key = _NAME_SPANS[t.name]
            if how == "list":
                spans = rec.get(key) or []
            else:
                spans = [rec["evidence"][key]] if key in (rec.get("evidence") or {}) else []
            used: set[int] = set()
            entries = [{"name": n, "span": _locate(n, spans, used)} for n in entries]
        getters = _READERS[t.name]
        rows[t.name] = [(doc_id, i, *[g(e) for g in getters]) for i, e in enumerate(entries)]
    return rows


# --------------------------------------------------------------------------
# Connections
# --------------------------------------------------------------------------

def parse_url(url: str) -> tuple[Dialect, str]:
    """`sqlite:///path.db`, a bare path (SQLite) or `postgresql://…` -> (dialect, target)."""
    if "://" not in url:
        return "sqlite", url
    scheme = url.split("://", 1)[0].lower()
    if scheme == "sqlite":
        path = url[len("sqlite://"):]
        if path in ("", "/", "/:memory:"):
            return "sqlite", ":memory:"
        return "sqlite", path[1:] if path.startswith("/") else path
    if scheme in ("postgresql", "postgres") or scheme.startswith("postgresql+"):
        return "postgres", "postgresql://" + url.split("://", 1)[1]
    raise StoreError(f"unsupported database URL {display_url(url)!r}: "
                     "use sqlite:///path.db, a plain path such as records.db, or postgresql://user@host/db")


def display_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    if "://" not in url:
        return url
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
        return urlunsplit(parts._replace(netloc=netloc))
    return url


class _Conn:
    """The few operations the store needs, per dialect."""

    dialect: Dialect
    ph: str

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]: ...
    def insert(self, table: Table, rows: list[tuple]) -> None: ...
    def begin(self) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def close(self) -> None: ...
    def has_table(self, name: str) -> bool: ...


class _SqliteConn(_Conn):
    dialect: Dialect = "sqlite"
    ph = "?"

    def __init__(self, path: str):
        if path != ":memory:":
            parent = Path(path).parent
            if not parent.exists():
                raise StoreError(f"cannot create SQLite database {path}: directory {parent} does not exist")
        try:
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=60)
            self.conn.execute("PRAGMA journal_mode=WAL")
        except sqlite3.DatabaseError as e:
            raise StoreError(f"cannot open SQLite database {path}: {e}") from e
        self.conn.execute("PRAGMA synchronous=NORMAL")
        self.conn.execute("PRAGMA foreign_keys=ON")

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        return self.conn.execute(sql, params).fetchall()

    def insert(self, table: Table, rows: list[tuple]) -> None:
        if rows:
            marks = ", ".join("?" * len(table.columns))
            self.conn.executemany(
                f"INSERT INTO {table.name} ({', '.join(table.column_names)}) VALUES ({marks})", rows)

    def begin(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.conn.close()

    def has_table(self, name: str) -> bool:
        return bool(self.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,)))


class _PostgresConn(_Conn):
    dialect: Dialect = "postgres"
    ph = "%s"

    def __init__(self, url: str):
        try:
            import psycopg
        except ImportError as e:  # pragma: no cover - psycopg is a declared extra
            raise StoreError("PostgreSQL needs psycopg 3: pip install 'gongwen-extractor[postgres]'") from e
        try:
            self.conn = psycopg.connect(url)
        except psycopg.OperationalError as e:
            raise StoreError(f"cannot connect to {display_url(url)}: {str(e).strip()}") from e

    def execute(self, sql: str, params: tuple = ()) -> list[tuple]:
        cur = self.conn.execute(sql, params)
        return cur.fetchall() if cur.description else []

    def insert(self, table: Table, rows: list[tuple]) -> None:
        # COPY: the fastest way in; JSONB columns take the JSON text as is.
        if rows:
            with self.conn.cursor() as cur:
                with cur.copy(f"COPY {table.name} ({', '.join(table.column_names)}) FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)

    def begin(self) -> None:
        pass  # psycopg opens a transaction with the first statement

    def commit(self) -> None:
        self.conn.commit()

    def rollback(self) -> None:
        self.conn.rollback()

    def close(self) -> None:
        self.conn.close()

    def has_table(self, name: str) -> bool:
        return self.execute("SELECT to_regclass(%s)", (name,))[0][0] is not None


def connect(url: str) -> _Conn:
    dialect, target = parse_url(url)
    return _SqliteConn(target) if dialect == "sqlite" else _PostgresConn(target)


# --------------------------------------------------------------------------
# Schema version and migrations
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class Migration:
    """One step: brings a database from `version - 1` to `version`."""

    version: int
    description: str
    apply: Callable[[_Conn], None]


def _create_tables(conn: _Conn) -> None:
    # the first statement makes the meta table, which migrate() has made; the last stamps the version
    for stmt in ddl_statements(conn.dialect)[1:-1]:
        conn.execute(stmt)


# Ordered; the last step's version is the record SCHEMA_VERSION (a test checks).
# When the models change: bump SCHEMA_VERSION, add a step with the ALTER/UPDATE
# statements, and freeze step 1 to the version-1 DDL (schemas/*.sql at v1).
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "create the tables (documents, child tables, indexes)", _create_tables),
)


def db_version(conn: _Conn) -> Optional[int]:
    """The schema version stamped in the database; None for an empty database, 0 for unstamped tables."""
    if not conn.has_table(META_TABLE):
        return 0 if conn.has_table("documents") else None
    rows = conn.execute(f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'")
    conn.rollback()
    return int(rows[0][0]) if rows else 0


def _set_version(conn: _Conn, version: int) -> None:
    conn.execute(f"DELETE FROM {META_TABLE} WHERE key = 'schema_version'")
    conn.execute(f"INSERT INTO {META_TABLE} (key, value) VALUES ('schema_version', {conn.ph})",
                 (str(version),))


def migrate(url: str) -> list[Migration]:
    """Bring the database at `url` to the current schema; returns the steps applied."""
    conn = connect(url)
    try:
        current = db_version(conn) or 0
        if current > SCHEMA_VERSION:
            raise SchemaVersionError(_newer_message(url, current))
        steps = [m for m in MIGRATIONS if m.version > current]
        if not steps:
            return []
        conn.begin()
        try:
            if not conn.has_table(META_TABLE):
                conn.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            for step in steps:
                step.apply(conn)
            _set_version(conn, steps[-1].version)
            conn.commit()
        except BaseException:
            conn.rollback()
            raise
        return steps
    finally:
        conn.close()


def _newer_message(url: str, version: int) -> str:
    return (f"database {display_url(url)} has schema version {version}, newer than this gongwen "
            f"(schema version {SCHEMA_VERSION}); upgrade gongwen to use it")


def check_version(conn: _Conn, url: str) -> None:
    version = db_version(conn)
    if version == SCHEMA_VERSION:
        return
    if version is not None and version > SCHEMA_VERSION:
        raise SchemaVersionError(_newer_message(url, version))
    raise SchemaVersionError(
        f"database {display_url(url)} has schema version {version or 0}, this gongwen needs "
        f"{SCHEMA_VERSION}; upgrade it with:\n    {MIGRATE_HINT.format(url=display_url(url))}")


# --------------------------------------------------------------------------
# The store
# --------------------------------------------------------------------------

@dataclass
class WriteStats:
    inserted: int = 0   # doc_ids new to the database
    replaced: int = 0   # documents whose rows were rewritten (changed record, or a slot's new text)
    unchanged: int = 0  # identical records already stored
    removed: int = 0    # stale documents dropped from a slot that now holds another doc_id

    @property
    def written(self) -> int:
        return self.inserted + self.replaced


@dataclass
class _Pending:
    doc_id: str
    slot: tuple[str, int]
    digest: str
    record: dict  # prepared (see _prepare); rows are built only if the document must be written


class Store:
    """Upserts records into a database, `batch_size` documents per transaction.

    Use through `open_store()`; leaving the `with` block normally commits the
    last batch, leaving it by an exception discards the uncommitted one.
    """

    def __init__(self, conn: _Conn, url: str, batch_size: int = 500):
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.conn = conn
        self.url = url
        self.batch_size = batch_size
        self.stats = WriteStats()
        self._pending: dict[str, _Pending] = {}
        self._retire: dict[str, int] = {}
        self._slots: dict[tuple[str, int], str] = {}  # pending doc_id by slot

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.flush()
            else:
                self._pending.clear()
                self._slots.clear()
                self._retire.clear()
                self.conn.rollback()
        finally:
            self.conn.close()

    def write(self, record: Record | dict) -> None:
        """Queue one record; the batch commits when it is full."""
        rec = _prepare(record)
        doc_id = rec["doc_id"]
        slot = (rec["source"]["path"], rec["source"]["index"])
        # the same slot, or the same doc_id, twice in one batch: the later wins
        earlier = self._slots.pop(slot, None)
        if earlier is not None:
            self._pending.pop(earlier, None)
        previous = self._pending.pop(doc_id, None)
        if previous is not None:
            self._slots.pop(previous.slot, None)
        self._pending[doc_id] = _Pending(doc_id, slot, rec["__hash__"], rec)
        self._slots[slot] = doc_id
        if len(self._pending) >= self.batch_size:
            self.flush()

    def retire_from(self, path: str, count: int) -> None:
        """The file `path` now holds `count` documents: drop stored ones at index >= count.

        Call it after writing a file's records, so a file that lost documents
        does not keep them in the database; applied with the current batch.
        """
        self._retire[path] = count

    def seen(self, doc_id: str, path: str, index: int) -> bool:
        """Whether this document is stored (or queued) at this slot: for resuming a run."""
        p = self._pending.get(doc_id)
        if p is not None and p.slot == (path, index):
            return True
        ph = self.conn.ph
        rows = self.conn.execute(
            f"SELECT 1 FROM documents WHERE doc_id = {ph} AND source_path = {ph} AND source_index = {ph}",
            (doc_id, path, index))
        self.conn.rollback()
        return bool(rows)

    def flush(self) -> None:
        """Write the queued documents in one transaction."""
        if not self._pending and not self._retire:
            return
        batch = list(self._pending.values())
        retire = self._retire
        self._pending.clear()
        self._slots.clear()
        self._retire = {}
        conn = self.conn
        conn.begin()
        try:
            existing = self._existing(batch)
            by_id = {e[0]: e for e in existing}
            by_slot = {(e[1], e[2]): e for e in existing}
            delete: set[str] = set()
            write: list[_Pending] = []
            in_batch = {p.doc_id for p in batch}
            for p in batch:
                old = by_id.get(p.doc_id)
                if old is not None and old[3] == p.digest:
                    self.stats.unchanged += 1
                    continue
                occupant = by_slot.get(p.slot)
                if occupant is not None and occupant[0] != p.doc_id:
                    delete.add(occupant[0])
                    self.stats.removed += occupant[0] not in in_batch
                if old is not None:
                    delete.add(old[0])
                    self.stats.replaced += 1
                elif occupant is not None:
                    self.stats.replaced += 1
                else:
                    self.stats.inserted += 1
                write.append(p)
            ph = conn.ph
            for path, count in retire.items():
                for (doc_id,) in conn.execute(
                        f"SELECT doc_id FROM documents WHERE source_path = {ph} AND source_index >= {ph}",
                        (path, count)):
                    if doc_id not in delete:
                        delete.add(doc_id)
                        self.stats.removed += 1
            if delete:
                self._delete(sorted(delete))
            rows = [record_rows(p.record) for p in write]
            for t in TABLES:
                conn.insert(t, [r for doc in rows for r in doc[t.name]])
            conn.commit()
        except BaseException:
            conn.rollback()
            raise

    def _existing(self, batch: list[_Pending]) -> list[tuple]:
        """(doc_id, source_path, source_index, record_hash) of stored rows sharing a doc_id or slot."""
        cols = "doc_id, source_path, source_index, record_hash"
        if self.conn.dialect == "postgres":
            return self.conn.execute(
                f"SELECT {cols} FROM documents WHERE doc_id = ANY(%s) OR (source_path, source_index) IN "
                "(SELECT * FROM unnest(%s::text[], %s::int[]))",
                ([p.doc_id for p in batch], [p.slot[0] for p in batch], [p.slot[1] for p in batch]))
        out: dict[str, tuple] = {}
        for p in batch:
            for row in self.conn.execute(
                    f"SELECT {cols} FROM documents WHERE doc_id = ? OR (source_path = ? AND source_index = ?)",
                    (p.doc_id, p.slot[0], p.slot[1])):
                out[row[0]] = row
        return list(out.values())

    def _delete(self, doc_ids: list[str]) -> None:
        # children first and explicitly: SQLite cascades only with PRAGMA foreign_keys on
        for t in reversed(TABLES):
            if self.conn.dialect == "postgres":
                self.conn.execute(f"DELETE FROM {t.name} WHERE doc_id = ANY(%s)", (doc_ids,))
            else:
                for i in range(0, len(doc_ids), 500):
                    chunk = doc_ids[i:i + 500]
                    self.conn.execute(
                        f"DELETE FROM {t.name} WHERE doc_id IN ({', '.join('?' * len(chunk))})", tuple(chunk))


def open_store(url: str = DEFAULT_URL, batch_size: int = 500, create: bool = True) -> Store:
    """A `Store` on `url`; an empty database gets the tables (unless `create` is False).

    Raises SchemaVersionError, naming the migrate command, when the database
    was made by an older tool.
    """
    conn = connect(url)
    try:
        if db_version(conn) is None and create:
            conn.close()
            migrate(url)
            conn = connect(url)
        check_version(conn, url)
    except BaseException:
        conn.close()
        raise
    return Store(conn, url, batch_size)


# --------------------------------------------------------------------------
# Loading JSONL
# --------------------------------------------------------------------------

@dataclass
class LineError:
    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class LoadReport:
    records: int = 0
    errors: list[LineError] = field(default_factory=list)
    skipped_error_entries: int = 0


def _reason(e: ValidationError) -> str:
    errs = e.errors(include_url=False)
    first = errs[0]
    if first["type"] == "json_invalid":
        return f"invalid JSON: {first['msg'].removeprefix('Invalid JSON: ')}"
    loc = ".".join(str(p) for p in first["loc"]) or "record"
    more = f" (and {len(errs) - 1} more)" if len(errs) > 1 else ""
    return f"not a valid record: {loc}: {first['msg']}{more}"


def read_jsonl(lines: Iterable[str], name: str) -> Iterator[Record | LineError | None]:
    """Records from JSONL lines; a bad line yields a LineError, an extract error entry None."""
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield Record.model_validate_json(line)
        except ValidationError as e:
            try:
                obj = json.loads(line)
            except ValueError:
                obj = None
            if isinstance(obj, dict) and "doc_id" not in obj and {"stage", "reason"} <= obj.keys():
                yield None  # an ErrorEntry that `extract` wrote alongside the records
                continue
            yield LineError(name, n, _reason(e))


def load_jsonl(store: Store, lines: Iterable[str], name: str,
               on_error: Callable[[LineError], None] = lambda e: None) -> LoadReport:
    """Write every good record of a JSONL stream; report the bad lines and go on."""
    report = LoadReport()
    for item in read_jsonl(lines, name):
        if item is None:
            report.skipped_error_entries += 1
        elif isinstance(item, LineError):
            report.errors.append(item)
            on_error(item)
        else:
            store.write(item)
            report.records += 1
    return report


def table_counts(url: str) -> dict[str, int]:
    """Rows per table: for `gongwen db info` and tests."""
    conn = connect(url)
    try:
        check_version(conn, url)
        out = {t.name: conn.execute(f"SELECT COUNT(*) FROM {t.name}")[0][0] for t in TABLES}
        conn.rollback()
        return out
    finally:
        conn.close()

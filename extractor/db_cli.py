"""`gongwen load` and `gongwen db …`: thin commands over extractor.db."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import db

db_option = click.option(
    "--db", "db_url", envvar="GONGWEN_DB", default=db.DEFAULT_URL, show_default=True,
    help="Database: a path or sqlite:///path.db (SQLite, created if missing), "
         "or postgresql://user@host/dbname. Env: GONGWEN_DB.")
batch_size_option = click.option(
    "--batch-size", type=click.IntRange(min=1), default=500, show_default=True,
    help="Documents per transaction; an interrupted load keeps the committed batches.")


def _fail(e: Exception) -> click.ClickException:
    return click.ClickException(str(e))


@click.command()
@click.argument("records", nargs=-1, required=True, type=click.Path(dir_okay=False, allow_dash=True))
@db_option
@batch_size_option
@click.option("-q", "--quiet", is_flag=True, help="Report bad lines only, not the summary.")
def load(records: tuple[str, ...], db_url: str, batch_size: int, quiet: bool) -> None:
    """Load JSONL records (from `gongwen extract`) into a database.

    Upserts by doc_id: loading the same records again adds nothing, a changed
    document replaces its rows, and a file position (path, index) whose
    document changed drops the old one. A bad line is reported on stderr as
    FILE:LINE: reason and skipped; the exit status is then 1.

    \b
    Example:
        gongwen extract corpus/seeds -o records.jsonl
        gongwen load records.jsonl --db records.db
        gongwen load records.jsonl --db postgresql://me@localhost/gongwen
    """
    def report(err: db.LineError) -> None:
        click.echo(str(err), err=True)

    errors = 0
    loaded = 0
    try:
        with db.open_store(db_url, batch_size=batch_size) as store:
            for name in records:
                if name == "-":
                    errs = db.load_jsonl(store, sys.stdin, "<stdin>", report)
                else:
                    try:
                        with open(name, encoding="utf-8", errors="strict") as f:
                            errs = db.load_jsonl(store, f, name, report)
                    except UnicodeDecodeError as e:
                        raise db.StoreError(f"{name}: not UTF-8 ({e.reason} at byte {e.start}); "
                                            "records are written as UTF-8 JSONL") from e
                    except OSError as e:
                        raise db.StoreError(f"cannot read {name}: {e.strerror}") from e
                errors += len(errs.errors)
                loaded += errs.records
            stats = store.stats
            store.flush()
    except db.StoreError as e:
        raise _fail(e) from e
    if not quiet:
        click.echo(f"{loaded} records into {db.display_url(db_url)}: {stats.inserted} new, "
                   f"{stats.replaced} replaced, {stats.unchanged} unchanged, "
                   f"{stats.removed} stale removed", err=True)
    if errors:
        click.echo(f"{errors} bad line(s) skipped", err=True)
        sys.exit(1)


@click.group("db")
def db_group() -> None:
    """Manage the database that `load` and `extract --db` write.

    \b
    Example:
        gongwen db migrate --db records.db
        gongwen db info --db records.db
    """


@db_group.command()
@db_option
def migrate(db_url: str) -> None:
    """Create the tables, or upgrade an older database to this version's schema.

    \b
    Example:
        gongwen db migrate --db postgresql://me@localhost/gongwen
    """
    try:
        steps = db.migrate(db_url)
    except db.StoreError as e:
        raise _fail(e) from e
    for step in steps:
        click.echo(f"applied {step.version}: {step.description}", err=True)
    click.echo(f"{db.display_url(db_url)} is at schema version {db.SCHEMA_VERSION}", err=True)


@db_group.command()
@db_option
def info(db_url: str) -> None:
    """Print the schema version and the rows in each table.

    \b
    Example:
        gongwen db info --db records.db
    """
    try:
        counts = db.table_counts(db_url)
    except db.StoreError as e:
        raise _fail(e) from e
    click.echo(f"schema_version\t{db.SCHEMA_VERSION}")
    for table, n in counts.items():
        click.echo(f"{table}\t{n}")


@db_group.command()
@click.option("--dialect", type=click.Choice(db.DIALECTS), default="sqlite", show_default=True)
@click.option("--write", is_flag=True, help="Write schemas/sqlite.sql and schemas/postgres.sql instead.")
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help="Project folder holding schemas/ (with --write).")
def ddl(dialect: str, write: bool, root: Path) -> None:
    """Print the SQL DDL generated from the record models.

    \b
    Example:
        gongwen db ddl --dialect postgres | psql mydb
        gongwen db ddl --write
    """
    if not write:
        click.echo(db.ddl(dialect), nl=False)  # type: ignore[arg-type]
        return
    for d in db.DIALECTS:
        target = db.schema_path(d, root)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(db.ddl(d), encoding="utf-8")
        click.echo(f"wrote {target}", err=True)

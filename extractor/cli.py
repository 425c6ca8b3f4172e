"""The `gongwen` command: a thin layer over the library.

All work happens in the library modules; commands only parse options, call
them, and print. Data goes to stdout or the named file, progress and errors
to stderr.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from . import __version__


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gongwen")
def cli() -> None:
    """Turn Chinese official documents (公文) into validated JSON records.

    \b
    Example:
        gongwen extract corpus/seeds -o records.jsonl
        gongwen check corpus/seeds
    """


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write the JSON Schema here (default: schemas/record.schema.json).")
def schema(output: Path | None) -> None:
    """Write the record's JSON Schema, generated from the pydantic models.

    \b
    Example:
        gongwen schema -o schemas/record.schema.json
    """
    from .schema import schema_json

    target = output or Path("schemas/record.schema.json")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(schema_json(), encoding="utf-8")
    click.echo(f"wrote {target}", err=True)


def _register() -> None:
    # Each command lives in the module that does its work; one line each here.
    from .commands import extract
    cli.add_command(extract)
    # COMMANDS: other modules add their commands below this line.
    from .check_cli import check; cli.add_command(check)  # noqa: E702
    from .report import report; cli.add_command(report)  # noqa: E702
    from .spark_cli import spark_extract; cli.add_command(spark_extract)  # noqa: E702
    from .db_cli import db_group, load
    cli.add_command(load)
    cli.add_command(db_group)


def main() -> None:
    _register()
    cli(prog_name="gongwen")


if __name__ == "__main__":
    main()
    sys.exit(0)

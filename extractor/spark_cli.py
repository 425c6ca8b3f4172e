"""`gongwen spark-extract`: the extract pipeline on Apache Spark.

A thin layer over `extractor.spark`. It also runs as a spark-submit
application (`spark-submit … extractor/spark_cli.py INPUT OUTPUT`), which is
why it imports the package by its absolute name.
"""
from __future__ import annotations

import sys
import time

import click


@click.command("spark-extract")
@click.argument("input_glob")
@click.argument("output_dir")
@click.option("--format", "fmt", type=click.Choice(["parquet", "jsonl"]), default="parquet", show_default=True,
              help="Parquet partitioned by signed_year, or JSON lines sorted by (path, index).")
@click.option("--master", default=None,
              help="Spark master URL, e.g. local[2] (default: spark-submit's, else Spark's own default).")
@click.option("--glob", "glob", default="*.txt", show_default=True,
              help="Which file names to take (folders are read recursively).")
@click.option("--paths", "path_style", type=click.Choice(["relative", "local", "uri"]), default="relative",
              show_default=True,
              help="source.path: relative to --base-dir (as `gongwen extract` prints it), a local "
                   "absolute path, or Spark's URI (file:/…, hdfs://…).")
@click.option("--base-dir", default=None, help="Base for --paths relative (default: the current directory).")
@click.option("--partitions", type=int, default=None,
              help="Repartition the files first (default: as binaryFile packs them).")
@click.option("--segmenter", type=click.Choice(["jieba", "rjieba", "pkuseg"]), default=None,
              help="Segmenter for the cue sentences that attribution reads [default: rjieba when installed, "
                   "else jieba, as for `gongwen extract`]. Executors need it installed too.")
@click.option("--no-checks", is_flag=True, help="Skip the consistency checks (flags).")
@click.option("--overwrite", is_flag=True, help="Replace OUTPUT_DIR if it exists.")
@click.option("--conf", "confs", multiple=True, metavar="KEY=VALUE", help="Extra Spark settings (repeatable).")
@click.option("-q", "--quiet", is_flag=True, help="No summary on stderr.")
def spark_extract(input_glob, output_dir, fmt, master, glob, path_style, base_dir, partitions, segmenter, no_checks,
                  overwrite, confs, quiet):
    """Extract records from INPUT_GLOB with Spark and write them to OUTPUT_DIR.

    INPUT_GLOB is a folder, a file glob or a URI Spark can read (hdfs://,
    s3a://). Records go to OUTPUT_DIR (Parquet partitioned by signed_year, or
    JSONL); files that fail go to OUTPUT_DIR/_errors in the same format. The
    records equal `gongwen extract`'s, duplicate-发文字号 flags included.

    \b
    Examples:
        gongwen spark-extract corpus/seeds out/ --master 'local[2]'
        gongwen spark-extract 'archive/**/*.txt' out/ --format jsonl --master 'local[2]'
        spark-submit --master yarn extractor/spark_cli.py hdfs:///archive hdfs:///records
    """
    from extractor import spark as gspark

    try:
        gspark.require_spark()
    except gspark.MissingSpark as e:
        raise click.ClickException(str(e)) from None
    conf = {}
    for item in confs:
        key, sep, value = item.partition("=")
        if not sep:
            raise click.BadParameter(f"{item!r}: expected KEY=VALUE", param_hint="--conf")
        conf[key] = value

    from pyspark.sql import SparkSession

    owned = SparkSession.getActiveSession() is None  # a caller's session (tests, notebooks) stays up
    started = time.perf_counter()
    spark = gspark.session(master, app_name="gongwen spark-extract", conf=conf)
    try:
        settings = gspark.default_settings(segmenter, checks=not no_checks)
        files = gspark.read_files(spark, input_glob, glob)
        result = gspark.extract_dataframe(files, settings, paths=path_style, base_dir=base_dir,
                                          partitions=partitions)
        mode = "overwrite" if overwrite else "errorifexists"
        records = gspark.with_signed_year(result.records)
        if fmt == "parquet":
            records.write.mode(mode).partitionBy("signed_year").parquet(output_dir)
            # written after the records: an overwrite of OUTPUT_DIR would remove it
            result.errors.write.mode("overwrite").parquet(output_dir.rstrip("/") + "/_errors")
        else:
            # sorted so the part files, read in name order, are `gongwen extract`'s lines
            (records.drop("signed_year").orderBy("source.path", "source.index")
             .write.mode(mode).option("ignoreNullFields", "false").json(output_dir))
            (result.errors.orderBy("path").write.mode("overwrite").option("ignoreNullFields", "false")
             .json(output_dir.rstrip("/") + "/_errors"))
        if not quiet:
            # both counts read the cached pass over the files, not the output
            n_docs = result.cached.where("record IS NOT NULL").count()
            n_errors = result.cached.where("error IS NOT NULL").count()
            click.echo(f"gongwen: {n_docs} documents, {n_errors} errors, {time.perf_counter() - started:.2f} s "
                       f"-> {output_dir}", err=True)
        result.unpersist()
    except Exception as e:
        if type(e).__name__ == "AnalysisException" and "PATH_ALREADY_EXISTS" in str(e):
            raise click.ClickException(f"{output_dir} exists: pass --overwrite to replace it") from None
        if type(e).__name__ == "AnalysisException" and "PATH_NOT_FOUND" in str(e):
            raise click.ClickException(f"no input at {input_glob}") from None
        raise
    finally:
        if owned:
            spark.stop()


def main() -> None:
    spark_extract(prog_name="gongwen spark-extract")


if __name__ == "__main__":
    main()
    sys.exit(0)

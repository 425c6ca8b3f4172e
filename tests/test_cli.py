"""The command line: inputs, error paths, stdin, schema export, help."""
import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

from conftest import ROOT, SEEDS
from extractor.cli import _register, cli

_register()


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def test_bad_inputs_are_reported_and_the_rest_processed(tmp_path):
    good = tmp_path / "good.txt"
    good.write_text((SEEDS / "000_ec94791e602876d6.txt").read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 16)
    out = tmp_path / "out.jsonl"
    res = run("extract", str(tmp_path), str(tmp_path / "missing.txt"), "-o", str(out))
    assert res.exit_code == 1
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(l)["source"]["path"].endswith("good.txt") for l in lines)
    assert "empty.txt: decode: empty file" in res.stderr
    assert "binary.txt: decode: binary file" in res.stderr
    assert "missing.txt: read: no such file or directory" in res.stderr


def test_strict_stops_at_the_first_failure(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_text("关于做好工作的通知\n各单位：\n现通知如下。\n2024年1月1日\n", encoding="utf-8")
    res = run("extract", "--strict", str(tmp_path))
    assert res.exit_code == 1 and res.stdout == ""


def test_stdin_and_relative_paths(tmp_path, monkeypatch):
    text = "关于做好工作的通知\n各单位：\n现通知如下。\n2024年1月1日\n"
    res = run("extract", "-", input=text.encode("gb18030"))
    rec = json.loads(res.stdout)
    assert res.exit_code == 0 and rec["source"]["path"] == "<stdin>" and rec["source"]["encoding"] == "gb18030"
    monkeypatch.chdir(ROOT)
    res = run("extract", "corpus/seeds/003_04961e7cac1c9639.txt")
    assert json.loads(res.stdout.splitlines()[0])["source"]["path"] == "corpus/seeds/003_04961e7cac1c9639.txt"


def test_glob_selects_files(tmp_path):
    (tmp_path / "a.htm").write_text("<p>关于做好工作的通知</p><p>各单位：</p><p>现通知如下。</p><p>2024年1月1日</p>", encoding="utf-8")
    (tmp_path / "b.txt").write_text("不是这个", encoding="utf-8")
    res = run("extract", str(tmp_path), "--glob", "*.htm")
    [rec] = [json.loads(l) for l in res.stdout.splitlines()]
    assert rec["title"] == "关于做好工作的通知" and rec["signed_date"]["value"] == "2024-01-01"


def test_committed_schema_matches_the_models():
    from extractor.schema import schema_json

    committed = (ROOT / "schemas" / "record.schema.json").read_text(encoding="utf-8")
    assert committed == schema_json(), "schemas/record.schema.json is stale: run `gongwen schema`"


def test_schema_command_writes_the_file(tmp_path):
    target = tmp_path / "s.json"
    res = run("schema", "-o", str(target))
    assert res.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["title"] == "GongwenRecord"


def _commands(group, prefix=()):
    for name, cmd in group.commands.items():
        yield prefix + (name,)
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))


@pytest.mark.parametrize("path", list(_commands(cli)), ids=" ".join)
def test_every_command_has_help_with_an_example(path):
    res = run(*path, "--help")
    assert res.exit_code == 0 and "Usage:" in res.output


def test_python_dash_m_runs_the_cli():
    res = subprocess.run([sys.executable, "-m", "extractor", "--help"], capture_output=True, text=True, cwd=ROOT)
    assert res.returncode == 0 and "extract" in res.stdout

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "corpus" / "seeds"
SHARED = ROOT.parent / "shared"


def walk_spans(obj):
    """Every dict in a record that is a span (text, start, end)."""
    if isinstance(obj, dict):
        if isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int) and isinstance(obj.get("text"), str):
            yield obj
        for v in obj.values():
            yield from walk_spans(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from walk_spans(v)


def assert_spans_exact(record, file_text: str):
    """Every span of a record (a dict or a Record) indexes the file's text;
    returns how many were checked."""
    assert isinstance(file_text, str), "call as assert_spans_exact(record, file_text)"
    if hasattr(record, "model_dump"):
        record = record.model_dump(mode="json")
    assert isinstance(record, dict), type(record)
    n = 0
    for span in walk_spans(record):
        assert file_text[span["start"]:span["end"]] == span["text"], span
        n += 1
    return n


@pytest.fixture(scope="session")
def seed_records():
    from extractor.pipeline import extract_bytes

    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        out[path.name] = [json.loads(r.model_dump_json()) for r in extract_bytes(path.read_bytes(), str(path))]
    return out

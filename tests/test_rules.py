"""Every rule of every rule file: its examples, and a hostile line.

A rule without examples fails: examples are the rule's specification.
"""
import time

import pytest

from extractor import rules


def _all_rules():
    for name in rules.all_rule_files():
        rf = rules.load(name)
        for rule in rf.rules.values():
            if rule.regex is not None:
                yield pytest.param(name, rule, id=f"{name}:{rule.id}")


@pytest.mark.parametrize("name,rule", list(_all_rules()))
def test_rule_examples(name, rule):
    ex = rule.spec.examples
    assert ex.match, f"rules/{name}.yaml rule {rule.id} has no match examples"
    for s in ex.match:
        assert rule.regex.search(s), f"{rule.id} should match {s!r}"
    for s in ex.no_match:
        assert not rule.regex.search(s), f"{rule.id} should not match {s!r}"
    for expected in ex.groups:
        text = expected["text"]
        m = rule.regex.search(text)
        assert m, f"{rule.id} should match {text!r}"
        for k, v in expected.items():
            if k != "text":
                assert m.group(k) == v, f"{rule.id} on {text!r}: group {k} is {m.group(k)!r}, expected {v!r}"


HOSTILE = [
    "1" * 10000,
    ("2024年12月" * 1000)[:10000],
    "〔" * 5000 + "2024" * 1000,
    ("二〇〇七年十二月" * 800)[:10000],
    ("津交安办[" * 2000)[:10000],
    ("、公司" * 3400)[:10000],
]


@pytest.mark.parametrize("name,rule", list(_all_rules()))
def test_rule_survives_hostile_line(name, rule):
    start = time.perf_counter()
    for line in HOSTILE:
        for _ in rule.regex.finditer(line):
            pass
    # generous bound: catastrophic backtracking takes minutes, not tenths
    assert time.perf_counter() - start < 2.0, f"{rule.id} is slow on hostile input"


def test_fragments_all_expand():
    frags = rules.global_fragments()
    for name, pattern in frags.items():
        rules.compile_pattern(pattern, frags, where=f"fragments:{name}")


def test_unknown_fragment_is_a_clear_error():
    with pytest.raises(ValueError, match="unknown fragment"):
        rules.compile_pattern("{NOPE}", {}, where="x")

"""Load, validate and compile the rule files in rules/.

A rule file is YAML:

    fragments:            # optional, file-local named pieces
      SERIAL: '\\d++'
    rules:
      - id: doc_number.bracketed
        pattern: '(?P<code>{ORG_CODE}){LBRACKET}(?P<year>{YEAR}){RBRACKET}...'
        examples:
          match: ['津交安办[2024]5号']          # each must match (search)
          no_match: ['国务院第 549 号令']        # none may match
          groups: [{text: '...', code: '津交安办'}]   # optional: named groups of the first match
    vocab:                # optional: named word lists or maps
      measures: {罚款: [罚款, 处以罚款]}

`{NAME}` expands a fragment from rules/fragments.yaml or the file's own
`fragments`; fragments may use other fragments, and a fragment written
'@name' is the alternation of the word list rules/name.txt. Patterns compile once with
`regex`, MULTILINE so ^ and $ are line boundaries (possessive quantifiers
guard against backtracking blow-ups).
Plain word lists live in rules/*.txt, one item a line, `#` comments.
"""
from __future__ import annotations

import functools
import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Optional

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field

_FRAGMENT = regex.compile(r"\{([A-Z][A-Z0-9_]*)\}")


class Examples(BaseModel):
    model_config = ConfigDict(extra="forbid")
    match: list[str] = []
    no_match: list[str] = []
    groups: list[dict[str, Any]] = []


class RuleSpec(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: str
    pattern: Optional[str] = None
    description: Optional[str] = None
    examples: Examples = Field(default_factory=Examples)


class RuleFileSpec(BaseModel):
    model_config = ConfigDict(extra="forbid")
    description: Optional[str] = None
    fragments: dict[str, str] = {}
    rules: list[RuleSpec] = []
    vocab: dict[str, Any] = {}


class Rule:
    __slots__ = ("id", "spec", "regex")

    def __init__(self, spec: RuleSpec, compiled: Optional[regex.Pattern]):
        self.id, self.spec, self.regex = spec.id, spec, compiled

    def __getattr__(self, name: str) -> Any:  # extra keys of the spec (severity, measure …)
        extra = self.spec.model_extra or {}
        if name in extra:
            return extra[name]
        raise AttributeError(name)


class RuleFile:
    def __init__(self, name: str, spec: RuleFileSpec, fragments: dict[str, str]):
        self.name, self.spec, self.fragments = name, spec, fragments
        self.rules: dict[str, Rule] = {}
        for r in spec.rules:
            if r.id in self.rules:
                raise ValueError(f"rules/{name}: duplicate rule id {r.id}")
            compiled = compile_pattern(r.pattern, fragments, where=f"rules/{name}:{r.id}") if r.pattern else None
            self.rules[r.id] = Rule(r, compiled)
        self.vocab = spec.vocab

    def __getitem__(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def pattern(self, rule_id: str) -> regex.Pattern:
        return self.rules[rule_id].regex


# libyaml's parser when PyYAML was built with it (its wheels are): the rule
# files are loaded at every start, and the pure-Python parser took 0.3 s of it
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _read_yaml(text: str):
    return yaml.load(text, Loader=_Loader)


def rules_dir() -> Path | Traversable:
    """rules/ of a source checkout, else the copy installed with the package.

    Installed, it is an importlib.resources Traversable: a folder, or a folder
    inside a zip when Spark ships the wheel with --py-files. Only `/`,
    `read_text` and `iterdir` are used on it, which both kinds have.
    """
    env = os.environ.get("GONGWEN_RULES")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent.parent / "rules"
    if (here / "fragments.yaml").exists():
        return here
    return resources.files("extractor._rules")


def expand(pattern: str, fragments: dict[str, str], where: str = "", _depth: int = 0) -> str:
    if _depth > 20:
        raise ValueError(f"{where}: fragments nest too deep (a cycle?)")

    def sub(m: regex.Match) -> str:
        name = m.group(1)
        if name not in fragments:
            raise ValueError(f"{where}: unknown fragment {{{name}}}")
        value = fragments[name]
        if value.startswith("@"):  # '@org_suffixes' → alternation of rules/org_suffixes.txt
            return "(?:" + alternation(word_list(value[1:])) + ")"
        return "(?:" + expand(value, fragments, where, _depth + 1) + ")"

    return _FRAGMENT.sub(sub, pattern)


def compile_pattern(pattern: str, fragments: dict[str, str], where: str = "") -> regex.Pattern:
    try:
        return regex.compile(expand(pattern, fragments, where), regex.V0 | regex.MULTILINE)
    except regex.error as e:
        raise ValueError(f"{where}: pattern does not compile: {e}") from None


@functools.lru_cache(maxsize=None)
def global_fragments() -> dict[str, str]:
    data = _read_yaml((rules_dir() / "fragments.yaml").read_text(encoding="utf-8")) or {}
    return dict(data.get("fragments", {}))


@functools.lru_cache(maxsize=None)
def load(name: str) -> RuleFile:
    """rules/<name>.yaml, validated and compiled (cached: compile once per process)."""
    path = rules_dir() / f"{name}.yaml"
    data = _read_yaml(path.read_text(encoding="utf-8")) or {}
    try:
        spec = RuleFileSpec.model_validate(data)
    except Exception as e:
        raise ValueError(f"{path}: {e}") from None
    fragments = {**global_fragments(), **spec.fragments}
    return RuleFile(name, spec, fragments)


@functools.lru_cache(maxsize=None)
def word_list(name: str) -> tuple[str, ...]:
    """rules/<name>.txt: one item a line; blank lines and # comments skipped."""
    path = rules_dir() / f"{name}.txt"
    items = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            items.append(line)
    return tuple(items)


def alternation(words: tuple[str, ...] | list[str]) -> str:
    """A regex alternation, longest first so 分公司 wins over 公司."""
    return "|".join(regex.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def all_rule_files() -> list[str]:
    return sorted(p.name[:-5] for p in rules_dir().iterdir() if p.name.endswith(".yaml") and p.name != "fragments.yaml")

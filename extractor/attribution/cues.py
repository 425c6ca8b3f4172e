"""The rules this stage reads (rules/cues.yaml, penalties.yaml, t2s.txt, the
organisation suffixes) and the prefilters built from them: one union pattern
of every cue, measure and anaphor (_any_cue, _union_starts), the words that any
match of a rule must hold (_needs, _presence_scans) and the lines that hold
them (_lines_holding), so that a rule runs only where it can match."""
from __future__ import annotations

import bisect
import functools
import re
from typing import TYPE_CHECKING, Iterator

import regex

try:   # the parser behind re.compile: reads a pattern's structure (_needs)
    import re._constants as _sre
    import re._parser as _sre_parse
except ImportError:   # another Python: no prefilter, every rule scans
    _sre_parse = _sre = None

from .. import rules

if TYPE_CHECKING:   # annotations only: document imports this module
    from .document import _Doc


# ---------------------------------------------------------------- rules

@functools.lru_cache(maxsize=None)
def _cues():
    return rules.load("cues")


@functools.lru_cache(maxsize=None)
def _pen():
    return rules.load("penalties")


@functools.lru_cache(maxsize=None)
def _t2s() -> dict[int, str]:
    """OpenCC's unambiguous pairs (rules/t2s_opencc.txt, generated), then the
    hand-checked ones of rules/t2s.txt over them."""
    pairs = rules.word_list("t2s_opencc") + rules.word_list("t2s")
    return {ord(p[0]): p[1] for p in pairs if len(p) == 2}


@functools.lru_cache(maxsize=None)
def _traditional() -> re.Pattern:
    """Any character of the table (re, not regex: a plain character class
    scans about 8x faster than frozenset.isdisjoint and 40x faster than regex)."""
    return re.compile("[" + "".join(re.escape(chr(k)) for k in sorted(_t2s())) + "]")


def _to_simplified(text: str) -> str:
    """text.translate(_t2s()), skipped when no character of the table occurs:
    translate looks every character up in the dict, and most documents are
    in Simplified already."""
    if _traditional().search(text) is None:
        return text
    return text.translate(_t2s())


@functools.lru_cache(maxsize=None)
def _party_words() -> tuple[str, ...]:
    """What party.line's named branch opens with (its PARTY_LABEL fragment)."""
    return tuple(_cues().fragments["PARTY_LABEL"].split("|"))


def _has_suffix(s: str) -> bool:
    """The text (never a line break: every caller passes a part of one line)
    ends with an organisation suffix."""
    return s.endswith(rules.word_list("org_suffixes"))


@functools.lru_cache(maxsize=None)
def _union_rules() -> tuple:
    """Every cue, measure and anaphor rule, in the order _any_cue joins them."""
    rs = [r for r in _cues().rules.values() if r.id.startswith(("cue.praise", "cue.criticism", "cue.order", "anaphor."))]
    rs += [r for r in _pen().rules.values() if r.id.startswith("measure.")]
    return tuple(rs)


@functools.lru_cache(maxsize=None)
def _any_cue() -> regex.Pattern:
    """One pattern for every cue, measure and anaphor: the first, cheap pass."""
    return regex.compile("|".join(f"(?:{r.regex.pattern})" for r in _union_rules()))


def _union_starts(t: str, found: list[list]) -> list[int] | None:
    """Where _any_cue().finditer(t) matches, worked out from each joined rule's
    own finditer (found, in the union's order), which the cue and penalty
    loops read anyway: one scan per rule instead of those plus the union's,
    which tries every alternative at every character.

    From q (the end of the last union match), the union matches at the
    leftmost place p where a rule matches, with the first rule in order that
    matches there.  A rule's leftmost match at or after q is its next match
    in `found`, unless one of its matches runs across q: then it may match
    anew inside that one, and is searched from q.  None (use the union) when
    a rule has an empty match, where finditer steps differently."""
    rules = _union_rules()
    events = sorted((m.start(), k, m.end()) for k, ms in enumerate(found) for m in ms)
    if any(a == b for a, _k, b in events):
        return None
    starts: list[int] = []
    across: dict[int, int] = {}   # rule → end of its last match that starts before q
    q = i = 0
    while True:
        while i < len(events) and events[i][0] < q:
            across[events[i][1]] = events[i][2]
            i += 1
        best = events[i][:2] + (events[i][2],) if i < len(events) else None
        for k, end in list(across.items()):
            if end <= q:
                del across[k]
                continue
            m = rules[k].regex.search(t, q)
            if m is not None and (best is None or (m.start(), k) < best[:2]):
                best = (m.start(), k, m.end())
        if best is None:
            return starts
        starts.append(best[0])
        q = best[2]


@functools.lru_cache(maxsize=None)
def _any_cue_complete() -> bool:
    """True when a text without an _any_cue match has no match of any cue,
    measure or anaphor rule either.  Where one rule matches, the union
    matches at that position (its alternative is the same pattern) unless an
    earlier union match covers it; so an empty union scan means no rule
    matches, provided each pattern means the same inside the union: no ^ or $
    (the union is compiled without MULTILINE), no inline flags, no numbered
    back-references (their numbers shift in the union)."""
    parts = [r.regex.pattern for r in _union_rules()]
    return not any("$" in p or "^" in p.replace("[^", "") or not _composable(p) for p in parts)


def _composable(p: str) -> bool:
    """The pattern means the same inside a bigger one: no inline flags and no
    numbered back-references (their numbers shift)."""
    return not ("(?" in regex.sub(r"\(\?(?:[:=!>]|<[=!]|P<)", "", p) or regex.search(r"\\[1-9]", p))


@functools.lru_cache(maxsize=None)
def _any_line_rule(rids: tuple[str, ...]) -> regex.Pattern | None:
    """A pattern that matches a line where one of these cue rules matches
    (a lookahead for each: one call per line instead of one per rule), or
    None when the rules cannot be joined that way."""
    pats = [_cues().pattern(r) for r in rids]
    if len({p.flags for p in pats}) != 1 or not all(_composable(p.pattern) for p in pats):
        return None
    return regex.compile("|".join(f"(?={p.pattern})" for p in pats), pats[0].flags)


# what regex reads and re would misread: a POSIX class, a fuzzy count
_REGEX_ONLY = regex.compile(r"\[:[a-z]+:\]|\{[a-z]")
_GROUP_NAME = regex.compile(r"(?<!\\)\(\?P<\w+>")
# a Unicode property (\p{Han}), which re cannot parse: a class all the same,
# which gives no word, so any other class stands in for it (inside [] too)
_PROPERTY = regex.compile(r"(?<!\\)\\[pP](?:\{[^}]*\}|[A-Za-z])")


@functools.lru_cache(maxsize=None)
def _needs(pattern: regex.Pattern) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` holds (通报批评|予以通报(?!…)
    → 通报批评, 予以通报), or None when that cannot be read off it.  A text
    that holds none of them has no match, so `in` tests can skip a scan.

    Read from the pattern's parse by re (the V0 syntax of regex is re's),
    keeping only what both read alike: literals, groups without flags,
    alternations, repeats of at least one, classes of plain characters.
    A Unicode property is read as \\w: a class, like any other.  Patterns re
    cannot parse (a back-reference by name), with POSIX classes or fuzzy
    counts (which re would read as characters), or with case-insensitive
    flags get None."""
    p = pattern.pattern
    if (_sre_parse is None or pattern.flags & (regex.IGNORECASE | regex.VERBOSE)
            or _REGEX_ONLY.search(p)):
        return None
    try:   # group names do not matter here, and re refuses one used twice
        parsed = _sre_parse.parse(_PROPERTY.sub(r"\\w", _GROUP_NAME.sub("(?:", p)))
    except Exception:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    words = _words_of(list(parsed))
    if not words or "" in words or any("\n" in w for w in words):
        return None
    # a word holding another is implied by it
    return tuple(sorted(w for w in words if not any(v != w and v in w for v in words)))


@functools.lru_cache(maxsize=None)
def _presence_scans() -> tuple[tuple[str, ...], tuple[tuple[re.Pattern, dict[str, tuple[str, ...]]], ...], frozenset]:
    """The _needs words of the rules _Doc.can_match is asked about, to be
    looked for once per document: (single characters, tested by `in`;
    scans; every word either covers).  A scan is one re alternation, longest
    first, of words no two of which overlap (a suffix of one is a prefix of
    the other), with {word: the words of the scan inside it}.  Its findall
    then finds every word that occurs: where a word w occurs, either a match
    starts there (the longest word matching there, which holds w), or w lies
    inside a match that started before, or w would run past a match's end
    while starting inside it, which no two words of one scan allow."""
    cues, pen = _cues(), _pen()
    pats = [r.regex for r in _union_rules()]
    pats += [cues.pattern(r) for r in ("count.target", "list.follows", "cue.conditional", "doc.praise_purpose",
                                        "list.praise_subheading", "list.inline_heading")]
    pats += [pen.pattern(r) for r in ("basis", "lifting", "duty")]
    words = sorted({w for p in pats for w in (_needs(p) or ())}, key=lambda w: (-len(w), w))

    def overlap(f: str, w: str) -> bool:
        return any(f[-k:] == w[:k] for k in range(1, min(len(f), len(w))))

    single = tuple(w for w in words if len(w) == 1)
    groups: list[list[str]] = []
    for w in words:
        if len(w) == 1:
            continue
        for g in groups:
            if not any(overlap(f, w) or overlap(w, f) for f in g):
                g.append(w)   # words come longest first: so does each group
                break
        else:
            groups.append([w])
    scans = tuple((re.compile("|".join(map(re.escape, g))), {f: tuple(w for w in g if w in f) for f in g})
                  for g in groups)
    return single, scans, frozenset(words)


def _words_of(items: list) -> set[str] | None:
    """_needs of a parsed sequence: the best of the sets its parts give (a
    run of parts with few exact forms gives their concatenations: 评定为 and
    评为 from (?:评定|评)为; a group, repeat or alternation the union of its
    branches'), longest shortest word first, then fewest words."""
    sets: list[set[str]] = []
    run: set[str] | None = None
    for op, av in items + [(None, None)]:
        forms = _forms(op, av)
        if forms is not None and len(forms) > _MAX_FORMS:   # a wide class: one set of its own
            if run is not None:
                sets.append(run)
            sets.append(forms)
            run = None
            continue
        if forms is not None:
            joined = {a + b for a in run for b in forms} if run is not None else forms
            if len(joined) > _MAX_FORMS and run is not None:   # too many words: the run so far is one set
                sets.append(run)
                joined = forms
            run = joined
            continue
        if run is not None:
            sets.append(run)
            run = None
        got = None
        if op is _sre.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            got = None if add_flags or del_flags else _words_of(list(sub))
        elif op is _sre.ATOMIC_GROUP:
            got = _words_of(list(av))
        elif op is _sre.BRANCH:
            alts = [_words_of(list(a)) for a in av[1]]
            got = None if any(a is None for a in alts) else set().union(*alts)
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT):
            low, _high, sub = av
            got = _words_of(list(sub)) if low >= 1 else None
        if got:
            sets.append(got)
    sets = [ws for ws in sets if "" not in ws]
    if not sets:
        return None
    return max(sets, key=lambda ws: (min(map(len, ws)), -len(ws)))


_MAX_FORMS = 12


def _forms(op, av) -> set[str] | None:
    """Every string a parsed item matches, when they are few (a literal, a
    class of plain characters, a group or alternation of such), else None."""
    if op is _sre.LITERAL:
        return {chr(av)}
    if op is _sre.IN:
        return {chr(a) for _o, a in av} if all(o is _sre.LITERAL for o, _a in av) else None
    if op is _sre.SUBPATTERN:
        _group, add_flags, del_flags, sub = av
        return None if add_flags or del_flags else _seq_forms(list(sub))
    if op is _sre.ATOMIC_GROUP:
        return _seq_forms(list(av))
    if op is _sre.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            forms = _seq_forms(list(alt))
            if forms is None:
                return None
            out |= forms
        return out if len(out) <= _MAX_FORMS else None
    return None


def _seq_forms(items: list) -> set[str] | None:
    out = {""}
    for op, av in items:
        forms = _forms(op, av)
        if forms is None:
            return None
        out = {a + b for a in out for b in forms}
        if len(out) > _MAX_FORMS:
            return None
    return out



def _lines_holding(d: _Doc, rids: tuple[str, ...]) -> list[int]:
    """Indices of the lines where one of these cue rules may match (on the
    line alone): those holding a word of _needs of each; every line when a
    rule has none."""
    words = _line_words(rids)
    if words is None:
        return list(range(len(d.lines)))
    return [bisect.bisect_right(d.line_starts, a) - 1 for a, _b in _word_lines(d.text, words)]


def _word_lines(text: str, words: re.Pattern, pos: int = 0) -> Iterator[tuple[int, int]]:
    """(start, end) of each line from `pos` on that holds one of `words`."""
    # a word has no line break (_needs): it lies in one line, and once a
    # line holds one, the rest of it need not be read
    m = words.search(text, pos)
    while m is not None:
        b = text.find("\n", m.end())
        b = len(text) if b < 0 else b
        yield text.rfind("\n", 0, m.start()) + 1, b
        m = words.search(text, b + 1)


@functools.lru_cache(maxsize=None)
def _line_words(rids: tuple[str, ...]) -> re.Pattern | None:
    """One alternation of the _needs words of these cue rules (None when a rule has none)."""
    words = set()
    for rid in rids:
        needs = _needs(_cues().pattern(rid))
        if needs is None:
            return None
        words.update(needs)
    return re.compile("|".join(map(re.escape, sorted(words, key=lambda w: (-len(w), w)))))

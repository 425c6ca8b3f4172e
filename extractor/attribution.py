"""Attribution: who is praised, who is criticised, who is penalised.

    attribute(body, settings) -> Attribution(commended, criticised, penalties)

`body` is one document's cleaned text; every position returned is an index
into it.  The work, per document:

1. A matching view: pinyin noise of mirror copies removed (關(guān)于 → 關于)
   and Traditional characters mapped to Simplified (rules/t2s.txt), with an
   offset map back to `body`, so names are always copied from `body` as
   written (noise included).
2. Paragraphs (a line that does not end a sentence runs on into the next)
   and sentences (。！？；).
3. One compiled pattern of every cue, measure and anaphor finds the
   sentences that matter; only those, their neighbours and the paragraph
   an anaphor points into go through segmentation + spaCy NER.
4. Unit mentions in order: ORG entities, items of A、B、C等单位 (刘台村城上村
   is two villages), subjects of a 如：list, unit lines of lists and
   numbered headings.
5. Each cue or measure is aimed: at the units after the last 对/责令/给予
   before it, else the clause's subject, else a list it announces (如下,
   红榜名单, 15个单位 with a list of 15), else (penalties only) its section's
   heading unit or the 当事人 of a decision.  以上/上述/该N个单位 take the
   units before them in the paragraph (the last N when counted), 该公司/该院
   the latest unit with that suffix, 你单位 the 当事人.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex

try:   # the parser behind re.compile: reads a pattern's structure (_needs)
    import re._parser as _sre_parse
    import re._constants as _sre
except ImportError:   # another Python: no prefilter, every rule scans
    _sre_parse = _sre = None

from . import rules
from .numerals import read_amount, to_int


@dataclass
class UnitHit:
    unit: str
    start: int
    end: int
    evidence_start: int
    evidence_end: int


@dataclass
class PenaltyHit:
    unit: str | None
    unit_start: int | None
    unit_end: int | None
    measure: str
    duration: str | None
    amount: float | None
    basis: str | None
    evidence_start: int
    evidence_end: int


@dataclass
class Attribution:
    commended: list[UnitHit] = field(default_factory=list)
    criticised: list[UnitHit] = field(default_factory=list)
    penalties: list[PenaltyHit] = field(default_factory=list)


@dataclass(frozen=True)
class AttributionSettings:
    segmenter: str = "jieba"          # 'jieba' | 'rjieba' | 'pkuseg'
    use_ner: bool = True              # spaCy pipeline; False: segmenter + suffix rule only
    pkuseg_model: str | None = None   # pkuseg 0.0.25 model directory, for segmenter='pkuseg'
    neighbours: int = 1               # sentences either side of a cue sentence sent to NER


# ---------------------------------------------------------------- rules

@functools.lru_cache(maxsize=None)
def _cues():
    return rules.load("cues")


@functools.lru_cache(maxsize=None)
def _pen():
    return rules.load("penalties")


@functools.lru_cache(maxsize=None)
def _t2s() -> dict[int, str]:
    return {ord(p[0]): p[1] for p in rules.word_list("t2s") if len(p) == 2}


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
def _suffix_re() -> regex.Pattern:
    return regex.compile("(?:" + rules.alternation(rules.word_list("org_suffixes")) + ")$")


@functools.lru_cache(maxsize=None)
def _org_suffixes() -> tuple[str, ...]:
    return tuple(sorted(set(rules.word_list("org_suffixes"))))


def _has_suffix(s: str) -> bool:
    """_suffix_re().search(s) (the text ends with an organisation suffix, or
    does before a final line break, where $ matches too) by str.endswith: the
    regex tries its alternation at every character of s."""
    return s.endswith(_org_suffixes()) or (s[-1:] == "\n" and s[:-1].endswith(_org_suffixes()))


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
    parts = [r.regex.pattern for r in _cues().rules.values()
             if r.id.startswith(("cue.praise", "cue.criticism", "cue.order", "anaphor."))]
    parts += [r.regex.pattern for r in _pen().rules.values() if r.id.startswith("measure.")]
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


@functools.lru_cache(maxsize=None)
def _needs(pattern: regex.Pattern) -> tuple[str, ...] | None:
    """Words one of which every match of `pattern` holds (通报批评|予以通报(?!…)
    → 通报批评, 予以通报), or None when that cannot be read off it.  A text
    that holds none of them has no match, so `in` tests can skip a scan.

    Read from the pattern's parse by re (the V0 syntax of regex is re's),
    keeping only what both read alike: literals, groups without flags,
    alternations, repeats of at least one, classes of plain characters.
    Patterns re cannot parse (a Unicode property, a back-reference by name),
    with POSIX classes or fuzzy counts (which re would read as characters),
    or with case-insensitive flags get None."""
    p = pattern.pattern
    if (_sre_parse is None or pattern.flags & (regex.IGNORECASE | regex.VERBOSE)
            or _REGEX_ONLY.search(p)):
        return None
    try:   # group names do not matter here, and re refuses one used twice
        parsed = _sre_parse.parse(_GROUP_NAME.sub("(?:", p))
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
    pats += [cues.pattern(r) for r in ("count.target", "list.follows", "cue.conditional")]
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
    run of literals gives itself; a group, repeat or alternation the union of
    its branches'), longest shortest word first, then fewest words."""
    sets: list[set[str]] = []
    run: list[str] = []
    for op, av in items + [(None, None)]:
        if op is _sre.LITERAL:
            run.append(chr(av))
            continue
        if run:
            sets.append({"".join(run)})
            run = []
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
        elif op is _sre.IN and all(o is _sre.LITERAL for o, _a in av):
            got = {chr(a) for _o, a in av}
        if got:
            sets.append(got)
    if not sets:
        return None
    return max(sets, key=lambda ws: (min(map(len, ws)), -len(ws)))


_NOISE = regex.compile(r"(?<=\p{Han})\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
_QUOTED = re.compile(r"“[^”\n]{0,300}+”|《[^》\n]{0,120}+》|\"[^\"\n]{0,300}+\"")   # re: plain classes, faster
_SENT_END = regex.compile(r"[。！？!?；;]")
_CLAUSE = regex.compile(r"[，,。；;：:！？!?\n]")
_NUMBERING = regex.compile(
    r"^\s*+(?:第[一二三四五六七八九十]{1,3}+[组名]\s*+[:：]|[0-9]{1,3}+\s*+[.、．]?|[一二三四五六七八九十]{1,3}+\s*+[、.．]|[(（][0-9一二三四五六七八九十]{1,3}+[)）])\s*+")
_HEADING_NUM = regex.compile(r"^\s*+[一二三四五六七八九十]{1,3}+[、.．]\s*+")
# The lines _HEADING_NUM matches (at their start) and the lines _PARA_END finds
# in (at their end), found by one scan of the whole text: inside a line \s is
# [^\S\n], and ^ $ are its ends under MULTILINE.
# (re, not regex: about 3x faster on these simple scans; regex's \s is re's
# without \x1c-\x1f, which str.isspace counts as space and Unicode does not)
_HEADING_LINE = re.compile(r"^[^\S\n\x1c-\x1f]*+[一二三四五六七八九十]{1,3}+[、.．]", re.MULTILINE)
_PARA_END_LINE = re.compile(r"[。！？!?：:；;][^\S\n\x1c-\x1f]*+$", re.MULTILINE)
_SENT_END_RE = re.compile(_SENT_END.pattern)   # a class of single characters: the same in re
_COLON = re.compile(r"[:：]")
_PARTY_WORDS = ("当事人", "被处罚单位", "被处罚人", "单位")   # what party.line's named branch opens with
_SOFT_LINE = regex.compile(r"^\s*+$|[(（][0-9一二三四五六七八九十]{1,3}+\s*+[处个家所][)）]\s*+$")
_DATE_LINE = regex.compile(r"^\s*+[0-9〇零一二三四五六七八九○]{4}+\s*+年[^\n]{1,8}日\s*+$")
_PAREN_TAIL = regex.compile(r"[(（][^)）]{1,20}[)）]$")
_UNIT_TEXT = regex.compile(r"^[\p{Han}()（）]{2,45}$")
_CATEGORY_HEAD = regex.compile(r"(?:单位|集体|企业|名单|个人)\s*+[(（][^)）\n]{1,6}[)）]\s*+$")
_SHORT_NAME = regex.compile(r"^\p{Han}{2,12}$")
_LINE_END = regex.compile(r"[。；;]$")
_ADMIN = regex.compile(r"[省市县区州盟旗]")
_HAN_CHAR = regex.compile(r"\p{Han}")
_DE_GENERIC = regex.compile(r"的(?:单位|企业|公司|个人|行为|经营者|商户)")
_CASE_CUT = regex.compile(r"违法|违规|拒报|瞒报|虚报|涉嫌|骗取|非法|擅自|未经|无证")
# compiled once: regex.search(r"…", s) looks its pattern up in a cache on every call
_WS = regex.compile(r"\s+")
_PARA_END = regex.compile(r"[。！？!?：:；;]\s*+$")
_RU = regex.compile(r"如[:：]")
_ALL_HAN = regex.compile(r"\p{Han}+")
_REPEATED = regex.compile(r"(\p{Han}{2,5}?(村|乡|镇|街道))(\p{Han}{2,5}?\2)")
_ANAPHOR_BEFORE = regex.compile(r"(?:以上|上述|该|这)")
_DUI_OPEN = regex.compile(r"对[^，。；,;]*$")
_DE_AFTER = regex.compile(r"[^，。；,;]*?的")


# ---------------------------------------------------------------- view

class View:
    """`text` is `body` without pinyin noise, in Simplified; `body_index(i)`
    is the body index of text[i] (and of the end for i == len(text))."""

    def __init__(self, body: str):
        pieces, pos, removed = [], 0, 0
        # where each removed run was, in view indices, and the characters
        # removed up to and including it: a view index at or after the k-th
        # run is shifted by shift[k] (no list of every character's index)
        self._at: list[int] = []
        self._shift: list[int] = []
        for m in (_NOISE.finditer(body) if "(" in body else ()):   # noise is (pinyin)
            pieces.append(body[pos:m.start()])
            self._at.append(m.start() - removed)
            removed += m.end() - m.start()
            self._shift.append(removed)
            pos = m.end()
        pieces.append(body[pos:])
        self.body = body
        # the kept characters in order: the slices between noise matches
        self.text = _to_simplified("".join(pieces))

    def body_index(self, i: int) -> int:
        if not self._at:
            return i
        k = bisect.bisect_right(self._at, i)
        return i + self._shift[k - 1] if k else i

    def span(self, s: int, e: int) -> tuple[int, int]:
        return self.body_index(s), self.body_index(e) if e < len(self.text) else len(self.body)

    def name(self, s: int, e: int) -> str:
        a, b = self.span(s, e)
        return _WS.sub("", self.body[a:b])


@dataclass
class Mention:
    start: int
    end: int
    key: str          # normalised (view) text, for identity
    group: int        # mentions of one enumeration share a group
    source: str
    name: str | None = None   # the full name when the text shortens it (厦门、泉州、莆田市人民政府 → 厦门市人民政府)


@dataclass
class Sentence:
    start: int
    end: int
    para: int


# ---------------------------------------------------------------- structure

def _paragraphs(text: str, heading_starts: set[int] | None = None) -> list[tuple[int, int]]:
    """Paragraph spans; a line that does not end a sentence runs on.
    heading_starts: where the lines that open with 一、 start, if known."""
    return _paragraphs_and_lines(text, heading_starts)[0]


def _paragraphs_and_lines(text: str, heading_starts: set[int] | None = None) -> tuple[list, list]:
    """_paragraphs and _lines of the text, from one pass over its lines."""
    if heading_starts is None:
        heading_starts = {m.start() for m in _HEADING_LINE.finditer(text)}
    ends = {m.end() for m in _PARA_END_LINE.finditer(text)}   # = the lines _PARA_END.search matches
    out, start, pos = [], 0, 0
    lines = []
    for line in text.split("\n"):
        end = pos + len(line)
        lines.append((pos, end))
        if not line or line.isspace():   # = not line.strip()
            if start < pos:
                out.append((start, pos - 1 if pos > 0 else pos))
            start = end + 1
        elif end in ends or pos in heading_starts and len(line.strip()) < 40:
            out.append((start, end))
            start = end + 1
        pos = end + 1
    if start < len(text):
        out.append((start, len(text)))
    return [(a, b) for a, b in out if text[a:b].strip()], lines


def _sentences(text: str, paras: list[tuple[int, int]]) -> list[Sentence]:
    # every sentence end of the text in one scan (a single character each),
    # then each paragraph takes those inside it
    ends = [m.end() for m in _SENT_END_RE.finditer(text)]
    out = []
    k = 0
    for pi, (a, b) in enumerate(paras):
        s = a
        k = bisect.bisect_left(ends, a + 1, k)   # ends after the paragraph's first character
        while k < len(ends) and ends[k] <= b:
            out.append(Sentence(s, ends[k], pi))
            s = ends[k]
            k += 1
        if text[s:b].strip():
            out.append(Sentence(s, b, pi))
    return out


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _is_unit_name(s: str, loose: bool = False) -> bool:
    s = s.strip()
    if not _UNIT_TEXT.match(s):
        return False
    core = _PAREN_TAIL.sub("", s)
    if core in _cues().vocab["generic_units"]:
        return False
    if _has_suffix(core):
        return True
    return loose and 2 <= len(core) <= 30


def _unit_items(line: str, loose: bool = False) -> list[tuple[int, int]] | None:
    """(start, end) of the unit names a list line holds, or None if it is not one."""
    m = _NUMBERING.match(line)
    off = m.end() if m else 0
    body = _LINE_END.sub("", line[off:].rstrip())
    if not body:
        return None
    parts = body.split("、")
    oks = []
    for part in parts:
        ok = _is_unit_name(part, loose=loose and m is not None)
        if not ok and len(parts) < 3:
            return None
        oks.append(ok)
    if not all(oks):
        # 市自来水公司、市农行、市农信社、市移动公司、市公路管理局。: in a run of three or more
        # names, most carrying an organisation suffix, the others are short names too
        if 2 * sum(1 for p in parts if _is_unit_name(p)) <= len(parts):
            return None
        if not all(ok or _SHORT_NAME.match(p.strip()) for ok, p in zip(oks, parts)):
            return None
    items, pos = [], off
    for part in parts:
        lead = len(part) - len(part.lstrip())
        items.append((pos + lead, pos + lead + len(part.strip())))
        pos += len(part) + 1
    return items


# ---------------------------------------------------------------- the document

class _Doc:
    def __init__(self, body: str, settings: AttributionSettings):
        self.settings = settings
        self.v = View(body)
        t = self.v.text
        self.text = t
        self.heading_starts = {m.start() for m in _HEADING_LINE.finditer(t)}
        self.paras, self.lines = _paragraphs_and_lines(t, self.heading_starts)
        self.sents = _sentences(t, self.paras)
        self.sent_starts = [s.start for s in self.sents]
        self.sent_paras = [s.para for s in self.sents]
        self.line_starts = [a for a, _b in self.lines]
        self._next_full: list[int] | None = None
        self._heading_lines: list[int] | None = None
        self._list_lines: dict[tuple[int, bool], tuple] = {}
        self.quoted = [(m.start(), m.end()) for m in _QUOTED.finditer(t)]
        self.quote_starts = [a for a, _b in self.quoted]
        self.is_tongbao = "通报" in t
        # mentions in the order the aiming reads them: first the ones found
        # before aiming, by (start, rank, seq) — what sorting by start the list
        # made in rank order gives — then the ones aiming adds, in the order added
        self.mentions: list[Mention] = []
        self._keys: list[tuple[int, int, int]] = []   # sort keys of mentions[:len(_keys)]
        self._seq = 0
        self.pending: set[int] = set()   # needed sentences whose mentions are not made yet
        self._group = 0
        self.section_of: list[tuple[int, int, Mention]] = []   # (start, end, unit) of numbered sections
        self.party: Mention | None = None
        self.case_units: list = []
        self._found: dict[str, list] = {}
        self._can: dict[regex.Pattern, bool] = {}
        self._present: set[str] | None = None   # the words of _presence_scans() in the text
        self._has: dict[str, bool] = {}          # other words asked of has()
        self.count_blocks: dict[int, list] = {}
        self.used_blocks: set = set()

    # -- helpers
    def matches(self, rule) -> list:
        """rule.regex.finditer(text), once per document (the first pass and
        the cue and penalty loops read the same rules)."""
        got = self._found.get(rule.id)
        if got is None:
            # most rules find none of their words in most documents
            got = self._found[rule.id] = list(rule.regex.finditer(self.text)) if self.can_match(rule.regex) else []
        return got

    def can_match(self, pattern: regex.Pattern) -> bool:
        """False when the text holds none of the words that every match of
        `pattern` holds (_needs): then no search in any part of it matches
        (a match is a piece of the text, whatever its look-arounds see)."""
        got = self._can.get(pattern)
        if got is None:
            needs = _needs(pattern)
            if needs is None:
                got = True
            elif _presence_scans()[2].issuperset(needs):   # all found by the scans: one set test
                got = not self.present().isdisjoint(needs)
            else:
                got = any(self.has(w) for w in needs)
            self._can[pattern] = got
        return got

    def present(self) -> set[str]:
        """The words of _presence_scans() that the text holds."""
        if self._present is None:
            single, scans, _words = _presence_scans()
            t = self.text
            present = {w for w in single if w in t}
            for pattern, within in scans:
                for f in set(pattern.findall(t)):
                    present.update(within[f])
            self._present = present
        return self._present

    def has(self, word: str) -> bool:
        """word in self.text; the words of _presence_scans() found by a few
        findall scans the first time one is asked (one `in` per word cost
        more: most are absent, and each absent one reads the whole text)."""
        if word in self.present():
            return True
        if word in _presence_scans()[2]:
            return False
        got = self._has.get(word)
        if got is None:
            got = self._has[word] = word in self.text
        return got

    def next_full_line(self, i: int) -> int:
        """Index of the first non-blank line at or after line i (len(lines) if none)."""
        if self._next_full is None:
            t, nxt, k = self.text, [0] * (len(self.lines) + 1), len(self.lines)
            nxt[k] = k
            for j in range(len(self.lines) - 1, -1, -1):
                a, b = self.lines[j]
                if t[a:b].strip():
                    k = j
                nxt[j] = k
            self._next_full = nxt
        return self._next_full[i]

    def heading_lines(self, after: int = 0) -> list[int]:
        """Indices of the lines at or after `after` that open with 一、 (_HEADING_NUM)."""
        if self._heading_lines is None:
            # heading_starts are line starts (^ under MULTILINE): each is one line's
            self._heading_lines = [bisect.bisect_left(self.line_starts, a) for a in sorted(self.heading_starts)]
        first = bisect.bisect_left(self.line_starts, after)
        return self._heading_lines[bisect.bisect_left(self._heading_lines, first):]

    def in_quote(self, s: int, e: int) -> bool:
        # quotes are disjoint and in order: only the last one starting at or
        # before s can hold s..e
        k = bisect.bisect_right(self.quote_starts, s) - 1
        return k >= 0 and e <= self.quoted[k][1]

    def sent_at(self, pos: int) -> Sentence:
        return self.sents[self.sent_index(pos)]

    def sent_index(self, pos: int) -> int:
        """Index of the sentence holding pos, else of the last sentence.

        Sentences are disjoint and in order, so the only one that can hold
        pos is the last one starting at or before it (bisect)."""
        k = bisect.bisect_right(self.sent_starts, pos) - 1
        if k >= 0 and pos < self.sents[k].end:
            return k
        return len(self.sents) - 1

    def mentions_from(self, lo: int, hi: int) -> list[Mention]:
        """The mentions that start in lo..hi (both included), in the order of
        self.mentions: the sorted ones (those found before aiming) are a
        bisect slice, the few aiming added are read one by one."""
        keys = self._keys
        out = self.mentions[bisect.bisect_left(keys, (lo,)):bisect.bisect_left(keys, (hi + 1,))]
        out += [x for x in self.mentions[len(keys):] if lo <= x.start <= hi]
        return out

    def new_mention(self, s: int, e: int, source: str, group: int | None = None) -> Mention:
        if group is None:
            self._group += 1
            group = self._group
        return Mention(s, e, _WS.sub("", self.text[s:e]), group, source)

    def add_mention(self, s: int, e: int, source: str, group: int | None = None, rank: int | None = None) -> Mention:
        """A new mention; `rank` (found before aiming): where it sorts among
        mentions with the same start — RANK_* below, the order in which the
        kinds were found; None (found by aiming): after all others."""
        m = self.new_mention(s, e, source, group)
        if rank is None:
            self.mentions.append(m)
        else:
            self.insert(m, rank)
        return m

    def insert(self, m: Mention, rank: int) -> None:
        self._seq += 1
        key = (m.start, rank, self._seq)
        i = bisect.bisect_right(self._keys, key)
        self._keys.insert(i, key)
        self.mentions.insert(i, m)

    def force(self, lo: int, hi: int) -> None:
        """Make the mentions of the needed sentences that overlap [lo, hi).

        A needed sentence's mentions (its NER, enumerations and shared tails)
        depend on that sentence alone and lie inside it, so they can be made
        when a look-up first reaches the sentence: every reader of
        d.mentions forces the range it reads.  Half the needed sentences are
        only neighbours that nothing reads, and never go through NER."""
        if not self.pending or hi <= lo:
            return
        k = max(0, bisect.bisect_right(self.sent_starts, lo) - 1)
        batch = []
        while k < len(self.sents) and self.sents[k].start < hi:
            if k in self.pending and self.sents[k].end > lo:
                batch.append(k)
            k += 1
        if batch:
            self.pending.difference_update(batch)
            _make_mentions(self, [self.sents[k] for k in batch])

    def new_group(self) -> int:
        self._group += 1
        return self._group


def _tokens(text: str, settings: AttributionSettings):
    from .segment import segment
    return segment(text, settings.segmenter, settings.pkuseg_model)


# where mentions with the same start sort (the order _find_mentions and
# _sections used to append them before sorting by start)
RANK_PARTY, RANK_ENUM, RANK_NER, RANK_ELLIPSIS, RANK_RU, RANK_SECTION = range(6)


def _find_mentions(d: _Doc, needed: list[Sentence]) -> None:
    """ORG mentions and enumerations in the needed sentences (made when first
    read: _Doc.force), then 如 subjects."""
    t = d.text
    cues = _cues()
    d.pending.update(d.sent_index(s.start) for s in needed)

    # 如：A，…。B，… — the subject opening each sentence after 如： names a unit.
    # The first 如： of each paragraph: _RU.search(t, pa, pb) of every
    # paragraph, from one scan (no look-around, no line break inside a match,
    # and paragraphs are whole lines, so a match lies in one paragraph).
    first_ru: dict[int, regex.Match] = {}
    para_starts = [pa for pa, _pb in d.paras]
    for m in _RU.finditer(t):
        pi = bisect.bisect_right(para_starts, m.start()) - 1
        if pi >= 0 and m.end() <= d.paras[pi][1]:
            first_ru.setdefault(pi, m)
    for pi, m in sorted(first_ru.items()):
        for s in d.sents:
            if s.para != pi or s.end <= m.end():
                continue
            a = max(s.start, m.end())
            cm = _CLAUSE.search(t, a, s.end)
            b = cm.start() if cm else s.end
            lead = cues.pattern("lead_in").match(t[a:b])
            a2 = a + (lead.end() if lead else 0)
            name = t[a2:b]
            if 2 <= len(name) <= 12 and _ALL_HAN.fullmatch(name) and "、" not in name:
                d.force(a2, b)
                if not any(m2.start < b and a2 < m2.end for m2 in d.mentions) and _nounish(name, d.settings):
                    d.add_mention(a2, b, "ru_subject", rank=RANK_RU)


def _make_mentions(d: _Doc, batch: list[Sentence]) -> None:
    """The mentions of these needed sentences: ORG entities, items of
    A、B、C等单位 (an entity overlapping one is dropped) and bare places that
    share the last name's tail."""
    t = d.text
    cues = _cues()
    texts = [t[s.start:s.end] for s in batch]
    found: list[list[tuple[int, int, str]]] = []
    if d.settings.use_ner:
        from .ner import org_spans_many   # = the ORG entities of entities_many
        for s, ents in zip(batch, org_spans_many(texts, d.settings.segmenter, d.settings.pkuseg_model)):
            found.append([(s.start + a, s.start + b, comp) for a, b, comp in ents])
    else:
        from .ner import org_spans
        nlp = _bare_nlp(d.settings.segmenter, d.settings.pkuseg_model)
        from spacy.util import filter_spans
        for s, txt in zip(batch, texts):
            found.append([(s.start + sp.start_char, s.start + sp.end_char, "org_suffix")
                          for sp in filter_spans(org_spans(nlp(txt)))])

    for s, ents in zip(batch, found):
        # enumerations: A、B、C等单位 (each item a unit, suffix or not)
        enum_spans: list[tuple[int, int, int]] = []
        for m in cues.pattern("enumeration").finditer(t, s.start, s.end):
            end = m.start("last") + len(m.group("last"))
            # walk back over the clause to its start
            clause_start = max([s.start] + [x.end() for x in _CLAUSE.finditer(t, s.start, m.start())])
            seg = t[clause_start:end]
            lead = cues.pattern("lead_in").match(seg)
            off = clause_start + (lead.end() if lead else 0)
            g = d.new_group()
            pos = off
            for part in t[off:end].split("、"):
                a, b = pos, pos + len(part)
                pos = b + 1
                a = _trim_left(t, a, b, d.settings)
                for x, y in _split_repeated(t, a, b):
                    if y - x >= 2:
                        enum_spans.append((x, y, g))
        made = [(d.new_mention(x, y, "enumeration", g), RANK_ENUM) for x, y, g in enum_spans]
        for x, y, comp in ents:
            if any(not (y <= a or x >= b) for a, b, _g in enum_spans):
                continue
            made.append((d.new_mention(x, y, comp), RANK_NER))
        # 厦门、泉州、莆田市人民政府: bare places that share the last name's tail
        for x, _rank in list(made):
            if x.start > 0 and t[x.start - 1] == "、":
                _expand_shared_tail(d, x, made)
        for x, rank in made:
            d.insert(x, rank)


@functools.lru_cache(maxsize=None)
def _bare_nlp(segmenter: str, pkuseg_model: str | None):
    import spacy
    from .ner import SegTokenizer
    nlp = spacy.blank("zh")
    nlp.tokenizer = SegTokenizer(nlp.vocab, segmenter, pkuseg_model)
    return nlp


def _nounish(name: str, settings: AttributionSettings) -> bool:
    stop_words, stop_pos = set(_cues().vocab["stop_words"]), set(_cues().vocab["stop_pos"])
    for tok in _tokens(name, settings):
        if tok.pos.startswith("v") or tok.pos in stop_pos or tok.text in stop_words or tok.pos == "a":
            return False
    return True


def _trim_left(t: str, a: int, b: int, settings: AttributionSettings) -> int:
    """Drop leading tokens that cannot open a name (verbs of the stop list, 对, 的 …)."""
    stop_words, stop_pos = set(_cues().vocab["stop_words"]), {"p", "c", "d", "u", "uj", "ul"}
    i = t.rfind("的", a, b)
    if i >= 0:
        a = i + 1
    base = a   # token offsets are relative to the segmented string t[base:b]
    for tok in _tokens(t[base:b], settings):
        if tok.text in stop_words or tok.pos in stop_pos:
            if base + tok.end < b:
                a = base + tok.end
                continue
        break
    return a


def _place_item(run: str, admin: str, settings: AttributionSettings) -> int | None:
    """0 when `run` is a bare place (厦门), 1 when it is a place with the same
    administrative character as the shared name (厦门市), else None."""
    core, extra = (run[:-1], 1) if run.endswith(admin) else (run, 0)
    if not 2 <= len(core) <= 3:
        return None
    toks = _tokens(core, settings)
    if len(toks) == 1 and toks[0].pos == "ns":
        return extra
    return None


def _expand_shared_tail(d: _Doc, m: Mention, made: list[tuple[Mention, int]]) -> None:
    """A、B、C市人民政府 with A, B bare places: each is A市人民政府 (the tail of
    the last name after its place).  The items become mentions of one group
    with that full name; their span is the place as written."""
    t = d.text
    k = next((k for k in (2, 3) if m.end - m.start > k + 2 and _ADMIN.match(t, m.start + k)), None)
    if k is None:
        return
    admin = t[m.start + k]
    items = []
    pos = m.start - 1
    while pos > 0 and t[pos] == "、":
        a = pos
        while a > 0 and pos - a < 5 and _HAN_CHAR.match(t[a - 1]):
            a -= 1
        if _has_suffix(t[a:pos]) or t.endswith("单位", a, pos):
            break                                 # a full name before 、, not a bare place
        middle = a > 0 and t[a - 1] == "、"      # 、泉州、: the whole item
        if not middle and (pos - a > 3 or a > 0 and _HAN_CHAR.match(t[a - 1])):
            a += _tokens(t[a:pos], d.settings)[-1].start   # 授予厦门、: the last word
        if pos - a > 4:
            break
        extra = _place_item(t[a:pos], admin, d.settings)
        if extra is None:
            break
        items.append((a, pos, extra))
        if not middle:
            break
        pos = a - 1
    if not items or _tokens(t[m.start:m.start + k], d.settings)[0].pos != "ns":
        return
    g = m.group if m.source == "enumeration" else d.new_group()
    if m.source != "enumeration":
        m.group, m.source = g, "ellipsis"
    for a, b, extra in items:
        tail = m.start + k + extra
        full = d.v.name(a, b) + d.v.name(tail, m.end)
        # the items lie in m's sentence: only its own mentions can be there
        x = next((x for x, _rank in made if x.start == a and x.end == b), None)
        if x is None:
            x = d.new_mention(a, b, "ellipsis", g)
            made.append((x, RANK_ELLIPSIS))
        x.name, x.key, x.group = full, t[a:b] + t[tail:m.end], g


def _split_repeated(t: str, a: int, b: int) -> list[tuple[int, int]]:
    """刘台村城上村 → 刘台村, 城上村: the same village-level suffix twice."""
    m = _REPEATED.fullmatch(t[a:b])
    if m:
        return [(a, a + m.end(1)), (a + m.start(3), b)]
    return [(a, b)]


# ---------------------------------------------------------------- lists and sections

def _list_blocks(d: _Doc, after: int, loose: bool = True) -> Iterator[list[tuple[int, int]]]:
    """Runs of unit lines after `after` (blank and '(6处)' lines do not break a run),
    one by one: most callers want only the first.

    A signature is not a list item: a bare unit line followed by a date line,
    or a bare unit line closing a run of numbered ones (第一组:…) at the end."""
    cur, numbered = [], []

    def close() -> list | None:
        block = None
        if cur:
            if len(numbered) > 1 and numbered[-1][0] is False and all(n for n, _k in numbered[:-1]):
                del cur[len(cur) - numbered[-1][1]:]
            if cur:
                block = list(cur)
        cur.clear()
        numbered.clear()
        return block

    for i in range(bisect.bisect_left(d.line_starts, after), len(d.lines)):
        a = d.lines[i][0]
        items, is_numbered, signature, soft = _list_line(d, i, loose)
        if items:
            if signature:
                block = close()
                if block:
                    yield block
                continue
            cur.extend((a + x, a + y) for x, y in items)
            numbered.append((is_numbered, len(items)))
        elif soft:
            continue   # 一、渭南市(6处) groups a list; …优良单位(11个) starts another one
        else:
            block = close()
            if block:
                yield block
    block = close()
    if block:
        yield block


def _list_line(d: _Doc, i: int, loose: bool) -> tuple:
    """What _list_blocks reads of line i: its unit items, whether it is
    numbered, whether it is a bare unit followed by a date line (a
    signature), whether it is a soft line; once per document, as several
    cues look for lists below them."""
    key = (i, loose)
    got = d._list_lines.get(key)
    if got is None:
        a, b = d.lines[i]
        line = d.text[a:b]
        items = _unit_items(line, loose=loose)
        numbered = signature = soft = False
        if items:
            k = d.next_full_line(i + 1)
            nxt = d.text[d.lines[k][0]:d.lines[k][1]] if k < len(d.lines) else ""
            numbered = bool(_NUMBERING.match(line))
            signature = len(items) == 1 and bool(_DATE_LINE.match(nxt)) and not numbered
        else:
            soft = bool(_SOFT_LINE.search(line)) and not _CATEGORY_HEAD.search(line)
        got = d._list_lines[key] = (items, numbered, signature, soft)
    return got


def _numbered_heading_units(d: _Doc, after: int) -> list[tuple[int, int]]:
    out = []
    for i in d.heading_lines(after):
        a, b = d.lines[i]
        line = d.text[a:b]
        m = _HEADING_NUM.match(line)
        if m and _is_unit_name(line[m.end():].strip()):
            rest = line[m.end():]
            lead = len(rest) - len(rest.lstrip())
            out.append((a + m.end() + lead, a + m.end() + len(rest.rstrip())))
    return out


def _sections(d: _Doc) -> None:
    """Numbered headings that name a unit (一、牟平区某店 / 一、某公司违法…案)."""
    cues = _cues()
    case_ctx = None   # whether the document publishes cases: searched when a case heading needs it
    heads = []
    for i in d.heading_lines():
        a, b = d.lines[i]
        line = d.text[a:b]
        m = _HEADING_NUM.match(line)
        rest_a = a + m.end()
        rest = d.text[rest_a:b].rstrip()
        if _is_unit_name(rest):
            heads.append((a, rest_a, rest_a + len(rest), False))
            continue
        cm = cues.pattern("cue.case_heading").match(line.strip())
        if cm and case_ctx is None:
            case_ctx = bool(cues.pattern("cue.case_context").search(d.text))
        if cm and (case_ctx or _CASE_CUT.search(rest)):
            cut = _CASE_CUT.search(rest)
            name = rest[:cut.start()] if cut else rest
            sm = None
            for k in range(len(name), 1, -1):
                if _has_suffix(name[:k]):
                    sm = k
                    break
            if sm:
                heads.append((a, rest_a, rest_a + sm, True))
    for i, (la, na, nb, is_case) in enumerate(heads):
        end = heads[i + 1][0] if i + 1 < len(heads) else len(d.text)
        m = d.add_mention(na, nb, "heading", rank=RANK_SECTION)
        if is_case:
            # the body's own form of the name (天津市X门诊部 in the heading, X门诊部 in the body)
            full = d.text[na:nb]
            body_a = na + len(full)
            for k in range(1, len(full) - 3):
                cand = full[k:]
                j = d.text.find(cand, body_a, end)
                while j >= 0 and d.text[max(0, j - k):j] == full[:k]:
                    j = d.text.find(cand, j + 1, end)
                if j >= 0 and _has_suffix(cand):
                    m = d.add_mention(j, j + len(cand), "case_body", rank=RANK_SECTION)
                    break
            d.case_units.append((m, la))
        d.section_of.append((la, end, m))


def _section_unit(d: _Doc, pos: int) -> Mention | None:
    for a, b, m in d.section_of:
        if a <= pos < b:
            return m
    return None


def _find_party(d: _Doc) -> None:
    rule = _cues().pattern("party.line")
    t = d.text
    # both branches of party.line hold [:：]: only lines with a colon can match

    def early(i: int) -> bool:
        """Line i is among the first 12 non-blank lines."""
        n = 0
        for a, b in d.lines[:i + 1]:
            if t[a:b].strip():
                n += 1
                if n > 12:
                    return False
        return True

    colon = _COLON.search(t)
    while colon is not None:   # the lines with a colon, in order
        i = bisect.bisect_right(d.line_starts, colon.start()) - 1
        a, b = d.lines[i]
        colon = _COLON.search(t, b + 1)
        line = t[a:b]
        # a match opens with 当事人/被处罚单位/被处罚人/单位 after spaces (named)
        # or ends with a colon and spaces (addressee); regex's \s are all str
        # spaces, so strip() reaches those words or that colon: other lines
        # are not searched
        if not (line.lstrip().startswith(_PARTY_WORDS) or line.rstrip().endswith((":", "："))):
            continue
        m = rule.search(line + "\n")
        if m and m.group("named"):
            x = a + m.start("named")
            name = m.group("named").strip()
            d.party = d.add_mention(x, x + len(name), "party", rank=RANK_PARTY)
            return
        if m and m.group("addressee") and early(i) and _is_unit_name(m.group("addressee").strip()) and "、" not in line:
            nm = m.group("addressee")
            x = a + m.start("addressee") + len(nm) - len(nm.lstrip())
            if d.party is None:
                d.party = Mention(x, x + len(nm.strip()), nm.strip(), -1, "party")


# ---------------------------------------------------------------- aiming

def _resolve_anaphor(d: _Doc, kind: str, m: regex.Match) -> list[Mention]:
    pos = m.start()
    if kind == "party":
        return [d.party] if d.party else []
    if kind == "one":
        suf = m.group("suffix")
        generic = suf in ("单位", "企业")
        # a specific suffix (该局, 该院 …) only takes a mention whose text ends
        # with it: sentences without it need not be made on the way back
        for x in _latest_first(d, pos, None if generic else suf):
            if x.end <= pos and x.source != "party" and (
                    generic or x.key.endswith(suf) or (suf == "院" and x.key.endswith("医院"))):
                return [x]
        return [d.party] if d.party else []
    # group: 以上/上述/该 [N个] 单位
    count = to_int(m.group("count")) if m.group("count") else None
    para = d.sent_at(pos).para
    pa = d.paras[para][0]
    d.force(pa, pos)
    # x.end <= pos: x starts in pa..pos
    pool = [x for x in d.mentions_from(pa, pos) if x.end <= pos and x.source != "party"]
    p = para
    while (not pool or (count and len(_distinct(pool)) < count)) and p > 0:
        p -= 1
        d.force(d.paras[p][0], pos)
        pool = [x for x in d.mentions_from(d.paras[p][0], pos) if x.end <= pos and x.source != "party"]
    units = _distinct(pool)
    if count:
        units = units[-count:]
    return units


def _latest_first(d: _Doc, pos: int, word: str | None = None):
    """d.mentions from the last one back (those that start before pos), making
    the needed sentences' mentions only as far back as the walk goes: the
    ones aiming added come first (they are last in the list), then the
    others, the text before each sentence still to make read only after it
    is made.

    word: the caller wants only mentions whose key holds it. A sentence's
    mentions lie inside it and a key is the mention's text without spaces,
    so a sentence still to make whose text (without spaces) lacks the word
    is left unmade: none of its mentions could be wanted (a later look-up
    that reaches it makes them)."""
    n = len(d._keys)
    for x in reversed(d.mentions[n:]):
        if x.start < pos:
            yield x
    hi = pos
    for k in sorted((k for k in d.pending if d.sents[k].start < pos), reverse=True):
        lo = min(d.sents[k].start, hi)
        s = d.sents[k]
        if word is None or word in _WS.sub("", d.text[s.start:s.end]):
            d.force(lo, hi)   # sentence k: the pending ones after it were made (or left) in earlier rounds
        # the made ones are sorted by (start, …): those starting in lo..hi are a slice
        yield from reversed(d.mentions[bisect.bisect_left(d._keys, (lo,)):bisect.bisect_left(d._keys, (hi,))])
        hi = lo
    yield from reversed(d.mentions[:bisect.bisect_left(d._keys, (hi,))])


def _distinct(ms: list[Mention]) -> list[Mention]:
    seen, out = set(), []
    for x in ms:
        if x.key not in seen:
            seen.add(x.key)
            out.append(x)
    return out


def _anaphors(d: _Doc, a: int, b: int) -> list[tuple[int, int, list[Mention]]]:
    out = []
    cues = _cues()
    for kind, rid in (("group", "anaphor.group"), ("one", "anaphor.one"), ("party", "anaphor.party")):
        rule = cues.pattern(rid)
        if not d.can_match(rule):
            continue
        for m in rule.finditer(d.text, a, b):
            if any(s <= m.start() < e for s, e, _ in out):
                continue
            out.append((m.start(), m.end(), _resolve_anaphor(d, kind, m)))
    return out


def _counts(d: _Doc, a: int, b: int) -> list[tuple[int, int, int]]:
    out = []
    rule = _cues().pattern("count.target")
    if not d.can_match(rule):
        return out
    for m in rule.finditer(d.text, a, b):
        if _ANAPHOR_BEFORE.match(d.text[max(0, m.start() - 2):m.start()]):
            continue
        n = to_int(m.group("count"))
        if n:
            out.append((m.start(), m.end(), n))
    return out


def _agents(d: _Doc, sent: Sentence, pos: int) -> list[tuple[int, int]]:
    """Spans of 经X决定/研究/批准 deciders before `pos` in the sentence."""
    return [(m.start("agent"), m.end("agent"))
            for m in _cues().pattern("agent.approval").finditer(d.text, sent.start, pos)]


def _aim(d: _Doc, sent: Sentence, pos: int, used_blocks: set, allow_after: bool = True,
         need_trigger: bool = False) -> list[Mention]:
    """The units a cue or measure at `pos` is aimed at (see module doc, step 5).
    need_trigger: only units after 对/责令/给予 count (a measure used as a modifier)."""
    t = d.text
    cands: list[tuple[int, int, list[Mention], int | None]] = []  # (start, end, units, count)
    agents = _agents(d, sent, pos) if "经" in t[sent.start:pos] else []
    d.force(sent.start, pos)
    for x in d.mentions_from(sent.start, pos):   # x.end <= pos: x starts in sent.start..pos
        if x.end <= pos and x.source != "party":
            if any(a <= x.start and x.end <= b for a, b in agents):
                continue   # 经省政府决定关闭的…: the decider, not the target
            cands.append((x.start, x.end, [x], None))
    for s, e, units in _anaphors(d, sent.start, pos):
        cands = [c for c in cands if not (s <= c[0] < e)]
        cands.append((s, e, units, None))
    for s, e, n in _counts(d, sent.start, pos):
        cands.append((s, e, [], n))
    guanyu = t.rfind("关于", sent.start, pos)
    if guanyu >= 0:  # 某政府关于依法关闭某石场的公告: the issuer is not the target
        cands = [c for c in cands if c[0] > guanyu]
    cands.sort(key=lambda c: c[0])
    chosen = []
    if cands:
        trig = None
        for m in _cues().pattern("trigger").finditer(t, sent.start, pos):
            if any(c[0] >= m.end() for c in cands):
                trig = m
        if trig is not None:
            chosen = [c for c in cands if c[0] >= trig.end()]
        elif need_trigger:
            return []
        else:
            last = cands[-1]
            group = next((x.group for x in last[2] if x.source in ("enumeration", "ellipsis")), None)
            chosen = [c for c in cands if group is not None and any(x.group == group for x in c[2])] or [last]
    units = [u for c in chosen for u in c[2]]
    counted = next((c for c in chosen if c[3]), None)
    if counted and len(_distinct(units)) < counted[3]:
        block = _block_for_count(d, sent, counted[0], counted[3])
        if block:
            return block
    if units:
        return _distinct(units)
    if not allow_after:
        return []
    # the cue announces a list (曝光如下：, 如：A)
    follows = _cues().pattern("list.follows")
    follows = d.can_match(follows) and follows.search(t, pos, sent.end)
    if follows:
        heads = _numbered_heading_units(d, sent.end)
        if heads:
            return [_mention_at(d, a, b, "heading") for a, b in heads]
        block = next(_list_blocks(d, sent.end, loose=False), None)
        if block:
            return [_mention_at(d, a, b, "list") for a, b in block]
    ru = _RU.search(t, pos, d.paras[sent.para][1])
    if ru:
        d.force(ru.end(), d.paras[sent.para][1])
        after = d.mentions_from(ru.end(), d.paras[sent.para][1] - 1)
        if after:
            return [after[0]]
    return []


def _block_for_count(d: _Doc, sent: Sentence, at: int, count: int) -> list[Mention]:
    """The first list of at least `count` units after the sentence that no
    other counted phrase took (15个单位 → 红榜 of 15, 8个单位 → 黑榜 of 8)."""
    if at in d.count_blocks:
        return d.count_blocks[at]
    for bi, block in enumerate(_list_blocks(d, sent.end)):
        if len(block) < count or (sent.end, bi) in d.used_blocks:
            continue
        d.used_blocks.add((sent.end, bi))
        d.count_blocks[at] = [_mention_at(d, a, b, "list") for a, b in block[:count]]
        return d.count_blocks[at]
    d.count_blocks[at] = []
    return []


def _mention_at(d: _Doc, a: int, b: int, source: str) -> Mention:
    d.force(a, b)
    for x in d.mentions_from(a, a):
        if x.end == b:
            return x
    return d.add_mention(a, b, source)


# ---------------------------------------------------------------- penalties' details

def _duration(text: str) -> str | None:
    try:
        from .dates import parse_duration  # written by a colleague; optional until it exists
    except ImportError:
        return None
    try:
        return parse_duration(text)
    except Exception as e:  # a bug there must not lose the penalty
        raise RuntimeError(f"parse_duration({text!r}) failed: {e}") from e


def _basis(d: _Doc, sent: Sentence, pos: int) -> str | None:
    rule = _pen().pattern("basis")
    if not d.can_match(rule):
        return None
    idx = d.sent_index(sent.start)   # = d.sents.index(sent): sentences are distinct and in order
    for s in reversed(d.sents[max(0, idx - 3): idx + 1]):
        end = pos if s is sent else s.end
        found = list(rule.finditer(d.text, s.start, end))
        if found:
            m = found[-1]
            return d.v.name(m.start("basis"), m.end("basis"))
    return None


# ---------------------------------------------------------------- main

def attribute(body: str, settings: AttributionSettings | None = None) -> Attribution:
    """Commended, criticised and penalised units of one document (see module doc)."""
    settings = settings or AttributionSettings()
    d = _Doc(body, settings)
    d.case_units = []
    out = Attribution()
    if not d.sents:
        return out
    t = d.text
    cues, pen = _cues(), _pen()

    # 1. the cheap pass: which sentences matter
    starts = None
    if _any_cue_complete():
        starts = _union_starts(t, [d.matches(r) for r in _union_rules()])
    if starts is None:
        starts = [m.start() for m in _any_cue().finditer(t)]
    hit = {d.sent_index(p) for p in starts}
    # no cue and no measure anywhere: the cue and penalty loops below find nothing
    scan = bool(hit) or not _any_cue_complete()
    needed_idx = set()
    group, one = cues.pattern("anaphor.group"), cues.pattern("anaphor.one")
    for i in hit:
        for k in range(i - settings.neighbours, i + settings.neighbours + 1):
            if 0 <= k < len(d.sents):
                needed_idx.add(k)
        s = d.sents[i]
        if (d.can_match(group) and group.search(t, s.start, s.end)
                or d.can_match(one) and one.search(t, s.start, s.end)):
            # the paragraph an anaphor points into, and the one before: the
            # sentences from the first of paragraph s.para - 2 up to s
            # (sentences are in paragraph order)
            needed_idx.update(range(bisect.bisect_left(d.sent_paras, s.para - 2), i + 1))
    needed = [d.sents[k] for k in sorted(needed_idx)]

    # 2. mentions, sections, the 当事人
    _find_party(d)
    if needed:
        _find_mentions(d, needed)
    _sections(d)

    commended: dict[str, UnitHit] = {}
    criticised: dict[str, UnitHit] = {}

    def add(target: dict, units: list[Mention], sent: Sentence):
        es, ee = d.v.span(sent.start, sent.end)
        for u in units:
            name = u.name or d.v.name(u.start, u.end)
            if name and name not in target:
                a, b = d.v.span(u.start, u.end)
                target[name] = UnitHit(name, a, b, es, ee)

    cond = cues.pattern("cue.conditional")

    def conditional(sent: Sentence, pos: int) -> bool:
        return d.can_match(cond) and bool(cond.search(t, sent.start, pos + 8 if pos + 8 < sent.end else sent.end))

    used_blocks: set = set()
    # 3. praise and criticism cues
    for rid, target in (("cue.praise", commended), ("cue.criticism", criticised), ("cue.order", criticised)) if scan else ():
        if rid == "cue.order" and not d.is_tongbao:
            continue
        for m in d.matches(cues.rules[rid]):
            if d.in_quote(m.start(), m.end()):
                continue
            sent = d.sent_at(m.start())
            if conditional(sent, m.start()):
                continue
            # 对领导不重视…的(单位): a cue inside a 对…的 description names no one
            if _DUI_OPEN.search(t[sent.start:m.start()]) and _DE_AFTER.match(t[m.end():sent.end]):
                continue
            at = m.start("at") if "at" in m.re.groupindex and m.start("at") >= 0 else m.start()
            add(target, _aim(d, sent, at, used_blocks), sent)

    # list headings (一等奖: / 红榜名单 / 黑榜名单; 先进单位 in a document that commends)
    headings = [("list.praise_heading", commended, True), ("list.criticism_heading", criticised, True)]
    purpose = cues.pattern("doc.praise_purpose")
    if d.can_match(purpose) and purpose.search(t):
        headings.append(("list.praise_subheading", commended, False))
    rids = tuple(rid for rid, _target, _loose in headings)
    any_heading = _any_line_rule(rids)
    lines = d.lines if any_heading is None else [d.lines[i] for i in _lines_holding(d, rids)
                                                  if any_heading.match(t[d.lines[i][0]:d.lines[i][1]])]
    for rid, target, loose in headings:
        heading = cues.pattern(rid)
        for a, b in lines:
            if heading.match(t[a:b]):
                block = next(_list_blocks(d, b + 1, loose=loose), None)
                if block and block[0][0] <= _next_nonblank(d, b + 1):
                    add(target, [_mention_at(d, x, y, "list") for x, y in block], d.sent_at(a))

    # typical cases (一、X违法违规使用医保基金案)
    for m, la in d.case_units:
        add(criticised, [m], d.sent_at(la))

    # 4. penalties
    lifting = scan and d.can_match(pen.pattern("lifting")) and any(
        not d.in_quote(m.start(), m.end()) for m in pen.pattern("lifting").finditer(t))
    pens: dict[tuple, PenaltyHit] = {}
    taken: list[tuple[int, int]] = []
    duty, attr = pen.pattern("duty"), pen.pattern("attributive")
    if scan and not lifting:
        for rule in pen.rules.values():
            if not rule.id.startswith("measure."):
                continue
            found = d.matches(rule)
            if not found:
                continue
            measure = rule.measure   # read from the rule's spec on every access: once
            for m in found:
                if d.in_quote(m.start(), m.end()) or any(a <= m.start() < b for a, b in taken):
                    continue
                sent = d.sent_at(m.start())
                if conditional(sent, m.start()):
                    continue
                clause = max([sent.start] + [x.end() for x in _CLAUSE.finditer(t, sent.start, m.start())])
                if d.can_match(duty) and duty.search(t, clause, m.start()):
                    continue   # 国土分局负责注销(吊销)采矿许可证工作: a duty, not a penalty
                attributive = attr.match(t, m.end(), sent.end)
                units = _aim(d, sent, m.end(), used_blocks, need_trigger=bool(attributive))
                if attributive and not units:   # 省政府决定关闭的宏达煤矿: the unit the measure describes
                    d.force(attributive.end(), attributive.end() + 1)
                    units = [x for x in d.mentions_from(attributive.end(), attributive.end()) if x.source != "party"][:1]
                if not units:
                    sec = _section_unit(d, m.start())
                    carried = _carried_target(d, sent, used_blocks)
                    units = [sec] if sec else carried
                if measure == "罚款" or measure == "警告" or measure == "没收":
                    taken.append((m.start(), m.end()))
                dur_m = pen.pattern("duration").match(t, m.end(), min(len(t), m.end() + 8))
                duration = _duration(dur_m.group("duration")) if dur_m else None
                amount = None
                if measure == "罚款":
                    amount = read_amount(t[m.start():sent.end]) or read_amount(t[sent.start:m.start()])
                basis = _basis(d, sent, m.start())
                es, ee = d.v.span(sent.start, sent.end)
                if not units:
                    tail = t[sent.start:m.start()]
                    if "对" in tail and _DE_GENERIC.search(tail[tail.rfind("对"):]):
                        key = (None, measure)
                        pens.setdefault(key, PenaltyHit(None, None, None, measure, duration, amount, basis, es, ee))
                    continue
                for u in units:
                    name = u.name or d.v.name(u.start, u.end)
                    key = (name, measure)
                    if key in pens:
                        p = pens[key]
                        p.duration = p.duration or duration
                        p.amount = p.amount or amount
                        p.basis = p.basis or basis
                        continue
                    a, b = d.v.span(u.start, u.end)
                    pens[key] = PenaltyHit(name, a, b, measure, duration, amount, basis, es, ee)
    out.commended = list(commended.values())
    out.criticised = list(criticised.values())
    out.penalties = list(pens.values())
    return out


def _lines_holding(d: _Doc, rids: tuple[str, ...]) -> list[int]:
    """Indices of the lines where one of these cue rules may match (on the
    line alone): those holding a word of _needs of each; every line when a
    rule has none."""
    words = _line_words(rids)
    if words is None:
        return list(range(len(d.lines)))
    t, found = d.text, []
    # a word has no line break (_needs): it lies in one line, and once a
    # line holds one, the rest of it need not be read
    m = words.search(t)
    while m is not None:
        k = bisect.bisect_right(d.line_starts, m.start()) - 1
        found.append(k)
        m = words.search(t, d.lines[k][1] + 1)
    return found


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


def _next_nonblank(d: _Doc, pos: int) -> int:
    k = d.next_full_line(bisect.bisect_left(d.line_starts, pos))
    return d.lines[k][1] if k < len(d.lines) else len(d.text)


def _carried_target(d: _Doc, sent: Sentence, used_blocks: set) -> list[Mention]:
    """A numbered measure under '…对你单位处以如下行政处罚：' takes that sentence's target."""
    follows = _cues().pattern("list.follows")
    if not d.can_match(follows):
        return []
    idx = d.sent_index(sent.start)   # = d.sents.index(sent): sentences are distinct and in order
    for s in reversed(d.sents[max(0, idx - 4): idx]):
        f = follows.search(d.text, s.start, s.end)
        if f:
            return _aim(d, s, f.start(), used_blocks, allow_after=False)
    return []

"""One document as attribution reads it: the matching view (pinyin noise
removed, Traditional mapped to Simplified, offsets back to the body),
paragraphs, lines and sentences (_Doc, Sentence), and the unit mentions found
in the sentences that need them (segmentation + NER, enumerations, 如 lists).
_Doc makes mentions when a look-up first reaches a sentence, so the mention
making lives here too."""
from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

from ..text import HAN_CHAR, bracketed_line
from .cues import _cues, _has_suffix, _needs, _presence_scans, _to_simplified
from .model import AttributionSettings
from .patterns import (
    _ADMIN,
    _ALL_HAN,
    _CELL,
    _CLAUSE,
    _HEADING_LINE,
    _INNER_SEMICOLON,
    _ITEM_LABEL,
    _LINE_END,
    _NOISE,
    _NUMBERING,
    _PARA_END_LINE,
    _PAREN_TAIL,
    _PLACE_NOTE,
    _QUOTED,
    _REPEATED,
    _RU,
    _SENT_END_RE,
    _SHORT_NAME,
    _UNIT_TEXT,
    _WS,
)

# ---------------------------------------------------------------- view

_WRAPPED_ITEM = regex.compile(r"(?<=、[ \t]*+)\n(?=[ \t]*+\p{Han})|(?<=\p{Han}[ \t]*+)\n(?=[ \t]*+等[ \t]*+[0-9一二三四五六七八九十两])")


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
        text = _to_simplified("".join(pieces))
        if "、\n" in text or "\n等" in text:
            # an enumeration set out one item a line (浏阳市三中、⏎宁乡县四中⏎等8所学校):
            # one line, the breaks blanks of the same length
            text = _WRAPPED_ITEM.sub(" ", text)
        self.text = text

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
        elif end in ends or pos in heading_starts and len(line.strip()) < 40 or bracketed_line(line):   # (a 题注: the line below does not run on from it)
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
    if ";" in text or "；" in text:
        inner = {m.start() + i + 1 for m in _INNER_SEMICOLON.finditer(text)
                 for i, c in enumerate(m.group()) if c in ";；"}
        if inner:
            ends = [e for e in ends if e not in inner]
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
    label = _ITEM_LABEL.match(line, off)
    if label:
        off = label.end()
    body = _LINE_END.sub("", line[off:].rstrip())
    if not body:
        return None
    if "、" not in body:
        row = _table_row(body, off)
        if row:
            return row
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


def _table_row(body: str, off: int) -> list[tuple[int, int]] | None:
    """东皇镇人民政府 醒民镇人民政府: a table row flattened into names apart by
    blanks, each with an organisation suffix, or None."""
    cells = [(c.start(), c.end()) for c in _CELL.finditer(body)]
    if len(cells) < 2 or not all(_is_unit_name(body[a:b]) for a, b in cells):
        return None
    return [(off + a, off + b) for a, b in cells]


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
        self.made: set[int] = set()      # sentences whose mentions are made
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

    def search(self, pattern: regex.Pattern, start: int = 0, end: int | None = None):
        """pattern.search(text, start, end), or None at once when the text
        cannot hold a match (can_match)."""
        if not self.can_match(pattern):
            return None
        return pattern.search(self.text, start, len(self.text) if end is None else end)

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

    def force(self, lo: int, hi: int, unneeded: bool = False) -> None:
        """Make the mentions of the needed sentences that overlap [lo, hi);
        with `unneeded`, of every sentence there not made yet (a counted
        target's names may stand far from any cue).

        A needed sentence's mentions (its NER, enumerations and shared tails)
        depend on that sentence alone and lie inside it, so they can be made
        when a look-up first reaches the sentence: every reader of
        d.mentions forces the range it reads.  Half the needed sentences are
        only neighbours that nothing reads, and never go through NER."""
        if not (self.pending or unneeded) or hi <= lo:
            return
        k = max(0, bisect.bisect_right(self.sent_starts, lo) - 1)
        batch = []
        while k < len(self.sents) and self.sents[k].start < hi:
            if (k in self.pending or unneeded and k not in self.made) and self.sents[k].end > lo:
                batch.append(k)
            k += 1
        if batch:
            self.pending.difference_update(batch)
            self.made.update(batch)
            _make_mentions(self, [self.sents[k] for k in batch])

    def new_group(self) -> int:
        self._group += 1
        return self._group


def _tokens(text: str, settings: AttributionSettings):
    from ..segment import segment
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
        from ..ner import name_spans_many   # = the ORG and GPE entities of entities_many
        for s, ents in zip(batch, name_spans_many(texts, d.settings.segmenter, d.settings.pkuseg_model)):
            found.append([(s.start + a, s.start + b, comp) for a, b, comp in ents])
    else:
        from ..ner import org_suffix_spans_many   # the suffix rule alone, without the entity ruler
        for s, ents in zip(batch, org_suffix_spans_many(texts, d.settings.segmenter, d.settings.pkuseg_model)):
            found.append([(s.start + a, s.start + b, "org_suffix") for a, b in ents])

    # places honoured by name (授予A市、B县为“…”) only where a verb confers an honour
    honoured = cues.rules["honoured_places"]
    honouring = any(d.has(v) for v in honoured.after)
    for s, ents in zip(batch, found):
        # enumerations: A、B、C等单位 (each item a unit, suffix or not)
        enum_spans: list[tuple[int, int, int]] = []
        tails: list[tuple[int, int]] = []   # 等2所省级规范化学校: the group's noun, no unit
        for m in cues.pattern("enumeration").finditer(t, s.start, s.end):
            end = m.start("last") + len(m.group("last"))
            off = _clause_opening(t, s.start, m.start())
            if tails:   # A、B等2家企业和C、D等2个单位: the second list opens after the first
                off = max(off, tails[-1][1])
                if t[off:off + 1] in ("为", "為"):
                    # A等10家企业为X、B、C等10家企业为Y: X is the first list's honour
                    sep = _TOP_LEVEL_SEP.search(t, off, end)
                    off = sep.end() if sep else off
            tails.append((end, m.end()))
            g = d.new_group()
            pos = off
            for part in _TOP_LEVEL_SEP.split(t[off:end]):
                a, b = pos, pos + len(part)
                pos = b + 1
                a = _trim_left(t, a, b, d.settings)
                counted = cues.pattern("enumeration.counted_tail").search(t, a, b)
                b = _drop_code(t, a, counted.start() if counted else b)
                note = _PLACE_NOTE.search(t, a, b)
                if note and _has_suffix(t[a:note.start()]):
                    b = note.start()
                while a < b and t[a] in " \t":   # (a break inside a wrapped enumeration)
                    a += 1
                while b > a and t[b - 1] in " \t":
                    b -= 1
                for x, y in _split_repeated(t, a, b):
                    if y - x >= 2:
                        enum_spans.append((x, y, g))
        for m in cues.pattern("counted_place").finditer(t, s.start, s.end):
            b = m.end("place")
            a = _trim_left(t, max(_clause_opening(t, s.start, m.start()), m.start()), b, d.settings)
            if b - a >= 3 and _ALL_HAN.fullmatch(t, a, b):
                enum_spans.append((a, b, d.new_group()))
        for m in honoured.regex.finditer(t, s.start, s.end) if honouring else ():
            if not any(a < m.end() and m.start() < b for a, b, _g in enum_spans):
                g, pos = d.new_group(), m.start()
                for part in m.group("places").split("、"):
                    enum_spans.append((pos, pos + len(part), g))
                    pos += len(part) + 1
        made = [(d.new_mention(x, y, "enumeration", g), RANK_ENUM) for x, y, g in enum_spans]
        places = _place_units(t, [(x, y) for x, y, comp in ents if comp == "place"], s.start)
        for x, y, comp in ents:
            if any(not (y <= a or x >= b) for a, b, _g in enum_spans) or any(a <= x and y <= b for a, b in tails):
                continue
            if comp == "place" and (x, y) not in places:
                continue
            if cues.pattern("cited_code_after").match(t, y):
                continue   # the 代字 of a cited 文号 (教基厅函〔2024〕17号)
            if t[x - 2:x] in cues.vocab["post_words"]:
                continue   # 叶某(时任X银行…管理员): a person's post
            if x > 0 and t[x - 1] == "该" and cues.pattern("anaphor.one").match(t, x - 1):
                continue   # 该卫生服务站: an anaphor, resolved to the unit it points back to
            if t[x] == "对" and y - x > 3 and t[x:x + 2] not in cues.vocab["dui_words"]:
                x += 1
            made.append((d.new_mention(x, y, comp), RANK_NER))
        _like_items(d, s, made)
        # 厦门、泉州、莆田市人民政府: bare places that share the last name's tail
        for x, _rank in list(made):
            if x.start > 0 and t[x.start - 1] == "、":
                _expand_shared_tail(d, x, made)
        for x, rank in made:
            d.insert(x, rank)


_PLACE_UNIT = regex.compile(r"\p{Han}{1,12}?(?:[省市县区镇乡旗州]|街道)$")
_PLACE_UNIT_BEFORE = "对的，,。；;：:\n"


def _place_units(t: str, spans: list[tuple[int, int]], start: int) -> set[tuple[int, int]]:
    """The places named as the units a cue is about: runs of places joined by
    、/和/及 (对湛江市、云浮市、河源市给予通报批评, 获得二等奖的通川区、宣汉县), opened by
    对, 的 or a clause's start and closed as rule place.closer says."""
    spans = [(x, y) for x, y in spans if _PLACE_UNIT.match(t, x, y)]
    out: set[tuple[int, int]] = set()
    closer = _cues().pattern("place.closer")
    i = 0
    while i < len(spans):
        j = i
        while j + 1 < len(spans) and spans[j + 1][0] == spans[j][1] + 1 and t[spans[j][1]] in "、和及与":
            j += 1
        a, b = spans[i][0], spans[j][1]
        if (a == start or t[a - 1] in _PLACE_UNIT_BEFORE) and closer.match(t, b):
            out.update(spans[i:j + 1])
        i = j + 1
    return out


def _clause_opening(t: str, start: int, pos: int) -> int:
    """Where the clause holding `pos` opens, past the words that open a clause
    before its subject (检查中, 经查: lead_in), walking back no further than `start`."""
    clause_start = max([start] + [x.end() for x in _CLAUSE.finditer(t, start, pos)])
    lead = _cues().pattern("lead_in").match(t, clause_start, pos)
    return lead.end() if lead else clause_start


# a 、 outside brackets (…等261个市级(含省直管县、直辖市所辖区)管理机构: one item)
_TOP_LEVEL_SEP = regex.compile(r"、(?![^()（）]*[)）])")
_ITEM_END = regex.compile(r"[、“”\"，,。；;：:（(\s]")


def _like_items(d: _Doc, s: Sentence, made: list) -> None:
    """Items of a 、 list beside a unit that end with its suffix are units too
    (授予社头村、东浦村、指前村、建春村“…”: the segmenter reads 指前 and 建春 as
    verbs, so the NER walk stops short of them)."""
    from ..ner import _suffix_of
    t = d.text
    if not made or t.find("、", s.start, s.end) < 0:
        return
    touching = [x for x, _r in made
                if x.end < s.end and t[x.end] == "、" or x.start > s.start and t[x.start - 1] == "、"]
    if not touching:
        return
    starts, ends = {y.start for y, _r in made}, {y.end for y, _r in made}
    for x in touching:
        after = x.end < s.end and t[x.end] == "、" and x.end + 1 not in starts
        before = x.start > s.start and t[x.start - 1] == "、" and x.start - 1 not in ends
        if not (after or before):
            continue   # no list beside it, or its neighbours are names already
        suffix = _suffix_of(x.key)
        if suffix is None:
            continue
        spans = []
        pos = x.end
        while after and pos < s.end and t[pos] == "、":   # the items after it
            q = _ITEM_END.search(t, pos + 1, s.end)
            q = q.start() if q else s.end
            spans.append((pos + 1, q))
            pos = q
        pos = x.start - 1
        while before and pos > s.start and t[pos] == "、":  # the items before it; the first one after its verb
            q = max(s.start, max((m.end() for m in _ITEM_END.finditer(t, s.start, pos)), default=s.start))
            spans.append((q if t[q - 1] == "、" else _trim_left(t, q, pos, d.settings), pos))
            pos = q - 1
        for a, b in spans:
            item = t[a:b]
            if (len(suffix) < len(item) <= 12 and item.endswith(suffix) and _ALL_HAN.fullmatch(item)
                    and not any(y.start < b and a < y.end for y, _r in made)):
                made.append((d.new_mention(a, b, "enumeration", x.group), RANK_ENUM))


def _nounish(name: str, settings: AttributionSettings) -> bool:
    from ..ner import _stops
    stop_words, stop_pos, _generic = _stops()
    for tok in _tokens(name, settings):
        if tok.pos.startswith("v") or tok.pos in stop_pos or tok.text in stop_words or tok.pos == "a":
            return False
    return True


def _trim_left(t: str, a: int, b: int, settings: AttributionSettings) -> int:
    """Drop leading tokens that cannot open a name (verbs of the stop list, 对, 的 …)."""
    from ..ner import _stops
    stop_words, stop_pos = _stops()[0], {"p", "c", "d", "u", "uj", "ul"}
    i = t.rfind("的", a, b)
    if i >= 0:
        a = i + 1
    base = a   # token offsets are relative to the segmented string t[base:b]
    toks = _tokens(t[base:b], settings)
    # 我会决定授予A、B等5家企业: the first item starts after the verb that names
    # the units (a whole token: 对外, 向阳 are words of their own)
    trigger = _cues().pattern("trigger")
    for k in range(len(toks) - 1, -1, -1):
        if trigger.fullmatch(toks[k].text) and base + toks[k].end < b:
            a = base + toks[k].end
            toks = toks[k + 1:]
            break
    for tok in toks:
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
        while a > 0 and pos - a < 5 and HAN_CHAR.match(t[a - 1]):
            a -= 1
        if _has_suffix(t[a:pos]) or t.endswith("单位", a, pos):
            break                                 # a full name before 、, not a bare place
        middle = a > 0 and t[a - 1] == "、"      # 、泉州、: the whole item
        if not middle and (pos - a > 3 or a > 0 and HAN_CHAR.match(t[a - 1])):
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


def _drop_code(t: str, a: int, b: int) -> int:
    """The end of an item without a closing bracket that holds no Han
    character: an award or registration code (…有限公司(HA·B01~2014(5)/G5)) is
    no part of the name, where (集团) or (含市一院) are."""
    if b <= a or t[b - 1] not in ")）":
        return b
    depth, i = 0, b - 1
    while i >= a:
        if t[i] in ")）":
            depth += 1
        elif t[i] in "(（":
            depth -= 1
            if depth == 0:
                break
        i -= 1
    if i <= a or HAN_CHAR.search(t, i, b):
        return b
    return len(t[a:i].rstrip()) + a


def _split_repeated(t: str, a: int, b: int) -> list[tuple[int, int]]:
    """刘台村城上村 → 刘台村, 城上村: the same village-level suffix twice."""
    m = _REPEATED.fullmatch(t[a:b])
    if m:
        return [(a, a + m.end(1)), (a + m.start(3), b)]
    return [(a, b)]

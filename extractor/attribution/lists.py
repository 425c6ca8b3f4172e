"""Lists and sections: unit lines of list blocks and their items, numbered
headings that name a unit, the sections a penalty falls under and the 当事人
of a decision.  These give the targets a cue announces rather than names."""
from __future__ import annotations

import bisect
from collections.abc import Iterator

from ..text import HAN_CHAR
from .cues import _cues, _has_suffix, _party_words
from .document import RANK_PARTY, RANK_SECTION, Mention, _Doc, _is_unit_name, _unit_items
from .patterns import _CASE_CUT, _CATEGORY_HEAD, _CLAUSE, _COLON, _DATE_LINE, _HEADING_NUM, _NUMBERING, _SOFT_LINE

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


def _opens_below(d: _Doc, after: int, start: int, loose: bool) -> bool:
    """Whether a list starting at `start` is the first thing below `after`:
    only blank and soft lines (街道:无) between them."""
    lo = bisect.bisect_left(d.line_starts, after)
    return all(_list_line(d, i, loose)[3] for i in range(lo, bisect.bisect_right(d.line_starts, start) - 1))


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
            sm = _case_unit_end(rest)
            if sm and _is_unit_name(rest[:sm]):
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
                # (not the full name again, nor a piece of a word: 该卫生服务站)
                while j >= 0 and (d.text[max(0, j - k):j] == full[:k] or HAN_CHAR.match(d.text, j - 1)):
                    j = d.text.find(cand, j + 1, end)
                if j >= 0 and _has_suffix(cand):
                    m = d.add_mention(j, j + len(cand), "case_body", rank=RANK_SECTION)
                    break
            d.case_units.append((m, la))
        d.section_of.append((la, end, m))


def _case_items(d: _Doc) -> list[tuple[Mention, int]]:
    """In a document that publishes cases (cue.case_context), the unit each
    dashed or numbered item opens with (——某医院超过规定标准收费…), with the
    item's line start; a unit that acts on the case (某局依法对…) is none, nor
    is an item that tells of no wrong done (case.wrongdoing).

    The names are read from each item's own sentence and are not added to the
    document's mentions: the cue and penalty aiming reads only the sentences
    its cues made needed, and would aim differently at names made here."""
    cues = _cues()
    if d.search(cues.pattern("cue.case_context")) is None:
        return []
    enforcer, wrong = cues.pattern("case.enforcer"), cues.pattern("case.wrongdoing")
    headings = {la for la, _end, _m in d.section_of}   # read by _sections already
    items = []
    for m in cues.pattern("case.item").finditer(d.text):
        a, end = m.start("name"), d.sent_at(m.start("name")).end
        # (a wrong told anywhere in the sentence: a cheap test before its names are read)
        if d.line_starts[bisect.bisect_right(d.line_starts, a) - 1] not in headings and wrong.search(d.text, a, end):
            items.append((a, end, m.start()))
    if not items:
        return []
    from ..ner import name_spans_many, org_suffix_spans_many   # (as _make_mentions: spaCy loads when first needed)
    # the name opens the item: its first clause holds it, and NER costs by the character
    texts = [d.text[a:clause.start() if (clause := _CLAUSE.search(d.text, a, end)) else end] for a, end, _la in items]
    if d.settings.use_ner:
        found = [[(x, y) for x, y, _c in spans] for spans in name_spans_many(texts, d.settings.segmenter, d.settings.pkuseg_model)]
    else:
        found = org_suffix_spans_many(texts, d.settings.segmenter, d.settings.pkuseg_model)
    out = []
    for (a, end, la), spans in zip(items, found):
        e = next((y for x, y in spans if x == 0), None)
        if e is None or not _is_unit_name(d.text[a:a + e]) or enforcer.match(d.text, a + e) or not wrong.search(d.text, a + e, end):
            continue
        out.append((d.new_mention(a, a + e, "case_item"), la))
    return out


def _section_unit(d: _Doc, pos: int) -> Mention | None:
    for a, b, m in d.section_of:
        if a <= pos < b:
            return m
    return None


def _find_party(d: _Doc) -> None:
    rule, party_words = _cues().pattern("party.line"), _party_words()
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
        if not (line.lstrip().startswith(party_words) or line.rstrip().endswith((":", "："))):
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
    if d.party is None and ("案名" in t or "案件名称" in t):
        _case_name_party(d)


def _case_name_party(d: _Doc) -> None:
    """A decision published as a record (案名: X经营…的农药案): its party is the
    unit the case is named after, as in a case heading."""
    m = _cues().pattern("party.case_name").search(d.text)
    if not m:
        return
    k = _case_unit_end(m.group("case"))
    if k:
        d.party = d.add_mention(m.start("case"), m.start("case") + k, "party", rank=RANK_PARTY)


def _case_unit_end(case: str) -> int | None:
    """Where the unit a case is named after ends (X违法违规使用医保基金案,
    X经营…的农药案): the longest opening, before the words that tell the
    wrongdoing, that ends like an organisation."""
    cut = _CASE_CUT.search(case)
    name = case[:cut.start()] if cut else case
    return next((k for k in range(len(name), 1, -1) if _has_suffix(name[:k])), None)

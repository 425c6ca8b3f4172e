"""attribute(): the per-document run.  Finds the sentences that matter with
the prefilters, makes their mentions, aims every cue and measure and collects
the commended, criticised and penalised units (with a penalty's duration,
amount and basis)."""
from __future__ import annotations

import bisect

from ..numerals import read_amount
from .aiming import _aim, _anaphor_at, _carried_target, _counted_object, _mention_at
from .cues import (_any_cue, _any_cue_complete, _any_line_rule, _cues, _line_words, _lines_holding, _pen, _union_rules,
                   _union_starts, _word_lines)
from .document import Mention, Sentence, _Doc, _find_mentions, _is_unit_name
from .lists import _case_items, _find_party, _list_blocks, _opens_below, _section_unit, _sections
from .model import Attribution, AttributionSettings, PenaltyHit, UnitHit
from .patterns import _CLAUSE, _DE_AFTER, _DE_GENERIC, _DUI_OPEN, _INLINE_ITEM, _NUMBERING

# ---------------------------------------------------------------- penalties' details

def _duration(text: str) -> str | None:
    try:
        from ..dates import parse_duration  # written by a colleague; optional until it exists
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

# the headings whose list below names the units (一等奖:, 红榜名单, 先进单位名单)
_LIST_HEADINGS = ("list.praise_heading", "list.criticism_heading", "list.praise_subheading")


def _lists_past(text: str, pos: int) -> bool:
    """Whether a line past `pos` is a list heading, as the heading loop below
    reads them: list.praise_heading and list.criticism_heading, and in a
    document that commends list.praise_subheading too."""
    cues = _cues()
    praise = cues.pattern("doc.praise_purpose").search(text) is not None
    rids = _LIST_HEADINGS if praise else _LIST_HEADINGS[:2]
    heading, words = _any_line_rule(rids), _line_words(rids)
    if heading is None:
        return True
    if words is None:   # list.praise_subheading names no word every match holds
        return any(heading.match(line) for line in text[pos:].split("\n"))
    # only the lines holding a word the headings need
    return any(heading.match(text[a:b]) for a, b in _word_lines(text, words, pos))


def attribute(body: str, settings: AttributionSettings | None = None, body_end: int | None = None) -> Attribution:
    """Commended, criticised and penalised units of one document (see module doc).

    Past `body_end` (the signature) only lists under a heading count: an
    attachment's 先进单位名单 names the units the body commends, while a cue
    or measure there belongs to an attached text, not to this document."""
    settings = settings or AttributionSettings()
    if body_end is not None and body_end < len(body) and not _lists_past(body, body_end):
        # most documents end in a 版记 that holds no list heading: drop the tail
        # before the sentences and lines are built
        body = body[:body_end]
    d = _Doc(body, settings)
    limit = len(body) if body_end is None else min(body_end, len(body))
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
        starts = [m.start() for m in _any_cue().finditer(t, 0, limit)]
    hit = {d.sent_index(p) for p in starts if p < limit}
    # no cue and no measure anywhere: the cue and penalty loops below find nothing
    scan = bool(hit) or not _any_cue_complete()
    needed_idx = set()
    group, one = cues.pattern("anaphor.group"), cues.pattern("anaphor.one")
    for i in hit:
        for k in range(i - settings.neighbours, i + settings.neighbours + 1):
            if 0 <= k < len(d.sents):
                needed_idx.add(k)
        s = d.sents[i]
        if d.search(group, s.start, s.end) or d.search(one, s.start, s.end):
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
        return d.search(cond, sent.start, min(pos + 8, sent.end)) is not None

    used_blocks: set = set()
    continued = cues.rules["praise.continued_clause"]
    governing = tuple(continued.after)
    # 3. praise and criticism cues
    for rid, target in (("cue.praise", commended), ("cue.criticism", criticised), ("cue.order", criticised)) if scan else ():
        if rid == "cue.order" and not d.is_tongbao:
            continue
        for m in d.matches(cues.rules[rid]):
            if m.start() >= limit:
                break
            if d.in_quote(m.start(), m.end()):
                continue
            sent = d.sent_at(m.start())
            if conditional(sent, m.start()):
                continue
            # 对领导不重视…的(单位): a cue inside a 对…的 description names no one
            if _DUI_OPEN.search(t[sent.start:m.start()]) and _DE_AFTER.match(t[m.end():sent.end]):
                continue
            if rid == "cue.order":
                # 责成区教育局责令该校…: the unit ordered is the one 该校 points to (a
                # name after 责令 may be the body told to supervise: 责令区教育局督促…)
                ordered = _anaphor_at(d, m.end(), sent.end)
                if ordered:
                    add(target, ordered, sent)
                    continue
            counted = _counted_object(d, sent, m.end())
            if counted is not None:
                # 曝光了 12 家…单位: the cue's object, named in a list or later; the
                # names before the cue are its agent's (市消防支队曝光了31家单位)
                add(target, counted, sent)
                continue
            at = m.start("at") if "at" in m.re.groupindex and m.start("at") >= 0 else m.start()
            add(target, _aim(d, sent, at, used_blocks), sent)
            if rid == "cue.praise" and m.group().startswith(governing):
                # 授予A为“…”，B为“…”: the verb governs the clauses after it in its
                # sentence, and in the sentences a semicolon joins to it (；C为“…”)
                run = [sent]
                while t[run[-1].end - 1] in ";；":
                    nxt = d.sent_at(run[-1].end)
                    if nxt is run[-1] or nxt.para != sent.para or any(v in t[nxt.start:nxt.end] for v in governing):
                        break   # (；授予C为…: a clause with its own verb is its own cue)
                    run.append(nxt)
                for c in continued.regex.finditer(t, m.end(), run[-1].end):
                    own = next(s for s in run if s.start <= c.start("units") < s.end)
                    if own is not sent:   # a sentence past the cue's: no cue made it needed
                        d.force(c.start("units"), c.start("at"), unneeded=True)
                    # aimed within its own clause: the units before 为, not the first clause's
                    clause = Sentence(c.start("units"), own.end, own.para)
                    add(target, _aim(d, clause, c.start("at"), used_blocks), own)

    # list headings (一等奖: / 红榜名单 / 黑榜名单; 先进单位 in a document that commends)
    headings = [("list.praise_heading", commended, True), ("list.criticism_heading", criticised, True)]
    purpose = cues.pattern("doc.praise_purpose")
    if d.search(purpose):
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
                if block and _opens_below(d, b + 1, block[0][0], loose):
                    add(target, [_mention_at(d, x, y, "list") for x, y in block], d.sent_at(a))

    # 一、“红榜”:东岭村;南塘村。: the units on the heading's own line
    inline = cues.rules["list.inline_heading"]
    for m in d.matches(inline):
        if m.start() >= limit:
            break
        line_end = t.find("\n", m.end())
        line_end = len(t) if line_end < 0 else line_end
        items = [(p.start(), p.end()) for p in _INLINE_ITEM.finditer(t, m.end(), line_end)]
        units = [_mention_at(d, a, b, "list") for a, b in items if _is_unit_name(t[a:b], loose=bool(m.group("graded")))]
        add(commended if m.group("praise") else criticised, units, d.sent_at(m.start()))

    # typical cases (一、X违法违规使用医保基金案)
    for m, la in d.case_units:
        if la >= limit:
            break
        add(criticised, [m], d.sent_at(la))
    for m, la in _case_items(d):
        if la >= limit:
            break
        add(criticised, [m], d.sent_at(la))

    # 4. penalties
    lifting = scan and d.can_match(pen.pattern("lifting")) and any(
        not d.in_quote(m.start(), m.end()) for m in pen.pattern("lifting").finditer(t, 0, limit))
    pens: dict[tuple, PenaltyHit] = {}
    taken: list[tuple[int, int]] = []
    duty, attr, field = pen.pattern("duty"), pen.pattern("attributive"), pen.pattern("field_label")
    if scan and not lifting:
        for rule in pen.rules.values():
            if not rule.id.startswith("measure."):
                continue
            found = d.matches(rule)
            if not found:
                continue
            measure = rule.measure   # read from the rule's spec on every access: once
            for m in found:
                if m.start() >= limit:
                    break
                if d.in_quote(m.start(), m.end()) or any(a <= m.start() < b for a, b in taken):
                    continue
                sent = d.sent_at(m.start())
                if conditional(sent, m.start()):
                    continue
                clause = max([sent.start] + [x.end() for x in _CLAUSE.finditer(t, sent.start, m.start())])
                if d.search(duty, clause, m.start()):
                    continue   # 国土分局负责注销(吊销)采矿许可证工作: a duty, not a penalty
                attributive = attr.match(t, m.end(), sent.end)
                units = _counted_object(d, sent, m.end())
                if units is None:   # (曝光了31家单位: the names before are the agent's)
                    units = _aim(d, sent, m.end(), used_blocks, need_trigger=bool(attributive), word_start=m.start())
                if attributive and not units:   # 省政府决定关闭的宏达煤矿: the unit the measure describes
                    d.force(attributive.end(), attributive.end() + 1)
                    units = [x for x in d.mentions_from(attributive.end(), attributive.end()) if x.source != "party"][:1]
                if not units:
                    sec = _section_unit(d, m.start())
                    carried = _carried_target(d, sent, used_blocks)
                    units = [sec] if sec else carried
                if not units and d.party:   # 处罚种类: 没收…、罚款 under 当事人: / 案名:
                    k = bisect.bisect_right(d.line_starts, m.start()) - 1
                    units = [d.party] if field.match(t, d.line_starts[k]) or _under_decision(d, k) else []
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
    # a 警告 given alone is a public reprimand (挂牌警告, 给予…景区严重警告); with a
    # fine or a confiscation it is an administrative sanction, which criticises no one
    sanctioned = {p.unit for p in pens.values() if p.measure in ("罚款", "没收")}
    for p in pens.values():
        if p.unit and p.measure == "警告" and p.unit not in sanctioned and p.unit not in criticised:
            criticised[p.unit] = UnitHit(p.unit, p.unit_start, p.unit_end, p.evidence_start, p.evidence_end)
    out.commended = list(commended.values())
    out.criticised = list(criticised.values())
    out.penalties = list(pens.values())
    return out


def _under_decision(d: _Doc, k: int) -> bool:
    """Line k is one of the penalties a decision announces on a line above
    (作出以下行政处罚: then 罚款…, or 1.罚款… 2.…), past blank and numbered lines."""
    rule = _pen().pattern("decision_follows")
    for j in range(k - 1, max(-1, k - 8), -1):
        a, b = d.lines[j]
        if rule.search(d.text, a, b):
            return True
        if d.text[a:b].strip() and not _NUMBERING.match(d.text[a:b]):
            return False
    return False

"""Aiming a cue or measure at its units: after 对/责令/给予, else the clause's
subject, else a list it announces or a counted block, and anaphors
(以上/上述/该N个单位/该公司/你单位) resolved to the units they point back to."""
from __future__ import annotations

import bisect

import regex

from ..numerals import to_int
from .cues import _cues
from .document import Mention, Sentence, _Doc, _is_unit_name, _unit_items
from .lists import _list_blocks, _numbered_heading_units, _section_unit
from .patterns import _ANAPHOR_BEFORE, _CLAUSE, _COUNT_AFTER_NAME, _DESCRIBED_TARGET, _PLACE_NOTE, _RU, _WS


# ---------------------------------------------------------------- aiming

def _resolve_anaphor(d: _Doc, kind: str, m: regex.Match) -> list[Mention]:
    pos = m.start()
    if kind == "party":
        return [d.party] if d.party else []
    if kind == "one":
        suf = m.group("suffix")
        generic = suf in ("单位", "企业")
        # a specific suffix (该局, 该院 …) only takes a mention whose text ends
        # with it: sentences without it need not be made on the way back.
        # 该校 points back to a 学校 and to a 中学/小学/大学 alike.
        ends = ("学", "校") if suf == "校" else (suf,)
        sec = _section_unit(d, pos) if generic else None
        if sec is not None:
            return [sec]   # 一、某早餐店 … 发现该单位存在以下隐患: the unit the section is about
        for x in _latest_first(d, pos, None if generic or suf == "校" else suf):
            if x.end <= pos and x.source != "party" and (
                    generic or x.key.endswith(ends)):
                return [x]
        return [d.party] if d.party else []
    # group: 以上/上述/该 [N个] 单位
    count = to_int(m.group("count")) if m.group("count") else None
    sent = d.sent_at(pos)
    para = sent.para
    pa = d.paras[para][0]
    # the units it points back to stand before its clause: a name in the
    # clause itself is the body that acts (菏泽市教育局对以上两所学校…)
    back = max([sent.start] + [c.end() for c in _CLAUSE.finditer(d.text, sent.start, pos)])
    d.force(pa, back)
    # x.end <= back: x starts in pa..back
    pool = [x for x in d.mentions_from(pa, back) if x.end <= back and x.source != "party"]
    p = para
    while (not pool or (count and len(_distinct(pool)) < count)) and p > 0:
        p -= 1
        d.force(d.paras[p][0], back)
        pool = [x for x in d.mentions_from(d.paras[p][0], back) if x.end <= back and x.source != "party"]
    units = _distinct(pool)
    if count and len(units) < count:
        # fewer names than 上述四单位 counts: the ones it means were not read as
        # units (处长某某), and the few that were are someone else (学院 in 学院召开…)
        return []
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


def _anaphor_at(d: _Doc, pos: int, end: int) -> list[Mention]:
    """The units an anaphor starting at `pos` points back to, else []."""
    return next((units for s, _e, units in _anaphors(d, pos, end) if s == pos), [])


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


AGENT_RULES = ("agent.approval", "agent.passive")
# matched right after a unit's name: the unit exposes cases, or has already ordered or punished
AFTER_NAME_AGENT_RULES = ("agent.exposes", "agent.has_ordered")
AGENT_MARKS = ("经", "被", "受")
_DECIDES = ("决定", "研究决定")   # X决定: X is the body that decides


def _agents(d: _Doc, sent: Sentence, pos: int) -> list[tuple[int, int]]:
    """Spans of the bodies that act before `pos` in the sentence: 经X决定/研究/批准
    deciders, 被X通报批评 agents."""
    cues = _cues()
    return [(m.start("agent"), m.end("agent"))
            for rid in AGENT_RULES if d.can_match(rule := cues.pattern(rid))
            for m in rule.finditer(d.text, sent.start, sent.end) if m.start("agent") < pos]


def _aim(d: _Doc, sent: Sentence, pos: int, used_blocks: set, allow_after: bool = True,
         need_trigger: bool = False, word_start: int | None = None) -> list[Mention]:
    """The units a cue or measure at `pos` is aimed at (see module doc, step 5).
    need_trigger: only units after 对/责令/给予 count (a measure used as a modifier);
    word_start: where the measure's words begin, when pos is their end."""
    t = d.text
    cands: list[tuple[int, int, list[Mention], int | None]] = []  # (start, end, units, count)
    prefix = t[sent.start:pos]
    # the agent rules open with 经 or 被 (AGENT_MARKS, checked by a test): most sentences hold neither
    agents = _agents(d, sent, pos) if any(w in prefix for w in AGENT_MARKS) else []
    d.force(sent.start, pos)
    # read right after a name: it is the body that acts (most documents hold none of their words)
    acting = [rule for rid in AFTER_NAME_AGENT_RULES if d.can_match(rule := _cues().pattern(rid))]
    for x in d.mentions_from(sent.start, pos):   # x.end <= pos: x starts in sent.start..pos
        if x.end <= pos and x.source != "party":
            if any(x.start < b and a < x.end for a, b in agents):
                # 经省政府决定关闭的…: the decider, not the target (经县人民政府研究:
                # the segmenter may join 经 to the name, which then overlaps it)
                continue
            if t.startswith(_DECIDES, x.end):
                continue   # 市妇联决定,对…进行评比表彰: the body that decides
            if any(rule.match(t, x.end) for rule in acting):
                continue   # 某局曝光第二十批价格违法案件, 某分局已责令整改: the body that exposes or orders
            if _given_title(t, x):
                continue   # 给予“市级文明社区”摘牌警告: the title at stake, not a unit
            if x.start > sent.start and t[x.start - 1] == "其":
                continue   # 约谈其县政府分管领导: a body of the subject's, not one the cue names
            cands.append((x.start, x.end, [x], None))
    for s, e, units in _anaphors(d, sent.start, pos):
        cands = [c for c in cands if not (s <= c[0] < e)]
        cands.append((s, e, units, None))
    for s, e, n in _counts(d, sent.start, pos):
        cands.append((s, e, [], n))
    guanyu = t.rfind("关于", sent.start, pos)
    # 某政府关于依法关闭某石场的公告, 根据《国务院关于…》: the issuer is not the
    # target; a 关于 with no name before it, in an earlier clause
    # (取消X所有关于评优的资格,并…通报批评), opens no title
    if guanyu >= 0 and (any(c[1] == guanyu for c in cands) or not _CLAUSE.search(t, guanyu, pos)):
        cands = [c for c in cands if c[0] > guanyu]
    cands.sort(key=lambda c: c[0])
    cands = _without_joint_agents(d, cands, pos)
    if len(cands) > 1 and cands[-1][2] and _cues().pattern("agent.acts_on_it").match(t, cands[-1][1], sent.end):
        # Y局依法责令其…, Y局依法没收其…: 其 is the sentence's subject (the match may run
        # past pos: the measure itself can be the verb before 其)
        cands = cands[:1]
    chosen = []
    if cands:
        trig, bare_trigger = None, False
        for m in _cues().pattern("trigger").finditer(t, sent.start, pos):
            if any(c[0] >= m.end() for c in cands):
                trig = m
            elif m.start() >= cands[-1][1] and m.group() in _cues().rules["praise.continued_clause"].after:
                bare_trigger = True
        if trig is not None:
            chosen = [c for c in cands if c[0] >= trig.end()]
        elif need_trigger or bare_trigger or _DESCRIBED_TARGET.search(t, cands[-1][1], pos):
            # 对…落后的县区进行通报批评, 全国爱卫会决定,命名某区为…: what stands after
            # the verb names no unit we know, and the one before it is the body that acts
            # (对 alone may mean towards: 雷牙镇对信息工作不重视 names 雷牙镇)
            return []
        elif word_start is not None and _object_unnamed(t, cands[-1][1], word_start):
            return []
        else:
            last = cands[-1]
            chosen = None
            gap = last[3] and len(cands) > 1 and _COUNT_AFTER_NAME.fullmatch(t, cands[-2][1], last[0])
            if gap:
                # X等43个村, A、B等5个乡镇: the count goes with the names before 等; without
                # 等 only when it counts them (A、B 2家旅行社, not 甲县5个乡镇: five of its own)
                named = _coordinated(t, cands, _members(cands, cands[-2]))
                if "等" in gap.group() or sum(len(c[2]) for c in named) == last[3]:
                    chosen = named + [last]
            if chosen is None:
                chosen = _coordinated(t, cands, _members(cands, last))
    units = [u for c in chosen for u in c[2]]
    counted = next((c for c in chosen if c[3]), None)
    if counted and len(_distinct(units)) < counted[3]:
        # names given later stand for a count that names no one itself
        block = (_units_for_count if not units else _block_for_count)(d, sent, counted[0], counted[3])
        if block:
            return block
    if units:
        return _distinct(units)
    if not allow_after:
        return []
    # the cue announces a list on its own line (被红牌警告的单位是:A、B、C。)
    inline = d.search(_cues().pattern("list.inline"), pos, sent.end)
    if inline and inline.start() <= pos + 6:   # right after the measure's word
        d.force(inline.end(), sent.end)
        named = [x for x in d.mentions_from(inline.end(), sent.end) if x.end <= sent.end and x.source != "party"]
        if named:
            return _distinct(named)
    # the cue announces a list (曝光如下：, 如：A)
    follows = _cues().pattern("list.follows")
    follows = d.search(follows, pos, sent.end)
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


def _object_unnamed(t: str, a: int, b: int) -> bool:
    """Between the last name (ending at a) and the measure (at b), 对 opens the
    measure's own clause, and what it governs is no name we know (某局对企业罚款,
    某局对李某作出…): the name before is the body that acts. 对其 points back to
    a unit named earlier; a 被 after 对 makes the name the one acted on; 对 in an
    earlier clause is a topic (某公司对隐患整改不力,被罚款) unless the clauses
    after it go on with 并 (某局对企业罚款,并责令限期整改). Only for measures:
    a cue may describe its subject (某镇对信息工作不重视 names 某镇)."""
    dui = t.rfind("对", a, b)
    if dui < 0 or t[dui + 1:dui + 2] == "其" or "被" in t[dui:b]:
        return False
    return all(t.startswith("并", c.end()) for c in _CLAUSE.finditer(t, dui, b))


_QUOTES_BEFORE = regex.compile(r"(?r)(?:给予|予以|授予)(?:“[^“”\n]{1,20}”)*\G")


def _given_title(t: str, x: Mention) -> bool:
    """x is the whole of a quote that a measure or an honour names after 给予 /
    予以 / 授予 (给予“市级文明单位”“市级文明社区”摘牌警告)."""
    if not (x.start > 0 and t[x.start - 1] == "“" and t.startswith("”", x.end)):
        return False
    return _QUOTES_BEFORE.search(t, max(0, x.start - 60), x.start - 1) is not None


def _without_joint_agents(d: _Doc, cands: list, pos: int) -> list:
    """cands without the bodies that act together before pos (A、B联合表扬…):
    the last name followed by agent.jointly and the names coordinated before it."""
    jointly, coordination = _cues().pattern("agent.jointly"), _cues().pattern("coordination")
    if not cands or not d.can_match(jointly):   # (most documents hold none of its words)
        return cands
    t = d.text
    for i in range(len(cands) - 1, -1, -1):
        if cands[i][2] and cands[i][1] < pos and jointly.match(t, cands[i][1]):   # (its verb may be the cue at pos)
            j = i
            while j > 0 and coordination.fullmatch(t, cands[j - 1][1], cands[j][0]):
                j -= 1
            return cands[:j] + cands[i + 1:]
    return cands


def _members(cands: list, c: tuple) -> list:
    """Candidate c with the others of its enumeration (A、B、C等单位: one group)."""
    group = next((x.group for x in c[2] if x.source in ("enumeration", "ellipsis")), None)
    return [y for y in cands if group is not None and any(x.group == group for x in y[2])] or [c]


def _coordinated(t: str, cands: list, chosen: list) -> list:
    """The chosen candidates with the names coordinated before them (A、B和C,
    A、B等2家企业和C、D等2个单位, 3家企业(A、B)和6个单位(C、D)): the
    subject of the cue is all of them, not the last name or group alone."""
    coordination = _cues().pattern("coordination")
    k = cands.index(chosen[0])
    while k > 0:
        j = k - 1
        while j >= 0 and not cands[j][2]:
            j -= 1   # a count between the groups (6个单位) names no one
        gap = coordination.fullmatch(t, cands[j][1], chosen[0][0]) if j >= 0 else None
        if gap is None or gap.group() == "、" and _members(cands, chosen[0]) != [chosen[0]]:
            break   # (an enumeration holds the names its 、 joins: one before it is no item)
        before = _members(cands, cands[j])
        chosen = before + [c for c in chosen if c not in before]
        k = cands.index(before[0])
    return chosen


def _units_for_count(d: _Doc, sent: Sentence, at: int, count: int) -> list[Mention]:
    """The units a counted target at `at` stands for: as many numbered
    headings naming a unit below the sentence, else a list below it, else
    names given later in the text."""
    heads = _numbered_heading_units(d, sent.end)
    if len(heads) == count:   # 现曝光2家火灾隐患单位 / 一、某早餐店 … 二、某餐馆
        return [_mention_at(d, a, b, "heading") for a, b in heads]
    return _block_for_count(d, sent, at, count) or _named_later(d, sent, count) or _described_later(d, sent, count)


_DESCRIBED_WITHIN = 4   # paragraphs after the count where the names may open


def _described_later(d: _Doc, sent: Sentence, count: int) -> list[Mention]:
    """The names of N units given one to a clause, each followed by what it
    did, in the paragraphs after the sentence that counts them (rule
    count.described_item): from the first paragraph where two or more of the
    names end in an organ's suffix (the others there may lack one: 新阳光商城)
    and the paragraphs after it with one or more, and no more than N."""
    rule = _cues().pattern("count.described_item")
    found: list[tuple[int, int]] = []
    for k, (a, b) in enumerate(d.paras[sent.para + 1:]):
        if not found and k >= _DESCRIBED_WITHIN:   # the names open close to the count, or not at all
            break
        names = [(m.start("name"), m.end("name")) for m in rule.finditer(d.text, a, b)
                 if _is_unit_name(m["name"], loose=True)]
        if sum(_is_unit_name(d.text[x:y]) for x, y in names) < (1 if found else 2):
            if found:
                break
            continue
        found += names
        if len(found) >= count:
            break
    return [_mention_at(d, x, y, "list") for x, y in found[:count]] if len(found) >= 2 else []


def _counted_object(d: _Doc, sent: Sentence, pos: int) -> list[Mention] | None:
    """The units of a counted target right after a cue (曝光了 12 家…单位):
    [] when the text never names them, None when no counted target follows."""
    cues = _cues()
    m = cues.pattern("count.target").match(d.text, cues.pattern("count.after_verb").match(d.text, pos, sent.end).end(),
                                          sent.end)
    n = to_int(m.group("count")) if m else None
    return _units_for_count(d, sent, m.start(), n) if n else None


def _named_later(d: _Doc, sent: Sentence, count: int) -> list[Mention]:
    """The names of N units given after the sentence that counts them, in its
    paragraph or the next two: A、B等N家 (the enumeration before 等), or N家单位
    分别是A、B… (the names after it, in its sentence)."""
    rule = _cues().pattern("count.named_later")
    if not d.can_match(rule):
        return []
    last = min(len(d.paras) - 1, sent.para + 2)
    for m in rule.finditer(d.text, sent.end, d.paras[last][1]):
        if to_int(m.group("count")) != count:
            continue
        s = d.sent_at(m.start())
        if m.group("named"):
            d.force(s.start, m.start(), unneeded=True)
            before = [x for x in d.mentions_from(s.start, m.start()) if x.end <= m.start() and x.source != "party"]
            gap = d.text[before[-1].end:m.start()].strip() if before else None
            if gap is None or gap and not _PLACE_NOTE.fullmatch(gap):   # …有限公司(仓山区)等20家
                continue
            group = before[-1].group
            return _distinct([x for x in before if x.group == group])
        # 分别是A、B、C: a list line's items, as many as the count; when the
        # count and the items agree, an item need not look like a name
        # (西昌银座KTV娱乐广场)
        clause = _CLAUSE.search(d.text, m.end(), s.end)
        items = _unit_items(d.text[m.end():clause.start() if clause else s.end])
        if not items or len(items) != count:
            items = _counted_items(d.text, m.end(), clause.start() if clause else s.end, count)
        if items and len(items) == count:
            return [_mention_at(d, m.end() + x, m.end() + y, "list") for x, y in items]
        d.force(m.end(), s.end, unneeded=True)
        names = _distinct([x for x in d.mentions_from(m.end(), s.end) if x.source != "party"])
        if names:
            return names[:count]
    return []


def _counted_items(text: str, a: int, b: int, count: int) -> list[tuple[int, int]] | None:
    """(start, end) relative to `a` of the `count` items apart by 、 in
    text[a:b] (its closing mark dropped), when there are that many and each
    is a short run without a blank; else None."""
    body = text[a:b].rstrip("。；;， \t")
    parts = body.split("、")
    if len(parts) != count or not all(2 <= len(p) <= 30 and not any(c.isspace() for c in p) for p in parts):
        return None
    out, pos = [], 0
    for p in parts:
        out.append((pos, pos + len(p)))
        pos += len(p) + 1
    return out


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

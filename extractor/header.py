"""版头 and 主送: masthead, 发文字号, title, 文种, addressees.

Anchors first, then fields inside their zone: the header is the stretch from
the document's start to the 主送 line (or the first line of running text), so
numbers and dates cited in the body are never taken for the document's own.
Sets doc.fields: masthead, issuers (from the masthead), header_orgs, title_orgs,
doc_number, title, doc_type, addressees; and doc.body_start.
"""
from __future__ import annotations

import functools
import re

import regex

from . import rules
from .document import Document, Line
from .models import DocNumber, Span
from .numerals import doc_year
from .text import HAN_CHAR, ITEM_SEP, next_nonblank_line, squeeze_spaces

_HEADER_LINES = 14  # a 版头 never runs longer than this many non-blank lines
_SEP = regex.compile(r"[，,；;]")
_OWN_LING_HAN = regex.compile(r"(?:复函|公函|之函|的函|关于.*函|政府令|令)$")
_DIGIT_OR_YEAR = regex.compile(r"\d|[〔\[［(（]\s*\d")
_GAP_BEFORE = regex.compile(r"[ \t|]$")
_NOT_IN_PREFIX = regex.compile(r"[:：»>|]|[ \t]")
_BLANKS = regex.compile(r"[ \t]+")
_SPACED_CODE_LEAD = regex.compile(r"\p{Han}{1,4}[ \t]+[0-9]{1,6}[ \t]+$")
_CLAUSE_MARK = re.compile("[，。；:：]")  # punctuation no bare title holds
# the same marks, and their ASCII forms (a copy's body text: 关于某某问题,现作如下决定:)
_SENTENCE_MARK = re.compile(_CLAUSE_MARK.pattern[:-1] + ",;:]")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")  # a title's note: …的规定(一) (附:说明)


@functools.lru_cache(maxsize=None)
def doc_types() -> tuple[dict[str, str], tuple[str, ...]]:
    vocab = rules.load("doc_types").vocab
    return vocab["types"], tuple(vocab["title_only"])


@functools.lru_cache(maxsize=None)
def _types_longest_first() -> tuple[str, ...]:
    return tuple(sorted(doc_types()[0], key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def pinyin_noise() -> regex.Pattern:
    """A mirror's pinyin after a character: 號(hào)."""
    return rules.compile_pattern("{PINYIN_NOISE}", rules.global_fragments())


@functools.lru_cache(maxsize=None)
def _title_key_parts():
    vocab = rules.load("doc_types").vocab
    types, title_only = doc_types()
    endings = sorted({*types, *title_only}, key=len, reverse=True)
    # the endings as a tuple for str.endswith: a key holds no \n (squeeze_spaces
    # removed it), so this is what a search for (?:ending|…)$ finds, without
    # trying every position of a long line
    traditional = str.maketrans(vocab["traditional"])
    last = {e[-1] for e in endings}
    return (pinyin_noise(),
            traditional,
            tuple(endings),
            regex.compile("[" + "".join(map(regex.escape, vocab["traditional"])) + "]"),
            # characters a key can end in and still end like a title (Traditional forms too)
            frozenset(last | {t for t, simple in vocab["traditional"].items() if simple in last}))


def title_key(title: str) -> str:
    """The title as the 文种 vocabulary reads it: no spaces, no pinyin residue,
    Traditional 文种 characters in their simplified form."""
    noise, traditional, _, any_traditional, _ = _title_key_parts()
    t = squeeze_spaces(title)
    if "(" in t:
        t = noise.sub("", t)
    # translate() is slow on text it leaves as it is (nearly every title): test first
    return t.translate(traditional) if any_traditional.search(t) else t


def doc_type_of(title: str | None) -> str | None:
    """文种 from the title's last words, longest ending first (实施意见 → 意见)."""
    if not title:
        return None
    t = rules.load("doc_types").pattern("issue_note").sub("", title_key(title)).rstrip(" 　)）」』”\"'.。!！")
    types, _ = doc_types()
    for ending in _types_longest_first():
        if t.endswith(ending):
            # a bare 令 or 函 ends many words (命令 aside); accept it only as a word of its own
            if ending in ("令", "函") and len(t) > 1 and not _OWN_LING_HAN.search(t):
                continue
            return types[ending]
    return None


def ends_like_title(text: str) -> bool:
    _, _, endings, _, last_chars = _title_key_parts()
    # Unless it ends in a bracket (pinyin residue, a closing ）), a text's last
    # character is its key's last one: most lines are turned away by that alone.
    s = text.rstrip(" \t\r\n\u3000\xa0")
    if s and s[-1] not in ")）" and s[-1] not in last_chars:
        return False
    key = title_key(text)
    if key.rstrip("）)").endswith(endings):
        return True
    # a note in brackets after the 文种: …的规定(试行), …若干问题的规定(一); a bare
    # 文种 with one (命令(二)) is a heading, not a title
    if not key.endswith((")", "）")):
        return False
    bare = rules.load("doc_types").pattern("title_note").sub("", key)
    return bare.endswith(endings) and bare not in endings


def _ends_title(doc: Document, text: str) -> bool:
    """ends_like_title, remembered for the document: a title's lines are tested again and again."""
    key = ("ends_like_title", text)
    found = doc.memo.get(key)
    if found is None:
        found = doc.memo[key] = ends_like_title(text)
    return found


def _body_like(text: str) -> bool:
    return _stripped_body_like(text.strip())


def _stripped_body_like(s: str) -> bool:
    return "。" in s or (len(s) > 80 and ("，" in s or "," in s))


def read_header(doc: Document) -> None:
    header = rules.load("header")
    # the splitter's 第N篇 heading: archive chrome before a document, never part of its fields
    heading, masthead_re = rules.load("splitter").pattern("split.article_heading"), header.pattern("masthead")
    lines = doc.lines
    first = 0
    while first < len(lines) and (not lines[first].stripped or heading.match(lines[first].text)):
        first += 1
    first = _past_wrapper(doc, lines, first)
    # the header zone: up to and including the first line of running text
    metadata_label, metadata_issuer, metadata_row = (header.pattern(n) for n in ("metadata_label", "metadata_issuer", "metadata_row"))
    chrome = _title_rules()[3]
    limit, seen, value_next = first, 0, None   # value_next: the line after a label holds its value
    metadata: set[int] = set()   # lines of a metadata table: labels alone and the values under them
    repeated: set[str] = set()   # the 版头 lines counted
    while limit < len(lines) and seen < _HEADER_LINES:
        stripped = lines[limit].stripped
        if stripped:
            if _stripped_body_like(stripped):
                break
            # a metadata table's label and the value under it are no 版头 line
            # (公文类型 / 部办公厅函 is no title)
            label = len(stripped) <= 12 and metadata_label.match(stripped)
            if label or value_next or metadata_row.match(stripped):
                metadata.add(limit)
            elif HAN_CHAR.search(stripped) and not chrome.search(stripped) and stripped not in repeated:
                # a portal's menu (| 加入收藏 | 手机版), a line without Han and a
                # copy of a line above (a law database prints its title again
                # and again) are no further 版头 line
                seen += 1
                repeated.add(stripped)
            if value_next == "keywords":   # kept for the footer, whose 版记 主题词 wins
                doc.fields["metadata_keywords_view"] = (lines[limit].start, lines[limit].end)
            elif value_next == "issuer":
                _metadata_orgs(doc, lines[limit].start, lines[limit].end)
            issuer = metadata_issuer.match(stripped)
            if issuer and issuer["value"]:   # 發文機關國務院,中央軍委: label and value on one line
                metadata.add(limit)
                at = lines[limit].start + lines[limit].text.index(stripped)
                _metadata_orgs(doc, at + issuer.start("value"), at + issuer.end("value"))
            value_next = ("keywords" if label["keywords"] else "issuer" if issuer else "value") if label else None
        limit += 1
    limit = min(limit, len(lines) - 1)

    mast = _masthead(doc, lines, first, limit, masthead_re)
    after = mast[1] + 1 if mast else first
    doc.fields["issuers"] = mast[2] if mast else []
    if mast:
        doc.fields["masthead"] = doc.trimmed(lines[mast[0]].start, lines[mast[1]].end)

    number = _own_doc_number(doc, lines, first, limit)
    doc.fields["doc_number"] = number[0] if number else None
    doc.fields["doc_number_view"] = number[1] if number else None

    own = title = _title(doc, lines, after, limit, number, metadata)
    addressee_from = title[2] if title else (number[1][1] if number else lines[after].start if after < len(lines) else doc.start)
    # a metadata table's title row, above the 文号 and the 主送 (and maybe above
    # where a wrapper's running text ends): the 主送 is still sought below those
    title = title or _metadata_title(doc, lines, limit)
    if title:
        doc.fields["title"] = squeeze_spaces(title[0])
        doc.fields["title_span"] = doc.trimmed(title[1], title[2])
        doc.fields["title_end_pos"] = title[2]
        doc.fields["doc_type"] = doc_type_of(doc.fields["title"])
    to = _addressees(doc, addressee_from, lines[limit].end if lines else doc.end)
    doc.fields["addressees"], doc.fields["addressee_spans"] = to[0], to[1]
    body_pos = to[2] if to[2] is not None else (own[2] if own else addressee_from)
    doc.body_start = doc.line_index_at(body_pos)
    doc.fields["body_start_pos"] = body_pos
    doc.fields["header_orgs"] = _standalone_orgs(doc, lines, first, doc.body_start, title)
    doc.fields["title_orgs"] = _title_prefix_orgs(doc, title)
    if not (doc.fields["issuers"] or doc.fields["header_orgs"] or doc.fields["title_orgs"]):
        doc.fields["header_orgs"] = _orgs_under_copies(doc, lines, first, doc.body_start, title)
    if not number and title:
        number = _trailing_number(doc, lines)
        if number:
            doc.fields["doc_number"], doc.fields["doc_number_view"] = number
    _dateline(doc, lines, doc.line_index_at(title[2]) + 1 if title else first, doc.body_start, bool(title))
    if title and "dateline_view" not in doc.fields:
        _adoption_note_below(doc, lines, doc.line_index_at(title[2]) + 1)


def _adoption_note_below(doc: Document, lines: list[Line], k: int) -> None:
    """An adoption note on the line under the title ((2016年3月9日…会议通过)) dates
    a document whose body runs straight on below it; the body starts after it."""
    while k < len(lines) and not lines[k].stripped:
        k += 1
    if k < len(lines) and _adoption_date(doc, lines[k]):
        if doc.fields["body_start_pos"] < lines[k].end:
            doc.fields["body_start_pos"] = lines[k].end
            doc.body_start = k


def _adoption_date(doc: Document, ln: Line) -> bool:
    """Line ln is an adoption note ((2011年5月20日…会议通过)): its date is the dateline."""
    m = rules.load("header").pattern("adoption_note").match(ln.text) if "通" in ln.text else None
    if m:
        doc.fields["dateline_view"] = (ln.start + m.start("date"), ln.start + m.end("date"))
    return m is not None


def _dateline(doc: Document, lines: list[Line], k: int, body_start: int, titled: bool) -> None:
    """A line from line k to the body that dates the document: a speech's
    subtitle (——2020年1月5日在…会议上), an adoption note ((2011年5月20日…会议通过)),
    or, under a title, one with its organ ((1992年6月15日 国家旅游局)). Kept for
    the footer, whose signature wins."""
    header = rules.load("header")
    rule, number, speech = header.pattern("dateline"), header.pattern("doc_number"), header.pattern("speech_dateline")
    while k < min(body_start, len(lines)):
        ln = lines[k]
        if "年" not in ln.text:
            k += 1
            continue
        if "在" in ln.text and (m := speech.match(ln.text)):
            doc.fields["dateline_view"] = (ln.start + m.start("date"), ln.start + m.end("date"))
            if all(a.startswith("各位") for a in doc.fields["addressees"]):
                # 各位代表: greets the meeting the speech was delivered at
                doc.fields["addressees"], doc.fields["addressee_spans"] = [], []
            return
        if _adoption_date(doc, ln):
            return
        m = rule.match(ln.text)
        if m and not titled and not (m["open"] and number.search(ln.text, 0, m.start("date"))):
            m = None   # untitled, only a bracketed 题注 with its 文号 dates the document: (国函〔2000〕83号 2000年6月23日)
        # what follows the date must be an organ or the 发文字号 (2001年12月5日  财建〔2001〕899号),
        # not an adoption note (…第一次会议通过)
        org = m and m["org"] and org_only(m["org"])
        if m and (not m["org"] or org or number.fullmatch(m["org"].strip())):
            doc.fields["dateline_view"] = (ln.start + m.start("date"), ln.start + m.end("date"))
            if org:
                doc.fields["dateline_orgs"] = [doc.trimmed(ln.start + m.start("org"), ln.start + m.end("org"))]
            return
        k += 1


def _metadata_title(doc: Document, lines: list[Line], limit: int) -> tuple[str, int, int] | None:
    """The title a metadata table's title row gives (信息名称: | 教育部关于…的通知 |),
    for a document whose own lines carry none."""
    rule = rules.load("header").pattern("metadata_title")
    for ln in lines[:limit + 1]:
        m = rule.match(ln.text)
        if m and doc_type_of(m["value"]):
            return m["value"], ln.start + m.start("value"), ln.start + m.end("value")
    return None


def _metadata_orgs(doc: Document, a: int, b: int) -> None:
    """The organs a metadata table's 发文机关 value names (國務院,中央軍委), kept
    for the footer: they are the issuers when the signature names none."""
    text, spans, pos = doc.view.text, [], a
    for part in ITEM_SEP.split(text[a:b]):   # one-character separators: pos moves by len(part) + 1
        if org_only(part):
            start = pos + len(part) - len(part.lstrip())
            spans.append(doc.trimmed(start, start + len(part.strip())))
        pos += len(part) + 1
    if spans:
        doc.fields["metadata_orgs"] = spans


def _past_wrapper(doc: Document, lines: list[Line], first: int) -> int:
    """News portals and forums put paragraphs before the document itself: when
    a line announces the full text (全文如下——), the document starts on the
    next line; when a 发文字号 stands alone a few lines down, below running
    text, it starts after the last paragraph of running text above it."""
    header = rules.load("header")
    pattern, year = header.pattern("doc_number"), header.pattern("doc_number_year")
    full_text = header.pattern("full_text_follows")
    trad = _has_traditional_hao(doc)
    seen, i = 0, first
    while i < len(lines) and seen < 20:
        ln = lines[i]
        if ln.stripped:
            seen += 1
            t = ln.text
            if "如下" in t and full_text.search(t):
                return i + 1
            if seen <= 8 and "《" in t and _body_like(t):   # a lead stands near the top
                lead = _quoted_below(doc, lines, first, i)
                if lead is not None:
                    return lead
            # 号 and the bracketed year first: cheap
            if ("号" in t or (trad and "號" in t)) and year.search(t) and _number_opens(pattern, t):
                if not any(lines[k].stripped for k in range(i + 1, len(lines))):
                    break   # the last line (连政复〔2023〕12号.doc): a download's name, below the document
                # the last line of running text above it, looked for only now that it counts
                last_body = next((k for k in range(i - 1, first - 1, -1) if _body_like(lines[k].text)), None)
                return last_body + 1 if last_body is not None else first
        i += 1
    return first


_QUOTED = regex.compile(r"《([^《》\n]{6,80})》")
_LETTERS = regex.compile(r"[^\p{Han}\p{L}\p{N}]+")


def _quoted_below(doc: Document, lines: list[Line], first: int, i: int) -> int | None:
    """A news lead (近日,X印發《…的決定》(全愛衛發〔2021〕2號),…) above the document
    it quotes: when no title stands above the lead and the next lines open with
    the quoted title, the document starts there. The number that follows the
    quote is kept: the document's own when its header gives none."""
    nxt = next((k for k in range(i + 1, min(i + 4, len(lines))) if lines[k].stripped), None)
    if nxt is None or _body_like(lines[nxt].text):
        return None   # running text goes on below: no title there
    # compared on letters and digits only: the quote may drop the issuer before
    # 关于 and write its dashes otherwise (2018—2020 against 2018-2020)
    raw = "".join(ln.text for ln in lines[nxt:nxt + 3])
    below = None
    t = lines[i].text
    for m in _QUOTED.finditer(t):
        if m[1][:2] not in raw[:80]:
            continue   # the quote's opening is not below: most quotes cite other documents
        below = below or _LETTERS.sub("", title_key(raw))[:40]
        quoted = title_key(m[1])
        if not ends_like_title(quoted) or _LETTERS.sub("", quoted)[:8] not in below:
            continue
        if ":" in t[:m.start()] or "：" in t[:m.start()]:
            return None   # a 主送 run into the body (各区…政府: 《…意见》…现印发给你们): the document itself
        if any(lines[k].stripped and _ends_title(doc, lines[k].text) for k in range(first, i)):
            return None   # the lead is the body of a document already begun (…印发给你们)
        at = lines[i].start + m.end()
        number = next(doc_numbers(doc.view.text, at, lines[i].end), None)
        if number and doc.view.text[at:number.start()].strip() in ("(", "（"):
            doc.fields["lead_number"] = number
        return nxt
    return None


def _has_traditional_hao(doc: Document) -> bool:
    """Whether the file writes 號 at all (Traditional mirrors): looked up once per
    file, so that lines of the others are searched for 号 only."""
    found = doc.view.memo.get("has 號")
    if found is None:
        found = doc.view.memo["has 號"] = "號" in doc.view.text
    return found


def _number_opens(pattern, t: str) -> bool:
    """Whether the first 发文字号 on line t opens it (after blanks and a bracket).

    The same as testing `pattern.search(t)`'s start, but the pattern is tried only
    at those opening positions instead of all along the line: a match there is
    the first one, and without one there the first match stands later."""
    p = 0
    while p <= len(t) and t[:p].strip() in ("", "(", "（"):
        if pattern.match(t, p):
            return True
        p += 1
    return False


def _masthead(doc: Document, lines: list[Line], first: int, limit: int, pattern) -> tuple[int, int, list[str]] | None:
    """(first line, last line, issuers) of the 发文机关标志, if any."""
    for i in range(first, min(limit + 1, len(lines))):
        m = pattern.match(lines[i].text) if "件" in lines[i].text else None  # a masthead ends in 文件
        if not m:
            continue
        if m["org"] and not _names_organ(m["org"]):
            continue
        orgs = [squeeze_spaces(m["org"])] if m["org"] else []
        top = i
        # joint documents: names stacked above one 文件 (or each with its own 文件)
        j = i - 1
        while j >= first and (not lines[j].stripped or org_only(lines[j].text) or pattern.match(lines[j].text)):
            if lines[j].stripped:
                mj = pattern.match(lines[j].text)
                orgs.insert(0, squeeze_spaces(mj["org"]) if mj and mj["org"] else squeeze_spaces(lines[j].text))
                top = j
            j -= 1
        k = i + 1
        while k <= limit and k < len(lines) and (org_only(lines[k].text) or (pattern.match(lines[k].text))):
            if _DIGIT_OR_YEAR.search(lines[k].text):
                break
            nxt = pattern.match(lines[k].text)
            if not nxt and not any(pattern.match(lines[q].text) for q in range(k + 1, min(k + 3, len(lines)))):
                break
            orgs.append(squeeze_spaces(nxt["org"]) if nxt and nxt["org"] else squeeze_spaces(lines[k].text))
            i = k
            k += 1
        orgs = [o for o in orgs if o and o != "文件"]
        # a database's issuer line above the 版头 gives the short form of its name
        # (国家经贸委 over 国家经济贸易委员会文件): one organ, named in full
        orgs = [o for o in orgs if not any(_abbreviates(o, full) for full in orgs)]
        return top, i, list(dict.fromkeys(orgs))
    return None


def _abbreviates(short: str, full: str) -> bool:
    """short is a contraction of full: shorter, the same first and a last
    character that full holds, every character in full's order (国家经贸委 of
    国家经济贸易委员会). A prefix names the parent body, not the same one
    (某市委 and 某市委宣传部)."""
    if len(short) >= len(full) or short[0] != full[0] or full.startswith(short):
        return False
    rest = iter(full)
    return all(c in rest for c in short)


@functools.lru_cache(maxsize=None)
def _org_line():
    return rules.compile_pattern(r"^[ \t]*(?:[\p{Han}（）()]|{PINYIN_NOISE}){2,40}?(?:{ORG_SUFFIX})[ \t]*$", rules.global_fragments())


def _names_organ(name: str) -> bool:
    """An organ's name, not a bare suffix word (政府文件 heads a web page's section)."""
    name = squeeze_spaces(name)
    return org_only(name) and name not in rules.word_list("org_suffixes")


def org_only(text: str) -> bool:
    """A line that is nothing but an organisation's name (机关 名称)."""
    s = text.strip()
    if not s or len(s) > 60:
        return False
    # the name cannot cross a line break, so it ends its first line with an organ
    # suffix: a cheap test that turns most lines away before the pattern runs
    if not s.split("\n", 1)[0].rstrip(" \t").endswith(rules.word_list("org_suffixes")):
        return False
    return bool(_org_line().match(s))


def _own_doc_number(doc: Document, lines: list[Line], first: int, limit: int) -> tuple[DocNumber, tuple[int, int]] | None:
    """The document's own 发文字号: one that stands apart in the header. A number
    alone on its line (the 版头's) wins over one in a metadata table."""
    year = rules.load("header").pattern("doc_number_year")
    cited = rules.load("header").pattern("cited_number")
    dateline = rules.load("header").pattern("dateline")
    trad = _has_traditional_hao(doc)
    text = doc.view.text
    best = None
    for i in range(first, min(limit + 1, len(lines))):
        ln = lines[i]
        # every 发文字号 ends in 号 and holds a bracketed year: test those cheaply first
        # (the full pattern tries its 代字 at every Chinese character of the line)
        if ("号" not in ln.text and not (trad and "號" in ln.text)) or not year.search(ln.text):
            continue
        for m in doc_numbers(text, ln.start, ln.end):
            before = text[ln.start:m.start()]
            after = text[m.end():ln.end].strip()
            labelled = (rules.load("header").pattern("number_label").search(before)
                        or rules.load("header").pattern("date_before_number").match(before))
            # it stands apart (line start, or after a gap: a title and its 文号 on one
            # line), or follows its label in a metadata table
            # …(岳办发〔2017〕2号), or a 题注 that dates it: (国检监〔1989〕565号 一九八九年十月十六日)
            in_brackets = before.rstrip().endswith(("(", "（")) and (
                after.startswith((")", "）")) or dateline.match(text, ln.start, ln.end) is not None)
            # …的通知(岳办发〔2017〕2号), or glued to it by a copy: …的通知财税[2010]4号
            after_title = (in_brackets or before and not before[-1].isspace()) and ends_like_title(before.rstrip(" \t(（"))
            if (before.strip() not in ("", "(", "（") and not _GAP_BEFORE.search(before)
                    and not labelled and not after_title):
                continue
            if _inside_brackets(text, ln.start, m.start()) and not in_brackets:
                continue
            if cited.match(text, m.end(), ln.end):
                continue
            if after.startswith("("):   # a mirror's pinyin after 號: 號(hào)
                after = pinyin_noise().sub("", after).strip()
            alone = not before.strip(" \t(（") and after in ("", ")", "）")
            # a number alone on its line, else one after its title, over one after a gap
            rank = 2 if alone else 1 if after_title else 0
            if best is None or rank > best[2]:
                best = (m, i, rank)
        if best and best[2] == 2:
            break
    if not best:
        lead = doc.fields.get("lead_number")
        if lead:
            return _doc_number(doc, lead, lead.start(), squeeze_spaces(lead["code"]))
        return _damaged_number(doc, lines, first, limit)
    m, i, _rank = best
    start, code = m.start(), squeeze_spaces(m["code"])
    # a 代字 with a place and a number before it, spaced out (豫 1600 环罚决字〔2025〕5 号):
    # on a line of its own, what stands before the match belongs to the 代字
    lead = _SPACED_CODE_LEAD.search(text, lines[i].start, m.start())
    line_rest = text[m.end():lines[i].end].strip()
    if lead and not line_rest and lead.start() == lines[i].start + len(lines[i].text) - len(lines[i].text.lstrip()):
        start, code = lead.start(), squeeze_spaces(lead.group() + m["code"])
    return _doc_number(doc, m, start, code)


def _damaged_number(doc: Document, lines: list[Line], first: int, limit: int) -> tuple[DocNumber, tuple[int, int]] | None:
    """A 发文字号 whose closing bracket a copy lost (安委办〔201140, 上外办〔201551号)
    or its 号 (粤府[1999]23), alone at the start of a header line: read, and flagged
    as nonstandard by its shape."""
    damaged = rules.load("header").pattern("damaged_number")
    for ln in lines[first:limit + 1]:
        # (a line holding both 〕 and 号 holds an intact number, which the full pattern read)
        if ln.stripped and ("〕" not in ln.text or "号" not in ln.text):
            m = damaged.match(doc.view.text, ln.start, ln.end)
            if m:
                return _doc_number(doc, m, m.start("code"), m["code"])
    return None


def _trailing_number(doc: Document, lines: list[Line]) -> tuple[DocNumber, tuple[int, int]] | None:
    """A portal's link to the document's file, named by its number, on the last
    line under a titled document whose header gives none (连政复〔2023〕12号.doc)."""
    last = next((ln for ln in reversed(lines) if ln.stripped), None)
    if last is None or "号" not in last.text:
        return None
    m = next(doc_numbers(doc.view.text, last.start, last.end), None)
    if m and not doc.view.text[last.start:m.start()].strip() and FILE_EXTENSION.fullmatch(doc.view.text, m.end(), last.end):
        return _doc_number(doc, m, m.start(), squeeze_spaces(m["code"]))
    return None


# a download link's file name ends in one (…计划表.doc, 某政复〔2023〕12号.pdf)
FILE_EXTENSION = regex.compile(r"(?i)\.(?:docx?|pdf|xlsx?|wps|et|zip|rar|txt|ofd)[ \t]*$")


def _doc_number(doc: Document, m: regex.Match, start: int, code: str) -> tuple[DocNumber, tuple[int, int]]:
    number = DocNumber(**doc.span_fields(start, m.end()), code=code, year=doc_year(m["year"]), serial=int(m["serial"]))
    return number, (start, m.end())


# a superset of the characters a 代字 is made of (Han, the brackets of its
# bracketed units, pinyin residue), matched backwards from where the 代字 ends
_CODE_RUN = regex.compile(r"(?r)[\p{Han}（()）\p{Ll}]*")
_CODE_UNITS = 14  # the doc_number rule's {1,14} units of 代字


def code_start_bound(text: str, w0: int, bracket: int) -> int:
    """Where in [w0, bracket) a 发文字号 whose year bracket stands at `bracket`
    can start at the earliest. Its 代字 ends at the blanks before the bracket
    and is a run of 代字 characters; a run without ( or （ is single Han
    characters, at most 14. A search from there finds such a number without
    trying the 代字 at every position before (4x fewer tries in references)."""
    q = bracket
    while q > w0 and text[q - 1] in " \t":
        q -= 1
    run = _CODE_RUN.match(text, w0, q).start()
    if q - run > _CODE_UNITS and text.find("(", run, q) < 0 and text.find("（", run, q) < 0:
        run = q - _CODE_UNITS
    return run


# the 代字 is at most 14 units (doc_number's {1,14}+), a unit at most 8 characters
# (pinyin residue "(zhuàng)"); the blanks between it and the bracket are unbounded
_CODE_REACH = _CODE_UNITS * 8


def doc_numbers(text: str, start: int, end: int):
    """Every 发文字号 in text[start:end]. Scanning for the bracketed year first
    and matching the full pattern only just before it gives the same matches
    as one finditer over the text, without trying the 代字 at every character."""
    year, number = _year_scan(), rules.load("header").pattern("doc_number")
    pos, prev = start, -1
    for y in year.finditer(text, start, end):
        before, prev = prev, y.start()
        if y.start() < pos:
            continue
        q = y.start()
        while q > pos and text[q - 1] in " \t":
            q -= 1
        w0 = max(pos, q - _CODE_REACH)
        # alone in its window (no other bracketed year there), every match holds
        # this year with its bracket at y.start() (no 代字 unit is a bracket and
        # four year characters): the leftmost one starts at the bound or after
        if before < w0:
            w0 = code_start_bound(text, w0, y.start())
        m = number.search(text, w0, min(end, y.end() + 16))
        if m and m.start() <= y.start() < m.end():
            yield without_lead(m)
            pos = m.end()


def without_lead(m: regex.Match) -> regex.Match:
    """The number without the prose its greedy 代字 took in front
    (根据湘办发〔2004〕16号 → 湘办发〔2004〕16号; header.yaml code_lead)."""
    lead = rules.load("header").pattern("code_lead").match(m["code"])
    if lead is None or lead.end() >= len(m["code"]):
        return m
    return m.re.match(m.string, m.start() + lead.end(), m.end()) or m


@functools.lru_cache(maxsize=None)
def _year_scan():
    """The doc_number_year rule, compiled with re when it can be: it is plain
    (bracket classes, digits, blanks), and re scans a whole document for its
    first character about twice as fast as regex does."""
    pattern = rules.load("header").pattern("doc_number_year")
    try:
        return re.compile(pattern.pattern, re.MULTILINE)
    except re.error:
        return pattern


def _inside_brackets(text: str, a: int, b: int) -> bool:
    seg = text[a:b]
    return seg.count("（") + seg.count("(") > seg.count("）") + seg.count(")") or seg.count("《") > seg.count("》")


def _title(doc: Document, lines: list[Line], first: int, limit: int, number,
           metadata: set[int]) -> tuple[str, int, int] | None:
    """(title text, view start, view end).

    Candidates are lines where a title begins (关于, 转发, 印发 …, an issuer's
    name may run into it) or short lines ending in a 文种 word. The title
    follows the 发文字号 in a 版头, so candidates at or after the document's own
    number come first; page chrome above it may repeat the title with the
    site's decorations. Among equals, a 关于 title beats a bare name
    (督查评比专报), and the first copy beats later ones. Lines of a metadata
    table (`metadata`: labels and their values) begin no title.
    """
    text = doc.view.text
    found: list[tuple[int, bool, int, int, int]] = []  # (rank, quoted whole, start, stop, line)
    number_line = None
    if number:
        number_line = next((k for k in range(first, min(limit + 1, len(lines))) if lines[k].start <= number[1][0] <= lines[k].end), None)
    i = first
    while i <= limit and i < len(lines):
        if not lines[i].stripped or i in metadata:  # (a blank line starts no title)
            i += 1
            continue
        got = _title_at(doc, lines, i, limit, number)
        if got:
            start, stop, last, starter = got
            after_number = number_line is not None and last >= number_line   # (a title that wraps onto the number's line too)
            # a title quoted whole (《…》) is a news copy's or a page heading's: one
            # that stands bare wins (法发〔2018〕23号《…的实施意见》 over
            # 某院印发《…的实施意见》的通知, the text it relays)
            quoted = text[start - 1:start] == "《" and text[stop:stop + 1] == "》"
            found.append(((0 if after_number else 2) + (0 if starter else 1), quoted, start, stop, i))
            i = last + 1
            continue
        i += 1
    if not found:
        return None
    best = min(found, key=lambda f: (f[0], f[1], f[4]))
    # a page's headline that writes the issuer, then the title the document
    # prints under its own 发文机关标志 (某县人大常委会 关于…的决定 / 某县人大常委会 /
    # 关于…的决定): the document's copy is the title. The headline parts issuer and
    # title by a blank, or the issuer stands alone on the line above the copy.
    if found[-1] is not best:
        head = squeeze_spaces(text[best[2]:best[3]])
        blank = _BLANKS.search(text, best[2], best[3])
        for f in found:
            bare = squeeze_spaces(text[f[2]:f[3]])
            if not (f[4] > best[4] and f[0] == best[0] and len(bare) < len(head) and head.endswith(bare)):
                continue
            issuer = head[:-len(bare)]
            above = next((lines[k].stripped for k in range(f[4] - 1, best[4], -1) if lines[k].stripped), "")
            if org_only(issuer) and (blank or squeeze_spaces(above) == issuer.strip()):
                best = f
                break
    *_, start, stop, _ = best
    return text[start:stop], start, stop


def _unbracketed(text: str, start: int, end: int) -> tuple[int, int]:
    """A title a page brackets after its number (院办发〔2022〕5号(…纪要)):
    the part inside the brackets."""
    tail = text[start:end].rstrip()
    if tail[:1] in ("(", "（") and tail[-1:] in (")", "）") and "(" not in tail[1:] and "（" not in tail[1:]:
        return start + 1, start + len(tail) - 1
    return start, end


def _title_at(doc: Document, lines: list[Line], i: int, limit: int, number) -> tuple[int, int, int, bool] | None:
    """A title beginning on line i: (start, stop, last line, begins with 关于/转发…)."""
    starter_re, addressee, chrome_tail, chrome = _title_rules()
    text = doc.view.text
    ln = lines[i]
    start, end = ln.start, ln.end
    if not ln.stripped:
        return None
    if number and ln.start <= number[1][0] <= ln.end:
        # a 文号 on the title's line: the title stands before it ("…的通知(岳办发〔2017〕2号)")
        # or after it ("瑞政办(2011)129号 转发…的通知")
        before = text[start:number[1][0]].rstrip(" \t(（")
        if before.strip():
            end = start + len(before)
        else:
            start = number[1][1]
            while start < end and text[start] in " \t)）":
                start += 1
            start, end = _unbracketed(text, start, end)
    elif ("号" in ln.text or "號" in ln.text) and rules.load("header").pattern("doc_number_year").search(ln.text):
        # the same number on a second copy of the title line (盤政發〔2005〕30號 關于表彰…的決定,
        # the own number read from the metadata table above)
        lead = next(doc_numbers(text, start, end), None)
        if lead and not text[start:lead.start()].strip() and text[lead.end():end].strip():
            start = lead.end()
            while start < end and text[start] in " \t":
                start += 1
            start, end = _unbracketed(text, start, end)
        elif not lead:
            # a page's title led by the number without its 代字 ([2009]10号关于…)
            bare = rules.load("header").pattern("bare_number_lead").match(text, start, end)
            if bare and text[bare.end():end].strip():
                start = bare.end()
    # a title label ends in a colon or a space
    label = (_title_label_pattern().match(text, start, end)
             if ":" in ln.text or "：" in ln.text or " " in ln.stripped or "\t" in ln.stripped
             or ln.stripped[:1] in _title_bullets() or ln.stripped[:1].isdigit() else None)
    if label:
        start = label.end()
    if "公告" in ln.text:   # 国家税务总局公告2018年第31号: the title stands before the number
        numbered = rules.load("header").pattern("announcement_number").search(text, start, end)
        if numbered:
            end = numbered.start()
    trail = end
    while trail > start and text[trail - 1] in "-—–_ \t":
        trail -= 1
    if trail < end and _ends_title(doc, text[start:trail]):
        end = trail   # a site's dashes after the title (…的通知--)
    whole = text[start:end].strip()
    if whole[:1] == "《" and whole[-1:] == "》" and whole.count("《") == 1:
        # a news copy quotes the title whole: 《…关于…的公告》
        start = text.index("《", start, end) + 1
        end = text.rindex("》", start, end)
    seg = text[start:end]
    if _body_like(seg) and starter_re.match(seg, len(seg) - len(seg.lstrip())):
        # a page that lost its line breaks: the title runs into its 主送 and the
        # body on one line (关于拨付…资金的请示市政府:根据…)
        k = _addressee_after_title(seg, addressee)
        if k:
            end = start + k
            seg = text[start:end]
    # running text, or page chrome on the line: no title (chrome tested last, running text is cheaper to see)
    if not seg.strip() or _body_like(seg) or chrome.search(ln.text):
        return None
    m = starter_re.search(seg)
    starter = bool(m) and _title_prefix_ok(seg[: m.start()]) and (
        # 关于 inside 《…》 cites another title, unless the line relays it (印发《关于…》的通知)
        seg[: m.start()].count("《") <= seg[: m.start()].count("》") or _ends_title(doc, seg))
    if not starter and not (len(seg.strip()) <= 60 and not _CLAUSE_MARK.search(seg)
                            and (_ends_title(doc, _cut_addressee(seg, addressee)[0])
                                 or _wrapped_head(doc, lines, i, limit, starter_re))):
        return None
    stop, last = end, i
    _, cut_at = _cut_addressee(seg, addressee)
    if cut_at is not None:
        stop = start + cut_at
    else:
        # extend over line wraps (blank lines between included) until the 文种 word closes it
        j, wraps = i, 0
        while not _ends_title(doc, text[start:stop]) and wraps < 2:
            k = _next_full(lines, j, limit)
            if k is None:
                break
            nxt = lines[k]
            indent = len(nxt.text) - len(nxt.text.lstrip())
            if (addressee.match(text, nxt.start + indent, nxt.end) or _body_like(nxt.text)
                    or chrome.search(nxt.text)):
                break
            if number and nxt.start <= number[1][0] <= nxt.end:
                # the title's last line glued to its number (…有关\n税收政策的通知财税[2010]4号)
                head = text[nxt.start:number[1][0]].rstrip(" \t(（")
                if head.strip() and not starter_re.search(head):   # (关于 there opens a title of its own)
                    j, wraps, stop = k, wraps + 1, nxt.start + len(head)
                break
            _, at2 = _cut_addressee(nxt.text, addressee)
            j, wraps = k, wraps + 1
            stop = nxt.start + at2 if at2 is not None else nxt.end
            if at2 is not None:
                break
        last = j
        if not _ends_title(doc, text[start:stop]):
            if not starter or _SENTENCE_MARK.search(_BRACKETED.sub("", seg)):
                return None   # (关于某某问题,现作如下决定: opens the body, it is no title)
            stop, last = end, i  # an unclosed 关于 line stands alone
    tail = chrome_tail.search(text, start, stop)
    if tail and _ends_title(doc, text[start:tail.start()]):
        stop = tail.start()  # page chrome glued after the title
    return start, stop, last, starter


def _next_full(lines: list[Line], i: int, limit: int) -> int | None:
    """Index of the first non-blank line after line i, up to `limit`; None if there is none."""
    k = i + 1
    while k <= limit and k < len(lines) and not lines[k].stripped:
        k += 1
    return k if k <= limit and k < len(lines) else None


def _wrapped_head(doc: Document, lines: list[Line], i: int, limit: int, starter_re) -> bool:
    """Line i may be the first line of a title wrapped without 关于: it opens with
    an issuer's name running into 对 (国务院对西南四省区五方 / 经济协调会…的批复),
    or it and the next line are both centred by blanks (a PDF's heading: 某部75
    次货物列车发生 / 较大脱轨事故的报告); and the next line holds no clause mark
    and no title start of its own. Whether the lines joined end like a title is
    the caller's test."""
    ln = lines[i]
    centred = _centred(ln.text)
    if not centred and "对" not in ln.text and "對" not in ln.text:   # (cheap tests before the issuer pattern)
        return False
    k = _next_full(lines, i, limit)
    if k is None:
        return False
    nxt = lines[k]
    if len(nxt.stripped) > 60 or _CLAUSE_MARK.search(nxt.stripped) or starter_re.search(nxt.stripped):
        return False
    if centred and _centred(nxt.text):
        return True
    org = rules.load("header").pattern("issuer_prefix").match(ln.text, len(ln.text) - len(ln.text.lstrip()))
    return bool(org) and ln.text[org.end():].lstrip()[:1] in ("对", "對")


def _centred(line: str) -> bool:
    """A line pushed toward the page's middle by blanks (a PDF's centred heading),
    not a paragraph's two-character indent."""
    return len(line) - len(line.lstrip(" \t\u3000")) >= 8


@functools.lru_cache(maxsize=None)
def _title_rules():
    """(title start, 主送 line, chrome after a title, any chrome marker): one regex
    for the markers, where a line holding any of them is page chrome."""
    header = rules.load("header")
    markers = sorted(header.vocab["chrome_markers"], key=len, reverse=True)
    # plain words: re finds them faster than regex (it scans for their first characters)
    return (*(header.pattern(n) for n in ("title_start", "addressee_line", "chrome_tail")),
            re.compile("|".join(map(re.escape, markers))))


@functools.lru_cache(maxsize=None)
def _title_bullets() -> str:
    return rules.load("header").vocab["title_bullets"]


@functools.lru_cache(maxsize=None)
def _title_label_pattern():
    labels, bullets = (rules.load("header").vocab[k] for k in ("title_labels", "title_bullets"))
    # (or a collection's item number: 156.中共中央关于…)
    return regex.compile(r"[ \t]*(?:[%s][ \t]*|(?:%s)(?:[ \t]*[:：][ \t]*|[ \t]+)|[0-9]{1,4}[.．](?=\p{Han}))"
                         % (regex.escape(bullets), "|".join(map(regex.escape, labels))))


def _title_prefix_ok(prefix: str) -> bool:
    """What may stand before 关于 on a title's line: nothing, or an issuer's name
    (joint issuers separated by single spaces: 鹤岗市人民政府 鹤岗市中级人民法院印发…)."""
    p = prefix.strip()
    if len(p) > 60:
        return False
    if not _NOT_IN_PREFIX.search(p):
        return True
    parts = p.split(" ")
    return ("  " not in p and not regex.search(r"[:：»>|]", p)
            and all(org_only(x) for x in parts[:-1]) and not _NOT_IN_PREFIX.search(parts[-1]))


def _cut_addressee(seg: str, addressee) -> tuple[str, int | None]:
    """A title and its 主送 may share a line: cut before the 主送 part."""
    if ":" not in seg and "：" not in seg:
        return seg, None  # a 主送 ends in a colon
    for m in _BLANKS.finditer(seg):
        if addressee.match(seg, m.end()) and ends_like_title(seg[: m.start()]):
            return seg[: m.start()], m.start()
    k = _addressee_after_title(seg, addressee)
    return (seg[:k], k) if k else (seg, None)


def _addressee_after_title(seg: str, addressee) -> int | None:
    """Where a 主送 starts right after a title's 文种, with no blank between
    (关于启动…应急响应的命令各乡镇防汛抗旱指挥部,县直各单位:), else None."""
    # a title says what it is about (关于, 转发): (一)奉…通令为转发…代电开: is body text
    start = rules.load("header").pattern("title_start").search(seg)
    if not start:
        return None
    for m in _title_last_char().finditer(seg, start.end()):
        k = m.end()
        # a slice: the rule's look-behind wants a line's start or a blank before the 主送
        if ends_like_title(seg[:k]) and addressee.match(seg[k:]):
            return k
    return None


@functools.lru_cache(maxsize=None)
def _title_last_char() -> re.Pattern:
    """The last characters of the 文种 words: where a title can end."""
    return re.compile("[" + re.escape("".join(sorted(_title_key_parts()[4]))) + "]")


def _addressees(doc: Document, start: int, stop: int) -> tuple[list[str], list[Span], int | None]:
    """主送机关 from the first line at or after `start` that is one; returns the
    names, their spans and the view position where the body begins."""
    header = rules.load("header")
    addressee = header.pattern("addressee_line")
    labels = _not_addressee()
    text = doc.view.text
    pos = start
    while pos <= stop:
        nl = text.find("\n", pos, stop)
        line_end = stop if nl < 0 else nl
        seg_start = pos
        while seg_start < line_end and text[seg_start] in " \t":
            seg_start += 1
        # a 主送 ends in a colon: most lines need no match
        has_colon = text.find(":", seg_start, line_end) >= 0 or text.find("：", seg_start, line_end) >= 0
        m = addressee.match(text, seg_start, line_end) if has_colon else None
        off = 0
        if not has_colon and line_end > seg_start and not _body_like(text[seg_start:line_end]):
            m, line_end = _wrapped_addressee(text, seg_start, line_end, stop, addressee)
            if m is None:
                m = _colon_lost(text, seg_start, line_end, stop, addressee)
            off = seg_start if m else 0
        if m is None and has_colon and seg_start == start and text[start - 1:start] not in ("", "\n"):
            # the title ended inside its line, its 主送 run on after it (…的请示市政府:)
            m = addressee.match(text[seg_start:line_end])
            off = seg_start if m else 0
        if m is None and has_colon:
            # a title repeated with its 主送 run into it: …的命令各乡镇防汛抗旱指挥部:
            k = _addressee_after_title(text[seg_start:line_end], addressee)
            if k:
                off = seg_start + k
                m = addressee.match(text[off:line_end])
        if m and not labels.search(m["to"]):
            names, spans = [], []
            to = off + m.start("to")
            a = to
            for part in _SEP.finditer(m["to"] + "，"):
                b = to + part.start()
                span = doc.trimmed(a, b)
                if span:
                    names.append(squeeze_spaces(span.text))
                    spans.append(span)
                a = to + part.end()
            return names, spans, off + m.end()
        if text[seg_start:line_end].strip() and _body_like(text[seg_start:line_end]):
            return [], [], seg_start
        if nl < 0:
            break
        pos = nl + 1
    return [], [], None


def _wrapped_addressee(text: str, start: int, line_end: int, stop: int, addressee):
    """A 主送 wrapped over up to six lines, the last one holding its colon
    (…、上海浦东 / 发展银行、邮政储汇局:, or 各分公司 / 、子公司 / :), matched
    on text[start:…] with the line breaks made spaces (the same length, so an
    offset plus start is the text's); returns (match, end of its last line),
    or (None, line_end)."""
    first = text[start:line_end]
    if "、" not in first and not ITEM_SEP.match(text, line_end + 1):
        return None, line_end   # a first line that is no list's beginning ((遵府办发〔2007〕2号))
    if rules.load("header").pattern("title_guan_yu").search(first) or _DIGIT_OR_YEAR.search(first):
        return None, line_end   # a title, a 文号 or a date (关于印发“森林城乡、花园城市”…的通知)
    end = line_end
    for _ in range(5):
        if end >= stop:
            break
        nxt = text.find("\n", end + 1, stop)
        nxt = stop if nxt < 0 else nxt
        line = text[end + 1:nxt]
        if not line.strip() or _body_like(line):
            break
        end = nxt
        if ":" in line or "：" in line:
            # the colon ends its line, and the lines hold a list (not 公司名 / 统一社会信用代码:…)
            m = addressee.match(text[start:end].replace("\n", " "))
            if m and m.end() > line_end - start and not text[start + m.end():end].strip() \
                    and ITEM_SEP.search(m["to"]):
                return m, end
            break
    return None, line_end


def _colon_lost(text: str, start: int, line_end: int, stop: int, addressee):
    """A 主送 whose colon the copy lost, right above the body's first
    paragraph (各镇人民政府,县政府各部门,某开发区管委会): a list of short
    items, its first and last each naming units (各… or an organ's name),
    matched as if the colon stood at the line's end; or None. It must write
    各 somewhere: organs' names alone may be the issuers' line (甲部、乙部
    under a title they open)."""
    line = text[start:line_end].rstrip()
    parts = [p.strip() for p in ITEM_SEP.split(line)]
    if "各" not in line or len(parts) < 2 or not all(0 < len(p) <= 30 for p in parts) \
            or not all(p.startswith("各") or org_only(p) for p in (parts[0], parts[-1])):
        return None
    if rules.load("header").pattern("title_guan_yu").search(line) or _DIGIT_OR_YEAR.search(line):
        return None
    nxt = next_nonblank_line(text, line_end + 1, stop)   # running text, right below
    return addressee.match(line + "：") if nxt and _body_like(text[nxt[0]:nxt[1]]) else None


@functools.lru_cache(maxsize=None)
def _not_addressee():
    """Any of the labels that are no 主送, as one pattern."""
    return re.compile("|".join(map(re.escape, rules.load("header").vocab["not_addressee"])))


# a character each word the issuer_prefix rule looks ahead for writes, and how
# far into the title it can stand at the earliest (the name before it)
_PREFIX_ANCHORS = (("关", 3), ("關", 3), ("罚", 3), ("罰", 3), ("发", 3), ("發", 3), ("批", 3), ("贯", 3), ("貫", 3),
                   ("落", 3), ("年", 5))


def _title_prefix_orgs(doc: Document, title) -> list[Span]:
    """An issuing organ's name running into the title (青海省人民政府关于…)."""
    if not title:
        return []
    # the pattern looks ahead (never past the title) for 关于, 行政处罚 / 处罚决定书
    # (in either script), 印发 / 转发 / 批转, 贯彻 / 落实, a year after at least three
    # characters (two and an organ suffix), or the title's end in 公告/通告:
    # most titles open with 关于
    seg = title[0]
    if not seg.endswith("告") and all(seg.find(word, start) < 0 for word, start in _PREFIX_ANCHORS):
        return []
    m = rules.load("header").pattern("issuer_prefix").match(doc.view.text, title[1], title[2])
    if not m:
        return []
    # joint organs stand one space or a 、 apart (四川省财政厅 四川省教育厅关于…), or
    # run together (财政部国家税务总局关于…): one issuer each
    a = m.start("org")
    return [span for w in re.finditer(r"[^ \t、]+", m.group("org")) for span in organ_spans(doc, a + w.start(), w.group())]


@functools.lru_cache(maxsize=None)
def _national_firsts() -> frozenset:
    """The first characters of the national organs' opening words (fragment NATIONAL_ORGAN)."""
    words = rules.load("header").fragments["NATIONAL_ORGAN"].split("|")
    return frozenset(w[0] for w in words)


def joint_organs(name: str) -> list[tuple[int, int]]:
    """(start, end) of each organ in a name that may run joint issuers
    together (财政部国家税务总局: two), by the breaks of rule joint_organs."""
    # a second organ run on after a first needs, past the first's two characters,
    # a national organ's first character, or a second 部 or place character (a
    # place the first named, repeated): most names have none, and this test costs
    # less than the pattern's look-behinds
    if _national_firsts().isdisjoint(name[2:]) and name.count("部") < 2 and sum(map(name.count, "省市县区州盟旗")) < 2 \
            and name.count("办公") < 2:
        return [(0, len(name))]
    cuts = [m.start() for m in rules.load("header").pattern("joint_organs").finditer(name) if 0 < m.start() < len(name)]
    bounds = [0, *cuts, len(name)]
    return list(zip(bounds, bounds[1:]))


def organ_spans(doc: Document, start: int, name: str) -> list[Span]:
    """One span per organ of `name`, which stands at view position `start` (joint_organs)."""
    return [doc.span(start + x, start + y) for x, y in joint_organs(name)]


_NAME_SEP = regex.compile(r"[ \t\u3000]+|[ \t]*、[ \t]*")


def org_names(text: str) -> list[tuple[int, int]] | None:
    """(start, end) of each organ's name on a line that holds nothing else, or
    None. Joint organs stand apart by blanks or 、 (财政部 国家发展和改革委员会,
    中共湖州市委  湖州市人民政府), or run together (joint_organs): a database's
    issuer line, a joint masthead."""
    s = text.rstrip()
    a = len(s) - len(s.lstrip())
    if a == len(s):
        return None
    out, pos = [], a
    for sep in [*_NAME_SEP.finditer(s, a), None]:
        end = sep.start() if sep else len(s)
        if not org_only(s[pos:end]):
            return None
        out += [(pos + x, pos + y) for x, y in joint_organs(s[pos:end])]
        if sep:
            pos = sep.end()
    return out


def _org_line_spans(doc: Document, line: Line) -> list[Span]:
    """One span per organ named on a line of organs' names only (org_names)."""
    names = org_names(line.text)
    return [doc.span(line.start + a, line.start + b) for a, b in names] if names else []


def _standalone_orgs(doc: Document, lines: list[Line], first: int, body_start: int, title) -> list[Span]:
    """Organisation names alone on the line just above or just below the title:
    the 发文机关标志 repeated over it, or (law-database pages) the issuer under it.
    Names elsewhere in the header are site banners, not issuers."""
    if not title:
        return []
    # lines run in text order: walk from `first` to the title instead of over the whole document
    above = below = None
    k = first
    while k < len(lines) and lines[k].end < title[1]:
        if lines[k].stripped:
            above = k  # the last non-blank line wholly before the title
        k += 1
    while k < min(body_start + 1, len(lines)):
        if lines[k].start >= title[2] and lines[k].stripped:
            below = k  # the first non-blank line after it
            break
        k += 1
    out = []
    for k in [n for n in (above, below) if n is not None]:
        out += _org_line_spans(doc, lines[k])
    return out


def _orgs_under_copies(doc: Document, lines: list[Line], first: int, body_start: int, title) -> list[Span]:
    """A law-database page repeats the title (with its note on the text's
    force) and writes the issuer under one of the copies, not under the first:
    that organ's name, if any."""
    if not title:
        return []
    title_text, chrome_tail = squeeze_spaces(title[0]), _title_rules()[2]
    for k in range(first, min(body_start, len(lines))):
        ln = lines[k]
        if title[1] < ln.end and ln.start < title[2]:
            continue   # the title itself: _standalone_orgs read the line under it
        tail = chrome_tail.search(ln.text)
        if squeeze_spaces(ln.text[:tail.start()] if tail else ln.text) != title_text:
            continue
        nxt = next((j for j in range(k + 1, min(body_start + 1, len(lines))) if lines[j].stripped), None)
        if nxt is not None and (names := _org_line_spans(doc, lines[nxt])):
            return names
    return []

"""落款 and 版记: signature date, signing organs, 附件, 主题词, 抄报, 抄送,
印发机关和印发日期, 印数.

Sets doc.fields: signed_date_view (view range of the 成文日期), signature_orgs,
attachments, keywords, report_to, cc, printed_view (by, view range of the date),
copies, body_end_pos.
"""
from __future__ import annotations

import bisect
import functools
import re
from operator import attrgetter

import regex

from . import dates, rules
from .document import Document
from .header import FILE_EXTENSION, org_only, organ_spans, pinyin_noise
from .numerals import to_int
from .text import ITEM_SEP, View, next_nonblank_line, squeeze_spaces

_SIGNATURE_NAMES = 40  # what may precede a signature date on its line: names, not a sentence
_CLAUSE_MARK = re.compile("[，,；;：:（(《]")  # what signing names before a date never hold
_START = attrgetter("start")  # a line's start, the key lines are bisected by
_WORDS = regex.compile(r"\S+")
# a seal mark after the signing organ's name: 中华人民共和国交通运输部(章)
_SEAL_AFTER = regex.compile(r"[（(](?:章|盖章|印章|公章|签章)[)）]$")
# 主题词 are apart by blanks in a 版记, by ; in a metadata table (交通强国;试点单位)
_KEYWORD_SEP = regex.compile(r"[;；,，、]|\s+")
_LIST_NUMBER = regex.compile(r"[ \t?？]*(?P<n>[0-9]{1,2})[.、．]")
_LIST_NUMBER_LEAD = regex.compile(r"^[ \t?？]*[0-9]{1,2}[.、．]\s*")


def signature_date(text: str, start: int = 0, end: int | None = None) -> regex.Match | None:
    """The full date in text[start:end] that closes a document (落款), if any.

    Names may stand before it on its line (山西省应急管理厅 2023年1月5日); after
    it only the line's end, a (此件公开发布) note, 版记 labels or page chrome.
    """
    end = len(text) if end is None else end
    if text.find("年", start, end) < 0:
        return None  # every full date writes 年
    full_date, label, note, chrome, footnote, not_after = _signature_rules()
    for m in full_date.finditer(text, start, end):
        # what follows the date first: it is cheap and rules out most dates of the body
        line_end = text.find("\n", m.end(), end)
        after = text[m.end():end if line_end < 0 else line_end].strip()
        if after.startswith(not_after) and not note.match(after):
            continue
        if after and not (note.match(after) or label.match(after) or chrome.match(after) or after[0] in "|"
                          or footnote.fullmatch(after)):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        boundary = signature_boundary(text, line_start, m.start())
        before = text[boundary:m.start()].strip()
        if len(before) > _SIGNATURE_NAMES or _CLAUSE_MARK.search(before):
            continue
        if (not before and boundary > line_start and text[boundary - 1] not in " \t"
                and not rules.load("footer").pattern("closing_sentence").search(text, max(line_start, boundary - 24), boundary)):
            continue  # a date starting a new sentence mid-line is body text, unless that sentence closes the document
        if not before and _label_above(text, line_start):
            continue  # a metadata value under its label (公开日期 / 2025年10月17日)
        if before and rules.load("footer").pattern("date_label_line").match(before):
            continue  # a metadata value after its label (發文日期1998年12月10日)
        return m
    return None


def signature_on(view: View, start: int, end: int) -> regex.Match | None:
    """signature_date(view.text, start, end), worked out once per file: the
    splitter asks it of every line with a date, the footer again of its document's."""
    key = ("signature_date", start, end)
    memo = view.memo
    if key not in memo:
        memo[key] = signature_date(view.text, start, end)
    return memo[key]


@functools.lru_cache(maxsize=None)
def _signature_rules():
    footer = rules.load("footer")
    return (*(footer.pattern(n) for n in ("full_date", "label", "public_note", "page_chrome_after", "footnote_mark")),
            tuple(footer.vocab["not_after_signature"]))


def _label_above(text: str, line_start: int) -> bool:
    """Whether the nearest non-blank line above is a date label of a metadata table."""
    end = line_start - 1
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        if text[start:end].strip():
            return bool(rules.load("footer").pattern("date_label_line").match(text, start, end))
        end = start - 1
    return False


def signature_boundary(text: str, line_start: int, date_start: int) -> int:
    """Where the signing names before a date begin: after the last sentence on
    its line, and past wide gaps that lay the signature out at the margin
    (特此通告      揭阳市公安局      2017年1月1日) unless what stands before a gap
    is a signing name too (joint documents)."""
    boundary = max(line_start, _last_sentence_end(text, line_start, date_start))
    names_end = date_start
    while names_end > boundary and text[names_end - 1] in " \t":
        names_end -= 1
    if text.find("\t", boundary, names_end) < 0 and text.find("   ", boundary, names_end) < 0:
        return boundary  # no run of three blanks: no layout gap (the common case, tested cheaply)
    gaps = list(rules.load("footer").pattern("layout_gap").finditer(text, boundary, names_end))
    starts = [boundary] + [g.end() for g in gaps]
    stops = [g.start() for g in gaps] + [names_end]
    k = len(starts) - 1
    while k > 0 and org_only(text[starts[k - 1]:stops[k - 1]]):
        k -= 1
    return starts[k]


def _last_sentence_end(text: str, a: int, b: int) -> int:
    """Just after the last 。！？!? in text[a:b], else a (each mark is one character: find it from the right)."""
    last = max(text.rfind("。", a, b), text.rfind("！", a, b), text.rfind("？", a, b),
               text.rfind("!", a, b), text.rfind("?", a, b))
    return last + 1 if last >= 0 else a


def read_footer(doc: Document) -> None:
    text = doc.view.text
    lines = doc.lines
    body_start = doc.fields.get("body_start_pos", doc.start)
    sig = None
    # every full date writes 年, 月 and 日 or 号: visit the lines holding 年, each
    # found by one search of the text (and its line by bisection), not every body line
    i = doc.body_start
    at = text.find("年", lines[i].start, doc.end) if i < len(lines) else -1
    while at >= 0:
        i = bisect.bisect_right(lines, at, i, key=_START) - 1
        ln = lines[i]
        if "月" in ln.text and ("日" in ln.text or "号" in ln.text):
            m = signature_on(doc.view, max(ln.start, body_start), ln.end)
            if m:
                sig = (i, m)
                break
        at = text.find("年", ln.end, doc.end)
    if sig:
        i, m = sig
        doc.fields["signed_date_view"] = (m.start(), m.end())
        doc.fields["signature_orgs"] = _signature_orgs(doc, i, m.start())
        _read_banji(doc, m.end())
    else:
        if "dateline_view" in doc.fields:   # (1992年6月15日 国家旅游局) under the title
            doc.fields["signed_date_view"] = doc.fields["dateline_view"]
        # a signature dated to the month only names its organ but gives no
        # 成文日期; one whose 日 was lost in the copy (2016年7月14) gives it
        month_line = rules.load("footer").pattern("month_date_line")
        # the last line below the body's first that holds 月 and is such a line
        # (lines holding 月 found by searching the text backwards)
        low = lines[doc.body_start + 1].start if doc.body_start + 1 < len(lines) else doc.end
        at = text.rfind("月", low, doc.end)
        month_found = False
        while at >= 0:
            i = bisect.bisect_right(lines, at, doc.body_start + 1, key=_START) - 1
            if m := month_line.match(lines[i].text):
                month_found = True
                doc.fields["signature_orgs"] = _signature_orgs(doc, i, lines[i].start)
                if m["day"] and "signed_date_view" not in doc.fields:
                    doc.fields["signed_date_view"] = (lines[i].start + m.start("date"), lines[i].start + m.end("date"))
                break
            at = text.rfind("月", low, lines[i].start)
        if not month_found and "signed_date_view" not in doc.fields:
            # a signature date whose 年, 月 or 日 the copy lost (2022年513): the last such line
            damaged = [*rules.load("footer").pattern("damaged_date_line").finditer(text, low, doc.end)][-1:]
            if damaged and dates.parse_damaged_date(damaged[0]["date"]):
                i = bisect.bisect_right(lines, damaged[0].start("date"), doc.body_start + 1, key=_START) - 1
                doc.fields["signature_orgs"] = _signature_orgs(doc, i, lines[i].start)
                doc.fields["signed_date_view"] = damaged[0].span("date")
        # no signature date: the 版记 is where its first label opens a line below the body's first
        banji = rules.load("footer").pattern("banji_line").search(text, low, doc.end)
        if banji:
            _read_banji(doc, banji.start())
        if "signed_date_view" not in doc.fields:
            _cut_off(doc)
    if sig:
        # the body ends where the signature's line begins, or in a flattened
        # text where the last sentence before the signing names ends
        # (on the document's first line, its line starts with the document:
        # the text before belongs to the previous one)
        nl = text.rfind("\n", doc.start, sig[1].start())
        line_start = nl + 1 if nl >= 0 else doc.start
        doc.fields["body_end_pos"] = signature_boundary(text, line_start, sig[1].start())
        signers = doc.fields.get("signature_orgs") or []
        if signers:  # the signing organs' lines above the date are no part of the body either
            doc.fields["body_end_pos"] = min(doc.fields["body_end_pos"], doc.view.find_offset(signers[0].start))
    else:
        doc.fields["body_end_pos"] = doc.end
    _attachments(doc, body_start, doc.fields["body_end_pos"])
    _copies(doc)
    if not doc.fields.get("keywords") and "metadata_keywords_view" in doc.fields:
        _segment(doc, "主题词", *doc.fields["metadata_keywords_view"])
    if not doc.fields.get("issuers"):
        # no masthead: the signing organs, else one running into the title (named
        # more exactly than a database card's 发布部门: 某部办公厅关于… under 某部),
        # else a metadata table's 发文机关, else the organ of a dateline under the
        # title, else an organ alone by the title
        for spans in (_full_names(doc.fields.get("signature_orgs"), doc.fields.get("title_orgs")),
                      doc.fields.get("title_orgs"), doc.fields.get("metadata_orgs"), doc.fields.get("dateline_orgs"),
                      doc.fields.get("header_orgs")):
            if spans:
                doc.fields["issuers"] = list(dict.fromkeys(squeeze_spaces(s.text) for s in spans))
                doc.fields["issuer_spans"] = spans
                break
    else:
        doc.fields.setdefault("issuer_spans", [doc.fields["masthead"]] if doc.fields.get("masthead") else [])


def _full_names(signers: list | None, in_title: list | None) -> list | None:
    """The signing organs, each by the full name the title gives it when the
    signature shortens it (区委组织部办公室 under 上海市浦东新区区委组织部办公室关于…)."""
    if not signers or not in_title:
        return signers
    out, suffixes = [], rules.word_list("org_suffixes")
    for s in signers:
        name = squeeze_spaces(s.text)
        # the title's name adds a place (上海市浦东新区), not another organ run
        # into it (中共某市委办公室某市人民政府办公室印发…)
        out.append(next((t for t in in_title if (full := squeeze_spaces(t.text)).endswith(name)
                         and len(full) > len(name) and not full[:-len(name)].endswith(suffixes)), s))
    return out


def _cut_off(doc: Document) -> None:
    """evidence["cut_off"]: the last line, when the document stops in
    mid-sentence (its signature and date are lost, not missing: no
    missing-signed-date flag)."""
    text = doc.view.text
    end = doc.end
    while end > doc.start and text[end - 1].isspace():
        end -= 1
    if end <= doc.start:
        return
    nl = text.rfind("\n", doc.start, end)
    start = doc.start if nl < 0 else nl + 1
    if rules.load("footer").pattern("cut_off_line").match(text, start, end):
        span = doc.trimmed(start, end)
        if span:
            doc.fields.setdefault("evidence", {})["cut_off"] = span


def _signature_orgs(doc: Document, line_idx: int, date_pos: int):
    """Organisation names on the signature line before the date, or alone on
    the lines just above it."""
    text = doc.view.text
    ln = doc.lines[line_idx]
    boundary = signature_boundary(text, ln.start, date_pos)
    spans = []
    for m in _WORDS.finditer(text[boundary:date_pos]):
        if org_only(m.group()):   # (joint issuers may run together: 财政部国家税务总局)
            spans += organ_spans(doc, boundary + m.start(), m.group())
    if spans:
        return spans
    j = line_idx - 1
    above = []
    seal = rules.load("footer").pattern("seal_note")
    blanks, wide = 0, False
    # three names one per line at most (above them may stand a list's last
    # items), but a joint document laying out its organs two to a line
    # (安溪县教育局     安溪县卫生健康局) goes on while its lines hold two
    while j >= doc.body_start and (len(above) < 3 or wide):
        t = doc.lines[j]
        if not t.stripped or seal.match(t.text):
            blanks += not t.stripped
            if above and blanks >= 2:
                break   # two blank lines above a signing name: what stands above is the body's (a list's last 交通局)
            j -= 1
            continue
        blanks = 0
        parts = [(p.start(), p.start() + len(_SEAL_AFTER.sub("", p.group()))) for p in _WORDS.finditer(t.text)]
        if len(parts) > 1 and org_only(squeeze_spaces(t.text)) and all(
                len(pinyin_noise().sub("", t.text[a:b])) <= 2 for a, b in parts):
            # a short name set out with blanks between its characters (国 务 院, 國 務(wù)院)
            above = [doc.span(t.start + parts[0][0], t.start + parts[-1][1])] + above
            j -= 1
            continue
        if parts and all(org_only(t.text[a:b]) for a, b in parts):
            above = [span for a, b in parts for span in organ_spans(doc, t.start + a, t.text[a:b])] + above
            wide = len(parts) > 1
            j -= 1
            continue
        break
    return above


def _read_banji(doc: Document, pos: int) -> None:
    """版记 after the signature: labelled segments, the printing clause and 印数,
    even when they all run together on one line."""
    label, printed, note, copies, ruler = _banji_rules()
    text = doc.view.text
    # the 版记 zone: the rest of the signature line, then lines that hold a label,
    # the printing clause, 印数, a note or a ruled line, and lines that carry on
    # a list the line before left open (抄送：…，\n…); it ends at the first other line.
    end = text.find("\n", pos, doc.end)
    end = doc.end if end < 0 else end
    previous = text[pos:end].strip()
    while end < doc.end:
        nxt = text.find("\n", end + 1, doc.end)
        nxt = doc.end if nxt < 0 else nxt
        seg = text[end + 1:nxt]
        carries_on = previous.endswith(("，", ",", "、")) and len(seg.strip()) <= 60 and "。" not in seg.strip()[:-1]
        after = text.find("\n", nxt + 1, doc.end)
        organ_then_date = printed.search(seg + text[nxt:doc.end if after < 0 else after])  # 印发机关 and date on two lines
        if seg.strip() and not (label.search(seg) or printed.search(seg) or note.search(seg) or copies.search(seg)
                                or ruler.match(seg) or carries_on or organ_then_date):
            break
        if seg.strip():
            previous = seg.strip()
        end = nxt
    marks = [(m.start(), m.end(), m["label"]) for m in label.finditer(text, pos, end)]
    pm = printed.search(text, pos, end)
    if not marks and not pm and end < doc.end:
        # the 版记 stands last, below attachments and office notes (承办人, 联系电话)
        # that end the zone above: a line opening with its label starts it there
        later = rules.load("footer").pattern("banji_line").search(text, end, doc.end)
        if later:
            return _read_banji(doc, later.start())
    # a labelled segment also ends where 印数, a note or a ruled line begins
    ends = sorted([m.start() for p in (copies, note, ruler) for m in p.finditer(text, pos, end)])
    for k, (a, b, name) in enumerate(marks):
        stop = marks[k + 1][0] if k + 1 < len(marks) else end
        stop = min([e for e in ends if e > b] + [stop])
        if pm and a < pm.start() < stop:
            stop = _printing_organ_start(doc, b, pm.start())
        _segment(doc, name, b, stop)
    if pm:
        organ_start = _printing_organ_start(doc, marks[-1][1] if marks and marks[-1][1] < pm.start() else pos, pm.start())
        by = doc.trimmed(organ_start, pm.start(), strip="。.，,")
        doc.fields["printed_view"] = (by, (pm.start("date"), pm.end("date")), (organ_start, pm.end()))


@functools.lru_cache(maxsize=None)
def _banji_rules():
    footer = rules.load("footer")
    return tuple(footer.pattern(n) for n in ("label", "printed_clause", "public_note", "copies", "rule_line"))


def _printing_organ_start(doc: Document, a: int, date_pos: int) -> int:
    """Where the printing organ's name begins before its date. It may run
    straight on from the 抄送 list; the issuers' names tell where."""
    text = doc.view.text
    seg = text[a:date_pos]
    stripped = seg.rstrip()
    for name in sorted(doc.fields.get("issuers", []) + [s.text for s in doc.fields.get("signature_orgs", [])], key=len, reverse=True):
        if name and squeeze_spaces(stripped).endswith(name):
            # walk back over the name's characters (spaces inside it may differ)
            k, need = len(stripped), len(name)
            while k > 0 and need > 0:
                k -= 1
                if not stripped[k].isspace():
                    need -= 1
            return a + k
    # the blanks between the name and its date are no boundary: look before them
    cut = max(stripped.rfind(c) for c in "。\n 、，,；;")
    return a + cut + 1 if cut >= 0 else a


def _segment(doc: Document, label: str, a: int, b: int) -> None:
    text = doc.view.text
    field = rules.load("footer").vocab["label_fields"][label]
    span = doc.trimmed(a, b, strip="。.（(|")
    if not span:
        return
    doc.fields.setdefault("evidence", {})[field] = span
    sep = _KEYWORD_SEP if field == "keywords" else ITEM_SEP
    values = []
    pos = a
    for m in list(sep.finditer(text, a, b)) + [None]:
        stop = m.start() if m else b
        part = doc.trimmed_text(pos, stop, strip="。.（(|")
        if part:
            values.append(squeeze_spaces(part))
        pos = m.end() if m else b
    doc.fields.setdefault(field, []).extend(v for v in values if v)


def _attachments(doc: Document, a: int, b: int) -> None:
    footer = rules.load("footer")
    pattern, link = footer.pattern("attachment"), footer.pattern("attachment_link")
    text = doc.view.text
    out = []
    # every attachment line writes 附 (one find; the pattern would try each line start)
    found = pattern.finditer(text, a, max(a, b), overlapped=False) if text.find("附", a, max(a, b)) >= 0 else ()
    for m in found:
        first = m["title"].strip()
        line_end = m.end()
        titles = [(m.start("title"), line_end)] if first else []
        # numbered titles continue on the following lines: 2.… 3.…; a blank
        # line may stand between them (web copies double every line break)
        # when the next number carries on the count (附件:1.… then 2.…)
        last = _LIST_NUMBER.match(text, m.start("title"), line_end) if first else None
        nxt = line_end + 1
        while nxt < b:
            stop = text.find("\n", nxt, b)
            stop = b if stop < 0 else stop
            # "? ? ?" is what a copy makes of the full-width spaces that indent the list
            number = _LIST_NUMBER.match(text, nxt, stop)
            if number:
                titles.append((nxt, stop))
                last = number
                nxt = stop + 1
                continue
            if last and not text[nxt:stop].strip():
                following = next_nonblank_line(text, stop + 1, b)
                if following and _counts_on(last, _LIST_NUMBER.match(text, *following)):
                    nxt = following[0]
                    continue
            break
        for s, e in titles:
            # a download link's name (…计划表.doc) or a link (…一览表http://…): the title is before it
            cut = [x.start() for x in (FILE_EXTENSION.search(text, s, e), link.search(text, s, e)) if x]
            span = doc.trimmed(s, min(cut, default=e))
            if span:
                out.append(_attachment_title(span.text))
                doc.fields.setdefault("attachment_spans", []).append(span)
    doc.fields["attachments"] = out


_WRAPPED_TITLE = regex.compile(r"《(?P<title>[^《》]+)》")


def _attachment_title(line: str) -> str:
    """The title an attachment line gives: without its list number, the mark
    that closes a list's item (1、…决定; 2、…规则。), the attached text's
    (文号) after it, and the 《》 around a whole title (附件:《…的通知》)."""
    title = squeeze_spaces(_LIST_NUMBER_LEAD.sub("", line)).rstrip(";；。")
    if title.endswith((")", "）")):
        title = rules.load("footer").pattern("attachment_number").sub("", title)
    wrapped = _WRAPPED_TITLE.fullmatch(title)
    return wrapped["title"] if wrapped else title


def _counts_on(last: regex.Match, number: regex.Match | None) -> bool:
    """Whether list number `number` follows `last` (1. then 2.)."""
    return bool(number) and int(number["n"]) == int(last["n"]) + 1


def _copies(doc: Document) -> None:
    pattern = rules.load("footer").pattern("copies")
    m = None
    for m in pattern.finditer(doc.view.text, doc.start, doc.end):
        pass
    if m:
        doc.fields["copies"] = to_int(m["n"])
        doc.fields.setdefault("evidence", {})["copies"] = doc.span(m.start(), m.end())

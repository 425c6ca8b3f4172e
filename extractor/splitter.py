"""Split a file into documents.

A file may hold several documents: archive pages number them 第一篇 … 第N篇;
pasted collections start each with a new 版头 (a …文件 line followed by a
发文字号); law-database pages put a new title, body and signature after the
previous document's signature. Attachments (附件, the 方案 a 通知 印发s) are
part of their document: they carry no signature of their own.
"""
from __future__ import annotations

from collections import Counter
from operator import attrgetter

from . import rules
from .document import Line
from .footer import signature_on
from .header import ends_like_title, org_only
from .text import View, bracketed_line


_STRIPPED = attrgetter("stripped")


def split(view: View, lines: list[Line]) -> list[tuple[int, int]]:
    """Document boundaries as [first, stop) ranges of `lines` (the view's lines), in file order."""
    heading = rules.load("splitter").pattern("split.article_heading")
    # (most files write no 篇 at all: one test of the text spares the pass over the lines)
    starts = ([i for i, ln in enumerate(lines) if "篇" in ln.text and heading.match(ln.text)]
              if "篇" in view.text else []) or [0]
    starts[0] = 0  # chrome before the first heading belongs to the first document
    chunks = [(starts[k], starts[k + 1] if k + 1 < len(starts) else len(lines)) for k in range(len(starts))]
    out: list[tuple[int, int]] = []
    for a, b in chunks:
        for s, e in _split_chunk(view, lines, a, b):
            if not _blank(lines[s:e]):
                out.append((s, e))
    return out or [(0, len(lines))]


def _blank(lines: list[Line]) -> bool:
    return all(not ln.stripped for ln in lines)


def _split_chunk(view: View, lines: list[Line], a: int, b: int) -> list[tuple[int, int]]:
    """Split lines [a, b) at new 版头s and at new signed documents after a signature."""
    header = rules.load("header")
    masthead, doc_number = header.pattern("masthead"), header.pattern("doc_number")
    cuts = [a]
    signed_at: int | None = None  # last signature line of the current document
    prose_from = -1   # the cut whose document is known to hold running text
    # Only three kinds of line can cut: a 版头 (it ends in 文件), a repeated title
    # (its text stands twice in the chunk) and a signature (its date writes 年).
    # Visit just those, in order; every other line leaves the state as it is.
    repeated = {t for t, n in Counter(map(_STRIPPED, lines[a:b])).items() if n > 1 and t}
    visit = [k for k, ln in enumerate(lines[a:b], a) if "件" in (t := ln.text) or "年" in t or ln.stripped in repeated]
    for i in visit:
        text = lines[i].text
        if signed_at is not None and "件" in text and masthead.match(text) and lines[i].stripped != "文件":
            ahead = " ".join(ln.text for ln in lines[i + 1:i + 5])
            if doc_number.search(ahead):
                cuts.append(i)
                signed_at = None
                continue
        if lines[i].stripped in repeated and _repeated_title_block(lines, i, b) and _has_running_text(lines, cuts[-1], i):
            cuts.append(i)
            signed_at = None
            continue
        # every full date writes 年, 月 and 日 or 号: most lines need no regex
        if ("年" in text and "月" in text and ("日" in text or "号" in text)
                and signature_on(view, lines[i].start, lines[i].end) is not None
                # a date above any running text is a page's dateline, not a signature
                # (2013年07月04日 来源: 上海普陀 over the 版头); once text is seen it stays seen
                and (prose_from == cuts[-1] or _has_running_text(lines, cuts[-1], i))):
            prose_from = cuts[-1]
            if signed_at is not None:
                start = _new_document_between(lines, signed_at + 1, i, cuts[-1])
                if start is not None:
                    cuts.append(start)
            signed_at = i
    return [(cuts[k], cuts[k + 1] if k + 1 < len(cuts) else b) for k in range(len(cuts))]


def _repeated_title_block(lines: list[Line], i: int, b: int) -> bool:
    """Law databases open each entry with its title, the issuer alone on a line,
    and the title again. After another document's text that block is a new one,
    signed or not (a page cut before its signature)."""
    title = lines[i].stripped
    if not title or len(title) > 80:
        return False
    rest = []  # the next two non-blank lines
    for k in range(i + 1, min(b, i + 8)):
        if lines[k].stripped:
            rest.append(k)
            if len(rest) == 2:
                break
    if len(rest) < 2 or lines[rest[1]].stripped != title:  # cheap test first: the title twice
        return False
    return (not any(p in title for p in "，。；:：") and ends_like_title(title) and org_only(lines[rest[0]].text))


def _has_running_text(lines: list[Line], a: int, b: int) -> bool:
    # a long line is prose when it holds a comma: a site's card row (【法規來源】
    # and a long address) or a long title is not another document's text
    return any("。" in ln.text or len(ln.stripped) > 60 and any(c in ln.text for c in "，,；;")
               for ln in lines[a:b])


def _new_document_between(lines: list[Line], a: int, b: int, doc_start: int) -> int | None:
    """Where a second signed text after a signature begins, if it is a new
    document: its title, unless the first one announced it as an attachment.
    An announced one is a document of its own when it is complete, with its
    title and its own 文号 or 主送 under it (附件1: / 某司关于…的通知 / 某发〔2017〕34号,
    the covering notice's copy of what it forwards): it begins at its 附件 label."""
    words = rules.load("splitter").vocab["announces_attachment"]
    if not any(w in ln.text for ln in lines[doc_start:a] for w in words):
        return _first_title_after(lines, a, b)
    label = rules.load("footer").pattern("attachment")
    # (a note in brackets under the signature, 联系人 and 电话, is no part of either)
    k = next((k for k in range(a, min(b, a + 12))
              if lines[k].stripped and not bracketed_line(lines[k].text)), None)
    if k is None or not (m := label.match(lines[k].text)) or m["title"].strip():
        return None
    title = _first_title_after(lines, k + 1, b)
    if title is None:
        return None
    header = rules.load("header")
    below = next((ln.text for ln in lines[title + 1:min(b, title + 4)] if ln.stripped), "")
    if header.pattern("doc_number").match(below.strip()) or header.pattern("addressee_line").match(below.strip()):
        return k
    return None


def _first_title_after(lines: list[Line], a: int, b: int) -> int | None:
    """The first short, unpunctuated line after the previous 版记: a new title."""
    footer = rules.load("footer")
    label, note, printed = footer.pattern("label"), footer.pattern("public_note"), footer.pattern("printed_clause")
    for i in range(a, min(b, a + 12)):
        t = lines[i].stripped
        if not t or label.search(t) or note.search(t) or printed.search(t) or "共印" in t:
            continue
        if len(t) <= 60 and not any(p in t for p in "，。；,;:："):
            return i
        return None
    return None

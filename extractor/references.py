"""What a document cites: other documents' numbers, 《titles》, laws with
第X条第X款. Its own 发文字号 is never a reference."""
from __future__ import annotations

import functools
import re

from . import rules
from .document import Document
from .header import code_start_bound
from .models import Reference
from .numerals import to_int
from .text import squeeze_spaces


_ARTICLE_OPENS = ("第", "（", "(")  # what the article rule's every repetition opens with
# the 代字 is at most 14 units (doc_number's {1,14}+), a unit at most 8 characters
# (pinyin residue "(zhuàng)"); the blanks between it and the bracket are unbounded
_CODE_REACH = 14 * 8


def _doc_numbers(text: str, start: int, end: int):
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
            yield m
            pos = m.end()


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


def find_references(doc: Document) -> list[Reference]:
    text = doc.view.text
    own = doc.fields.get("doc_number_view")
    refs: list[Reference] = []
    for m in _doc_numbers(text, doc.start, doc.end):
        if own and m.start() < own[1] and own[0] < m.end():
            continue
        if own and squeeze_spaces(m.group()) == squeeze_spaces(text[own[0]:own[1]]):
            continue  # the number repeated (metadata table, page chrome)
        refs.append(Reference(kind="doc_number", **doc.span_fields(m.start(), m.end()), code=squeeze_spaces(m["code"]),
                              year=to_int(m["year"]), serial=int(m["serial"])))
    ref_rules = rules.load("references")
    title, article = ref_rules.pattern("cited_title"), ref_rules.pattern("article")
    for m in title.finditer(text, doc.start, doc.end):
        reach = min(doc.end, m.end() + 40)
        # an article reference opens (after blanks) with 第 or a bracket: test that first
        opens = text[m.end():reach].lstrip(" \t")[:1]
        art = article.match(text, m.end(), reach) if opens in _ARTICLE_OPENS else None
        end = art.end() if art else m.end()
        refs.append(Reference(kind="law" if art else "title", **doc.span_fields(m.start(), end),
                              article=squeeze_spaces(art.group()) if art else None))
    refs.sort(key=lambda r: r.start)
    return refs

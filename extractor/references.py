"""What a document cites: other documents' numbers, 《titles》, laws with
第X条第X款. Its own 发文字号 is never a reference."""
from __future__ import annotations

from . import rules
from .document import Document
from .header import doc_numbers
from .models import Reference
from .numerals import doc_year
from .text import squeeze_spaces


_ARTICLE_OPENS = ("第", "（", "(")  # what the article rule's every repetition opens with
def find_references(doc: Document) -> list[Reference]:
    text = doc.view.text
    own = doc.fields.get("doc_number_view")
    refs: list[Reference] = []
    for m in doc_numbers(text, doc.start, doc.end):
        if own and m.start() < own[1] and own[0] < m.end():
            continue
        if own and squeeze_spaces(m.group()) == squeeze_spaces(text[own[0]:own[1]]):
            continue  # the number repeated (metadata table, page chrome)
        refs.append(Reference(kind="doc_number", **doc.span_fields(m.start(), m.end()), code=squeeze_spaces(m["code"]),
                              year=doc_year(m["year"]), serial=int(m["serial"])))
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

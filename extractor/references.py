"""What a document cites: other documents' numbers, 《titles》, laws with
第X条第X款. Its own 发文字号 is never a reference."""
from __future__ import annotations

from . import rules
from .document import Document
from .models import Reference
from .text import squeeze_spaces


def find_references(doc: Document) -> list[Reference]:
    text = doc.view.text
    own = doc.fields.get("doc_number_view")
    refs: list[Reference] = []
    number = rules.load("header").pattern("doc_number")
    for m in number.finditer(text, doc.start, doc.end):
        if own and m.start() < own[1] and own[0] < m.end():
            continue
        if own and squeeze_spaces(m.group()) == squeeze_spaces(text[own[0]:own[1]]):
            continue  # the number repeated (metadata table, page chrome)
        from .numerals import to_int
        span = doc.span(m.start(), m.end())
        refs.append(Reference(kind="doc_number", **span.model_dump(), code=squeeze_spaces(m["code"]),
                              year=to_int(m["year"]), serial=int(m["serial"])))
    ref_rules = rules.load("references")
    title, article = ref_rules.pattern("cited_title"), ref_rules.pattern("article")
    for m in title.finditer(text, doc.start, doc.end):
        art = article.match(text, m.end(), min(doc.end, m.end() + 40))
        end = art.end() if art else m.end()
        span = doc.span(m.start(), end)
        refs.append(Reference(kind="law" if art else "title", **span.model_dump(),
                              article=squeeze_spaces(art.group()) if art else None))
    refs.sort(key=lambda r: r.start)
    return refs

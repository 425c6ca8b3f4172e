"""The dates stage: every date of a document through the one dates module.

Reads the 成文日期 and 印发日期 that the footer stage located, then finds
every other date mention, period and deadline with the 成文日期 as reference
(never today). Sets doc.fields: signed_date, printed_date, dates, periods,
deadlines.
"""
from __future__ import annotations

import regex

from . import dates
from .document import Document
from .models import DateMention, DateRef, DateValue, Deadline, Period

# a metadata table or header line that states the 成文日期 by name, right before the date
_SIGNED_LABEL = regex.compile(r"(?:成文日期|成文时间)[ \t]*[:：|]?[ \t]*$")


def read_dates(doc: Document) -> None:
    text = doc.view.text
    f = doc.fields
    mentions: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    signed, ref = None, None
    if f.get("signed_date_view"):
        a, b = f["signed_date_view"]
        # (the footer's damaged signature, 2022年513, is the one that parse_date cannot read)
        ref = dates.parse_date(text[a:b]) or dates.parse_damaged_date(text[a:b])
        fields = _span(doc, a, b, ref)
        signed = DateValue(**fields)
        mentions.append(DateMention(**fields, role="signed"))
        taken.append((a, b))
    if signed is None:
        # no 落款 in the text (a web page cut short): a metadata table's 成文日期 stands in
        for h in dates.find_dates(text[doc.start:doc.end]):
            a, b = doc.start + h.start, doc.start + h.end
            if h.value and _labelled_signed(text, a):
                fields = _span(doc, a, b, h.value)
                signed = DateValue(**fields)
                ref = h.value
                taken.append((a, b))
                mentions.append(DateMention(**fields, role="signed"))
                break
    f["signed_date"] = signed

    if f.get("printed_view"):
        _, (a, b), _ = f["printed_view"]
        printed = dates.parse_date(text[a:b], ref)
        fields = _span(doc, a, b, printed)
        f["printed_date"] = DateValue(**fields)
        # no 成文日期 (a 版记 copied without its signature): the 印发日期 is the
        # nearest date the document gives for a year left out in the body
        ref = ref or printed
        mentions.append(DateMention(**fields, role="printed"))
        taken.append((a, b))

    body = text[doc.start:doc.end]
    base = doc.start

    def fields_of(hit) -> dict:
        return _span(doc, base + hit.start, base + hit.end, hit.value)

    periods = []
    for p in dates.find_periods(body, ref):
        if _overlaps(base + p.start, base + p.end, taken):
            continue
        start, end = fields_of(p.begin), fields_of(p.finish)
        periods.append(Period(text=p.text, start=DateRef(**start), end=DateRef(**end),
                              evidence=doc.span(base + p.start, base + p.end)))
        mentions.append(DateMention(**start, role="period-start"))
        mentions.append(DateMention(**end, role="period-end"))
        taken.append((base + p.start, base + p.end))
    deadlines = []
    for d in dates.find_deadlines(body, ref):
        if _overlaps(base + d.due.start, base + d.due.end, taken):
            continue
        due = fields_of(d.due)
        deadlines.append(Deadline(text=d.text, due=DateRef(**due), action=d.action,
                                  evidence=doc.span(base + d.start, base + d.end)))
        mentions.append(DateMention(**due, role="deadline"))
        taken.append((base + d.due.start, base + d.due.end))
    # the commonest mentions: doc.span_fields inlined, its lookups made once (the hot loop)
    to_source, source = doc.view.to_source, doc.view.source
    stext, line_of = source.text, source.line_of
    for h in dates.find_dates(body, ref):
        a, b = base + h.start, base + h.end
        if _overlaps(a, b, taken):
            continue
        role = "signed" if _labelled_signed(text, a) else "event"
        sa, sb = to_source(a, b)
        v = h.value
        mentions.append(DateMention(text=stext[sa:sb], start=sa, end=sb, line=line_of(sa),
                                    value=v.isoformat() if v else None, role=role))
    mentions.sort(key=lambda m: m.start)
    f["dates"], f["periods"], f["deadlines"] = mentions, periods, deadlines


def _span(doc: Document, a: int, b: int, value) -> dict:
    """The fields of a DateValue: doc.span(a, b)'s and the ISO value.  Each
    model is built from them once, not via a Span and its model_dump."""
    return {**doc.span_fields(a, b), "value": value.isoformat() if value else None}


def _overlaps(a: int, b: int, taken: list[tuple[int, int]]) -> bool:
    for x, y in taken:
        if a < y and x < b:
            return True
    return False


def _labelled_signed(text: str, pos: int) -> bool:
    lo = max(text.rfind("\n", 0, pos) + 1, pos - 20)
    # the label holds 成文: most dates have none before them, told by one find
    return text.find("成文", lo, pos) >= 0 and bool(_SIGNED_LABEL.search(text, lo, pos))

"""Numbered entries of a list document (清单) with the group they fall under."""
from __future__ import annotations

import bisect

from . import rules
from .document import Document
from .models import Item
from .text import squeeze_spaces


def read_items(doc: Document) -> list[Item]:
    r = rules.load("items")
    number, cell, label_line = r.pattern("item_number"), r.pattern("group_cell"), r.pattern("group_line")
    text = doc.view.text
    # a table's first row may stand before anything that looks like running text
    body_start = doc.fields.get("title_end_pos", doc.start)
    group: str | None = None
    row_items: list[int] = []     # entries begun in the current table row
    row_labelled = False          # did the row open with its own label cell?
    starts: list[tuple[int, int, int]] = []  # (number, view start, view end of the number mark)
    groups: list[str | None] = []
    skip: list[tuple[int, int]] = []  # label lines inside an entry's text
    # cheap tests before each pattern: a label cell ends in a tab, a label line
    # is 2 to 12 characters, an entry's number is the line's first character
    for ln in doc.lines:
        if ln.end <= body_start:
            continue
        m = cell.match(ln.text) if "\t" in ln.text else None
        if m:
            group, row_items, row_labelled = m["group"], [], True
        elif ln.text.startswith("\t"):
            row_items, row_labelled = [], False  # a row with an empty label cell
        else:
            g = label_line.match(ln.text) if starts and 2 <= len(ln.stripped) <= 12 else None
            if g and not _ends_sentence(ln.text):
                # a label dropped by a page break: it names the row it fell into
                group = g["group"]
                for k in row_items if not row_labelled else []:
                    groups[k] = group
                skip.append((ln.start, ln.end))
                continue
        if ln.text.lstrip(" \t")[:1] not in _DIGITS:
            continue
        # the number stands at the line's start, so a line holds at most one: match
        # there instead of letting finditer try every later position of the line
        n = number.match(text, ln.start, ln.end)
        if n:
            starts.append((int(n["n"]), n.start("n"), n.end()))
            groups.append(group)
            row_items.append(len(starts) - 1)
    items = []
    for k, (num, a, content) in enumerate(starts):
        b = starts[k + 1][1] if k + 1 < len(starts) else doc.end
        span = doc.trimmed(a, b)
        if not span:
            continue
        body = text[content:b]
        # skip is in text order: visit only the label lines that start inside [content, b)
        k2 = bisect.bisect_left(skip, (content,))
        while k2 < len(skip) and skip[k2][0] < b:
            s, e = skip[k2]
            body = body.replace(text[s:e], "")
            k2 += 1
        items.append(Item(number=num, group=groups[k], text=squeeze_spaces(body), evidence=span))
    return items


_DIGITS = frozenset("0123456789")


def _ends_sentence(s: str) -> bool:
    return s.rstrip().endswith(("。", "；", "，", ":", "："))

"""A document in the making: its place in the file, its lines, where its
body begins, and the fields that the stages fill in.

Stages read and write a `Document`; only `pipeline.build_record` turns it
into a `Record`. Positions are view indices (`doc.view`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import Span
from .text import SourceText, View


class Line:
    """One \\n-separated line of the view: [start, end) in view indices, its
    text, and that text stripped (computed once: the stages test it again and again)."""

    __slots__ = ("start", "end", "text", "stripped")

    def __init__(self, start: int, end: int, text: str):
        self.start, self.end, self.text = start, end, text
        self.stripped = text.strip()

    def __repr__(self) -> str:
        return f"Line({self.start}, {self.end}, {self.text!r})"


def view_lines(view: View, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(view.text) if end is None else end
    if start > end:
        return []
    # clean_view split the whole view into lines already: take them once
    texts = view.memo.pop("line_texts", None) if start == 0 and end == len(view.text) else None
    if texts is None:
        texts = view.text[start:end].split("\n")
    lines, pos = [], start
    for text in texts:
        stop = pos + len(text)
        lines.append(Line(pos, stop, text))
        pos = stop + 1
    return lines


@dataclass
class Document:
    source: SourceText
    view: View
    start: int             # view index where the document begins
    end: int               # view index where it ends
    index: int             # position in its file
    lines: list[Line] = field(default_factory=list)
    # the 主体 begins on this line of `lines`: what stands above is the 版头 (set by the header stage)
    body_start: int = 0
    fields: dict[str, Any] = field(default_factory=dict)
    # what a stage works out for this document and asks again (its header lines' tests)
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = view_lines(self.view, self.start, self.end)

    def span(self, start: int, end: int) -> Span:
        """Span of view [start, end) in file coordinates."""
        return self.view.span(start, end)

    def span_fields(self, start: int, end: int) -> dict[str, Any]:
        """`self.span(start, end).model_dump()` without building the Span, for
        models that hold a span's fields (Reference, DocNumber)."""
        a, b = self.view.to_source(start, end)
        return {"text": self.source.text[a:b], "start": a, "end": b, "line": self.source.line_of(a)}

    def trimmed(self, start: int, end: int, strip: str = "") -> Span | None:
        """Span of view [start, end) without surrounding blanks (and `strip` characters)."""
        start, end = self._trim(start, end, strip)
        return self.span(start, end) if end > start else None

    def trimmed_text(self, start: int, end: int, strip: str = "") -> str | None:
        """`trimmed(start, end, strip).text` without building the Span."""
        start, end = self._trim(start, end, strip)
        if end <= start:
            return None
        a, b = self.view.to_source(start, end)
        return self.source.text[a:b]

    def _trim(self, start: int, end: int, strip: str) -> tuple[int, int]:
        chars = strip + " \t\n"
        t = self.view.text
        while start < end and t[start] in chars:
            start += 1
        while end > start and t[end - 1] in chars:
            end -= 1
        return start, end

    def line_index_at(self, pos: int) -> int:
        for i, ln in enumerate(self.lines):
            if ln.start <= pos <= ln.end:
                return i
        return len(self.lines) - 1

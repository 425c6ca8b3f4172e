"""A document in the making: its place in the file, its lines and zones, and
the fields that the stages fill in.

Stages read and write a `Document`; only `pipeline.finish` turns it into a
`Record`. Positions are view indices (`doc.view`) unless named `source_*`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .models import Span
from .text import SourceText, View


@dataclass(frozen=True)
class Line:
    """One \\n-separated line of the view: [start, end) in view indices."""

    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


def view_lines(view: View, start: int = 0, end: int | None = None) -> list[Line]:
    end = len(view.text) if end is None else end
    lines, pos = [], start
    while pos <= end:
        nl = view.text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        lines.append(Line(pos, stop, view.text[pos:stop]))
        if nl < 0:
            break
        pos = nl + 1
    return lines


@dataclass
class Zones:
    """版头 / 主体 / 版记 as line indices into `Document.lines`.

    header: lines before the body (masthead, 文号, title, 主送);
    body: [body_start, body_end); footer: from the signature on.
    """

    body_start: int = 0
    body_end: int = 0
    signature_line: int | None = None


@dataclass
class Document:
    source: SourceText
    view: View
    start: int             # view index where the document begins
    end: int               # view index where it ends
    index: int             # position in its file
    lines: list[Line] = field(default_factory=list)
    zones: Zones = field(default_factory=Zones)
    fields: dict[str, Any] = field(default_factory=dict)
    # stage name → seconds, for --profile
    timings: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.lines:
            self.lines = view_lines(self.view, self.start, self.end)

    @property
    def text(self) -> str:
        return self.view.text[self.start:self.end]

    def span(self, start: int, end: int) -> Span:
        """Span of view [start, end) in file coordinates."""
        return self.view.span(start, end)

    def trimmed(self, start: int, end: int, strip: str = "") -> Span | None:
        """Span of view [start, end) without surrounding blanks (and `strip` characters)."""
        chars = strip + " \t\n"
        t = self.view.text
        while start < end and t[start] in chars:
            start += 1
        while end > start and t[end - 1] in chars:
            end -= 1
        return self.span(start, end) if end > start else None

    def line_index_at(self, pos: int) -> int:
        for i, ln in enumerate(self.lines):
            if ln.start <= pos <= ln.end:
                return i
        return len(self.lines) - 1

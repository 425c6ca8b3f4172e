"""The record: pydantic models are the single source of truth.

Field names and shapes follow ../shared/CONTRACT.md; `gongwen schema` exports
them to schemas/record.schema.json. Every value read from the text carries a
`Span` (text, start, end, line) in the coordinates of the whole decoded file.
"""
from __future__ import annotations

from typing import Literal, Optional

from pydantic import BaseModel, ConfigDict, Field

SCHEMA_VERSION = 1


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Model):
    """Evidence: `file_text[start:end] == text`; `line` is 1-based."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line: int = Field(ge=1)


class Source(_Model):
    path: str = Field(description="path as given on the command line (relative stays relative)")
    index: int = Field(ge=0, description="position of this document in its file, from 0")
    encoding: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    line_start: int = Field(ge=1)
    line_end: int = Field(ge=1)


class DocNumber(Span):
    """发文字号: 机关代字〔年份〕序号号."""

    code: str = Field(description="机关代字, e.g. 津交安办")
    year: Optional[int]
    serial: Optional[int]


class DateValue(Span):
    """A date read from the text; `value` is a full ISO date."""

    value: Optional[str] = Field(description="YYYY-MM-DD, or null when the text cannot fix it")


class DateRef(DateValue):
    """One end of a period, or a deadline's due date, with its own span."""


class Printed(_Model):
    """印发机关和印发日期."""

    by: Optional[str]
    date: Optional[DateValue]
    evidence: Optional[Span] = None


class Reference(_Model):
    """A document number, 《title》 or law article that the text cites."""

    kind: Literal["doc_number", "title", "law"]
    text: str
    start: int
    end: int
    line: int
    code: Optional[str] = None
    year: Optional[int] = None
    serial: Optional[int] = None
    article: Optional[str] = Field(default=None, description="第X条第X款 following a cited law")


class UnitMention(_Model):
    """A unit the document commends or criticises, with the sentence that says so."""

    unit: str
    span: Optional[Span] = Field(default=None, description="where the unit is named")
    evidence: Span


class Penalty(_Model):
    unit: Optional[str] = Field(description="the named unit; null for a measure that names no one")
    measure: str = Field(description="from the CONTRACT vocabulary (rules/penalties.yaml)")
    duration: Optional[str] = Field(default=None, description="ISO 8601 duration, e.g. P1M")
    amount: Optional[float] = Field(default=None, description="yuan")
    basis: Optional[str] = Field(default=None, description="the cited rule")
    evidence: Span


class Period(_Model):
    text: str
    start: DateRef
    end: DateRef
    evidence: Span


class Deadline(_Model):
    text: str
    due: DateRef
    action: Optional[str] = None
    evidence: Span


DateRole = Literal["signed", "printed", "event", "period-start", "period-end", "deadline"]


class DateMention(DateValue):
    role: DateRole


Severity = Literal["error", "warning", "info"]


class Flag(_Model):
    code: str
    severity: Severity
    message: str
    clause: Optional[str] = Field(default=None, description="the rule or GB/T 9704-2012 clause behind it")
    evidence: list[Span]


class Item(_Model):
    """A numbered entry of a list document (清单)."""

    number: int
    group: Optional[str]
    text: str
    evidence: Span


class Record(_Model):
    """One document."""

    model_config = ConfigDict(extra="forbid", title="GongwenRecord")

    schema_version: int = SCHEMA_VERSION
    source: Source
    doc_id: str
    doc_type: Optional[str] = None
    masthead: Optional[Span] = Field(default=None, description="版头: the …文件 line(s) that open the document")
    issuers: list[str] = []
    issuer_spans: list[Span] = []
    doc_number: Optional[DocNumber] = None
    title: Optional[str] = None
    title_span: Optional[Span] = None
    addressees: list[str] = []
    addressee_spans: list[Span] = []
    signed_date: Optional[DateValue] = None
    printed: Optional[Printed] = None
    report_to: list[str] = []
    cc: list[str] = []
    keywords: list[str] = []
    copies: Optional[int] = None
    attachments: list[str] = []
    references: list[Reference] = []
    dates: list[DateMention] = []
    commended: list[UnitMention] = []
    criticised: list[UnitMention] = []
    penalties: list[Penalty] = []
    periods: list[Period] = []
    deadlines: list[Deadline] = []
    flags: list[Flag] = []
    items: list[Item] = []
    # header/footer spans a reviewer can jump to: 抄报, 抄送, 主题词, 印数, 附件, and
    # cut_off: the last line of a document that stops in mid-sentence
    evidence: dict[str, Span] = Field(default_factory=dict)


class ErrorEntry(_Model):
    """A file or document that could not be processed, and why."""

    path: str
    index: Optional[int] = None
    stage: str
    reason: str

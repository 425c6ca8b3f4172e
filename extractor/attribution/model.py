"""What attribution returns and how it is set up: the hit and result
dataclasses and AttributionSettings.  Plain data that depends only on the
segmenter's default, so every other module (and a caller) can import them cheaply."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..segment import default_segmenter


@dataclass
class UnitHit:
    unit: str
    start: int
    end: int
    evidence_start: int
    evidence_end: int


@dataclass
class PenaltyHit:
    unit: str | None
    unit_start: int | None
    unit_end: int | None
    measure: str
    duration: str | None
    amount: float | None
    basis: str | None
    evidence_start: int
    evidence_end: int


@dataclass
class Attribution:
    commended: list[UnitHit] = field(default_factory=list)
    criticised: list[UnitHit] = field(default_factory=list)
    penalties: list[PenaltyHit] = field(default_factory=list)


@dataclass(frozen=True)
class AttributionSettings:
    segmenter: str = field(default_factory=default_segmenter)   # 'jieba' | 'rjieba' | 'pkuseg'
    use_ner: bool = True              # suffix rule + entity ruler (ner.py); False: the suffix rule only
    pkuseg_model: str | None = None   # pkuseg 0.0.25 model directory, for segmenter='pkuseg'
    neighbours: int = 1               # sentences either side of a cue sentence sent to NER

"""The attribution stage: who is commended, criticised and penalised.

Runs the attribution module over the document up to its signature and turns
its hits into record entries with spans in file coordinates. Sets
doc.fields: commended, criticised, penalties. (The pipeline imports this
module only when attribution runs: it loads jieba and spaCy.)
"""
from __future__ import annotations

from .attribution import AttributionSettings, attribute
from .document import Document
from .models import Penalty, UnitMention


def read_attribution(doc: Document, settings) -> None:
    # from the document's start: 当事人名称: lines and case headings above the
    # 主送 are what 你(单位) and 该院 point back to
    a = doc.start
    b = doc.fields.get("body_end_pos", doc.end)
    if b <= a:
        a, b = doc.start, doc.end
    # past the signature: the attachments, where a list under a heading names
    # the units the body commends or criticises
    result = attribute(doc.view.text[a:doc.end], AttributionSettings(segmenter=settings.segmenter), body_end=b - a)

    def unit(hit) -> UnitMention:
        span = doc.trimmed(a + hit.start, a + hit.end) if hit.end > hit.start else None
        return UnitMention(unit=hit.unit, span=span, evidence=doc.trimmed(a + hit.evidence_start, a + hit.evidence_end))

    doc.fields["commended"] = [unit(h) for h in result.commended]
    doc.fields["criticised"] = [unit(h) for h in result.criticised]
    doc.fields["penalties"] = [
        Penalty(unit=p.unit, measure=p.measure, duration=p.duration, amount=p.amount, basis=p.basis,
                evidence=doc.trimmed(a + p.evidence_start, a + p.evidence_end))
        for p in result.penalties
    ]

"""Attribution: who is praised, who is criticised, who is penalised.

    attribute(body, settings) -> Attribution(commended, criticised, penalties)

`body` is one document's cleaned text; every position returned is an index
into it.  The work, per document:

1. A matching view: pinyin noise of mirror copies removed (關(guān)于 → 關于)
   and Traditional characters mapped to Simplified (rules/t2s.txt), with an
   offset map back to `body`, so names are always copied from `body` as
   written (noise included).
2. Paragraphs (a line that does not end a sentence runs on into the next)
   and sentences (。！？；).
3. One compiled pattern of every cue, measure and anaphor finds the
   sentences that matter; only those, their neighbours and the paragraph
   an anaphor points into go through segmentation + spaCy NER.
4. Unit mentions in order: ORG entities, items of A、B、C等单位 (刘台村城上村
   is two villages), subjects of a 如：list, unit lines of lists and
   numbered headings.
5. Each cue or measure is aimed: at the units after the last 对/责令/给予
   before it, else the clause's subject, else a list it announces (如下,
   红榜名单, 15个单位 with a list of 15), else (penalties only) its section's
   heading unit or the 当事人 of a decision.  以上/上述/该N个单位 take the
   units before them in the paragraph (the last N when counted), 该公司/该院
   the latest unit with that suffix, 你单位 the 当事人.

The package, by concern (each module's docstring says more):

    model      the result dataclasses and AttributionSettings
    patterns   compiled regular expressions shared by the modules below
    cues       the rules read here and the prefilters built from them (_needs)
    document   _Doc: view, paragraphs, lines, sentences and unit mentions
    lists      list blocks and items, numbered headings, sections, 当事人
    aiming     aiming a cue or measure at its units; anaphors
    core       attribute(): the per-document run

This module re-exports the public API and the helpers that tests and
benchmarks import from `extractor.attribution`.
"""
from .core import attribute
from .cues import _any_cue, _cues, _needs, _party_words, _presence_scans, _union_rules, _union_starts
from .document import Mention, Sentence, View, _Doc, _find_mentions, _paragraphs, _sentences
from .model import Attribution, AttributionSettings, PenaltyHit, UnitHit
from .patterns import _HEADING_NUM, _PARA_END, _SENT_END

__all__ = [
    "Attribution", "AttributionSettings", "Mention", "PenaltyHit", "Sentence", "UnitHit", "View", "attribute",
    # used by tests and bench (not part of the public API)
    "_Doc", "_HEADING_NUM", "_PARA_END", "_SENT_END", "_any_cue", "_cues", "_find_mentions",
    "_needs", "_paragraphs", "_party_words", "_presence_scans", "_sentences", "_union_rules", "_union_starts",
]

"""NER (ORG, GPE) with spaCy over our own segmentation.

The pipeline is built in code, so it loads offline: ``spacy.blank("zh")``
whose tokenizer is replaced by :class:`SegTokenizer` (the segmenter of
``extractor.segment``; jieba POS tags go to ``token.tag_``), then

* ``org_suffix`` — a token that ends with an organisation suffix
  (rules/org_suffixes.txt: 公司, 分公司, 局, 村, 支队 …) closes an ORG; the
  name runs back over noun-like tokens and stops at a preposition,
  particle, verb of the stop list, time word or punctuation (对, 的, 发现,
  检查中 …).  A place written in front of a bigger place (东丽区天津市…) is
  the inspection site, not part of the name, and is dropped.
* ``entity_ruler`` — spaCy's EntityRuler, fed from rules/: organ names of
  rules/gongwen_dict.txt tagged ``nt`` (phrase patterns, ORG) and jieba's
  ``nt`` / ``ns`` tags (token patterns, ORG / GPE).  It never overwrites
  what ``org_suffix`` found.

Each entity keeps its character span and the component that found it
(``span.id_``).  No statistical model is shipped: on the dev and seed gold
the rules already find every unit the attribution needs (docs/attribution.md).
"""
from __future__ import annotations

import functools
from dataclasses import dataclass

import regex
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from . import rules
from .segment import segment, segment_tuples  # noqa: F401  (segment: public name kept)


@dataclass(frozen=True)
class Entity:
    text: str
    start: int
    end: int
    label: str        # ORG or GPE
    component: str    # org_suffix, entity_ruler, jieba_pos


class SegTokenizer:
    """spaCy tokenizer that returns a Doc made of our segmenter's tokens."""

    def __init__(self, vocab, segmenter: str = "jieba", pkuseg_model: str | None = None):
        self.vocab, self.segmenter, self.pkuseg_model = vocab, segmenter, pkuseg_model

    def __call__(self, text: str) -> Doc:
        toks = segment_tuples(text, self.segmenter, self.pkuseg_model)
        words, spaces, tags = [], [], []
        pos = 0
        for word, tag, start, end in toks:
            if start > pos:  # whitespace the segmenter dropped rides on the previous token
                if words:
                    spaces[-1] = True if text[pos:start] == " " else spaces[-1]
                    if text[pos:start] != " ":
                        words.append(text[pos:start]); spaces.append(False); tags.append("x")
                else:
                    words.append(text[pos:start]); spaces.append(False); tags.append("x")
            words.append(word); spaces.append(False); tags.append(tag or "x")
            pos = end
        if pos < len(text):
            words.append(text[pos:]); spaces.append(False); tags.append("x")
        doc = Doc(self.vocab, words=words, spaces=spaces, tags=tags)
        return doc


@functools.lru_cache(maxsize=None)
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(set(rules.word_list("org_suffixes")), key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def _suffixes_by_last_char() -> dict[str, tuple[str, ...]]:
    by: dict[str, list[str]] = {}
    for s in _suffixes():  # longest first, kept in that order
        by.setdefault(s[-1], []).append(s)
    return {k: tuple(v) for k, v in by.items()}


def _suffix_of(token: str) -> str | None:
    """The longest organisation suffix the token ends with (one dict lookup, not 80 endswith)."""
    for s in _suffixes_by_last_char().get(token[-1:], ()):
        if token.endswith(s):
            return s
    return None


@functools.lru_cache(maxsize=None)
def _not_org() -> frozenset:
    return frozenset(rules.word_list("not_org_words"))


@functools.lru_cache(maxsize=None)
def _stops() -> tuple[frozenset, frozenset, frozenset]:
    v = rules.load("cues").vocab
    return frozenset(v["stop_words"]), frozenset(v["stop_pos"]), frozenset(v["generic_units"])


_CN_NUM = regex.compile(r"^[一二三四五六七八九十百零〇两]+$")
_HAN = regex.compile(r"^[\p{Han}]+$")
_INNER_PLACE = regex.compile(r"^(\p{Han}{1,4}?[区县])(?=\p{Han}{2,}?[省市])")
# anonymised names (温州某某化工有限公司, 张某某诊所): 某 is a pronoun to jieba but part of the name
_ANONYMISED = regex.compile(r"^某+$")
_SUFFIX_TAG_BAD = {"v", "p", "d", "m", "q", "c", "u", "uj", "r", "f", "t"}


@functools.lru_cache(maxsize=None)
def _suffix_set() -> frozenset:
    return frozenset(_suffixes())


def org_spans(doc: Doc) -> list[Span]:
    """ORG spans closed by an organisation-suffix token (see module doc)."""
    # Fast path: a span needs a token that ends with a suffix, so a text
    # without any suffix's last character has none.
    by_last = _suffixes_by_last_char()
    if by_last.keys().isdisjoint(doc.text):
        return []
    stop_words, stop_pos, generic = _stops()
    not_org, suffixes = _not_org(), _suffix_set()
    # Each doc[i] makes a new Token object: read text, tag and offset once.
    words, tags, idxs = [], [], []
    for tok in doc:
        words.append(tok.text)
        tags.append(tok.tag_)
        idxs.append(tok.idx)
    n = len(words)
    out = []
    for i in range(n):
        text = words[i]
        suf = _suffix_of(text)
        if suf is None or not _HAN.match(text):
            continue
        tag = tags[i]
        if text in not_org or (tag in _SUFFIX_TAG_BAD and text not in suffixes):
            continue
        if text == suf and len(suf) == 1 and (
                i == 0 or words[i - 1] in stop_words or not (tags[i - 1][:1] in ("n", "j", "s") or tags[i - 1] == "x")
                or (i + 1 < n and tags[i + 1].startswith("v"))):
            continue  # 处, 所, 办 standing alone after a verb (规定处挂黄牌) close no name
        end_char = idxs[i] + len(text)   # doc[j - 1: i + 1].end_char
        j = i
        while j > 0:
            pt = words[j - 1]
            ptag = tags[j - 1]
            if not _HAN.match(pt) or ((pt in stop_words or ptag in stop_pos) and not _ANONYMISED.match(pt)):
                break
            if ptag == "m" and not _CN_NUM.match(pt):
                break
            if end_char - idxs[j - 1] > 40:
                break
            j -= 1
        span = doc[j: i + 1]
        name = span.text
        m = _INNER_PLACE.match(name)
        if m:
            cut = span.start_char + len(m.group(1))
            s2 = doc.char_span(cut, span.end_char, alignment_mode="contract")
            if s2 is not None and len(s2):
                span = s2
        if span.text in generic or span.text == suf or len(span.text) < 2:
            continue
        out.append(Span(doc, span.start, span.end, label="ORG", span_id="org_suffix"))
    return out


@Language.component("org_suffix")
def org_suffix_component(doc: Doc) -> Doc:
    doc.ents = filter_spans(list(doc.ents) + org_spans(doc))
    return doc


def _ruler_patterns() -> list[dict]:
    pats = []
    for line in rules.word_list("gongwen_dict"):
        parts = line.split()
        if parts[-1] == "nt":
            pats.append({"label": "ORG", "pattern": parts[0], "id": "entity_ruler"})
    pats.append({"label": "ORG", "pattern": [{"TAG": "nt"}], "id": "jieba_pos"})
    pats.append({"label": "GPE", "pattern": [{"TAG": "ns", "OP": "+"}], "id": "jieba_pos"})
    return pats


@functools.lru_cache(maxsize=None)
def build_nlp(segmenter: str = "jieba", pkuseg_model: str | None = None) -> Language:
    """The zh pipeline, built once per (segmenter, model) and cached."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = SegTokenizer(nlp.vocab, segmenter, pkuseg_model)
    nlp.add_pipe("org_suffix")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(_ruler_patterns())
    return nlp


def entities_many(texts: list[str], segmenter: str = "jieba", pkuseg_model: str | None = None) -> list[list[Entity]]:
    nlp = build_nlp(segmenter, pkuseg_model)
    out = []
    for doc in nlp.pipe(texts, batch_size=64):
        out.append([Entity(e.text, e.start_char, e.end_char, e.label_, e.id_ or "entity_ruler") for e in doc.ents])
    return out


def entities(text: str, segmenter: str = "jieba", pkuseg_model: str | None = None) -> list[Entity]:
    return entities_many([text], segmenter, pkuseg_model)[0]

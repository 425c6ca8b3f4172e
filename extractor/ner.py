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

That spaCy pipeline (:func:`build_nlp`) is the reference implementation.  At
run time :func:`entities_many` computes the same answer on plain lists (see
"without spaCy" below) and never imports spaCy, whose import alone costs
about a second in every process; tests/test_ner.py checks the two agree.
"""
from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from itertools import accumulate
from operator import add
from typing import TYPE_CHECKING

import regex

from . import rules
from . import segment as _segment
from .segment import positions, segment, segment_tuples  # noqa: F401  (segment: public name kept)

if TYPE_CHECKING:   # spaCy is imported only where the reference pipeline is built or run
    from spacy.language import Language
    from spacy.tokens import Doc, Span


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
        return self.make_doc(*self.layout(text, segment_tuples(text, self.segmenter, self.pkuseg_model)))

    def make_doc(self, words: list[str], spaces: list[bool], tags: list[str]) -> Doc:
        from spacy.tokens import Doc

        doc = Doc(self.vocab, words=words, spaces=spaces, tags=tags)
        # what org_spans reads of every token, without making a Token per read:
        # text, tag and character offset (as Doc computes it: lengths plus spaces)
        idxs, pos = [], 0
        for w, sp in zip(words, spaces):
            idxs.append(pos)
            pos += len(w) + sp
        doc.user_data[_TOKENS_KEY] = (words, tags, idxs)
        return doc

    @staticmethod
    def layout(text: str, toks: list[tuple[str, str, int, int]]) -> tuple[list[str], list[bool], list[str]]:
        """Words, spaces and tags of the Doc for `text` segmented as `toks`."""
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
        return words, spaces, tags


_TOKENS_KEY = "gongwen_tokens"


@functools.lru_cache(maxsize=None)
def _suffixes() -> tuple[str, ...]:
    return tuple(sorted(set(rules.word_list("org_suffixes")), key=len, reverse=True))


@functools.lru_cache(maxsize=None)
def _suffixes_by_last_char() -> dict[str, tuple[str, ...]]:
    by: dict[str, list[str]] = {}
    for s in _suffixes():  # longest first, kept in that order
        by.setdefault(s[-1], []).append(s)
    return {k: tuple(v) for k, v in by.items()}


@functools.lru_cache(maxsize=None)
def _suffix_last_chars() -> frozenset:
    return frozenset(_suffixes_by_last_char())


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
    return frozenset(v["stop_words"] + v["post_words"]), frozenset(v["stop_pos"]), frozenset(v["generic_units"])


@functools.lru_cache(maxsize=None)
def _name_parentheticals() -> frozenset:
    return frozenset(rules.load("cues").vocab["name_parentheticals"])


@functools.lru_cache(maxsize=None)
def _particle_words() -> frozenset:
    return frozenset(rules.load("cues").vocab["suffix_particle_words"])


_CN_NUM = regex.compile(r"^第?[一二三四五六七八九十百零〇两]+$")  # 第二污水处理厂: an ordinal is part of a name
_HAN = regex.compile(r"^[\p{Han}]+$")
_CJK_COMMON = re.compile("[\u4e00-\u9fa5]+")   # all Han (assigned since Unicode 3.0); re is faster than regex
_INNER_PLACE = regex.compile(r"^(\p{Han}{1,4}?[区县])(?=\p{Han}{2,}?[省市])")
# anonymised names (温州某某化工有限公司, 张某某诊所): 某 is a pronoun to jieba but part of the name
_ANONYMISED = regex.compile(r"^某+$")
_SUFFIX_TAG_BAD = {"v", "p", "d", "m", "q", "c", "u", "uj", "r", "f", "t"}


@functools.lru_cache(maxsize=None)
def _suffix_set() -> frozenset:
    return frozenset(_suffixes())


def org_spans(doc: Doc) -> list[Span]:
    """ORG spans closed by an organisation-suffix token (see module doc)."""
    from spacy.tokens import Span

    # Each doc[i] makes a new Token object: read text, tag and offset once,
    # or take them from SegTokenizer, which made the Doc from these lists
    # (nothing before this component changes tokens or tags).
    known = doc.user_data.get(_TOKENS_KEY)
    if known is not None and len(known[0]) == len(doc):
        words, tags, idxs = known
    else:
        words, tags, idxs = [], [], []
        for tok in doc:
            words.append(tok.text)
            tags.append(tok.tag_)
            idxs.append(tok.idx)
    generic = _stops()[2]
    out = []
    for j, i, suf in _org_closers(words, tags, idxs):
        span = doc[j: i + 1]
        name = span.text   # Span.text joins its tokens anew on every read: read once per span
        m = _inner_place(name, words, tags, idxs, j)
        if m:
            cut = span.start_char + len(m.group(1))
            s2 = doc.char_span(cut, span.end_char, alignment_mode="contract")
            if s2 is not None and len(s2):
                span = s2
                name = span.text
        if name in generic or name == suf or len(name) < 2:
            continue
        out.append(Span(doc, span.start, span.end, label="ORG", span_id="org_suffix"))
    return out


@functools.lru_cache(maxsize=None)
def _name_rules():
    c = rules.load("cues")
    return (c.pattern("ner.subunit"), c.pattern("ner.number_mark"), c.pattern("ner.place_anchor"),
            frozenset(c.vocab["place_bridge_never"]), frozenset(c.vocab["counting_characters"]))


def _numbered_part(words: list[str], j: int) -> int:
    """How many tokens before token j form a numbered part of a name (Ⅰ号 / 2号 / Ⅰ + 号,
    or Ⅰ before a token 号矿 as rjieba cuts it), else 0."""
    number = _name_rules()[1]
    pt = words[j - 1]
    if words[j][:1] == "号" and words[j] != "号":
        return 1 if number.match(pt) and not pt.endswith("号") else 0
    if pt == "号":
        return 2 if j >= 2 and number.match(words[j - 2]) else 0
    return 1 if pt.endswith("号") and number.match(pt) else 0


_OPEN_PAREN, _CLOSE_PAREN = frozenset("(（"), frozenset(")）")


def _walk_back(words, tags, idxs, j: int, end_char: int, stop_words, stop_pos) -> int:
    """Token index where a name ending before token j's successors starts (the backward walk)."""
    while j > 0:
        pt = words[j - 1]
        ptag = tags[j - 1]
        k = _numbered_part(words, j) if pt[-1:] == "号" or words[j][:1] == "号" else 0
        if k:   # 青龙泉盛矿业有限公司Ⅰ号矿: a numbered part belongs to the name
            if end_char - idxs[j - k] > 40:
                break
            j -= k
            continue
        if (pt in _CLOSE_PAREN and j >= 4 and words[j - 3] in _OPEN_PAREN
                and (words[j - 2] in _name_parentheticals() or tags[j - 2] == "ns")
                and words[j - 4] not in stop_words and tags[j - 4] not in stop_pos and _CJK_COMMON.fullmatch(words[j - 4])):
            # 北京首汽(集团)股份有限公司, 某某玻璃(厦门)有限公司: the bracketed word
            # or place belongs to the name that goes on before it
            if end_char - idxs[j - 4] > 40:
                break
            j -= 3
            continue
        # the set look-ups first (they end most walks), then whether pt is all
        # Han: by re for the common CJK block, by regex's \p{Han} otherwise
        if (pt in stop_words or ptag in stop_pos) and not _ANONYMISED.match(pt) or (
                _CJK_COMMON.fullmatch(pt) is None and not _HAN.match(pt)):
            break
        if ptag == "m" and not _CN_NUM.match(pt) and not _place_numeral(pt, words, tags, j):
            break
        if end_char - idxs[j - 1] > 40:
            break
        j -= 1
    return j


def _place_numeral(pt: str, words, tags, j: int) -> bool:
    """A place's name that opens with a numeral, which jieba tags m, between a
    bigger place and the rest of a name (浙江|三门|农村商业银行…): part of it."""
    return (j >= 2 and tags[j - 2] == "ns" and len(pt) >= 2 and _CN_NUM.match(pt[0]) is not None
            and _name_rules()[4].isdisjoint(pt) and _CJK_COMMON.fullmatch(pt) is not None)


def _place_bridge(words, tags, j: int, i: int) -> int | None:
    """Index of a county/city token that the name starting at j runs back to over
    one or two short words jieba mis-tagged (青龙满族自治县|三秋|石矿,
    青龙满族自治县|后|擦岭村双马石矿), else None."""
    if not (j >= 2 and tags[j - 2] == "ns" or j >= 3 and tags[j - 3] == "ns"):
        return None   # no place one or two words back: the common case, tested first
    _sub, _num, anchor, never, _counting = _name_rules()
    if (j == i and words[i] in _suffix_set()) or tags[j] == "ns":
        return None   # a bare suffix, or a name that already opens with a place
    for width in (1, 2):
        a = j - width
        if a < 1:
            return None
        bridge = words[a:j]
        if (sum(map(len, bridge)) > 3 or any(
                not _HAN.match(w) or len(w) > 2 or w in never or tags[a + k].startswith("v")
                for k, w in enumerate(bridge))):
            return None
        place = words[a - 1]
        if tags[a - 1] == "ns" and len(place) >= 3 and anchor.search(place):
            return a - 1
    return None


# first characters a ner.subunit match can start with (a cheap test before the regex)
_SUBUNIT_FIRST = frozenset("东西南北中一二三四五六七八九十0123456789ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫIVX")


def _subunit_end(words: list[str], i: int) -> int:
    """Last token of a sub-unit written right after the name closed at token i
    (阜新东兴矿业有限公司|西部|井), else i."""
    if i + 1 >= len(words) or words[i + 1][:1] not in _SUBUNIT_FIRST:
        return i
    sub = _name_rules()[0]
    tail = "".join(words[i + 1:i + 5])
    m = sub.match(tail) if tail else None
    if not m:
        return i
    pos = 0
    for k in range(i + 1, min(i + 5, len(words))):
        pos += len(words[k])
        if pos == m.end():
            return k
        if pos > m.end():
            break
    return i


def _org_closers(words: list[str], tags: list[str], idxs: list[int], closers: list[int] | None = None):
    """(j, i, suffix) for each token i that closes a name running back to token j.
    `closers`: the tokens to try, if known to hold every token whose last
    character ends a suffix (the others cannot close a name)."""
    stop_words, stop_pos, _generic = _stops()
    not_org, suffixes = _not_org(), _suffix_set()
    n = len(words)
    for i in range(n) if closers is None else closers:
        text = words[i]
        suf = _suffix_of(text)
        if suf is None or not _HAN.match(text):
            continue
        tag = tags[i]
        if text in not_org or (tag in _SUFFIX_TAG_BAD and text not in suffixes):
            continue
        if text == suf and len(suf) == 1 and (
                i == 0 or words[i - 1] in stop_words
                or not (tags[i - 1][:1] in ("n", "j", "s", "a") or tags[i - 1] == "x"
                        or words[i - 1][-1:] == "号" and _numbered_part(words, i))
                or (i + 1 < n and (tags[i + 1].startswith("v") or text + words[i + 1][:1] in _particle_words()))):
            continue  # 处, 所, 办 standing alone after a verb (规定处挂黄牌), or 所 before a verb it belongs to (直辖市|所|辖区), close no name
        # _subunit_end and _place_bridge test their common "no" case first, here, without a call
        end = i if i + 1 >= n or words[i + 1][:1] not in _SUBUNIT_FIRST else _subunit_end(words, i)
        end_char = idxs[end] + len(words[end])   # doc[j - 1: end + 1].end_char
        j = _walk_back(words, tags, idxs, i, end_char, stop_words, stop_pos)
        if j >= 2 and tags[j - 2] == "ns" or j >= 3 and tags[j - 3] == "ns":
            place = _place_bridge(words, tags, j, i)
            if place is not None and end_char - idxs[place] <= 40:
                j = _walk_back(words, tags, idxs, place, end_char, stop_words, stop_pos)
        yield j, end, suf


def org_suffix_component(doc: Doc) -> Doc:
    """The org_suffix component of build_nlp() (registered there)."""
    from spacy.util import filter_spans

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
    import spacy
    from spacy.language import Language

    if not Language.has_factory("org_suffix"):
        Language.component("org_suffix", func=org_suffix_component)
    nlp = spacy.blank("zh")
    nlp.tokenizer = SegTokenizer(nlp.vocab, segmenter, pkuseg_model)
    nlp.add_pipe("org_suffix")
    ruler = nlp.add_pipe("entity_ruler", config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(_ruler_patterns())
    return nlp


# ---------------------------------------------------------------- without spaCy
#
# The pipeline above, computed on plain lists: a spaCy Doc, its Token objects,
# the Matcher and the PhraseMatcher cost about 70 µs a sentence; the same steps
# on lists cost a fraction.  Each step below is what the spaCy code does:
#
# * org_suffix: doc.ents = filter_spans(org_spans(doc)) (doc.ents is empty
#   before it).  filter_spans: longest first, then leftmost; a span is kept
#   when neither end token is taken.  A name that _INNER_PLACE cuts is
#   doc.char_span(cut, end, alignment_mode="contract"): the tokens wholly
#   inside the characters (_contract).
# * entity_ruler (overwrite_ents=False), EntityRuler.match/set_annotations:
#   the set of (key, start, end) of the Matcher (TAG nt: one token, ORG;
#   TAG ns "+": every run of ns tokens and every part of it, GPE) and of the
#   PhraseMatcher (ORTH: the tokens of a dictionary name, ORG), sorted by
#   (length, -start) descending; a match is dropped when one of its tokens is
#   in an org_suffix entity, else kept when neither end token is taken.
#   One span matched under two keys (a dictionary name jieba tags nt) is a
#   tie that sorted() leaves in the order of the set, so the set is built
#   here exactly as spaCy builds it: the same tuples (key hashes from the
#   vocab) added in the same order — the Matcher's by end then start, the
#   PhraseMatcher's by start then length — and tuples of ints hash the same
#   in every process.
# * Span.text: the tokens with their trailing space, the last one's dropped.
#
# What the list version needs of the built pipeline (_ruler_tables) is worked
# out from the same inputs without building it: a phrase pattern is the words
# nlp.tokenizer (SegTokenizer) makes of its text, and a match key is the
# StringStore hash of the label "LABEL||id" (_string_key).


def _string_key(s: str) -> int:
    """spaCy's StringStore key of `s` (strings.hash_string): MurmurHash64A of
    the UTF-8 bytes with seed 1, as murmurhash's hash64 computes it."""
    data = s.encode("utf8")
    m, r, mask = 0xC6A4A7935BD1E995, 47, (1 << 64) - 1
    n = len(data)
    h = (1 ^ (n * m)) & mask
    end = n - n % 8
    for i in range(0, end, 8):
        k = int.from_bytes(data[i:i + 8], "little") * m & mask
        k ^= k >> r
        h = (h ^ (k * m & mask)) * m & mask
    if n % 8:
        h = (h ^ int.from_bytes(data[end:], "little")) * m & mask
    h ^= h >> r
    h = h * m & mask
    return h ^ (h >> r)


@functools.lru_cache(maxsize=None)
def _ruler_tables(segmenter: str, pkuseg_model: str | None):
    """(phrases, nt key, ns key, labels) for the list version: phrase patterns
    by first word {word: ((words…), key), …} (shorter first), the Matcher's
    keys of the nt and ns patterns, and {key: (label, id)} — what
    build_nlp()'s entity_ruler holds (EntityRuler.add_patterns: each phrase
    pattern is nlp.pipe(text), the label with its id is "LABEL||id")."""
    labels = {}
    phrases: dict[str, list] = {}
    for p in _ruler_patterns():
        label, ent_id = p["label"], p["id"]
        k = _string_key(f"{label}||{ent_id}")
        labels[k] = (label, ent_id)
        if isinstance(p["pattern"], str):
            text = p["pattern"]
            seq = tuple(SegTokenizer.layout(text, segment_tuples(text, segmenter, pkuseg_model))[0])
            if seq:
                phrases.setdefault(seq[0], []).append((seq, k))
    phrases = {w: tuple(sorted(v, key=lambda x: len(x[0]))) for w, v in phrases.items()}
    return phrases, _string_key("ORG||jieba_pos"), _string_key("GPE||jieba_pos"), labels


def _span_text(words: list[str], spaces: list[bool] | None, s: int, e: int) -> str:
    if spaces is None:   # no spaces in the doc
        return "".join(words[s:e])
    parts = []
    for k in range(s, e - 1):
        parts.append(words[k])
        if spaces[k]:
            parts.append(" ")
    parts.append(words[e - 1])
    return "".join(parts)


def _longest_first(spans):
    return sorted(spans, key=lambda x: (x[1] - x[0], -x[0]), reverse=True)


def _inner_place(name: str, words: list[str], tags: list[str], idxs: list[int], j: int):
    """The match of _INNER_PLACE on a name starting at token j when the bigger
    place after it is a place word (东丽区|天津市), else None: in
    东宝区|文化|市场|稽查队 the 市 is no place's."""
    m = _INNER_PLACE.match(name)
    if m is None:
        return None
    k = bisect.bisect_left(idxs, idxs[j] + len(m.group(1)), j)
    return m if k < len(tags) and idxs[k] == idxs[j] + len(m.group(1)) and tags[k] == "ns" else None


def _contract(words: list[str], idxs: list[int], a: int, b: int) -> tuple[int, int] | None:
    """Token range of doc.char_span(a, b, alignment_mode="contract"): the
    tokens wholly inside characters a..b (a token owns its trailing space)."""
    n = len(words)
    total = idxs[n]   # idxs holds one more entry: where the text ends
    if not 0 <= a < total or not 0 <= b - 1 < total:
        return None
    s = bisect.bisect_right(idxs, a, 0, n) - 1
    e = bisect.bisect_right(idxs, b - 1, 0, n) - 1
    if idxs[s] < a:
        s += 1
    if b < idxs[e] + len(words[e]):
        e -= 1
    return None if e < s else (s, e + 1)


# a whitespace character as str.strip() sees it (re's \s on str is str.isspace)
_HAS_SPACE = re.compile(r"\s")


def _layout(text: str, pairs: list[tuple[str, str]]) -> tuple[list[str], list[bool], list[str]]:
    """SegTokenizer.layout(text, positions(text, pairs)), without the
    per-token walk when the words spell the text exactly (each word starts
    where the last ended): then only the whitespace words, which layout
    drops and turns into gaps, need a look."""
    if not pairs:
        return SegTokenizer.layout(text, positions(text, pairs))
    words, tags = map(list, zip(*pairs))
    if "".join(words) != text or "" in words:
        return SegTokenizer.layout(text, positions(text, pairs))
    if "" in tags or None in tags:
        tags = [t or "x" for t in tags]
    if _HAS_SPACE.search(text) is None:
        return words, [False] * len(words), tags
    blank = [i for i, w in enumerate(words) if w.isspace()]   # = not w.strip()
    if not blank:
        return words, [False] * len(words), tags
    out_w: list[str] = []
    out_s: list[bool] = []
    out_t: list[str] = []
    n, prev, k = len(words), 0, 0
    while k < len(blank):
        g = h = blank[k]   # a run of whitespace words g..h-1: one gap
        while k < len(blank) and blank[k] == h:
            h += 1
            k += 1
        out_w += words[prev:g]
        out_t += tags[prev:g]
        out_s += [False] * (g - prev)
        gap = "".join(words[g:h])
        if gap == " " and out_w and h < n:
            out_s[-1] = True   # one space rides on the word before
        else:
            out_w.append(gap)  # at the start, at the end, or not a single space: a word
            out_s.append(False)
            out_t.append("x")
        prev = h
    out_w += words[prev:]
    out_t += tags[prev:]
    out_s += [False] * (n - prev)
    return out_w, out_s, out_t


def _entities_fast(words: list[str], spaces: list[bool], tags: list[str], tables) -> list[Entity]:
    """The entities of build_nlp()'s pipeline, on lists (see above)."""
    ents, idxs, spaces = _entity_tokens(words, spaces, tags, tables)
    return [Entity(_span_text(words, spaces, s, e), idxs[s], idxs[e - 1] + len(words[e - 1]), label, ent_id or "entity_ruler")
            for s, e, label, ent_id in ents]


def _entity_tokens(words: list[str], spaces: list[bool], tags: list[str], tables):
    """(entities as sorted (first token, end token, label, id), token
    character offsets, spaces or None when the doc has none): what
    _entities_fast makes its Entity objects of."""
    phrases, nt_key, ns_key, labels = tables
    idxs, spaces = _token_offsets(words, spaces)
    # tokens a suffix may close a name at (the last character tells)
    last = _suffix_last_chars()
    closers = [i for i, w in enumerate(words) if w[-1] in last]
    has_pos = "nt" in tags or "ns" in tags
    # a phrase pattern matches only at a word that is the first word of one
    phrase_firsts = phrases.keys() & words
    if not closers and not has_pos and not phrase_firsts:
        return [], idxs, spaces   # no component can find anything
    ents = [(s, e, "ORG", "org_suffix") for s, e in _org_suffix_tokens(words, tags, idxs, spaces, closers)]
    taken = {k for s, e, _label, _id in ents for k in range(s, e)}
    # entity_ruler: the Matcher's matches, then the PhraseMatcher's, as spaCy lists them
    found = []
    if has_pos:
        run = -1   # start of the current run of ns tokens
        for i, t in enumerate(tags):
            if t == "ns":
                if run < 0:
                    run = i
                found.extend((ns_key, s, i + 1) for s in range(run, i + 1))
            else:
                run = -1
                if t == "nt":
                    found.append((nt_key, i, i + 1))
    if phrase_firsts:
        for i, w in enumerate(words):
            if w in phrase_firsts:
                for seq, key in phrases[w]:
                    if tuple(words[i:i + len(seq)]) == seq:
                        found.append((key, i, i + len(seq)))
    seen: set[int] = set()
    for key, s, e in sorted(set(found), key=lambda m: (m[2] - m[1], -m[1]), reverse=True):
        if any(k in taken for k in range(s, e)):
            continue
        if s not in seen and e - 1 not in seen:
            label, ent_id = labels[key]
            ents.append((s, e, label, ent_id))
            seen.update(range(s, e))
    ents.sort()
    return ents, idxs, spaces


def _token_offsets(words: list[str], spaces: list[bool]) -> tuple[list[int], list[bool] | None]:
    """Each token's character offset (and where the text ends), and the spaces,
    or None when the text has none (_span_text then joins plainly)."""
    if True in spaces:
        return [0, *accumulate(map(add, map(len, words), spaces))], spaces
    return [0, *accumulate(map(len, words))], None


def _org_suffix_tokens(words: list[str], tags: list[str], idxs: list[int], spaces: list[bool] | None,
                       closers: list[int] | None = None) -> list[tuple[int, int]]:
    """(first token, end token) of the names an organisation suffix closes,
    longest first without overlaps: the org_suffix component followed by
    spaCy's filter_spans, on lists."""
    generic = _stops()[2]
    org = []
    for j, i, suf in _org_closers(words, tags, idxs, closers):
        name = _span_text(words, spaces, j, i + 1)
        e = i + 1
        m = _inner_place(name, words, tags, idxs, j)
        if m:   # 东丽区天津市…: the name starts after the inner place
            cut = _contract(words, idxs, idxs[j] + len(m.group(1)), idxs[i] + len(words[i]))
            if cut is not None:
                j, e = cut
                name = _span_text(words, spaces, j, e)
        if name in generic or name == suf or len(name) < 2:
            continue
        org.append((j, e))
    out: list[tuple[int, int]] = []
    taken: set[int] = set()
    for s, e in _longest_first(org):
        if s not in taken and e - 1 not in taken:
            out.append((s, e))
            taken.update(range(s, e))
    return out


def _laid_out(texts: list[str], segmenter: str, pkuseg_model: str | None):
    """(words, spaces, tags, tables) of each text, as build_nlp()'s tokenizer lays it out."""
    tables = _ruler_tables(segmenter, pkuseg_model)
    cut = _segment.segmenter(segmenter, pkuseg_model)
    for text in texts:
        yield (*_layout(text, cut(text)), tables)


def entities_many(texts: list[str], segmenter: str = "jieba", pkuseg_model: str | None = None) -> list[list[Entity]]:
    """Entities of each text: the same as nlp.pipe over build_nlp(), which
    runs the tokenizer then each component on every text, computed on lists
    (above) without spaCy."""
    return [_entities_fast(*laid) for laid in _laid_out(texts, segmenter, pkuseg_model)]


def name_spans_many(texts: list[str], segmenter: str = "jieba", pkuseg_model: str | None = None) -> list[list[tuple[int, int, str]]]:
    """(start, end, component) of the ORG and GPE entities of each text, in the
    order of entities_many, without making Entity objects or their texts (the
    attribution reads only these); a GPE's component is "place"."""
    out = []
    for words, spaces, tags, tables in _laid_out(texts, segmenter, pkuseg_model):
        ents, idxs, _spaces = _entity_tokens(words, spaces, tags, tables)
        out.append([(idxs[s], idxs[e - 1] + len(words[e - 1]), (ent_id or "entity_ruler") if label == "ORG" else "place")
                    for s, e, label, ent_id in ents if label == "ORG" or label == "GPE"])
    return out


def org_suffix_spans_many(texts: list[str], segmenter: str = "jieba",
                          pkuseg_model: str | None = None) -> list[list[tuple[int, int]]]:
    """(start, end) of the names an organisation suffix closes in each text,
    without the entity ruler: filter_spans(org_spans(doc)) over a bare
    pipeline of the segmenter, computed on lists."""
    out = []
    for words, spaces, tags, _tables in _laid_out(texts, segmenter, pkuseg_model):
        idxs, spaces = _token_offsets(words, spaces)
        # in text order, as filter_spans returns them
        out.append([(idxs[s], idxs[e - 1] + len(words[e - 1]))
                    for s, e in sorted(_org_suffix_tokens(words, tags, idxs, spaces))])
    return out


def entities(text: str, segmenter: str = "jieba", pkuseg_model: str | None = None) -> list[Entity]:
    return entities_many([text], segmenter, pkuseg_model)[0]

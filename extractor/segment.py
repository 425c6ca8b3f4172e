"""Segmentation (分词) of the few sentences that need it.

Three segmenters behind one function, chosen by a setting:

* ``jieba``: jieba 0.42 with POS tags (``jieba.posseg``) and the
  公文 user dictionary ``rules/gongwen_dict.txt`` (organ names, suffixes, cue
  words), so 通报批评, 有限公司, 安监局 come out whole.
* ``rjieba`` (default, ``default_segmenter()``): the Rust port; same
  dictionary format and tags, faster.  It cannot load a user dictionary file,
  so the words are added one by one.
* ``pkuseg``: spacy-pkuseg with the model directory of pkuseg 0.0.25 (set
  ``AttributionSettings.pkuseg_model`` or ``GONGWEN_PKUSEG_MODEL``).  No POS
  tags (the POS model does not ship), so tags come back as ``""``.

Nothing is downloaded: a missing model is an error that says what to do.
Models load once per process (module-level cache).
"""
from __future__ import annotations

import functools
import importlib.util
import os
import re
from dataclasses import dataclass
from typing import Callable

from . import rules

SEGMENTERS = ("jieba", "rjieba", "pkuseg")


@dataclass(frozen=True)
class Token:
    text: str
    pos: str      # jieba tag (n, ns, nt, v, p …) or "" when the segmenter has none
    start: int    # index into the segmented string
    end: int


class SegmenterUnavailable(RuntimeError):
    pass


def _user_dict_entries() -> list[tuple[str, int, str]]:
    out = []
    for line in rules.word_list("gongwen_dict"):
        parts = line.split()
        word = parts[0]
        freq = int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else 2000
        tag = parts[-1] if len(parts) > 1 and not parts[-1].isdigit() else "n"
        out.append((word, freq, tag))
    # organisation suffixes are words of their own (分公司, 支队 …)
    for suf in rules.word_list("org_suffixes"):
        out.append((suf, 2000, "n"))
    return out


@functools.lru_cache(maxsize=None)
def _jieba() -> Callable[[str], list[tuple[str, str]]]:
    import logging

    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    for word, freq, tag in _user_dict_entries():
        tk.add_word(word, freq, tag)
    pt = jieba.posseg.POSTokenizer(tk)
    # add_word on the tokenizer does not reach posseg's word_tag_tab for new words
    for word, _freq, tag in _user_dict_entries():
        pt.word_tag_tab[word] = tag
    return lambda s: [(p.word, p.flag) for p in pt.cut(s, HMM=True)]


@functools.lru_cache(maxsize=None)
def _rjieba() -> Callable[[str], list[tuple[str, str]]]:
    import rjieba

    # importing rjieba already built a default Jieba() (rjieba.cut and co. use
    # it; ~0.1 s): add the words to that one instead of building a second.
    # Nothing else here uses rjieba's module-level functions; a caller that
    # does gets the 公文 words too.
    tk = getattr(rjieba, "_DEFAULT_JIEBA", None) or rjieba.Jieba()
    entries = _user_dict_entries()
    for word, freq, tag in entries:
        tk.add_word(word, freq, tag)
    # add_word keeps the tag of a word rjieba's dictionary already has (高新 d),
    # where jieba's posseg takes the user dictionary's: such words are retagged.
    # Single characters keep rjieba's tag (所 is a particle as often as an organ).
    retag = {word: tag for word, _freq, tag in entries if len(word) > 1 and tk.tag(word, False) != [(word, tag)]}
    retag_words = re.compile("|".join(map(re.escape, sorted(retag, key=len, reverse=True)))) if retag else None
    glued_pairs = _glued_pairs()

    def tag(s: str) -> list[tuple[str, str]]:
        pairs = tk.tag(s, True)   # already a list of (word, tag)
        if retag_words is not None and retag_words.search(s):
            pairs = [(w, retag.get(w, t)) for w, t in pairs]
        glued = set(glued_pairs.findall(s))
        if not glued:   # most sentences: nothing to repair
            return pairs
        out = []
        for word, word_tag in pairs:
            # a token the HMM made (no dictionary word): its characters take their own tags, as in jieba's posseg
            if word in glued and not tk.has_word(word):
                out += [tk.tag(c, False)[0] for c in word]
            else:
                out.append((word, word_tag))
        return out
    return tag


@functools.lru_cache(maxsize=None)
def _glued_pairs() -> re.Pattern:
    """An organisation suffix's last character, then a particle of
    rules/segment.yaml joined_particle, or a classifier of joined_classifier
    before such a character: where rjieba's HMM may have glued the two into
    one token (科学技术|局等|14个单位, 43|个村; jieba cuts 局|等, 个|村)."""
    from .ner import _suffix_last_chars   # (ner imports this module: imported when first needed)

    last = f'[{re.escape("".join(sorted(_suffix_last_chars())))}]'
    segment_rules = rules.load("segment")
    particle, classifier = (segment_rules.pattern(r).pattern for r in ("joined_particle", "joined_classifier"))
    return re.compile(f"{last}{particle}|{classifier}{last}")


def _installed_pkuseg_model() -> str | None:
    """The default model that pkuseg 0.0.25 ships inside its package, if installed
    (found without importing pkuseg, whose import may try to fetch its POS model)."""
    import importlib.util

    spec = importlib.util.find_spec("pkuseg")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = os.path.join(list(spec.submodule_search_locations)[0], "models", "default")
    return path if os.path.isdir(path) else None


def _pkuseg_model_dir(path: str | None) -> str:
    path = path or os.environ.get("GONGWEN_PKUSEG_MODEL") or _installed_pkuseg_model()
    if not path or not os.path.isdir(path):
        raise SegmenterUnavailable(
            "segmenter 'pkuseg' needs the model directory of pkuseg 0.0.25 "
            "(pip install numpy cython && pip install --no-build-isolation pkuseg==0.0.25, "
            "then pass its 'default' model folder as pkuseg_model= or GONGWEN_PKUSEG_MODEL); "
            f"got {path!r}. Use segmenter='rjieba' (the default) or 'jieba' otherwise."
        )
    return path


@functools.lru_cache(maxsize=None)
def _pkuseg(model_dir: str) -> Callable[[str], list[tuple[str, str]]]:
    import spacy_pkuseg

    # a path (not a model name) keeps spacy_pkuseg from trying to download
    seg = spacy_pkuseg.pkuseg(model_name=model_dir, user_dict=[w for w, _f, _t in _user_dict_entries()])
    return lambda s: [(w, "") for w in seg.cut(s)]


@functools.lru_cache(maxsize=None)
def default_segmenter() -> str:
    """rjieba (jieba-rs: jieba's dictionary and tags, ~100x faster on cue
    sentences), a dependency of the package; jieba where it cannot be imported.
    The library's Settings and the command line both start from this one.
    (Found, not imported: importing rjieba loads its dictionary, which a
    Settings() that never segments should not pay for.)"""
    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


def segmenter(name: str = "jieba", pkuseg_model: str | None = None) -> Callable[[str], list[tuple[str, str]]]:
    if name == "jieba":
        return _jieba()
    if name == "rjieba":
        return _rjieba()
    if name == "pkuseg":
        return _pkuseg(_pkuseg_model_dir(pkuseg_model))
    raise ValueError(f"unknown segmenter {name!r}; choose one of {', '.join(SEGMENTERS)}")


def segment_tuples(text: str, name: str = "jieba", pkuseg_model: str | None = None) -> list[tuple[str, str, int, int]]:
    """What `segment` returns, as plain (text, pos, start, end) tuples: for
    callers that make thousands of tokens (the NER tokenizer), a tuple costs
    a fraction of a frozen dataclass."""
    return positions(text, segmenter(name, pkuseg_model)(text))


def positions(text: str, pairs: list[tuple[str, str]]) -> list[tuple[str, str, int, int]]:
    """(text, pos, start, end) of the segmenter's (word, tag) pairs for `text`."""
    out, pos = [], 0
    find = text.find
    for word, tag in pairs:
        i = find(word, pos)
        if i < 0:  # a segmenter that normalised something: resync conservatively
            i = pos
        pos = i + len(word)
        if word.strip():
            out.append((word, tag or "", i, pos))
    return out


def segment(text: str, name: str = "jieba", pkuseg_model: str | None = None) -> list[Token]:
    """Tokens of `text` with their positions; whitespace tokens dropped."""
    return [Token(*t) for t in segment_tuples(text, name, pkuseg_model)]

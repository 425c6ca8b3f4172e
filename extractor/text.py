"""Decoded source text, line numbers, spans, and cleaned views with offset maps.

The decoded file text is the only coordinate system. Anything that cleans text
for matching (HTML remnants, full-width digits, 〇/○, spaces inside words,
line wraps) is a `View` whose every character knows the offset it came from,
so a rule runs on clean text and reports `original[start:end]`.
"""
from __future__ import annotations

import bisect
import functools
import codecs
import html
import re
from dataclasses import dataclass, field

import regex

from .models import Span


class DecodeError(ValueError):
    """A file that is not text in any encoding we read."""


# GB18030 is a superset of GBK and GB2312, so one decoder covers all three.
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(raw: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name as Python's codecs spell it).

    Order matters: a BOM is decisive; strict UTF-8 rarely decodes anything that
    is not UTF-8; GB18030 decodes almost any byte string, so it comes last and
    is accepted only when the result looks like text.
    """
    if not raw:
        raise DecodeError("empty file")
    for bom, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(name), name
            except UnicodeDecodeError as e:
                raise DecodeError(f"starts with a {name} byte-order mark but does not decode: {e.reason}") from None
    if b"\x00" in raw:
        # text in legacy or UTF-8 encodings never holds NUL; UTF-16 without a
        # BOM does (in every ASCII character, newlines included)
        if len(raw) % 2 == 0:
            for name in ("utf-16-le", "utf-16-be"):
                try:
                    text = raw.decode(name)
                except UnicodeDecodeError:
                    continue
                if _plausible(text):
                    return text, name
        raise DecodeError("binary file (contains NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError as e:
        raise DecodeError(f"neither UTF-8 nor GB18030 (byte {e.start}: {raw[e.start:e.start + 4]!r})") from None
    if not _plausible(text):
        raise DecodeError("decodes as GB18030 but does not look like text (binary file?)")
    return text, "gb18030"


def _plausible(text: str) -> bool:
    """Nearly all characters are CJK, ASCII, CJK or general punctuation, or
    full-width forms: what a 公文 is written in. A wrong guess at an encoding
    yields control characters, private-use or rare-script characters."""
    sample = text[:20000]
    if not sample:
        return False
    # count the few uncommon characters in C rather than test every character in Python
    good = len(sample) - len(_UNCOMMON.findall(sample))
    return good >= len(sample) * 0.95


# Latin-1 that Chinese text uses: no-break space, °, ·, ×, ÷ and the pinyin vowels with tone marks
_LATIN1_COMMON = frozenset(map(ord, "\xa0°·×÷àáèéìíòóùúüÀÁÈÉÌÍÒÓÙÚÜ"))


# What a 公文 is written in, as code point ranges: ASCII and its white space,
# CJK (and extension A), CJK and general punctuation, full-width forms, pinyin
# tone letters (ā ǎ ǜ) in mirrors, which GB2312 encodes, circled numbers,
# geometric shapes, number forms (Ⅳ), and the Latin-1 above.
_COMMON_RANGES = ((0x20, 0x7E), (9, 10), (12, 13), (0x4E00, 0x9FFF), (0x3400, 0x4DBF), (0x3000, 0x303F),
                  (0xFF01, 0xFFEF), (0x2000, 0x206F), (0x100, 0x24F), (0x2460, 0x24FF), (0x25A0, 0x25FF),
                  (0x2150, 0x218F), *((o, o) for o in sorted(_LATIN1_COMMON)))
# the characters outside them, counted by one regex scan instead of a Python loop per character
_UNCOMMON = re.compile("[^" + "".join(f"\\U{a:08x}-\\U{b:08x}" for a, b in _COMMON_RANGES) + "]")


@dataclass
class SourceText:
    """One decoded file: its text, encoding, and a line index for spans."""

    path: str
    text: str
    encoding: str
    _line_starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        # str.splitlines() also breaks on \x0b, \x1c, \u2028 …; a reviewer's
        # editor counts \n, so only \n counts here (\r\n ends in \n too).
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def line_of(self, offset: int) -> int:
        """1-based line number of the character at `offset`."""
        return bisect.bisect_right(self._line_starts, offset)

    def span(self, start: int, end: int) -> Span:
        return Span(text=self.text[start:end], start=start, end=end, line=self.line_of(start))



# --- views ---------------------------------------------------------------

# HTML remnants from government web pages: tags and character entities.
HAN_CHAR = regex.compile(r"\p{Han}")   # one Han character, in any script's block

# characters an encoding could not hold, written as ?, where they end a line
# (浮山縣人民政府辦公室 ???????) or stand alone on it: blanks there, as the
# layout's spaces were. (A single ? after text is a question mark, and a run
# inside a sentence may stand for its 。.)
_LOST_CHARS = re.compile(r"(?:(?<=[ \t])|^)\?+(?=[ \t]*$)|\?{2,}(?=[ \t]*$)", re.MULTILINE)
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]{0,200})?/?\s*>|&(?:#\d{1,6}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


class View:
    """A cleaned copy of a stretch of source text with a map back to it.

    `text[i]` came from source offset `orig(i)`; a match [a, b) in the view
    covers source [orig(a), orig(b-1) + 1). The map is kept as runs, not one
    offset per character: view [vstarts[k], vstarts[k+1]) came from source
    [sstarts[k], …) character for character. Both lists rise strictly.
    """

    # memo: what stages work out for view positions and ask again (the splitter
    # and the footer both test lines for a signature date), for this file only
    __slots__ = ("text", "source", "_vstarts", "_sstarts", "_shift", "memo")

    def __init__(self, source: SourceText, text: str, vstarts: list[int], sstarts: list[int]):
        assert len(vstarts) == len(sstarts) and (not vstarts or vstarts[0] == 0) and bool(text) == bool(vstarts)
        self.source, self.text, self._vstarts, self._sstarts = source, text, vstarts, sstarts
        # one run (no HTML, no \r: most files): a view index is its source offset plus a constant
        self._shift = sstarts[0] if len(sstarts) == 1 else None
        self.memo: dict = {}

    def orig(self, i: int) -> int:
        """Source offset of view character i (negative i counts from the end, as in a list)."""
        n = len(self.text)
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError("view index out of range")
        k = bisect.bisect_right(self._vstarts, i) - 1
        return self._sstarts[k] + i - self._vstarts[k]

    def to_source(self, start: int, end: int) -> tuple[int, int]:
        if self._shift is not None and 0 <= start < end <= len(self.text):
            return start + self._shift, end + self._shift
        if end <= start:
            n = len(self.text)
            o = self.orig(start) if start < n else (self.orig(n - 1) + 1 if n else 0)
            return o, o
        return self.orig(start), self.orig(end - 1) + 1

    def span(self, start: int, end: int) -> Span:
        a, b = self.to_source(start, end)
        return self.source.span(a, b)

    def find_offset(self, source_offset: int) -> int:
        """First view index at or after a source offset."""
        k = bisect.bisect_right(self._sstarts, source_offset) - 1
        if k < 0:
            return 0
        run = (self._vstarts[k + 1] if k + 1 < len(self._vstarts) else len(self.text)) - self._vstarts[k]
        return self._vstarts[k] + min(source_offset - self._sstarts[k], run)


_BREAKING_TAG = re.compile(r"<\s*/?\s*(p|br|div|tr|li|h\d)\b", re.I)


def clean_view(source: SourceText, start: int = 0, end: int | None = None) -> View:
    """The matching view of source[start:end].

    Same length for most characters: full-width ASCII → ASCII (NFKC of one
    character), ideographic and no-break spaces → space, 〇/○ kept as 〇. HTML
    tags and entities become a single space (entities their character), the ?
    that end a line (characters an encoding lost) blanks, and \r disappears, so line
    structure is plain \n.
    """
    end = len(source.text) if end is None else end
    raw = source.text
    parts: list[str] = []  # raw stretches (made plain below) and the characters tags and entities become
    tokens: list[int] = []  # which parts are such characters
    vstarts: list[int] = []
    sstarts: list[int] = []
    pos = start
    # a tag opens with <, an entity with &: most files hold neither
    has_html = raw.find("<", start, end) >= 0 or raw.find("&", start, end) >= 0
    has_cr = raw.find("\r", start, end) >= 0
    seen: dict[str, str] = {}  # token → its character: a page repeats its few tags and entities
    for m in _HTML.finditer(raw, start, end) if has_html else ():
        a = m.start()
        if has_cr:
            _add_raw(raw, pos, a, parts, vstarts, sstarts)
        elif a > pos:  # (what _add_raw does without a \r)
            vstarts.append(vstarts[-1] + len(parts[-1]) if vstarts else 0)
            sstarts.append(pos)
            parts.append(raw[pos:a])
        tok = m.group(0)
        ch = seen.get(tok)
        if ch is None:
            ch = seen[tok] = _token_char(tok)
        vstarts.append(vstarts[-1] + len(parts[-1]) if vstarts else 0)
        sstarts.append(m.start())
        tokens.append(len(parts))
        parts.append(ch)
        pos = m.end()
    _add_raw(raw, pos, end, parts, vstarts, sstarts)
    # Made plain in one go: the raw stretches hold no \r, so lengths stay. An
    # entity's character stays as it came (&#65292; is ，), so when one would
    # change, the stretches are made plain one by one instead.
    if any(parts[k] in _PLAIN_STR for k in tokens):
        keep = set(tokens)
        text = "".join(part if k in keep else _plain(part) for k, part in enumerate(parts))
    else:
        text = _plain("".join(parts))
    if "?" in text:
        text = _LOST_CHARS.sub(lambda m: " " * len(m.group()), text)
    text, lines = _unflatten(text)
    view = View(source, text, vstarts, sstarts)
    view.memo["line_texts"] = lines  # the lines, split once (view_lines takes them)
    return view


def _token_char(tok: str) -> str:
    """The one view character of an HTML tag or entity."""
    if tok.startswith("&"):
        ch = html.unescape(tok)
        return " " if ch in ("\xa0", "\u3000", "\u2003", "\u2002") or len(ch) != 1 else ch
    # <p>, <br> and </p> end a paragraph; inline tags vanish into a space
    return "\n" if _BREAKING_TAG.match(tok) else " "


def _add_raw(raw: str, a: int, b: int, parts: list[str], vstarts: list[int], sstarts: list[int]) -> None:
    """Append raw[a:b] as runs: one, or one per stretch between \r's (which the view drops)."""
    if raw.find("\r", a, b) < 0:
        pieces = [(a, b)]
    else:
        pieces, p = [], a
        while p < b:
            q = raw.find("\r", p, b)
            q = b if q < 0 else q
            pieces.append((p, q))
            p = q + 1
    for p, q in pieces:
        if q > p:
            vstarts.append(vstarts[-1] + len(parts[-1]) if vstarts else 0)
            sstarts.append(p)
            parts.append(raw[p:q])


# A document flattened onto one line (OCR, copy-paste, web mirrors) still has
# its anchors in order, separated by blanks: 文件 ␣ 文号 ␣ 关于…通知 ␣ 主送： ␣ 正文。
# ␣ 落款 ␣ 日期 ␣ 版记. In such a line the blank after an anchor, or before a date
# or a 版记 label, becomes a line break in the view. One character for one, so
# offsets are untouched; only the header (before the first 。) and the tail
# (after the last 。) are cut, never a sentence of the body.
_FLAT_MIN = 120
# (every branch opens with a literal, so re scans for the three characters in C)
_FLAT_HEAD = re.compile(r"文[ \t]*件[ \t]|号[ \t]|號[ \t]")
_BLANKS = re.compile(r"[ \t]+")


@functools.lru_cache(maxsize=None)
def _flat_breaks():
    """(anchor ending before a blank, what may follow a blank, a signer followed by its date)."""
    from . import rules

    words = list(rules.load("doc_types").vocab["types"]) + ["文件", "号", "號", ":", "：", "。", "！", "？", ")", "）"]
    anchor_end = re.compile("(?:" + "|".join(sorted(map(re.escape, words), key=len, reverse=True)) + ")$")
    fragments = rules.global_fragments()
    # no break before 关于: an issuer's name one blank before it is part of the title
    break_before = rules.compile_pattern(r"{YEAR}[ \t]*年|主题词|抄送|抄报|报[:：]|送[:：]|[(（]此件", fragments)
    signer_ahead = rules.compile_pattern(r"[\p{Han}（）()]{2,30}?(?:{ORG_SUFFIX})[ \t]+{YEAR}[ \t]*年", fragments)
    return anchor_end, break_before, signer_ahead


def _unflatten(text: str) -> tuple[str, list[str]]:
    """The text with the blanks at flattened anchors made line breaks, and its
    \\n-separated lines (which view_lines takes instead of splitting the text again)."""
    lines = text.split("\n")
    long_ones = [k for k, n in enumerate(map(len, lines)) if n >= _FLAT_MIN]
    if not long_ones:
        return text, lines
    breaks: dict[int, list[int]] = {}  # line → offsets of its blanks that become line breaks
    for k in long_ones:
        line = lines[k]
        # a head holds 件, 号 or 號: three quick finds spare most long lines the pattern
        if not ((line.find("件", 0, 300) >= 0 or line.find("号", 0, 300) >= 0 or line.find("號", 0, 300) >= 0)
                and _FLAT_HEAD.search(line, 0, 300)):
            continue
        anchor_end, break_before, signer_ahead = _flat_breaks()
        head_end = line.find("。")
        tail_start = line.rfind("。") + 1
        last_nian = line.rfind("年")  # a signer's date needs a 年 ahead: a cheap test before that pattern
        for m in _BLANKS.finditer(line):
            if 0 <= head_end < m.start() and m.end() <= tail_start:
                continue  # inside the body's sentences
            before = line[max(0, m.start() - 12):m.start()]
            if (anchor_end.search(before) or break_before.match(line, m.end())
                    or (last_nian > m.end() and signer_ahead.match(line, m.end()))):
                breaks.setdefault(k, []).append(m.start())
    if not breaks:
        return text, lines
    # one character for one: the blank at each break becomes \n, so the line splits there
    out: list[str] = []
    for k, line in enumerate(lines):
        if k in breaks:
            prev = 0
            for b in breaks[k]:
                out.append(line[prev:b])
                prev = b + 1
            out.append(line[prev:])
        else:
            out.append(line)
    return "\n".join(out), out


# one character for one (full-width ASCII block → ASCII, odd spaces → space,
# ○/◯ → 〇); \r is dropped.
_PLAIN = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F)}
_PLAIN.update({ord(c): " " for c in "\u3000\xa0\u2002\u2003\u2009\u200b\ufeff"})
_PLAIN.update({ord("○"): "〇", ord("◯"): "〇", ord("\r"): None})
# str.translate looks every non-ASCII character up in the table and pays for a
# KeyError on each one it does not hold (nearly all of a Chinese text); only a
# few per cent of the characters change, so replace just the distinct ones found.
# No replacement is itself a key, so the order of the replacements does not matter.
_PLAIN_STR = {chr(k): "" if v is None else chr(v) if isinstance(v, int) else v for k, v in _PLAIN.items()}
_PLAIN_ANY = re.compile("[" + "".join(map(re.escape, _PLAIN_STR)) + "]")


def _plain(chunk: str) -> str:
    """chunk.translate(_PLAIN), faster (replace_each)."""
    return replace_each(chunk, _PLAIN_ANY, _PLAIN_STR)


def replace_each(text: str, chars: re.Pattern, table: dict[str, str]) -> str:
    """Every character that `chars` matches replaced by table[character], no
    replacement holding such a character: what str.translate does, faster on
    CJK text. Find the next character to change, change it everywhere, go on
    from there: as many scans as distinct characters, not one Python step per
    character. Text before the match is clean already, and so is the replacement."""
    m = chars.search(text)
    while m:
        ch = m.group()
        text = text.replace(ch, table[ch])
        m = chars.search(text, m.start() + len(table[ch]))
    return text


SPACE_CHARS = " \t\r\n\u3000\xa0"


# the separators of a list of names (抄送：A、B，C；D), one character each
ITEM_SEP = re.compile(r"[、，,；;]")


def next_nonblank_line(text: str, pos: int, end: int) -> tuple[int, int] | None:
    """(start, end) of the first line at or after pos, before end, that holds more than blanks."""
    while pos < end:
        stop = text.find("\n", pos, end)
        stop = end if stop < 0 else stop
        if text[pos:stop].strip():
            return pos, stop
        pos = stop + 1
    return None


def bracketed_line(line: str) -> bool:
    """A line wholly in brackets: a 题注 ((2016年3月9日…会议通过)) or a note
    under a signature ((此件公开发布), (联系人:…)), which stands alone."""
    t = line.strip()
    return len(t) > 1 and t[0] in "(（" and t[-1] in ")）"


def squeeze_spaces(s: str) -> str:
    """Remove spaces that line wraps and PDF extraction leave inside words."""
    # one str.replace per kind of space the text holds: a C loop each, where a
    # regex substitution steps through every character (doc_id runs this on
    # every document's whole text)
    for c in SPACE_CHARS:
        if c in s:
            s = s.replace(c, "")
    return s

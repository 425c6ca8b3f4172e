"""Numbers as 公文 write them: ASCII, full-width, Chinese, capitals, mixtures.

`to_int` reads one numeral (二00七 → 2007, 十二 → 12, 壹万 → 10000,
1.5万 → 15000); `read_amount` reads a sum of money in yuan.
"""
from __future__ import annotations

import regex

DIGITS = {
    "零": 0, "〇": 0, "○": 0, "◯": 0, "Ｏ": 0, "O": 0, "o": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
for _i in range(10):
    DIGITS[str(_i)] = _i
    DIGITS[chr(0xFF10 + _i)] = _i

SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
# 廿 20, 卅 30, 卌 40 are single characters for tens
TENS = {"廿": 20, "卅": 30, "卌": 40}

# Character classes for patterns (used by rules/*.yaml through fragments).
CN_DIGIT_CHARS = "零〇○◯Ｏ一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖两兩"
NUMERAL_CHARS = CN_DIGIT_CHARS + "十拾百佰千仟万萬亿億廿卅卌" + "0123456789０１２３４５６７８９"


def _ascii(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" or c == "．" else c for c in s)


def to_int(s: str) -> int | None:
    """One numeral → int, or None when `s` is not a numeral.

    A run of digits without units is read digit by digit (二00七 → 2007,
    二0０九 → 2009); with units it is read positionally (二十一 → 21,
    一千二百 → 1200, 三万五千 → 35000).
    """
    s = s.strip()
    if not s:
        return None
    if any(c in ".．" for c in s):
        v = to_number(s)
        return int(v) if v is not None and v == int(v) else None
    if all(c in DIGITS for c in s):
        if len(s) > 1 and all(c not in "0123456789０１２３４５６７８９〇零○◯Ｏ" for c in s) and any(c in "两兩" for c in s):
            return None  # 两两 is not a number
        v = 0
        for c in s:
            v = v * 10 + DIGITS[c]
        return v
    return _positional(s)


def _positional(s: str) -> int | None:
    total = 0       # sum of completed 万/亿 sections
    section = 0     # value below the current big unit
    digit = None    # pending digit (or multi-digit ASCII number)
    prev_unit = None
    i = 0
    while i < len(s):
        c = s[i]
        if c in "0123456789０１２３４５６７８９":
            j = i
            while j < len(s) and s[j] in "0123456789０１２３４５６７８９":
                j += 1
            if digit is not None:
                return None
            digit = int(_ascii(s[i:j]))
            i = j
            continue
        if c in DIGITS:
            if digit is not None and c not in "零〇":
                return None
            if c not in "零〇":
                digit = DIGITS[c]
            i += 1
            continue
        if c in TENS:
            section += TENS[c]
            i += 1
            continue
        if c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            section += (1 if digit is None else digit) * unit
            digit = None
            prev_unit = unit
            i += 1
            continue
        if c in BIG_UNITS:
            unit = BIG_UNITS[c]
            if digit is not None:
                section += digit
                digit = None
            if section == 0 and total == 0:
                section = 1 if i == 0 else section
            total = (total + section) * unit if unit > 10_000 else total + section * unit
            section = 0
            prev_unit = unit
            i += 1
            continue
        return None
    if digit is not None:
        # 一千二 means 1200: a trailing digit right after a unit scales by a tenth of it
        if prev_unit and prev_unit >= 100 and len(s) >= 2 and s[-2] in {**SMALL_UNITS, **BIG_UNITS} and prev_unit in (100, 1000, 10_000):
            section += digit * (prev_unit // 10)
        else:
            section += digit
    return total + section


_DECIMAL = regex.compile(r"^(?P<int>[0-9０-９]+)(?:[.．](?P<frac>[0-9０-９]+))?(?P<unit>[万萬亿億千仟百佰]*)$")


def to_number(s: str) -> float | None:
    """A numeral that may carry a decimal point and a unit (1.5万 → 15000.0)."""
    s = s.strip().replace(",", "").replace("，", "")
    m = _DECIMAL.match(s)
    if m:
        v = float(_ascii(m["int"]) + ("." + _ascii(m["frac"]) if m["frac"] else ""))
        for c in m["unit"]:
            v *= BIG_UNITS.get(c) or SMALL_UNITS[c]
        return v
    n = to_int(s)
    return float(n) if n is not None else None


_AMOUNT = regex.compile(
    r"(?:人民币|￥|¥)?\s*(?P<num>[0-9０-９][0-9０-９,，]*(?:[.．][0-9０-９]+)?|[" + NUMERAL_CHARS + r"]++)\s*(?P<unit>[万萬亿億千仟百佰]?)\s*(?:元|圆)(?:整)?"
)


def read_amount(s: str) -> float | None:
    """The first sum of money in yuan in `s` (罚款人民币5万元 → 50000, 伍万元整 → 50000)."""
    m = _AMOUNT.search(s)
    if not m:
        return None
    v = to_number(m["num"] + m["unit"])
    return v

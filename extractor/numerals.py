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
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000, "兆": 1_000_000_000_000}
ZEROS = set("零〇○◯Ｏ")
# traditional and variant forms folded before reading
_FOLD = str.maketrans({"貳": "贰", "兩": "两", "倆": "两", "點": "点", "負": "负", "參": "叁", "陸": "陆", "萬": "万", "億": "亿", "－": "-", "﹣": "-", "，": ",", "／": "/"})
# 廿 20, 卅 30, 卌 40 are single characters for tens
TENS = {"廿": 20, "卅": 30, "卌": 40}

# Character classes for patterns (used by rules/*.yaml through fragments).
CN_DIGIT_CHARS = "零〇○◯Ｏ一二三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖两兩"
NUMERAL_CHARS = CN_DIGIT_CHARS + "十拾百佰千仟万萬亿億廿卅卌" + "0123456789０１２３４５６７８９"


def _ascii(s: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "０" <= c <= "９" or c == "．" else c for c in s)


def doc_year(s: str) -> int | None:
    """The year of a 发文字号's bracket: four digits as written, or the last two
    of a year of the last century (某发[66]12号: 1966), which the doc_number rule
    reads only for 1950–1999."""
    n = to_int(s)
    return n + 1900 if n is not None and n < 100 else n


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
    """十二 → 12, 一千零一十一 → 1011, 三万五 → 35000, 两千六 → 2600; None when malformed.

    Within a 万/亿 section the small units must fall (千 > 百 > 十); a digit
    after the last unit is scaled one step down only when it directly follows
    a unit of 百 or more (一千二 = 1200, but 一千零二 = 1002).
    """
    total = 0        # completed sections (above 万 / 亿 / 兆)
    section = 0      # value below the current big unit
    digit = None     # pending digit (or a multi-digit ASCII number)
    last_small = 10_000   # last small unit in this section; units must fall
    last_big = None
    zero_seen = False
    bare_start = False
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c in "0123456789０１２３４５６７８９" and c not in "〇":
            j = i
            while j < n and s[j] in "0123456789０１２３４５６７８９":
                j += 1
            if digit is not None:
                return None
            digit = int(_ascii(s[i:j]))
            i = j
            continue
        if c in ZEROS:
            zero_seen = True
            i += 1
            continue
        if c in DIGITS:
            if digit is not None:
                return None
            digit = DIGITS[c]
            i += 1
            continue
        if c in TENS:
            if digit is not None:
                return None
            section += TENS[c]
            last_small = 10
            i += 1
            continue
        if c in SMALL_UNITS:
            unit = SMALL_UNITS[c]
            if unit >= last_small:
                return None
            if digit is None and (section or total):
                if bare_start or (unit >= 100 and not zero_seen):
                    return None   # 百十一, 一千百: a unit without its digit mid-number
            if digit is None and section == 0 and total == 0 and unit >= 100:
                bare_start = True   # 百三 = 130, 千万 = 10^7
            if digit is None and (section or total) and not zero_seen and unit != 10:
                return None   # 百十一: a unit without its digit in mid-number
            section += (1 if digit is None else digit) * unit
            digit = None
            zero_seen = False
            last_small = unit
            i += 1
            continue
        if c in BIG_UNITS:
            unit = BIG_UNITS[c]
            if digit is not None:
                prev = s[i - 1 - len(str(digit))] if i >= 2 else ""
                scaled = not zero_seen and s[i - 2:i - 1] in SMALL_UNITS and SMALL_UNITS[s[i - 2]] >= 100
                section += digit * (SMALL_UNITS[s[i - 2]] // 10) if scaled else digit   # 百二万 = 120万
                digit = None
            if section == 0:
                if total == 0 and i == 0:
                    section = 1
                elif total == 0:
                    return None
            if last_big is not None and unit >= last_big and section:
                # 万万 = 亿: a bigger or equal unit multiplies everything read so far
                total = (total + section) * unit
            elif last_big is not None and unit >= last_big:
                total = total * unit
            else:
                total += section * unit
            section = 0
            last_small = 10_000
            last_big = unit
            zero_seen = False
            i += 1
            continue
        return None
    if digit is not None:
        prev = s[-2] if n >= 2 else ""
        if not zero_seen and prev in SMALL_UNITS and SMALL_UNITS[prev] >= 100:
            section += digit * (SMALL_UNITS[prev] // 10)
        elif not zero_seen and prev in BIG_UNITS:
            section += digit * (BIG_UNITS[prev] // 10)
        else:
            section += digit
    return total + section


_DECIMAL = regex.compile(r"^(?P<int>[0-9０-９]*+)(?:[.．](?P<frac>[0-9０-９]++))?(?P<unit>[万萬亿億兆千仟百佰]*+)$")
_ASCII_NUM = regex.compile(r"^[0-9]{1,3}(?:,[0-9]{3})++(?:\.[0-9]++)?$")


def to_number(s: str) -> float | None:
    """A numeral that may carry a sign, a decimal point, a fraction or a unit.

    1.5万 → 15000.0, 负十一 → -11.0, 一七二零点一 → 1720.1, 二分之一 → 0.5,
    一又二分之一 → 1.5, 1,200,000 → 1200000.0.
    """
    s = _ascii(s.strip().translate(_FOLD))
    if " " in s:
        # 1 3/5: a whole number and a fraction; otherwise spaces are noise
        parts = s.split()
        if len(parts) == 2 and "/" in parts[1] and "/" not in parts[0]:
            a, b = to_number(parts[0]), to_number(parts[1])
            return a + b if a is not None and b is not None else None
        s = "".join(parts)
    if not s:
        return None
    sign = 1.0
    if s[0] in "负-":
        sign, s = -1.0, s[1:]
        if not s:
            return None
    if "又" in s:
        whole, _, frac = s.partition("又")
        a, b = to_number(whole), to_number(frac)
        return sign * (a + b) if a is not None and b is not None and "分之" in frac else None
    if "分之" in s:
        den, _, numer = s.partition("分之")
        a, b = to_number(den), to_number(numer)
        return sign * b / a if a and b is not None else None
    if "/" in s:
        num_s, _, den_s = s.partition("/")
        a, b = to_number(num_s), to_number(den_s)
        return sign * a / b if a is not None and b else None
    if regex.match(r"^[0-9]{1,3}(?:,[0-9]{3})++(?:\.[0-9]++)?[万亿兆]++$", s):
        s = s.replace(",", "")
    if _ASCII_NUM.match(s):
        return sign * float(s.replace(",", ""))
    m = _DECIMAL.match(s)
    if m and (m["int"] or m["frac"]):
        v = float((_ascii(m["int"]) or "0") + ("." + _ascii(m["frac"]) if m["frac"] else ""))
        for c in m["unit"]:
            v *= BIG_UNITS.get(c) or SMALL_UNITS[c]
        return sign * v
    if "点" in s:
        whole, _, frac = s.partition("点")
        unit = ""
        while frac and frac[-1] in BIG_UNITS:
            unit = frac[-1] + unit
            frac = frac[:-1]
        a = to_int(whole) if whole else 0
        if a is None or not frac or any(c not in DIGITS for c in frac):
            return None
        v = float(f"{a}." + "".join(str(DIGITS[c]) for c in frac))
        for c in unit:
            v *= BIG_UNITS[c]
        return sign * v
    # 1万600, 10.1万: an ASCII head with a Chinese unit, then more
    m = regex.match(r"^(?P<head>[0-9０-９]++(?:[.．][0-9０-９]++)?)(?P<unit>[万亿兆])(?P<rest>.*)$", s)
    if m and m["rest"]:
        head = float(_ascii(m["head"])) * BIG_UNITS[m["unit"]]
        rest = m["rest"].lstrip("零〇")
        r = to_int(rest)
        return sign * (head + r) if r is not None else None
    if "." in s:
        return None
    n = to_int(s)
    return sign * float(n) if n is not None else None


_AMOUNT = regex.compile(
    r"(?:人民币|￥|¥)?\s*(?P<num>[0-9０-９][0-9０-９,，]*+(?:[.．][0-9０-９]++)?|[" + NUMERAL_CHARS + r"点點]++)\s*(?P<unit>[万萬亿億千仟百佰]?)\s*(?:元|圆|块)"
    r"(?:\s*(?P<jiao>[0-9０-９" + CN_DIGIT_CHARS + r"])\s*[角毛])?(?:\s*(?P<fen>[0-9０-９" + CN_DIGIT_CHARS + r"])\s*分)?"
)


def read_amount(s: str) -> float | None:
    """The first sum of money in yuan in `s` (罚款人民币5万元 → 50000, 伍万元整 → 50000, 壹拾壹元壹角壹分 → 11.11)."""
    m = _AMOUNT.search(s)
    if not m:
        return None
    v = to_number(m["num"] + m["unit"])
    if v is None:
        return None
    if m["jiao"]:
        v += DIGITS[m["jiao"]] / 10 if m["jiao"] in DIGITS else 0
    if m["fen"]:
        v += DIGITS[m["fen"]] / 100 if m["fen"] in DIGITS else 0
    return round(v, 2) if (m["jiao"] or m["fen"]) else v

"""The compiled regular expressions that attribution uses in several places:
text noise, sentence, clause and paragraph ends, list lines, headings, unit
names and the words next to an anaphor.  They are compiled once, at import."""
from __future__ import annotations

import re

import regex

_NOISE = regex.compile(r"(?<=\p{Han})\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")
_QUOTED = re.compile(r"“[^”\n]{0,300}+”|《[^》\n]{0,120}+》|\"[^\"\n]{0,300}+\"")   # re: plain classes, faster
_SENT_END = regex.compile(r"[。！？!?；;]")
_CLAUSE = regex.compile(r"[，,。；;：:！？!?\n]")
_NUMBERING = regex.compile(
    r"^\s*+(?:第[一二三四五六七八九十]{1,3}+[组名]\s*+[:：]|[0-9]{1,3}+\s*+[.、．]?|[一二三四五六七八九十]{1,3}+\s*+[、.．]|[(（][0-9一二三四五六七八九十]{1,3}+[)）])\s*+")
# 责任部门:A、B / 街道:C、D under a 红榜: a category label before a line's units
_ITEM_LABEL = regex.compile(r"\p{Han}{1,6}[:：]\s*+")
_HEADING_NUM = regex.compile(r"^\s*+[一二三四五六七八九十]{1,3}+[、.．]\s*+")
# The lines _HEADING_NUM matches (at their start) and the lines _PARA_END finds
# in (at their end), found by one scan of the whole text: inside a line \s is
# [^\S\n], and ^ $ are its ends under MULTILINE.
# (re, not regex: about 3x faster on these simple scans; regex's \s is re's
# without \x1c-\x1f, which str.isspace counts as space and Unicode does not)
_HEADING_LINE = re.compile(r"^[^\S\n\x1c-\x1f]*+[一二三四五六七八九十]{1,3}+[、.．]", re.MULTILINE)
_PARA_END_LINE = re.compile(r"[。！？!?：:；;][^\S\n\x1c-\x1f]*+$", re.MULTILINE)
_SENT_END_RE = re.compile(_SENT_END.pattern)   # a class of single characters: the same in re
# A semicolon that only parts the reasons of one penalty ends no sentence:
# inside a 因 clause that closes with 等 and a comma (X,因A;B等,被罚款…;
# 因“A;B”等问题,被处以…), so the unit and its measure stay together.
_INNER_SEMICOLON = re.compile(r"因[^，,。；;：:\n]{1,80}(?:[；;][^，,。；;：:\n]{1,80})+等(?:问题|行为|情形|情况)?[，,]")
_COLON = re.compile(r"[:：]")
# blank, a count that groups a list ((6处)), a category with no units (街道:无),
# or a place or level that groups the units below it (杭州市:, 省级:, 市直:)
_SOFT_LINE = regex.compile(r"^\s*+$|[(（][0-9一二三四五六七八九十]{1,3}+\s*+[处个家所][)）]\s*+$|^\s*+"
                           + _ITEM_LABEL.pattern + r"(?:无|暂无)\s*+$"
                           r"|^\s*+\p{Han}{0,6}?(?:省|市|县|区|州|盟|旗|地区|级|直|属)(?:单位)?\s*+[:：]\s*+$")
_DATE_LINE = regex.compile(r"^\s*+[0-9〇零一二三四五六七八九○]{4}+\s*+年[^\n]{1,8}日\s*+$")
_PAREN_TAIL = regex.compile(r"[(（][^)）]{1,20}[)）]$")
# 福建新华印刷有限责任公司(晋安区): the district a listed unit lies in, noted after its name
_PLACE_NOTE_TEXT = r"[(（]\p{Han}{1,6}?[省市区县旗][)）]"
_PLACE_NOTE = regex.compile(_PLACE_NOTE_TEXT + "$")
# X等43个村: what stands between a name and its count (a place note too:
# X(仓山区)等20家; A、B 2家: no 等 when the count counts the names)
_COUNT_AFTER_NAME = regex.compile(r"[ \t]*(?:" + _PLACE_NOTE_TEXT + r")?[ \t]*等?[ \t]*")
_UNIT_TEXT = regex.compile(r"^[\p{Han}()（）]{2,45}$")
_CATEGORY_HEAD = regex.compile(r"(?:单位|集体|企业|名单|个人)\s*+[(（][^)）\n]{1,6}[)）]\s*+$")
# the items of a list run on after its heading (东岭村;南塘村 。): between separators, blanks and a full stop
_INLINE_ITEM = regex.compile(r"[^、；;，,。\s]++")
_CELL = regex.compile(r"[^ \t\u3000]+")   # a flattened table row's cells lie between blanks
_SHORT_NAME = regex.compile(r"^\p{Han}{2,12}$")
_LINE_END = regex.compile(r"[。；;]$")
_ADMIN = regex.compile(r"[省市县区州盟旗]")
# the words a description of units, not a name, ends in (对…的单位)
_GENERIC_UNIT = "单位|企业|公司|个人|经营者|商户"
_DE_GENERIC = regex.compile(r"的(?:" + _GENERIC_UNIT + "|行为)")
# 对…工作进度落后的县区进行通报批评: the cue's target is described, not named
_DESCRIBED_TARGET = regex.compile(r"对[^，。；,;]{1,40}?的\p{Han}{0,4}?(?:" + _GENERIC_UNIT + "|部门|乡镇|县区|区县|县市区|地区)")
_CASE_CUT = regex.compile(r"违法|违规|拒报|瞒报|虚报|涉嫌|骗取|非法|擅自|未经|无证")
# compiled once: regex.search(r"…", s) looks its pattern up in a cache on every call
_WS = regex.compile(r"\s+")
_PARA_END = regex.compile(r"[。！？!?：:；;]\s*+$")
_RU = regex.compile(r"如[:：]")
_ALL_HAN = regex.compile(r"\p{Han}+")
_REPEATED = regex.compile(r"(\p{Han}{2,5}?(村|乡|镇|街道))(\p{Han}{2,5}?\2)")
_ANAPHOR_BEFORE = regex.compile(r"(?:以上|上述|该|这)")
_DUI_OPEN = regex.compile(r"对[^，。；,;]*$")
_DE_AFTER = regex.compile(r"[^，。；,;]*?的")

"""The shortcuts of the checks stage give what the plain definitions give."""
import hashlib
import random
import unicodedata

from extractor import checks, pipeline
from extractor.text import squeeze_spaces


def _doc_id_by_definition(text: str) -> str:
    norm = squeeze_spaces(unicodedata.normalize("NFKC", text))
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:32]


def test_doc_id_is_nfkc_without_white_space():
    rnd = random.Random(7)
    compat = list(pipeline._COMPAT_TABLE)
    alphabet = (compat[::97] + list(" \t\r\n\u3000\xa0\u2028\x0b\x85，。（）０１ａＡ가각\u0301\u0300e한ｶﾞ")
                + [chr(c) for c in range(0x4E00, 0x4E10)])
    for _ in range(3000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 40)))
        assert pipeline.doc_id(text) == _doc_id_by_definition(text), repr(text)


def test_compatibility_table_is_every_bmp_decomposition():
    table = {}
    for c in range(0x10000):
        if 0xAC00 <= c <= 0xD7A3 or 0xD800 <= c <= 0xDFFF:
            continue
        nfkd = unicodedata.normalize("NFKD", chr(c))
        if nfkd != chr(c):
            table[chr(c)] = nfkd
    assert pipeline._COMPAT_TABLE == table


def test_one_system_texts_have_one_numeral_system():
    rnd = random.Random(3)
    alphabet = list("0123456789０１９零〇○◯一二十廿卅两年月日号號 -.\n第季度上旬")
    for _ in range(20000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14)))
        if len(checks.numeral_systems(text)) > 1:
            assert not checks._ONE_SYSTEM.fullmatch(text), text

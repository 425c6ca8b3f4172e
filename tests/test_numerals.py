"""extractor.numerals: 公文 numerals and a sample of cn2an's cases (the full suites run in tests/test_peers.py)."""
import pytest

from extractor import numerals

CASES = [
    ("二00七", 2007), ("二0０九", 2009), ("二〇〇七", 2007), ("二○一○", 2010), ("十二", 12),
    ("二十一", 21), ("廿五", 25), ("卅一", 31), ("一千零一十一", 1011), ("三万五", 35000),
    ("两千六", 2600), ("一百二", 120), ("壹万", 10000), ("壹佰壹拾壹", 111), ("四万万", 400000000),
    ("百三", 130), ("百二萬", 1200000), ("十万零一千", 101000),
]


@pytest.mark.parametrize("s,v", CASES)
def test_to_int(s, v):
    assert numerals.to_int(s) == v


@pytest.mark.parametrize("s,v", [
    ("1.5万", 15000.0), ("负十一", -11.0), ("一七二零点一", 1720.1), ("零点零一", 0.01),
    ("二分之一", 0.5), ("一又二分之一", 1.5), ("1,200,000", 1200000.0), ("10.1万", 101000.0),
    ("1万600", 10600.0), ("４，５６５", 4565.0), ("３／５", 0.6),
])
def test_to_number(s, v):
    assert numerals.to_number(s) == pytest.approx(v)


@pytest.mark.parametrize("s", ["十一十二", "百十一", "10..1万", "两两", "", "年"])
def test_not_numerals(s):
    assert numerals.to_number(s) is None


@pytest.mark.parametrize("s,v", [
    ("罚款人民币5万元", 50000), ("伍万元整", 50000), ("壹拾壹元壹角壹分", 11.11), ("十块三毛", 10.3),
])
def test_read_amount(s, v):
    assert numerals.read_amount(s) == pytest.approx(v)

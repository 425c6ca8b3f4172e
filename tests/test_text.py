"""Reading real files: encodings, line endings, HTML remnants, offsets."""
import pytest

from extractor.text import DecodeError, SourceText, clean_view, decode

NOTICE = "天津市交通安全办公室文件\n津交安办〔2024〕5号\n关于做好元旦期间道路交通安全工作的通知\n各区、县人民政府：\n现将有关事项通知如下。\n二〇〇七年十二月十三日\n"


@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"),
    ("utf-8-sig", "utf-8-sig"),
    ("gb18030", "gb18030"),
    ("gbk", "gb18030"),
    ("utf-16", "utf-16"),
])
def test_decodes_real_files_in_each_encoding(tmp_path, encoding, expected):
    path = tmp_path / f"notice.{encoding}.txt"
    path.write_bytes(NOTICE.encode(encoding))
    text, name = decode(path.read_bytes())
    assert text == NOTICE
    assert name == expected


def test_utf16_without_bom_is_read():
    text, name = decode(NOTICE.encode("utf-16-le"))
    assert text == NOTICE and name == "utf-16-le"


@pytest.mark.parametrize("raw,reason", [
    (b"", "empty"),
    (bytes(range(256)) * 8, "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00\xff" * 300, "binary"),
], ids=["empty", "all-bytes", "png"])
def test_non_text_is_a_clear_error(raw, reason):
    with pytest.raises(DecodeError, match=reason):
        decode(raw)


def test_crlf_spans_index_the_original():
    src = SourceText("x.txt", NOTICE.replace("\n", "\r\n"), "utf-8")
    view = clean_view(src)
    assert "\r" not in view.text
    i = view.text.index("津交安办")
    span = view.span(i, i + len("津交安办〔2024〕5号"))
    assert span.text == "津交安办〔2024〕5号"
    assert src.text[span.start:span.end] == span.text
    assert span.line == 2


def test_html_remnants_read_through_with_exact_spans():
    raw = "<p>各区县质量技术监督局：</p>&nbsp;&emsp;根据<b>国务院</b>通知，自２０２４年６月开始。"
    src = SourceText("x.html", raw, "utf-8")
    view = clean_view(src)
    assert "<p>" not in view.text and "&nbsp;" not in view.text
    i = view.text.index("2024年6月")  # full-width digits read as ASCII
    span = view.span(i, i + len("2024年6月"))
    assert span.text == "２０２４年６月"
    j = view.text.index("国务院")
    assert view.span(j, j + 3).text == "国务院"


def test_circle_zero_reads_as_ling():
    src = SourceText("x.txt", "二○一○年一月二十一日", "utf-8")
    assert clean_view(src).text == "二〇一〇年一月二十一日"


def test_line_numbers_count_newlines_only():
    src = SourceText("x.txt", "a\u2028b\nc", "utf-8")
    assert src.line_of(src.text.index("c")) == 2


def test_gb18030_mirror_with_pinyin_residue_decodes():
    """Traditional mirrors carry pinyin with tone marks (關(guān)于, 縣(xiàn)); GB18030 encodes them."""
    text = "平遠(yuǎn)縣人民政府關(guān)于依法關(guān)閉石場(chǎng)的公告\n經(jīng)研究，決定予以關(guān)閉。(xiàn)(dì)(yù)\n"
    decoded, name = decode(text.encode("gb18030"))
    assert decoded == text and name == "gb18030"


def test_plain_replacement_equals_the_translation_table():
    from extractor.text import _PLAIN, _plain

    every = "".join(map(chr, _PLAIN)) + "公文〇 abc１２３，。\r\n"
    text = every * 3 + "".join(reversed(every))
    assert _plain(text) == text.translate(_PLAIN)


def test_uncommon_class_is_the_complement_of_the_common_ranges():
    from extractor.text import _COMMON_RANGES, _UNCOMMON

    common = set()
    for a, b in _COMMON_RANGES:
        common.update(range(a, b + 1))
    for o in range(0x30000):
        if 0xD800 <= o < 0xE000:
            continue
        assert (_UNCOMMON.match(chr(o)) is None) == (o in common), hex(o)


def _orig_per_character(raw):
    """The view's map as one source offset per view character (how it was first written)."""
    from extractor.text import _HTML

    orig, pos = [], 0
    for m in _HTML.finditer(raw):
        orig.extend(i for i in range(pos, m.start()) if raw[i] != "\r")
        orig.append(m.start())
        pos = m.end()
    orig.extend(i for i in range(pos, len(raw)) if raw[i] != "\r")
    return orig


def test_view_runs_map_like_one_offset_per_character():
    import bisect
    import random

    rnd = random.Random(7)
    pieces = ["公", "文", "\r", "\n", "\r\n", "<p>", "</b>", "&nbsp;", "&amp;", "１", " ", "\u3000", "<br/>", "a"]
    for _ in range(400):
        raw = "".join(rnd.choice(pieces) for _ in range(rnd.randrange(1, 25)))
        view = clean_view(SourceText("x.txt", raw, "utf-8"))
        orig = _orig_per_character(raw)
        assert len(orig) == len(view.text)
        for i in range(len(orig)):
            assert view.orig(i) == orig[i]
            for j in range(i + 1, len(orig) + 1):
                assert view.to_source(i, j) == (orig[i], orig[j - 1] + 1)
            assert view.to_source(i, i) == (orig[i], orig[i])
        assert view.to_source(len(orig), len(orig)) == ((orig[-1] + 1, orig[-1] + 1) if orig else (0, 0))
        for x in range(len(raw) + 2):
            assert view.find_offset(x) == bisect.bisect_left(orig, x)


def test_an_entity_keeps_the_character_it_names():
    # the view makes full-width text plain, but an entity's character stays as written
    raw = "抄送：&#65292;各区，\r\n&#12288;２０２４年&amp;&#13;完"
    view = clean_view(SourceText("x.txt", raw, "utf-8"))
    assert view.text == "抄送:，各区,\n 2024年&\r完"


def test_view_lines_from_clean_view_equal_a_fresh_split():
    from extractor.document import view_lines

    flat = ("天津市交通安全办公室文件 津交安办〔2024〕5号 关于做好元旦期间道路交通安全工作的通知 "
            "各区、县人民政府： 现将有关事项通知如下。元旦期间各单位要加强值守，落实道路交通安全责任，"
            "做好重点车辆和重点路段的检查工作。请遵照执行。 天津市交通安全办公室 2024年1月5日 抄送：市政府办公厅")
    for raw in (NOTICE, NOTICE.replace("\n", "\r\n"), flat, flat + "\n\n" + NOTICE, "<p>一</p>二\n"):
        view = clean_view(SourceText("x.txt", raw, "utf-8"))
        first = view_lines(view)      # takes the lines clean_view split
        again = view_lines(view)      # splits the text itself
        assert [(ln.start, ln.end, ln.text) for ln in first] == [(ln.start, ln.end, ln.text) for ln in again]
        assert "\n".join(ln.text for ln in first) == view.text
    assert "\n" in clean_view(SourceText("x.txt", flat, "utf-8")).text  # the flattened document was broken up


def test_question_marks_an_encoding_left_at_a_lines_end_are_blanks():  # blind9b 020
    raw = "浮山縣人民政府辦公室 ???????\n2025年7月8日 ?????????\n?\n是否同意?\n單位??縣委\n"
    view = clean_view(SourceText(path="q.txt", text=raw, encoding="utf-8"))
    assert view.text.splitlines() == ["浮山縣人民政府辦公室        ", "2025年7月8日          ", " ",
                                      "是否同意?", "單位??縣委"]
    assert len(view.text) == len(raw)   # blanks in place: every offset still maps one to one

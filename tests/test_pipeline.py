"""The pipeline on the user's own documents: splitting, 版头, 主送, 落款, 版记, 清单."""

import pytest

from conftest import SEEDS, SHARED, assert_spans_exact
from extractor.pipeline import extract_text
from extractor.header import org_names

SEED = "000_ec94791e602876d6.txt"
LIST = "003_04961e7cac1c9639.txt"


def test_seed_file_holds_five_documents(seed_records):
    docs = seed_records[SEED]
    assert [d["source"]["index"] for d in docs] == [0, 1, 2, 3, 4]
    assert [d["doc_type"] for d in docs] == ["通知", "通报", "通知", "通知", "意见"]
    assert len(seed_records[LIST]) == 1


def test_every_span_indexes_the_file(seed_records):
    for name, docs in seed_records.items():
        text = (SEEDS / name).read_text(encoding="utf-8")
        for d in docs:
            assert assert_spans_exact(d, text) > 3
            src = d["source"]
            assert text[src["start"]:src["end"]].strip() == text[src["start"]:src["end"]]


def test_header_of_first_document(seed_records):
    d = seed_records[SEED][0]
    assert d["issuers"] == ["天津市交通安全办公室"]
    assert d["doc_number"]["text"] == "津交安办[2024]5号"
    assert (d["doc_number"]["code"], d["doc_number"]["year"], d["doc_number"]["serial"]) == ("津交安办", 2024, 5)
    # the title wraps with a space inside: the value drops it, the span keeps the original
    assert d["title"] == "关于做好我市元旦、春节期间道路交通安全工作的通知"
    assert d["title_span"]["text"] == "关于做好我市元旦、春节期间 道路交通安全工作的通知"
    assert d["addressees"] == ["各区、县人民政府", "市属各委、办、局（集团、公司）", "直属单位"]
    assert d["masthead"]["text"] == "天津市交通安全办公室文件"


def test_one_line_banji_is_read(seed_records):
    """主题词, 抄报, 抄送, the printing organ and its date run together on one line."""
    d = seed_records[SEED][0]
    assert d["keywords"] == ["公安道路工作通知"]
    assert d["report_to"] == ["市安全生产委员会"]
    assert d["cc"] == ["市高法院", "市检察院", "天津警备区", "武警天津总队"]
    assert d["printed"]["by"] == "天津市交通安全办公室"
    assert d["printed"]["date"]["value"] == "2024-12-17"
    assert d["signed_date"]["text"] == "二00七年十二月十三日"
    assert d["signed_date"]["value"] == "2007-12-13"


def test_title_and_addressee_on_one_line(seed_records):
    d = seed_records[SEED][1]
    assert d["title"] == "关于开展预防特大道路交通事故检查通报"
    assert d["addressees"] == ["全区各委、办、局、单位、乡、镇、街"]
    assert d["copies"] == 200
    assert d["signed_date"]["value"] == "2009-12-25"  # 二0０九年12月25日: mixed numerals
    assert d["keywords"] == ["预防交通事故", "交通安全检查通报"]


def test_cited_numbers_are_references_not_the_documents_own(seed_records):
    d = seed_records[SEED][1]
    assert d["doc_number"]["text"] == "津丽交安办〔2024〕15号"
    cited = [r["text"] for r in d["references"] if r["kind"] == "doc_number"]
    assert "津丽交安办（2024）11号" in cited
    laws = [r for r in d["references"] if r["kind"] == "law"]
    assert any(r["article"] == "第十八条第一款" for r in laws)


def test_attachment_and_chinese_signature(seed_records):
    d = seed_records[SEED][2]
    assert d["attachments"] == ["李毅中局长9月24日在安全生产视频会议上的讲话"]
    assert d["signed_date"]["value"] == "2007-09-24"


def test_issuer_line_above_title_is_not_title(seed_records):
    d = seed_records[SEED][3]
    assert d["title"] == "关于印发2024年“春运”及全国“两会”期间交通安全宣传管理工作方案的通知"
    assert d["report_to"] == ["颖博", "国营", "友生", "庆旺"]
    assert d["printed"]["by"] == "顺义区交通安全委员会办公室"
    assert d["signed_date"]["value"] == "2010-01-21"


def test_joint_document_has_two_issuers(seed_records):
    d = seed_records[SEED][4]
    assert d["issuers"] == ["天津市质量技术监督局", "中国保险监督管理委员会天津监管局"]
    assert d["doc_number"]["serial"] == 284
    # 主送 items are split at ，and ；, not at 、 (各区、县人民政府 is one addressee)
    assert any("渤海财产保险股份有限公司" in a for a in d["addressees"])  # PDF space inside the name removed
    assert d["signed_date"]["value"] == "2009-06-19"


def test_list_document_items_follow_page_breaks(seed_records):
    d = seed_records[LIST][0]
    assert d["doc_type"] == "清单" and d["title"] == "工作建议清单"
    groups = {i["number"]: i["group"] for i in d["items"]}
    assert sorted(groups) == list(range(1, 48))
    assert groups[1] == "天津市" and groups[10] == "河南省" and groups[38] == "广东省"
    # 国家层面 stands in the middle of item 39's text, after a page break
    assert groups[39] == "国家层面" and groups[47] == "国家层面"
    item39 = next(i for i in d["items"] if i["number"] == 39)
    assert "国家层面" not in item39["text"] and item39["text"].startswith("多措并举")


LAW_PAGE = """卫生部关于撤销保健食品批准证书的通知

卫生部

北京某某医疗器械有限责任公司:

根据群众举报,我部对你公司生产的产品进行了监督检查。

二00二年九月十一日

某市行政机关工作人员行政过错责任追究暂行办法

四川省某市人民政府

政府令第56号

《某市行政机关工作人员行政过错责任追究暂行办法》已经市人民政府常务会议通过,现予发布。

市长 某某某

二○○三年十一月三日

某市行政机关工作人员行政过错责任追究暂行办法
第一章 总 则
"""


def test_second_signed_document_after_a_signature_is_split():
    docs = extract_text(LAW_PAGE, "law.txt")
    assert len(docs) == 2
    assert docs[0].issuers == ["卫生部"] and docs[0].signed_date.value == "2002-09-11"
    assert docs[1].title == "某市行政机关工作人员行政过错责任追究暂行办法"
    assert docs[1].issuers == ["四川省某市人民政府"]
    assert docs[1].signed_date.value == "2003-11-03"


FORWARDING = ("某农办〔2017〕631号\n各市农业局:\n    现将《某司关于报送工作总结的通知》转发给你们,请认真执行。\n"
              "附件:1.某司关于报送工作总结的通知\n某省农业厅办公室\n2017年11月16日\n(联系人:张三;电话:020-1234)\n"
              "附件1:\n某司关于报送工作总结的通知\n{below}\n    请于11月28日前报送我司。\n某部某某管理局\n2017年11月9日\n")


def test_a_complete_document_a_notice_forwards_is_a_record_of_its_own():  # blind12b 015
    docs = extract_text(FORWARDING.format(below="农机管〔2017〕34号\n各省农机局:"), "forward.txt")
    assert [d.signed_date.value for d in docs] == ["2017-11-16", "2017-11-09"]
    assert docs[1].title == "某司关于报送工作总结的通知" and docs[1].doc_number.text == "农机管〔2017〕34号"
    assert docs[1].addressees == ["各省农机局"] and docs[1].source.line_start == 8
    # an attachment with neither 文号 nor 主送 under its title stays part of the notice
    [d] = extract_text(FORWARDING.format(below="一、总结内容"), "attached.txt")
    assert d.signed_date.value == "2017-11-16"


def test_flattened_one_line_letter():
    text = ("晋应急函〔2023〕6号 阳泉市应急管理局(地方煤矿安全监督管理局): 2023年1月5日,某煤业有限公司发生一起安全事故。"
            "现作出以下处理决定: 请你局按以上决定,认真抓好贯彻落实。 山西省应急管理厅 山西省地方煤矿安全监督管理局 "
            "2023年1月5日 (此件公开发布) 抄送:省能源局。")
    [d] = extract_text(text, "one.txt")
    assert d.doc_number.text == "晋应急函〔2023〕6号"
    assert d.addressees == ["阳泉市应急管理局(地方煤矿安全监督管理局)"]
    assert d.issuers == ["山西省应急管理厅", "山西省地方煤矿安全监督管理局"]
    assert d.signed_date.value == "2023-01-05"
    assert d.cc == ["省能源局"]


def test_records_validate_and_ids_are_stable(seed_records):
    from extractor.models import Record
    from extractor.pipeline import extract_bytes

    again = extract_bytes((SEEDS / SEED).read_bytes(), str(SEEDS / SEED))
    for a, b in zip(seed_records[SEED], again):
        Record.model_validate(a)
        assert a["doc_id"] == b.doc_id
    # re-encoding the file keeps the ids
    gb = extract_bytes((SEEDS / SEED).read_text(encoding="utf-8").encode("gb18030"), "x.txt")
    assert [r.doc_id for r in gb] == [d["doc_id"] for d in seed_records[SEED]]
    assert gb[0].source.encoding == "gb18030"


@pytest.mark.skipif(not (SHARED / "gold" / "seeds.jsonl").exists(), reason="../shared/gold not present")
def test_seed_gold_header_fields(tmp_path, seed_records):
    import json
    import subprocess
    import sys

    out = tmp_path / "seeds.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for name in sorted(seed_records):
            for d in seed_records[name]:
                fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    res = subprocess.run([sys.executable, str(SHARED / "tools" / "score.py"), "--gold", str(SHARED / "gold" / "seeds.jsonl"),
                          "--pred", str(out), "--root", "/", "--json"], capture_output=True, text=True, check=True)
    result = json.loads(res.stdout)
    for field in ["doc_type", "title", "doc_number.text", "doc_number.code", "doc_number.year", "doc_number.serial",
                  "issuers", "addressees", "signed_date", "printed_date", "printed_by", "report_to", "cc", "keywords",
                  "copies", "attachments", "items"]:
        assert result["fields"][field]["f1"] >= 0.95, (field, result["fields"][field])
    assert result["spans"]["exact"] == result["spans"]["spans"]


RELAYED = """天津市人民政府办公厅文件
津政办发〔2024〕12号
天津市人民政府办公厅转发市发展改革委
关于做好2024年重点项目建设工作意见的通知
各区人民政府，市政府各委、局，各直属单位：
　　市发展改革委《关于做好2024年重点项目建设工作的意见》已经市人民政府同意，现转发给你们，请照此执行。
天津市人民政府办公厅
（盖章）
2024年3月1日
――――――――――――――――――――――――
抄送：市委各部门，市人大常委会办公厅，
市政协办公厅，市高级法院，市检察院。
――――――――――――――――――――――――
天津市人民政府办公厅　　　　　　　2024年3月5日印发
"""


def test_relayed_title_seal_and_ruled_banji():
    [d] = extract_text(RELAYED, "relay.txt")
    # a title wrapped before its 关于 keeps the transmitting line; an issuer alone above 关于 would not
    assert d.title == "天津市人民政府办公厅转发市发展改革委关于做好2024年重点项目建设工作意见的通知"
    assert d.signed_date.value == "2024-03-01"
    # the 抄送 list runs over two lines between ruled lines
    assert d.cc == ["市委各部门", "市人大常委会办公厅", "市政协办公厅", "市高级法院", "市检察院"]
    assert d.printed.by == "天津市人民政府办公厅" and d.printed.date.value == "2024-03-05"


def test_metadata_table_label_before_the_number():
    text = "发文字号：津政办发〔2024〕3号\n关于做好安全工作的通知\n各区人民政府：\n现通知如下。\n2024年3月1日\n"
    [d] = extract_text(text, "meta.txt")
    assert d.doc_number.text == "津政办发〔2024〕3号"



def test_numbers_the_body_cites_are_not_the_documents_own():  # blind4a 013
    # a body line opening with 根据X〔…〕N号、Y〔…〕N号文件精神 cites them; the page has no own number
    text = ("关于2014届省文明城市复查情况通报\n\n"
            "  根据湘办发[2004]16号、湘文明委[2018]7号文件 精神,省文明办组织对省文明城市进行了复查。现将有关情况通报如下:\n"
            "  一、邵阳市等9个城市通过复查。\n")
    [d] = extract_text(text, "cited.txt")
    assert d.doc_number is None
    assert [r.text for r in d.references][:2] == ["湘办发[2004]16号", "湘文明委[2018]7号"]
    # the 版头's own number still stands alone, or before its 签发人
    [d] = extract_text("津交安办[2024]5号    签发人：张三\n" + text, "own.txt")
    assert d.doc_number.text == "津交安办[2024]5号"


def test_metadata_table_with_labels_run_into_values():  # blind5a 016
    # a law database's table: label and value on one line, with pinyin noise
    text = ("發(fā)文機關(guān)國務(wù)院,中央軍委\n發(fā)文日期1998年12月10日\n時效性現(xiàn)行有效\n"
            "發(fā)文字號國函〔1998〕107號\n施行日期1998年12月10日\n公安部:\n"
            "為表彰李金文同志的先進(jìn)事跡,國務(wù)院、中央軍委決定給李金文同志記一等功。\n"
            "國務(wù)院總理 朱鎔基\n一九九八年十二月十日\n")
    [d] = extract_text(text, "meta.txt")   # the dated labels are no signatures: one document
    assert d.doc_number.text == "國函〔1998〕107號" and d.doc_number.code == "國函"
    assert d.issuers == ["國務(wù)院", "中央軍委"]
    assert d.signed_date.value == "1998-12-10" and d.signed_date.text == "一九九八年十二月十日"
    assert d.addressees == ["公安部"]


def test_cc_wrapped_and_printing_organ_after_it():  # blind5b 001
    text = ("苍政办〔2007〕24号\n苍南县人民政府办公室\n关于下达2007年义务教育普及程度指标的通知\n"
            "各乡镇人民政府,县政府直属各单位:\n现提出2007年义务教育普及程度指标。\n二○○七年二月十五日\n"
            "主题词:教育 指标 通知\n抄送:市政府办公室、市教育局,县委、\n县人大、县政协办公室。\n"
            "苍南县人民政府办公室 2007年2月15日印发\n")
    [d] = extract_text(text, "banji.txt")
    # the blanks before the printing date are no boundary: the organ ends the 抄送 list
    assert d.cc == ["市政府办公室", "市教育局", "县委", "县人大", "县政协办公室"]
    assert d.printed.by == "苍南县人民政府办公室" and d.printed.date.value == "2007-02-15"

def test_banji_below_office_notes():
    """The 版记 stands last: the 承办人 and 联系电话 lines under the signature do
    not hide a 抄送 line below them, and its copy counts stay in each entry."""
    text = ("关于某项提案办理意见的函\n王某委员:\n  您提出的提案收悉,现答复如下。\n某县规划局\n2016年5月9日\n"
            "承办负责人:李某\n联系电话:1234567\n反馈意见:对办理情况满意。\n"
            "抄送:县政协提案委2份,县政府办3份。\n")
    [d] = extract_text(text, "notes.txt")
    assert d.cc == ["县政协提案委2份", "县政府办3份"]
    assert d.signed_date.value == "2016-05-09" and d.issuers == ["某县规划局"]
    assert assert_spans_exact(d, text) >= 4
    # with no labelled line below, nothing is read as a 版记
    [d] = extract_text(text.replace("抄送:", "另送"), "notes.txt")
    assert d.cc == []


TRADITIONAL = """天津市交通安全辦公室文件
津交安辦〔2024〕5號
關於做好元旦春節期間道路交通安全工作的通報
各區、縣人民政府，市屬各委、辦、局：
　　為做好元旦、春節期間的道路交通安全工作，現將有關事項通報如下。檢查中發現，龍霸燃氣有限公司對交通安全工作不重視，存在交通安全隱患，對該單位提出批評，責令其限期整改。
天津市交通安全辦公室
二〇〇七年十二月十三日
"""


def test_traditional_characters():
    [d] = extract_text(TRADITIONAL, "trad.txt")
    assert d.doc_type == "通报" and d.title.startswith("關於")
    assert d.doc_number.code == "津交安辦" and d.doc_number.serial == 5
    assert d.addressees == ["各區、縣人民政府", "市屬各委、辦、局"]
    assert d.signed_date.value == "2007-12-13"
    assert [c.unit for c in d.criticised] == ["龍霸燃氣有限公司"]
    assert {f.code for f in d.flags} >= {"year-mismatch"}
    # 批覆, the older form of 批复 that a Traditional conversion writes
    [d] = extract_text("國務院關於同意吉林省設立扶餘縣的批覆\n吉林省人民政府:\n現批覆如下:\n", "reply.txt")
    assert d.doc_type == "批复"
    # a series' issue after the 文种
    [d] = extract_text("关于8起欺诈骗保典型案例的通报(第三期)\n现将8起典型案例通报如下:\n", "issue.txt")
    assert d.doc_type == "通报" and d.title == "关于8起欺诈骗保典型案例的通报(第三期)"


def test_document_flattened_onto_one_line():
    """OCR and web copies lose the line breaks; the anchors still come in order."""
    text = ("天津市交通安全办公室文件 津交安办〔2024〕5号 关于做好我市元旦、春节期间道路交通安全工作的通知 "
            "各区、县人民政府，市属各委、办、局： 为做好元旦、春节期间的道路交通安全工作，现将有关事项通知如下。"
            "对存在隐患的单位，责令限期整改。 天津市交通安全办公室 2024年12月13日 主题词：公安 道路 通知 "
            "抄送：市高法院、市检察院。 天津市交通安全办公室 2024年12月17日印发\n")
    [d] = extract_text(text, "flat.txt")
    assert d.title == "关于做好我市元旦、春节期间道路交通安全工作的通知" and d.doc_type == "通知"
    assert d.doc_number.text == "津交安办〔2024〕5号"
    assert d.addressees == ["各区、县人民政府", "市属各委、办、局"]
    assert d.signed_date.value == "2024-12-13"
    assert d.cc == ["市高法院", "市检察院"] and d.keywords == ["公安", "道路", "通知"]
    assert d.printed.by == "天津市交通安全办公室" and d.printed.date.value == "2024-12-17"
    # the view only turned blanks into line breaks: every span is the file's own text
    for span in [d.title_span, d.signed_date, d.printed.date, *d.addressee_spans]:
        assert text[span.start:span.end] == span.text


def test_spaced_code_with_place_and_number():
    text = "行政处罚决定书\n豫 1600 环罚决字〔2025〕5 号\n某某纸箱包装有限公司\n我局决定对你单位处以罚款。\n2025年3月1日\n"
    [d] = extract_text(text, "spaced.txt")
    assert d.doc_number.code == "豫1600环罚决字" and d.doc_number.serial == 5
    assert d.doc_number.text == "豫 1600 环罚决字〔2025〕5 号"


def test_joint_issuers_run_into_the_title_and_page_section_is_no_masthead():
    text = ("政府文件\n鹤政发〔2025〕4号\n鹤岗市人民政府 鹤岗市中级人民法院印发\n关于完善“府院联动”机制的意见的通知\n"
            "各县(区)人民政府、法院,市政府各部门:\n现印发给你们,请认真贯彻执行。\n鹤岗市人民政府 鹤岗市中级人民法院\n2025年4月30日\n")
    [d] = extract_text(text, "joint.txt")
    assert d.title == "鹤岗市人民政府鹤岗市中级人民法院印发关于完善“府院联动”机制的意见的通知"
    assert d.masthead is None  # 政府文件 heads a web page's section, it names no organ
    assert d.issuers == ["鹤岗市人民政府", "鹤岗市中级人民法院"]


def test_page_title_chrome_and_month_level_signature():
    text = ("政务服务丨济宁市人民政府关于持续深化改革的实施意见\n- 发布日期:2021-07-19\n济宁市人民政府\n"
            "关于持续深化改革的实施意见\n济政字〔2021〕30号\n各县(市、区)人民政府:\n为持续深入推进改革,提出如下意见。\n")
    [d] = extract_text(text, "chrome.txt")
    assert d.title == "关于持续深化改革的实施意见" and d.issuers == ["济宁市人民政府"]
    signed_by_month = "关于表彰获奖者的决定\n授予某某有限公司“优秀企业奖”。\n特此决定。\n中国腐植酸工业协会\n二○一四年十一月\n"
    [d] = extract_text(signed_by_month, "month.txt")
    assert d.issuers == ["中国腐植酸工业协会"] and d.signed_date is None  # no day: no 成文日期 value


def test_metadata_date_under_its_label_is_no_signature():
    text = ("交通运输部办公厅关于表扬试点单位的通报\n\n文号\n\n交办规划函〔2025〕1920号\n\n公開日期\n\n2025年10月17日\n\n"
            "主题词\n\n交通强国\n\n各省交通运输厅:\n\n决定对江苏省交通运输厅予以通报表扬。\n\n交通运输部办公厅\n\n2025年10月14日\n")
    docs = extract_text(text, "meta.txt")
    assert len(docs) == 1
    assert docs[0].signed_date.value == "2025-10-14"


def test_seal_mark_and_signer_outside_the_body():
    text = ("关于表彰全国交通运输文明单位的决定\n各省交通运输厅:\n授予河北省石家庄市交通运输局等159个单位为全国交通运输行业文明单位称号。\n"
            "希望受到表彰的单位珍惜荣誉。\n中华人民共和国交通运输部(章)\n2010年9月13日\n")
    [d] = extract_text(text, "seal.txt")
    assert d.issuers == ["中华人民共和国交通运输部"]
    assert [c.unit for c in d.commended] == ["河北省石家庄市交通运输局"]


# doc_id decomposes compatibility characters itself before NFKC (for speed);
# it must equal the definition: SHA-256 of squeeze_spaces(NFKC(text)).
from hypothesis import given, settings as hsettings, strategies as st  # noqa: E402


def _doc_id_by_definition(text: str) -> str:
    import hashlib
    import unicodedata

    from extractor.text import squeeze_spaces

    return hashlib.sha256(squeeze_spaces(unicodedata.normalize("NFKC", text)).encode()).hexdigest()[:32]


_TRICKY = "ａＡ１（），：；．\u3000 \xa0…①㎡ｶﾞﾞ\u0301\u0308\u3099가각\uf900e\u0301Å津交安办〔２０２４〕５号"


@hsettings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(max_codepoint=0xFFFF, blacklist_categories=("Cs",)), max_size=40))
def test_doc_id_equals_its_definition(text):
    from extractor.pipeline import doc_id

    assert doc_id(text) == _doc_id_by_definition(text)


def test_walk_folder_streams_the_order_of_sorted_rglob(tmp_path):
    """The folder walk lists one directory at a time, yet gives exactly what
    sorting every rglob path gave (names sharing prefixes with '-', '.', '/')."""
    import os

    from extractor.pipeline import walk_folder

    for rel in ["a/b.txt", "a-c.txt", "a.txt", "a/z/y.txt", "ab/c.txt", "a b.txt", ".hidden.txt", "B.txt",
                "x.txt/inner.txt", "deep/er/est/f.txt", "deep/er.txt", "note.md", "a/Ä.txt", "a0.txt"]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "link_to_dir")          # not entered, but itself matches no *.txt
    os.symlink(tmp_path / "gone.txt", tmp_path / "dangling.txt")  # a file the user meant: kept
    os.symlink(tmp_path / "deep", tmp_path / "dirlink.txt")       # a symlink named *.txt: kept, as rglob did
    root = str(tmp_path)
    expected = [os.path.join(root, q.relative_to(tmp_path).as_posix())
                for q in sorted((q for q in tmp_path.rglob("*.txt") if q.is_file() or q.is_symlink()),
                                key=lambda q: q.as_posix())]
    assert list(walk_folder(root, "*.txt")) == expected
    assert len(expected) == 15


def test_signature_on_a_documents_first_line_keeps_the_body_inside_it():
    # a document that is one flattened line, after another document: its
    # body ends inside it, never at the previous document's last 。
    from extractor.document import Document, view_lines
    from extractor.footer import read_footer
    from extractor.text import SourceText, clean_view

    first = "关于开展安全检查的通知\n各单位：\n请按要求做好安全检查工作。\n"
    second = "某某市应急管理局 2024年2月6日"
    view = clean_view(SourceText(path="two.txt", text=first + second, encoding="utf-8"))
    lines = view_lines(view)
    doc = Document(source=view.source, view=view, start=lines[3].start, end=lines[3].end, index=1, lines=lines[3:])
    read_footer(doc)
    assert doc.fields["signed_date_view"] == (view.text.index("2024年"), len(view.text))
    assert doc.start <= doc.fields["body_end_pos"] <= view.text.index("某某市")


def test_library_and_cli_share_one_segmenter_default(tmp_path):
    # the records of extract_text() are those of `gongwen extract`: the tests'
    # floors measure what the command line runs
    import json

    from click.testing import CliRunner

    from extractor.attribution import AttributionSettings
    from extractor.commands import extract
    from extractor.pipeline import Settings
    from extractor.segment import default_segmenter

    assert Settings().segmenter == AttributionSettings().segmenter == default_segmenter() == "rjieba"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    out = tmp_path / "out.jsonl"
    run = CliRunner().invoke(extract, [str(seed), "-o", str(out), "-q", "--workers", "1"])
    assert run.exit_code == 0, run.output
    lines = out.read_text(encoding="utf-8").splitlines()
    lib = extract_text(seed.read_text(encoding="utf-8"), str(seed))
    def units(record: dict) -> list:
        return [record[k] for k in ("commended", "criticised", "penalties")]

    assert [units(json.loads(x)) for x in lines] == [units(json.loads(r.model_dump_json())) for r in lib]


def test_issuer_running_into_a_traditional_penalty_decision_title():  # blind3 004
    text = ("湛環(huán)罰字〔2016〕1號(hào)\n湛江市環(huán)境保護(hù)局行政處罰決定書\n"
            "廣東南國(guó)藥業(yè)有限公司:\n你公司外排廢水超標,我局決定處以罰款。\n")
    [d] = extract_text(text, "decision.txt")
    assert d.issuers == ["湛江市環(huán)境保護(hù)局"]
    assert d.issuer_spans[0].text == "湛江市環(huán)境保護(hù)局"


def test_an_issuer_runs_into_a_quoted_title_and_joint_issuers_stand_a_space_apart():  # blind4b 014, blind5b 011
    quoted = ("《成都市人民政府辦公廳關(guān)于建立政府工作落實(shí)情況報告制度的通知》\n瀏覽量: 時(shí)間:2018-11-13\n"
              "各區(市)縣政府,市政府各部門(mén):\n現將有關(guān)事項通知如下。\n二○○一年四月四日\n")
    [d] = extract_text(quoted, "quoted.txt")
    assert d.issuers == ["成都市人民政府辦公廳"] and d.issuer_spans[0].start == 1   # after the 《
    joint = ("四川省财政厅 四川省教育厅关于加大财政投入支持学前教育发展的通知(川财教〔2011〕224号)\n"
             "各市(州)财政局、教育局:\n为加快发展学前教育,现就有关事项通知如下。\n")
    [d] = extract_text(joint, "joint.txt")
    assert d.issuers == ["四川省财政厅", "四川省教育厅"]
    assert [s.text for s in d.issuer_spans] == d.issuers and d.issuer_spans[1].start == 7


def test_joint_issuers_apart_by_a_comma_mark_or_on_a_database_line():  # blind11b 001 003, blind9b 008
    enumerated = ("省文化厅、省财政厅印发文化惠民工程资金管理办法的通知\n各市文化局、财政局:\n"
                  "现将办法印发给你们,请遵照执行。\n")
    [d] = extract_text(enumerated, "enumerated.txt")
    assert d.issuers == ["省文化厅", "省财政厅"] and d.issuer_spans[1].start == 5
    # a law database prints the organs one blank apart on a line of their own under the title
    database = ("关于开展旧机动车回收工作的通知\n\n商务部 公安部 国家环境保护总局\n\n"
                "各省、自治区、直辖市商务主管部门:\n现就有关事项通知如下。\n")
    [d] = extract_text(database, "database.txt")
    assert d.issuers == ["商务部", "公安部", "国家环境保护总局"]
    assert [(s.text, s.line) for s in d.issuer_spans] == [(n, 3) for n in d.issuers]
    assert org_names("市人大常委会  市人民政府") == [(0, 6), (8, 13)]
    assert org_names("市人民政府 政务服务网") is None   # a banner, not organs only


def test_a_title_printed_again_and_again_does_not_push_the_addressees_out_of_the_header():  # blind11b 018
    title = "关于印发《关于加强基层法律服务工作的若干意见》的通知"
    card = "".join(f"{i}. 【{label}】{value}\n" for i, label, value in
                   [(1, "颁布时间", "2024-7-4"), (2, "标题", title), (3, "发文号", ""), (4, "失效时间", ""),
                    (5, "颁布单位", "司法部"), (6, "法规来源", "https://example.org/a.html"), (7, "法规全文", "")])
    text = (f"法律图书馆\n新法规速递\n{title}\n{card}\n{title}\n{title}\n司法部\n\n{title}\n\n{title}\n\n"
            "各省、自治区、直辖市司法厅(局):\n现将《意见》印发给你们,请认真贯彻落实。\n")
    [d] = extract_text(text, "database.txt")
    assert d.addressees == ["各省、自治区、直辖市司法厅(局)"] and d.addressee_spans[0].line == 20


def test_a_主送_whose_colon_the_copy_lost():  # blind4a 005, blind5b 003, blind10b 012
    text = ("县人民政府关于给予县供电公司集体嘉奖的决定\n\n各镇人民政府,县政府各部门,某某开发区管委会\n\n"
            "近日,我县遭受了罕见的低温雨雪冰冻灾害,县供电公司全力抢修,保障了全县用电。\n")
    [d] = extract_text(text, "lost_colon.txt")
    assert d.addressees == ["各镇人民政府", "县政府各部门", "某某开发区管委会"]
    assert d.addressee_spans[2].text == "某某开发区管委会" and d.addressee_spans[2].line == 3
    # organs' names alone under a title they open are its issuers' line, not a 主送
    issuers_line = ("甲部、乙局关于做好毕业生工作的通知\n甲部、乙局\n\n为做好今年毕业生工作,现通知如下。\n")
    [d] = extract_text(issuers_line, "issuers_line.txt")
    assert d.addressees == []


def test_an_issuer_before_印发_or_转发_and_two_organs_run_together_are_no_full_name():  # real 023
    forwarding = ("市政府办公厅转发市教育局关于做好招生工作意见的通知\n各区县人民政府:\n现转发给你们,请认真执行。\n")
    [d] = extract_text(forwarding, "forwarding.txt")
    assert d.issuers == ["市政府办公厅"]   # not the organ whose text it forwards
    run_together = ("中共某市委办公室某市人民政府办公室印发《关于推进政务公开的实施意见》的通知\n各县委、县政府:\n"
                    "现印发给你们。\n中共某市委办公室\n某市人民政府办公室\n2017年1月5日\n")
    [d] = extract_text(run_together, "run_together.txt")
    # the title's run of two organs is not the signature's second organ's full name
    assert d.issuers == ["中共某市委办公室", "某市人民政府办公室"]


def test_joint_issuers_written_with_no_break_are_one_issuer_each():  # blind14b 007
    title_run = ("财政部国家税务总局关于某项税收政策的通知\n财税〔2012〕7号\n各省财政厅:\n"
                 "为支持某项工作,现通知如下。\n二〇一二年三月九日\n")
    [d] = extract_text(title_run, "title_run.txt")
    assert d.issuers == ["财政部", "国家税务总局"]
    assert [(s.start, s.end) for s in d.issuer_spans] == [(0, 3), (3, 9)]
    signature_run = ("关于做好工作的通知\n各区财政局:\n现通知如下。\n某市财政局某市教育委员会\n2012年3月9日\n")
    [d] = extract_text(signature_run, "signature_run.txt")
    assert d.issuers == ["某市财政局", "某市教育委员会"]
    # a provincial bureau of a national one is one organ, not two
    [d] = extract_text(title_run.replace("财政部国家税务总局", "国家税务总局某省税务局"), "one.txt")
    assert d.issuers == ["国家税务总局某省税务局"]


def test_a_page_that_lost_its_line_breaks_keeps_title_主送_and_signature_date():  # blind14b 009
    text = ("关于拨付某项目建设资金的请示市政府:根据会议部署,我区需完成路灯安装等工作,费用共计约600万元。"
            "以上妥否,请批复。二○一一年十一月二十日")
    [d] = extract_text(text, "flat.txt")
    assert d.title == "关于拨付某项目建设资金的请示" and d.doc_type == "请示"
    assert d.addressees == ["市政府"] and d.addressee_spans[0].start == 14
    assert d.signed_date.value == "2011-11-20"
    # a date opening any other sentence inside a line is the body's
    [d] = extract_text(text.replace("以上妥否,请批复。", "工期紧。"), "flat_body.txt")
    assert d.signed_date is None


def test_a_page_heading_quoting_the_relayed_text_is_not_the_title():  # blind14b 014
    text = ("某发〔2018〕23号《某院关于落实某项制度的实施意见》\n某院印发《关于落实某项制度的实施意见》的通知\n"
            "某发〔2018〕23号\n各分院:\n现将该实施意见印发给你们,请认真贯彻落实。\n某院\n2018年12月4日\n")
    [d] = extract_text(text, "relay.txt")
    assert d.title == "某院印发《关于落实某项制度的实施意见》的通知" and d.doc_type == "通知"
    assert d.title_span.line == 2


def test_a_hyphen_bullet_and_an_issuer_that_implements_a_higher_text():  # blind15b 013, 008
    bullet = ("- 某办公室关于公布评审结果的通知\n各有关单位:\n现将评审结果公布如下。\n某办公室\n2013年5月2日\n")
    [d] = extract_text(bullet, "bullet.txt")
    assert d.title == "某办公室关于公布评审结果的通知" and d.title_span.start == 2
    implementing = ("某省人民政府贯彻国务院关于加快发展的意见的实施意见\n某政发〔2009〕5号\n各市人民政府:\n"
                    "现提出如下实施意见。\n2009年11月3日\n")
    [d] = extract_text(implementing, "implementing.txt")
    assert d.issuers == ["某省人民政府"]   # not 某省人民政府贯彻国务院


def test_two_blank_lines_end_the_signing_names_above_a_date():  # blind3 012
    text = ("关于第一季度环境卫生整治情况的通报\n各乡镇：\n现将排名通报如下。\n"
            "1、单位末位排名\n教育局\n2、职能单位末位排名\n交通局\n\n\n"
            "舟曲县全域无垃圾专项治理领导小组办公室\n2020年4月10日\n")
    [d] = extract_text(text, "ranking.txt")
    assert d.issuers == ["舟曲县全域无垃圾专项治理领导小组办公室"]


def test_numbered_announcement_heading():  # holdout 003
    text = ("国家安全生产监督管理总局公告2010年第15号\n"
            "2010年第一季度全国共发生重特大生产安全事故23起。现将责任企业名单予以公告。\n"
            "国家安全生产监督管理总局\n二○一○年五月二十五日\n")
    [d] = extract_text(text, "announcement.txt")
    assert (d.doc_type, d.title) == ("公告", "国家安全生产监督管理总局公告")
    assert d.issuers == ["国家安全生产监督管理总局"] and d.signed_date.value == "2010-05-25"


def test_numbered_attachments_across_blank_lines():  # blind3 005
    text = ("关于表扬试点单位的通报\n各省交通运输厅：\n现予以通报表扬。\n\n"
            "附件:1.2025年试点单位表扬名单\n\n   2.2025年试点任务表扬名单\n\n"
            "4.这一行不接着编号\n\n交通运输部办公厅\n\n2025年10月14日\n")
    [d] = extract_text(text, "attachments.txt")
    # 2. carries on the count over the blank line; 4. does not
    assert d.attachments == ["2025年试点单位表扬名单", "2025年试点任务表扬名单"]
    assert d.evidence["attachment_1"].text == "2.2025年试点任务表扬名单"
    # an item's closing mark and the 《》 around a whole title are no part of it;
    # the evidence keeps the line as written
    marked = text.replace("1.2025年试点单位表扬名单", "1、《2025年试点单位表扬名单》;").replace("2.2025年试点任务表扬名单", "2、《2025年试点》任务表扬名单。")
    [d] = extract_text(marked, "marked.txt")
    assert d.attachments == ["2025年试点单位表扬名单", "《2025年试点》任务表扬名单"]
    assert d.evidence["attachment_0"].text == "1、《2025年试点单位表扬名单》;"
    # the attached text's (文号) after its title is no part of it either (blind12b 015)
    numbered = text.replace("1.2025年试点单位表扬名单", "1.某司关于报送总结的通知(某管〔2017〕34号)")
    [d] = extract_text(numbered, "numbered.txt")
    assert d.attachments[0] == "某司关于报送总结的通知"
    assert d.evidence["attachment_0"].text == "1.某司关于报送总结的通知(某管〔2017〕34号)"


METADATA_TABLE = """交通运输部办公厅关于表扬交通强国建设试点单位的通报

文号

交办规划函〔2025〕1920号

索引号

000019713O04/2025-00077

公开日期

2025年10月17日

主题词

交通强国;试点单位;试点任务

机构分类

综合规划司

主题分类

精神文明

行业分类

其他

公文类型

部办公厅函

各省、自治区、直辖市交通运输厅(局、委),部属各单位:

为进一步做好交通强国建设试点工作,经研究,决定对江苏省交通运输厅等12家试点单位进行通报表扬。

交通运输部办公厅

2025年10月14日
"""


def test_metadata_table_above_the_addressees():  # blind3 005
    [d] = extract_text(METADATA_TABLE, "metadata.txt")
    # the table's labels and values fill no 版头 line: the 主送 below it is read,
    # and 部办公厅函 (the value of 公文类型) is no title
    assert d.title == "交通运输部办公厅关于表扬交通强国建设试点单位的通报"
    assert d.addressees == ["各省、自治区、直辖市交通运输厅(局、委)", "部属各单位"]
    assert d.keywords == ["交通强国", "试点单位", "试点任务"]
    assert d.evidence["keywords"].text == "交通强国;试点单位;试点任务"
    assert d.signed_date.value == "2025-10-14"


def test_banji_keywords_win_over_the_metadata_tables():
    text = METADATA_TABLE + "主题词：交通 表扬 通报\n抄送：部纪检监察组。\n"
    [d] = extract_text(text, "metadata.txt")
    assert d.keywords == ["交通", "表扬", "通报"]


def test_signing_organ_above_a_date_that_lost_its_day_mark():  # blind3 007
    text = ("各省、自治区、直辖市交通运输厅(局、委):\n部研究决定,授予北京市地铁运营有限公司等27个行业为全国交通运输文明行业称号。\n"
            "中华人民共和国交通运输部(章)\n二〇一〇年九月十三 |\n")
    [d] = extract_text(text, "damaged.txt")
    # the copy lost the 日, but year, month and day all stand (the gold of
    # later pages reads them: blind7b 012, blind8a 017); the line also marks
    # the signing organ above it
    assert (d.signed_date.text, d.signed_date.value, d.signed_date.line) == ("二〇一〇年九月十三", "2010-09-13", 4)
    assert d.issuers == ["中华人民共和国交通运输部"]
    # a model-text site masks the year (blind4b 008)
    [d] = extract_text(text.replace("二〇一〇年九月十三 |", "20xx年11月30日"), "masked.txt")
    assert d.signed_date is None and d.issuers == ["中华人民共和国交通运输部"]


def test_news_page_quoting_a_full_text():  # holdout 004
    text = ("(资料图片)\n近日,郑州市应急管理局发布《一般生产安全事故查处挂牌督办通知书》,对一起物体打击事故挂牌督办。\n"
            "挂牌督办通知书全文如下——\n上街区人民政府:\n根据有关规定,市安委会决定对该事故查处工作实行挂牌督办。\n")
    [d] = extract_text(text, "news.txt")
    # the document starts below 全文如下: its 主送 is read
    assert d.addressees == ["上街区人民政府"]
    assert d.addressee_spans[0].line == 4


def test_banji_read_without_a_signature_date():  # blind4b 011, 008
    text = ("财政部关于印发《自然保护区专项资金使用管理办法》的通知\n2001年12月5日  财建〔2001〕899号\n"
            "各省、自治区、直辖市财政厅(局):\n  现印发给你们,请遵照执行。\n  附件:自然保护区专项资金使用管理办法\n\n"
            "  抄送:国家环保总局,财政部驻各省财政监察专员办事处。\n\n附件:\n第一条 为加强管理,制定本办法。\n")
    [d] = extract_text(text, "lawdb.txt")
    # the date stands above, by the number: no signature below, yet the 抄送 line is the 版记's
    assert d.cc == ["国家环保总局", "财政部驻各省财政监察专员办事处"]
    assert d.evidence["cc"].line == 7


def test_article_headings_alone_on_their_lines_split_the_file():  # blind4b 008
    text = ("第一篇\n湘西土家族苗族自治州人民政府:\n你州的请示收悉。同意花垣县乡镇区划调整方案。\n湖南省民政厅\n2023年11月30日\n"
            "第二篇\n省人民政府关于同意盘县乡镇行政区划调整的批复\n黔府函〔2023〕128号\n六盘水市人民政府:\n同意。\n"
            "贵州省人民政府\n2023年6月8日\n")
    docs = extract_text(text, "two.txt")
    assert [d.doc_type for d in docs] == [None, "批复"]
    assert docs[1].doc_number.text == "黔府函〔2023〕128号" and docs[1].signed_date.value == "2023-06-08"


def test_addressees_run_into_a_repeated_title():  # blind6b 008
    text = ("关于启动防汛应急预案I级应急响应的命令\n"
            "关于启动防汛应急预案I级应急响应的命令各乡镇防汛抗旱指挥部,县经济开发区,县直各单位:\n"
            "7月3日1时30分,白荡湖水位达14.91米。现命令:\n一、全县以防汛工作为中心。\n枞阳县防汛抗旱指挥部\n2016年7月3日\n")
    [d] = extract_text(text, "order.txt")
    assert d.title == "关于启动防汛应急预案I级应急响应的命令"
    assert d.addressees == ["各乡镇防汛抗旱指挥部", "县经济开发区", "县直各单位"]


def test_a_proposal_answer_is_addressed_to_the_deputy():  # blind6b 006
    text = ("砚山县民政局关于对砚山县第十届第三次会议第10030064号提案的复函\n\n王仕海代表:\n\n"
            "您在中国人民政治协商会议砚山县第十届委员会第三次会议中提出的《关于成立新区社区的提案》,"
            "我局已收悉,经研究,现答复如下:\n根据有关规定。\n")
    [d] = extract_text(text, "reply.txt")
    # the line that says what follows (收悉 … 如下:) is body text, not a 主送
    assert d.addressees == ["王仕海代表"]


def test_a_law_database_dateline_dates_the_document():  # blind6b 004, blind4b 011
    text = ("关于同意延吉市开展边境四日游活动的复函\n国家旅游局\n\n(1992年6月15日 国家旅游局)\n\n"
            "吉林省人民政府:\n国务院已于1992年6月2日批准你省延吉市开展边境四日游活动。现函复如下:\n一、先试办一年。\n")
    [d] = extract_text(text, "lawdb.txt")
    assert d.signed_date.value == "1992-06-15"
    assert d.issuers == ["国家旅游局"]
    # with the 发文字号 beside the date; an adoption note is no dateline
    [d] = extract_text("关于印发资金管理办法的通知\n2001年12月5日  财建〔2001〕899号\n各省财政厅:\n现印发给你们。\n", "n.txt")
    assert d.signed_date.value == "2001-12-05"
    [d] = extract_text("全国委员会工作条例\n\n1949年10月18日中国人民政治协商会议第一届全国委员会常务委员会第一次会议通过\n\n"
                       "  第一条 常务委员会的职权如下:\n", "rule.txt")
    assert d.signed_date is None


def test_a_caption_with_the_number_and_date_whose_year_is_bracketed_round():  # blind14b 003
    text = ("某省经济委员会关于在机构调整期间\n抓好产品进出口工作的通知\n(某经委(1993)19号 一九九三年七月五日)\n"
            "各市经委:\n现就有关事项通知如下。\n")
    [d] = extract_text(text, "caption.txt")
    assert d.doc_number.text == "某经委(1993)19号" and d.doc_number.year == 1993
    assert d.signed_date.value == "1993-07-05"
    assert "nonstandard-doc-number" in [f.code for f in d.flags]


def test_a_title_bracketed_after_its_number_on_a_page_heading():  # blind14b 018
    text = ("某院办发〔2022〕5号(2021-2022学年度第十次校长办公会纪要)\n"
            "2022年3月4日下午,学校召开校长办公会。现纪要如下:\n一、坚持落实。\n")
    [d] = extract_text(text, "minutes.txt")
    assert d.title == "2021-2022学年度第十次校长办公会纪要" and d.doc_type == "纪要"
    assert d.doc_number.text == "某院办发〔2022〕5号"


def test_a_number_glued_to_its_title_wins_over_a_collection_heading():  # blind14b 007
    text = ("某部 某总局某税[2010]4号(共14篇)\n篇1:某部 某总局某税[2010]4号\n"
            "某部关于农村金融有关\n税收政策的通知某税[2010]4号\n各省财政厅:\n现就有关税收政策通知如下:\n一、免征营业税。\n")
    [d] = extract_text(text, "collection.txt")
    # the 代字 stops at the title's 文种; the heading's number has an organ run into it
    assert d.doc_number.text == "某税[2010]4号" and d.doc_number.line == 4
    assert d.doc_type == "通知"
    # the title wraps onto the number's line: joined up to the number
    assert d.title == "某部关于农村金融有关税收政策的通知"
    # a line that opens a title of its own is no wrap (a page heading, then the title with its number)
    text = ("某院关于同意某地设立某市的批复 某文库\n某院关于同意某地设立某市的批复 某函〔1998〕60号 某院 1998年7月31日\n"
            "某省人民政府:\n你省的请示收悉。现批复如下:\n一、同意。\n")
    [d] = extract_text(text, "page.txt")
    assert d.title == "某院关于同意某地设立某市的批复"


def test_a_number_alone_on_its_line_but_for_a_mirrors_pinyin():  # blind3 004
    text = ("某某有限公司行政處罰決定書湛環罰字〔2016〕1號(hào)\n發布時間 : 2016-12-07\n"
            "湛環罰字〔2016〕1號(hào)\n湛江市環境保護局行政處罰決定書\n某某有限公司:\n你公司違法排污。\n")
    [d] = extract_text(text, "mirror.txt")
    assert d.doc_number.line == 3


def test_a_title_quoted_whole_in_book_title_marks():  # blind6b 010
    text = ("《中共乌当区委办公室 乌当区人民政府办公室关于征集2023年为民办“十件实事”拟建项目的公告》\n"
            "一、征集时间\n2022年11月3日至2022年11月30日。\n")
    [d] = extract_text(text, "quoted.txt")
    assert d.title == "中共乌当区委办公室乌当区人民政府办公室关于征集2023年为民办“十件实事”拟建项目的公告"
    assert d.doc_type == "公告"


def test_a_news_lead_above_the_document_it_quotes():  # blind6a 012
    text = ("2022年04月05日\n星期二\n新闻搜索: |\n"
            "近日,全国爱卫会印发《关于命名2018—2020周期国家卫生城市(区)的决定》(全爱卫发〔2021〕2号),"
            "海南省三沙市、儋州市、五指山市、文昌市、万宁市榜上有名,荣获国家卫生城市荣誉称号。\n"
            "全国爱卫会关于命名2018-2020周期\n国家卫生城市(区)的决定\n"
            "各省、自治区、直辖市及新疆生产建设兵团爱卫会:\n近年来,各地深入开展爱国卫生运动。\n")
    [d] = extract_text(text, "news.txt")
    # the lead's quote drops the issuer and writes its dash otherwise; the number after it is the document's
    assert d.title == "全国爱卫会关于命名2018-2020周期国家卫生城市(区)的决定"
    assert d.doc_number.text == "全爱卫发〔2021〕2号"
    assert d.addressees == ["各省、自治区、直辖市及新疆生产建设兵团爱卫会"]
    # the body of a 印发 notice quoting what it distributes is the document itself, not a lead
    [d] = extract_text("各区、市、县人民政府:《贵阳市创业型城市工作意见》已经市人民政府同意,现印发给你们,请认真贯彻执行。\n"
                       "二○○九年四月二十八日\n贵阳市创业型城市工作意见\n为认真贯彻落实。\n", "notice.txt")
    assert d.addressees == ["各区、市、县人民政府"] and d.title is None


def test_a_law_database_card_labels_its_issuer_发布部门():  # blind7a 019
    text = ("关于重新确认福建省三明市等3市2镇为国家卫生城市(镇)的决定\n\n状态:有效 发布日期:2007-12-13 生效日期: 2007-12-13\n"
            "发布部门: 全国爱国卫生运动委员会\n发布文号: 全爱卫发[2007]17号\n\n福建河南广东浙江省爱卫会:\n"
            "  根据《国家卫生城市(镇)考核命名和监督管理办法》的规定,我办组织专家进行了复核。\n\n二OO七年十二月十三日\n")
    [d] = extract_text(text, "card.txt")
    # the card's label is no 主送; the 主送 below it is (爱卫会 ends an organisation's name)
    assert d.addressees == ["福建河南广东浙江省爱卫会"]
    assert d.issuers == ["全国爱国卫生运动委员会"]
    assert d.doc_number.text == "全爱卫发[2007]17号"


def test_an_attachment_named_by_its_download_file():  # blind7b 009
    text = ("关于申报2010年度国际会议计划的通知\n学校各单位:\n请于3月10日前报送。\n"
            "附件:1.国际会议申报须知.doc\n2.2010年度一般国际会议计划表.xls\n")
    [d] = extract_text(text, "a.txt")
    assert d.attachments == ["国际会议申报须知", "2010年度一般国际会议计划表"]


def test_a_school_notice_is_sent_to_its_own_units():  # blind7b 009, 013
    text = ("关于认真填报2010年度国际会议相关计划的通知\n更新时间:2011-04-01\n学校各单位:\n"
            "      请有申报计划的单位于2009年10月15日前将计划发到本处。\n")
    [d] = extract_text(text, "school.txt")
    assert d.addressees == ["学校各单位"] and d.addressee_spans[0].line == 3
    [d] = extract_text("校内各单位:\n现将相关事宜通知如下:\n一、基本原则\n", "campus.txt")
    assert d.addressees == ["校内各单位"]
    [d] = extract_text("关于做好安全工作的通知\n学校各单位要高度重视安全工作。\n", "body.txt")
    assert d.addressees == []   # no colon: a sentence about the units, not a 主送


def test_rows_of_a_metadata_table_begin_no_title():  # blind7a 020
    text = ("市政府关于表彰见义勇为工作先进单位的决定\n"
            "来源:宜兴市人民政府网站    日期:2023-11-21 09:02:08\n"
            "索引号 014046317/2023-04570 生成日期 2023-11-21 公开日期 2023-11-21\n"
            "文件编号 宜政发〔2023〕158号 公开时限 长期公开\n"
            "主题(一) 综合政务 主题(二) 文秘工作 体裁 决定\n"
            "内容概况 市政府关于表彰见义勇为工作先进单位的决定\n"
            "各开发区,各镇人民政府:\n为弘扬社会正气,市政府决定予以表彰。\n")
    [d] = extract_text(text, "rows.txt")
    assert d.title == "市政府关于表彰见义勇为工作先进单位的决定" and d.doc_type == "决定"
    assert d.doc_number.text == "宜政发〔2023〕158号"
    labelled = "内容概况 市政府关于表彰见义勇为工作先进单位的决定\n各镇人民政府:\n市政府决定予以表彰。\n"
    [d] = extract_text(labelled, "label.txt")
    assert d.title_span.text == "市政府关于表彰见义勇为工作先进单位的决定"   # the label is no part of it


def test_an_issuer_runs_into_a_published_penalty_list_or_a_yearly_report():  # blind5a 017, blind6b 020
    text = ("首页 > 政务公开 > 法定主动公开内容 > 行政处罚公示\n\n眉山市东坡区卫生健康局行政处罚公示\n\n"
            "责任编辑:东坡区卫生健康局 发布日期:2024-07-10\n案件名称\n")
    [d] = extract_text(text, "list.txt")
    assert d.title == "眉山市东坡区卫生健康局行政处罚公示"   # the breadcrumb above is page chrome
    assert d.issuers == ["眉山市东坡区卫生健康局"]
    text = "南县住房和城乡建设局2018年度整体支出绩效评价报告\n\n为检验预算编制的科学性,提升我局绩效管理水平,特作此报告。\n"
    [d] = extract_text(text, "report.txt")
    assert d.issuers == ["南县住房和城乡建设局"] and d.doc_type == "报告"


def test_the_commended_units_listed_in_an_attachment_after_the_signature():  # blind8b 011
    text = ("某某市人民政府关于表彰2019年度安全生产工作先进单位的通报\n各县(市、区)人民政府,市政府各部门:\n"
            "为表彰先进,市政府决定对市应急管理局等3个单位予以通报表扬。\n"
            "附件:2019年度安全生产工作先进单位名单\n某某市人民政府\n2020年1月10日\n"
            "附件\n2019年度安全生产工作先进单位名单\n市直:\n市应急管理局\n市交通运输局\n西城区:\n西城区应急管理局\n")
    [d] = extract_text(text, "attached.txt")
    assert d.signed_date.value == "2020-01-10"
    assert [u.unit for u in d.commended] == ["市应急管理局", "市交通运输局", "西城区应急管理局"]
    assert all(text[u.span.start:u.span.end] == u.unit for u in d.commended)
    assert d.commended[1].span.line == 11


def test_a_portal_menu_of_many_lines_before_the_header():  # blind9b 007
    menu = "".join(f"{item}\n|\n" for item in ("站群导航", "加入收藏", "设为首页", "手机版", "无障碍阅读", "长者模式"))
    text = (menu + "某某县人民政府门户网\n\n某某县人民政府门户网\n\n全文检索\n"
            "索引号: 000-02-2013-00108 发布机构: 某某县人民政府办公室\n\n"
            "某某县人民政府办公室关于印发《某某县防汛应急预案》的通知\n\n"
            "某政办〔2019〕47号\n\n各乡镇人民政府,县直有关单位:\n"
            "  《某某县防汛应急预案》已经县政府同意,现予印发,请认真组织实施。\n"
            "              2019年6月18日\n")
    [d] = extract_text(text, "portal.txt")
    assert d.title == "某某县人民政府办公室关于印发《某某县防汛应急预案》的通知"
    assert d.doc_number.text == "某政办〔2019〕47号"
    assert d.issuers == ["某某县人民政府办公室"]
    assert d.addressees == ["各乡镇人民政府", "县直有关单位"]


def test_a_bracketed_note_of_number_and_date_and_a_long_addressee_list():  # blind9b 002
    text = ("国家某某局关于做好质量监督员试点工作的通知\n\n"
            "(国某监〔1990〕65号 一九九〇年三月六日)\n\n"
            "上海、江苏、浙江、天津、辽宁、河北、山东、北京、广东、广西、福建、黑龙江、安徽、江西、厦门、山西、云南、湖南某某局:\n\n"
            "  为贯彻有关规定,继续做好质量监督员试点工作。现将有关事项通知如下。\n")
    [d] = extract_text(text, "note.txt")
    assert d.doc_number.text == "国某监〔1990〕65号" and d.doc_number.serial == 65
    assert d.signed_date.value == "1990-03-06" and d.signed_date.text == "一九九〇年三月六日"
    assert d.addressees == ["上海、江苏、浙江、天津、辽宁、河北、山东、北京、广东、广西、福建、黑龙江、安徽、江西、厦门、山西、云南、湖南某某局"]


def test_a_joint_signature_laid_out_two_organs_to_a_line():  # blind9b 018
    text = ("某县教育局等七部门关于印发《某县近视防控工作实施方案》的通知\n各乡镇人民政府:\n"
            "    现将《某县近视防控工作实施方案》印发给你们,请认真贯彻执行。\n"
            "    某县教育局     某县卫生健康局\n    某县文化体育和旅游局     某县财政局\n"
            "    某县人力资源和社会保障局     某县市场监督管理局\n    某县融媒体中心\n    2021年11月22日\n")
    [d] = extract_text(text, "joint.txt")
    assert d.issuers == ["某县教育局", "某县卫生健康局", "某县文化体育和旅游局", "某县财政局",
                         "某县人力资源和社会保障局", "某县市场监督管理局", "某县融媒体中心"]
    assert d.signed_date.value == "2021-11-22"


def test_a_signature_of_one_organ_per_line_reads_three_lines_at_most():
    text = ("关于各村人居环境整治评比结果的通报\n各乡镇:\n    现将评比结果通报如下。\n"
            "较差村\n\n某镇东关村\n\n某镇西关村\n\n某镇南关村\n\n某县委办公室\n\n某县人民政府办公室\n\n2018年7月19日\n")
    [d] = extract_text(text, "list.txt")
    # three names one per line at most: the list's last item is the one too many
    assert d.issuers == ["某镇南关村", "某县委办公室", "某县人民政府办公室"]


def test_a_signing_name_set_out_with_blanks_between_its_characters():
    for name, issuer in (("国 务 院", "国务院"), ("中 共 中 央", "中共中央"), ("國 務(wù)院", "國務(wù)院")):
        text = f"关于某项工作的议案\n某某常务委员会:\n    现提请审议。\n\n    {name}\n\n    一九八七年八月二十四日\n"
        [d] = extract_text(text, "spaced.txt")
        assert d.issuers == [issuer]
        assert assert_spans_exact(d, text) >= 2
        assert d.issuer_spans[0].text == name
    # two-character words apart are two organs' pieces only when they make one name
    text = "关于某项工作的通知\n各单位:\n    现予通知。\n\n    工作 安排\n\n    2020年1月2日\n"
    [d] = extract_text(text, "words.txt")
    assert d.issuers == []


def test_a_reports_subtitle_dates_it_and_its_salutation_is_no_addressee():
    text = ("某市人民政府工作报告\n——2020年1月5日在某市第十七届人民代表大会第五次会议上\n"
            "某市市长 张某\n各位代表:\n现在,我代表市人民政府向大会报告工作,请予审议。\n")
    [d] = extract_text(text, "report.txt")
    assert d.signed_date.value == "2020-01-05" and d.signed_date.text == "2020年1月5日"
    assert d.addressees == []
    # without the subtitle, 各位人大代表: heads a notice to the deputies
    text = "关于收集意见建议的通知\n各位人大代表:\n请于会前收集选民意见。\n某县人大办公室\n2018年8月21日\n"
    [d] = extract_text(text, "notice.txt")
    assert d.addressees == ["各位人大代表"]


def test_a_link_to_the_documents_file_named_by_its_number_on_the_last_line():
    head = "市政府关于同意某区部分道路命名的批复\n\n某区人民政府:\n\n你区请示收悉。经研究,现批复如下:\n\n同意。\n\n2023年4月17日\n\n"
    [d] = extract_text(head + "某政复〔2023〕12号.doc\n", "link.txt")
    # the number below the document opens no document there: the header stays the title's
    assert d.title == "市政府关于同意某区部分道路命名的批复" and d.addressees == ["某区人民政府"]
    assert d.signed_date.value == "2023-04-17"
    assert (d.doc_number.text, d.doc_number.code, d.doc_number.year, d.doc_number.serial) == ("某政复〔2023〕12号", "某政复", 2023, 12)
    # a bare number on the last line is not known to be the document's own
    [d] = extract_text(head + "某政复〔2023〕12号\n", "bare.txt")
    assert d.title == "市政府关于同意某区部分道路命名的批复" and d.doc_number is None


def test_a_portals_notice_before_a_colon_is_no_addressee():  # blind9b 020
    text = ("某县人民政府门户网站提示:使用IE10.0或以上浏览器可以获得最佳浏览效果!\n"
            "各乡(镇)人民政府,县直有关部门:\n    新修订的《某县应急预案》已经县人民政府同意,现印发给你们,请认真贯彻执行。\n"
            "某县人民政府办公室 ???????\n2025年7月8日 ?????????\n")
    [d] = extract_text(text, "portal_notice.txt")
    assert d.addressees == ["各乡(镇)人民政府", "县直有关部门"]
    assert d.issuers == ["某县人民政府办公室"] and d.signed_date.value == "2025-07-08"


def test_without_a_signature_the_printing_date_gives_a_deadline_its_year():  # blind9b 006
    text = ("某公司关于做好农电稳定工作的通知\n各电业局:\n"
            "    各单位在 3月 2日 12:00 前,将联系人名单报公司农电工作部。\n"
            "主题词:农电 工作 通知\n某公司总经理工作部 2009年2月27日印发\n")
    [d] = extract_text(text, "printed.txt")
    assert d.signed_date is None and d.printed.date.value == "2009-02-27"
    assert [(x.due.text, x.due.value) for x in d.deadlines] == [("3月 2日", "2009-03-02")]


def test_a_first_line_giving_its_grounds_is_no_addressee():  # blind10b 018
    # a 公告 has no 主送: its first line names a county (我县) and ends in a
    # colon, but it says why and on what grounds, which a 主送 never does
    text = ("某县人民政府拟征收土地启动公告(某征启公告〔2022〕4号)\n"
            "为实施我县国土空间规划、土地利用总体规划,根据《中华人民共和国土地管理法》等法律法规的规定,"
            "经我县政府研究,现发布拟征收土地启动公告:\n一、拟征收土地范围:某镇某村。\n特此公告\n2022年1月29日\n")
    [d] = extract_text(text, "grounds.txt")
    assert d.addressees == [] and d.doc_type == "公告"
    assert d.doc_number.text == "某征启公告〔2022〕4号"


def test_a_law_database_page_repeats_its_title_with_a_note_on_its_force():  # blind10b 005
    text = ("关于现金支付管理的通知(废止)\n\n作者:法律资料网 时间:2024-05-10 11:05:04   来源:法律资料网\n\n"
            "关于现金支付管理的通知(废止)\n\n某某银行\n\n\n关于现金支付管理的通知\n\n某某银行\n\n某银发[1997]39号\n\n"
            "某某工商银行、交通银行:\n    为了维护存款人的合法权益,现就有关问题通知如下。\n")
    [d] = extract_text(text, "lawdb.txt")
    # the site's (废止) is no part of the title; the issuer stands under a later copy of it
    assert d.title == "关于现金支付管理的通知" and d.doc_type == "通知"
    assert d.issuers == ["某某银行"]
    assert d.issuer_spans[0].line == 7   # under the first copy that has one below it
    # a title that only names an abolition keeps its words
    [d] = extract_text("关于废止部分规章的决定\n各省人民政府:\n现决定废止下列规章。\n", "abolish.txt")
    assert d.title == "关于废止部分规章的决定"


def test_a_page_title_led_by_a_number_without_its_code():  # blind10b 009
    text = ("【2009】10号关于进行团员注册的通知\n\n发布日期:2009-08-31    浏览次数:\n\n"
            "关于进行团员注册\n\n的通知\n\n院团发[2009]10号\n\n各团总支:\n为尽快摸清我院团员数量,现通知如下。\n")
    [d] = extract_text(text, "lead.txt")
    assert d.title == "关于进行团员注册的通知"
    assert d.doc_number.text == "院团发[2009]10号"


def test_an_announcement_names_its_issuer_before_what_it_announces():  # blind10b 018
    text = ("某县人民政府拟征收土地启动公告(某征启公告〔2022〕4号)\n"
            "为实施土地利用总体规划,现发布拟征收土地启动公告:\n一、拟征收土地范围:某镇某村。\n特此公告\n2022年1月29日\n")
    [d] = extract_text(text, "notice.txt")
    assert d.issuers == ["某县人民政府"]
    assert text[d.issuer_spans[0].start:d.issuer_spans[0].end] == "某县人民政府"
    # a title that is no 公告 keeps needing 关于 after the organ
    [d] = extract_text("某县人民政府拟征收土地的说明\n一、范围:某镇某村。\n", "x.txt")
    assert d.issuers == []


def test_a_masthead_of_a_task_force():  # blind10b 017
    text = ("某市美丽村庄建设专项行动组文件\n某美组发〔2018〕8号\n关于召开建设比拼现场会的通知\n"
            "各镇街道,市级机关有关部门:\n定于9月27日召开现场会。\n")
    [d] = extract_text(text, "mast.txt")
    assert d.issuers == ["某市美丽村庄建设专项行动组"]
    [d] = extract_text(text.replace("美丽村庄建设专项行动组", "创建文明城市工作领导小组"), "mast2.txt")
    assert d.issuers == ["某市创建文明城市工作领导小组"]


def test_a_document_cut_in_mid_sentence_lost_its_date_and_is_not_flagged():  # blind10b 012, 017
    head = "某市建设专项行动组文件\n某美组发〔2018〕8号\n关于召开现场会的通知\n各镇街道:\n定于9月27日召开现场会。\n"
    [cut] = extract_text(head + "(一)请参会人员准时出发;\n(二)请", "cut.txt")
    assert cut.signed_date is None
    assert cut.evidence["cut_off"].text == "(二)请"
    assert "missing-signed-date" not in [f.code for f in cut.flags]
    # a whole document without its date is flagged, at its masthead
    [whole] = extract_text(head + "特此通知\n", "whole.txt")
    assert "cut_off" not in whole.evidence
    [flag] = [f for f in whole.flags if f.code == "missing-signed-date"]
    assert flag.evidence[0].text == "某市建设专项行动组文件"


def test_a_signature_that_shortens_the_organ_the_title_names_in_full():  # blind10b 011
    text = ("某省某新区区委组织部办公室关于报送联系社区情况的通知\n各社区(街道)组织人事部门:\n"
            "现就有关联系情况报送要求如下:\n一、时间:2010年4月15日前\n区委组织部办公室\n2010年4月9日\n")
    [d] = extract_text(text, "short.txt")
    assert d.issuers == ["某省某新区区委组织部办公室"] and d.issuer_spans[0].line == 1
    # a signature naming another organ than the title's keeps its own name
    [d] = extract_text(text.replace("\n区委组织部办公室\n", "\n区委宣传部办公室\n"), "other.txt")
    assert d.issuers == ["区委宣传部办公室"]


def test_a_number_a_line_cites_is_no_own_number():  # blind11b 001
    text = ("某部、某总局关于毕业生工资待遇的若干具体问题\n\n"
            "国务院国发〔1980〕121号文件批转了某部《关于毕业生工资待遇问题的请示报告》,现对若干具体问题处理如下:\n"
            "一、见习期间的工资待遇按规定执行。\n")
    [d] = extract_text(text, "cited.txt")
    assert d.doc_number is None
    assert [r.text for r in d.references if r.kind == "doc_number"] == ["国务院国发〔1980〕121号"]


def test_a_law_library_card_above_the_text_is_no_document_of_its_own():  # blind11b 018
    title = "关于印发《关于某检察院落实司法责任制的若干意见》的通知"
    text = (f"• 法律图书馆\n\n  • 新法规速递\n\n  • {title}\n\n    1. 【颁布时间】2024-7-4\n"
            f"    2. 【标题】{title}\n    3. 【颁布单位】某检察院\n"
            "    4. 【法规来源】https://news.example.com/jsxw/2024/202407/t20240724_6575661_detail_page.html\n\n"
            f"    {title}\n\n    {title}\n\n    某检察院\n\n\n    {title}\n\n"
            "    各省、自治区、直辖市人民检察院:\n    现将《若干意见》印发给你们,请结合实际认真贯彻落实。\n\n"
            "    某检察院\n\n    2024年7月4日\n")
    [d] = extract_text(text, "card.txt")
    # the site's bullet is no part of the title
    assert d.title == title and d.title_span.text == title
    assert d.signed_date.value == "2024-07-04"


def test_a_policy_database_card_in_bracketed_labels():  # blind11b 009, blind8b 008
    text = ("【发布单位】中华人民共和国某部\n【发布文号】某建规函[2012]225号\n【发布日期】2012-04-09\n"
            "各省、自治区商务主管部门:\n请你单位尽快统计辖区内规划编制工作进展情况,并于2012年4月27日(周五)前报我司。\n"
            "二〇一二年四月九日\n")
    [d] = extract_text(text, "card.txt")
    assert d.issuers == ["中华人民共和国某部"]
    assert d.doc_number.text == "某建规函[2012]225号"
    # the weekday noted in brackets stands between the date and 前
    assert [(x.text, x.due.value) for x in d.deadlines] == [("于2012年4月27日(周五)前", "2012-04-27")]
    # an organ running into the title names it more exactly than the card's 发布部门
    text = ("某部办公厅关于加强病例报告的通知\n【发布部门】 某部\n【发文字号】 某发电[2005]59号\n"
            "各省、自治区卫生厅局:\n现就有关要求通知如下。\n")
    [d] = extract_text(text, "card2.txt")
    assert d.issuers == ["某部办公厅"]
    # a label spaced out (发 文 号:) still labels the number
    [d] = extract_text("关于某特区不按规定报告事故的通报\n\n发 文 号:劳某字[1992]9号\n\n"
                       "各省劳动厅(局):\n现予以通报。\n", "spaced.txt")
    assert d.doc_number.text == "劳某字[1992]9号"


def test_a_pages_dateline_above_the_masthead_splits_nothing():  # blind11a 006
    text = ("关于命名表彰某区教育系统文明单位的决定\n\n2013年07月04日 来源: 上海某区\n\n"
            "中共某区教育工作委员会文件\n\n某教委〔2013〕31号\n\n关于命名表彰某区教育系统文明单位的决定\n\n"
            "区教育系统各基层单位:\n  经审议通过,决定命名某中学等10个单位为文明单位。\n\n"
            "中共某区教育工作委员会\n\n2013年6月28日\n")
    [d] = extract_text(text, "dateline.txt")
    assert d.doc_number.text == "某教委〔2013〕31号"
    assert d.signed_date.value == "2013-06-28"


def test_an_addressee_list_wrapped_over_lines():  # blind10b 005, 014; blind4b 004
    text = ("某银行关于现金管理的通知\n某银发[1997]39号\n\n"
            "某某工商银行、某某农业银行、交通银行、上海浦东\n发展银行、邮政储汇局,某某银行各省分行:\n"
            "    为了维护存款人的合法权益,现就有关问题通知如下。\n某银行\n一九九七年八月一日\n")
    [d] = extract_text(text, "wrapped.txt")
    assert d.addressees == ["某某工商银行、某某农业银行、交通银行、上海浦东发展银行、邮政储汇局", "某某银行各省分行"]
    assert text[d.addressee_spans[0].start:d.addressee_spans[0].end].endswith("上海浦东\n发展银行、邮政储汇局")
    # a line broken before each punctuation mark
    text = "各分公司\n、子公司\n,机关各部室\n:\n根据国务院办公厅通知精神,现将放假安排通知如下。\n"
    [d] = extract_text(text, "broken.txt")
    assert d.addressees == ["各分公司、子公司", "机关各部室"]


def test_no_addressee_is_joined_from_a_label_or_a_title_line():  # real 021, blind7b 010
    text = ("某市市场监督管理局行政处罚决定书\n某某纸箱包装有限公司\n统一社会信用代码:91411600MA40000000\n"
            "    经查,当事人生产的纸箱不合格,决定罚款5000元。\n")
    [d] = extract_text(text, "label.txt")
    assert d.addressees == []
    # a title whose quoted name holds a 、 is no list's first line (the reader's own test)
    from extractor import rules
    from extractor.header import _wrapped_addressee
    addressee = rules.load("header").pattern("addressee_line")
    text = ("某市人民政府办公厅关于印发“森林城乡、花园城市”建设实施细则的通知\n"
            "各县(区)人民政府,市直各有关部门:\n")
    line_end = text.index("\n")
    assert _wrapped_addressee(text, 0, line_end, len(text), addressee) == (None, line_end)
    listed = text.replace("某市人民政府办公厅关于印发“森林城乡、花园城市”建设实施细则的通知", "某市林业局、某市园林局")
    m, _end = _wrapped_addressee(listed, 0, listed.index("\n"), len(listed), addressee)
    assert m["to"] == "某市林业局、某市园林局 各县(区)人民政府,市直各有关部门"


def test_a_title_opening_with_the_issuer_and_dui_wrapped_over_two_lines():  # blind12b 003
    text = ("某省人民政府对某某四市\n经济协作区第二次会议的报告的批复\n某政函〔1985〕10号\n"
            "甲市、乙市人民政府:\n    你们的报告收悉。现批复如下:同意。\n")
    [d] = extract_text(text, "dui.txt")
    assert d.title == "某省人民政府对某某四市经济协作区第二次会议的报告的批复"
    assert d.title_span.start == 0 and d.doc_type == "批复"
    assert d.issuers == ["某省人民政府"]
    # the issuer's own line above a title that opens with 关于 stays apart
    text = "某省人民政府\n关于某某工作的批复\n某政函〔1985〕10号\n甲市人民政府:\n    你市的请示收悉。现批复如下。\n"
    [d] = extract_text(text, "apart.txt")
    assert d.title == "关于某某工作的批复"


def test_a_pdfs_centred_title_wrapped_over_two_lines():  # blind15a 020
    pad = " " * 40
    text = (f"首页 > 资源 > 详情\n\n{pad}某部75 次货物列车发生\n\n{pad}    较大脱轨事故的报告\n"
            "×××:\n    3 月2 日,某次列车行驶至某站时脱轨。现将情况报告如下。\n")
    [d] = extract_text(text, "centred.txt")
    assert d.title == "某部75次货物列车发生较大脱轨事故的报告" and d.doc_type == "报告"
    assert text[d.title_span.start:d.title_span.end].startswith("某部75 次")
    # a paragraph's indent is no centring: a body line above a short heading stays apart
    text = "    某某单位某某科室\n\n    较大脱轨事故的报告\n    3 月2 日,某次列车脱轨。\n"
    [d] = extract_text(text, "indent.txt")
    assert d.title == "较大脱轨事故的报告"


def test_a_number_with_a_two_digit_year_of_the_last_century():  # blind15b 001, blind13b 001
    text = ("某省人民委员会关于恢复某县建制的决定\n\n1962.03.05;某议字[62]18号\n\n各专员公署:\n\n"
            "关于恢复某县建制问题,现作如下决定:\n\n一、恢复某县。\n\n某省人民委员会\n\n一九六二年三月五日\n")
    [d] = extract_text(text, "sixties.txt")
    assert (d.doc_number.text, d.doc_number.year, d.doc_number.serial) == ("某议字[62]18号", 1962, 18)
    [flag] = [f for f in d.flags if f.code == "nonstandard-doc-number"]
    assert "后两位" in flag.message and "某议字〔1962〕18号" in flag.message
    # the body's first line, which opens with 关于 and ends in a colon, is no title
    assert d.title == "某省人民委员会关于恢复某县建制的决定"
    # two digits that cannot be such a year make no number
    [d] = extract_text(text.replace("[62]", "[12]"), "twelve.txt")
    assert d.doc_number is None


def test_the_party_centre_issues_a_notice():  # blind13b 001, blind14b 008, blind6b 001
    text = "中共中央关于某某问题的通知\n各省委:\n    现通知如下。\n\n中共中央\n一九六七年二月十九日\n"
    [d] = extract_text(text, "centre.txt")
    assert d.issuers == ["中共中央"]


def test_a_headline_with_the_issuer_before_the_documents_own_title():  # blind16b 017
    text = ("某县人大常委会 关于某某选举时间的决定\n\n来源:某某新闻网 2021-06-24\n\n某县人大常委会\n\n"
            "关于某某选举时间的决定\n\n(2021年6月24日某县人大常委会第三次会议通过)\n\n    现决定如下。\n")
    [d] = extract_text(text, "headline.txt")
    assert d.title == "关于某某选举时间的决定" and d.title_span.line == 7
    # a headline that is all there is stays the title, issuer and all
    [d] = extract_text(text.split("\n\n来源")[0] + "\n\n    现决定如下。\n", "alone.txt")
    assert d.title == "某县人大常委会关于某某选举时间的决定"



def test_a_headline_run_together_before_the_documents_own_title():  # blind12b 019, blind13b 016
    text = ("某市交通运输局关于某某事故调查报告的批复\n来源:某某网\n某市交通运输局\n"
            "关于某某事故调查报告的批复\n某交发〔2015〕106号\n某某集团有限公司:\n    你公司报来的报告收悉。\n")
    [d] = extract_text(text, "headline.txt")
    assert d.title == "关于某某事故调查报告的批复" and d.title_span.line == 4
    assert d.issuers == ["某市交通运输局"]
    # with no issuer standing alone above the copy, the headline keeps its issuer
    [d] = extract_text(text.replace("某市交通运输局\n关于", "关于", 1), "no_mark.txt")
    assert d.title == "某市交通运输局关于某某事故调查报告的批复"

@pytest.mark.parametrize("line, first", [
    ("某某辖区各施工、监理、设计、勘察单位:", "某某辖区各施工、监理、设计、勘察单位"),      # blind10a 017
    ("某某哈萨克自治州,各州、市、县(市)人民政府,各行政公署:", "某某哈萨克自治州"),    # blind15a 001
    ("甲川、乙閘區(qū)人民政府,市經濟技術開發(fā)區(qū)管委會:", "甲川、乙閘區(qū)人民政府"),  # blind17b 007
])
def test_a_main_addressee_line_of_many_shapes(line, first):
    text = f"某市人民政府关于开展某某检查的通知\n{line}\n    现将有关事项通知如下。\n"
    [d] = extract_text(text, "to.txt")
    assert d.addressees[0] == first and d.addressee_spans[0].line == 2


def test_a_signature_date_that_lost_its_marks_dates_the_document():  # blind16a 017, blind10b 019
    text = "关于某某事项的通告\n    现通告如下。\n    特此通告。\n\n某县人民政府\n\n{}\n\n打印 关闭本页\n"
    [d] = extract_text(text.format("2023313"), "damaged.txt")
    assert d.signed_date.value == "2023-03-13" and d.signed_date.text == "2023313"
    assert d.issuers == ["某县人民政府"] and d.issuer_spans[0].line == 5
    # two readings (1-11 or 11-1): no 成文日期
    [d] = extract_text(text.format("2021111"), "ambiguous.txt")
    assert d.signed_date is None
    # with a footnote mark after a whole date
    [d] = extract_text(text.format("二〇〇八年四月十六日[1]"), "footnote.txt")
    assert d.signed_date.value == "2008-04-16" and d.signed_date.text == "二〇〇八年四月十六日"


def test_a_page_titles_column_and_site_after_underscores():  # blind16a 017
    text = ("关于对某某公司予以通报批评的通知_曝光台_诚信建设-某某监理网\n手机版\n\n关于对某某公司予以通报批评的通知\n\n"
            "各会员单位:\n    经核实,现予以通报批评。\n")
    [d] = extract_text(text, "underscores.txt")
    assert d.title == "关于对某某公司予以通报批评的通知" and d.title_span.line == 1


def test_a_number_that_lost_its_hao_alone_on_its_line():  # blind16a 002, blind9b 014
    text = "关于表彰某某县的通报\n\n某府[1999]23\n\n各市、县人民政府:\n    现予通报表彰。\n"
    [d] = extract_text(text, "nohao.txt")
    assert (d.doc_number.text, d.doc_number.code, d.doc_number.year, d.doc_number.serial) == ("某府[1999]23", "某府", 1999, 23)
    [flag] = [f for f in d.flags if f.code == "nonstandard-doc-number"]
    assert "缺“号”字" in flag.message and "某府〔1999〕23号" in flag.message
    # a bracketed year and a number inside a sentence are no 文号
    [d] = extract_text(text.replace("某府[1999]23", "见某府[1999]23页"), "prose.txt")
    assert d.doc_number is None


def test_a_cards_number_after_a_label_with_pinyin_noise():  # blind12b 004, blind7b
    text = ("發(fā)文機(jī)關(guān)某省人民政府辦公廳\n發(fā)文字號(hào)某(mǒu)辦函〔1988〕37號(hào)\n"
            "某市人民政府:\n你市的請(qǐng)示收悉。經(jīng)研究,現(xiàn)函復(fù)如下:同意。\n")
    [d] = extract_text(text, "card.txt")
    assert d.doc_number.text == "某(mǒu)辦函〔1988〕37號"
    assert d.doc_number.code == "某(mǒu)辦函" and (d.doc_number.year, d.doc_number.serial) == (1988, 37)
    assert text[d.doc_number.start:d.doc_number.end] == d.doc_number.text


def test_a_title_with_a_note_after_its_wenzhong_and_a_sites_appendix():  # blind12b 014, blind9a 015
    from extractor.header import ends_like_title
    assert ends_like_title("某市关于某某工作的规定(试行)") and ends_like_title("某镇某某工作的通报(第二期)")
    assert not ends_like_title("命 令 (二)") and not ends_like_title("关于某某工作(草案")
    text = ("某某法院关于审理某类案件若干问题的规定(一) (附:理解与适用)\n发布部门:某某法院\n"
            "    本规定已由审判委员会通过,现予公布。\n某某法院\n2016年8月1日\n")
    [d] = extract_text(text, "note.txt")
    assert d.title == "某某法院关于审理某类案件若干问题的规定(一)"


def test_a_cards_yinfa_label_begins_no_title():  # blind12b 009
    text = ("基本介绍\n  • 印發機關:某市委辦公室 某市政府辦公室\n  • 印發時間:2006年7月6日\n\n"
            "某市委辦公室 某市政府辦公室關於印發《某市某某實施意見》的通知\n某委辦〔2006〕47號\n"
            "各縣(市、區)委、人民政府:\n    現印發給你們,望認真組織實施。\n")
    [d] = extract_text(text, "card.txt")
    assert d.title == "某市委辦公室某市政府辦公室關於印發《某市某某實施意見》的通知"
    assert d.doc_type == "通知"


def test_a_number_whose_closing_bracket_a_copy_lost_is_read_and_flagged():  # blind12b 012, blind5b 003, real 026
    text = ("某省安全生产委员会办公室关于某某事故的通报\n某委辦〔201140\n各市安委会:\n"
            "    2011年10月,某地发生一起事故。现通报如下。\n")
    [d] = extract_text(text, "damaged.txt")
    assert (d.doc_number.text, d.doc_number.code, d.doc_number.year, d.doc_number.serial) == ("某委辦〔201140", "某委辦", 2011, 40)
    flag = next(f for f in d.flags if f.code == "nonstandard-doc-number")
    assert flag.evidence[0].text == "某委辦〔201140"
    # a whole number in the header is read as ever
    [d] = extract_text(text.replace("〔201140", "〔2011〕40号"), "whole.txt")
    assert d.doc_number.text == "某委辦〔2011〕40号" and not any(f.code == "nonstandard-doc-number" for f in d.flags)


def test_a_collections_item_number_before_a_title_is_no_part_of_it():  # blind13b 001
    text = ("156.某某中央关于某项工作宣传报导问题的通知\n\n某某中央通知1967-2-19\n\n"
            "各地方各部门:\n    现就有关问题通知如下。\n")
    [d] = extract_text(text, "numbered.txt")
    assert d.title == "某某中央关于某项工作宣传报导问题的通知"
    assert d.title_span.text == "某某中央关于某项工作宣传报导问题的通知"


def test_a_sites_dashes_after_a_title_are_no_part_of_it():  # blind13b 013
    text = ("通知公告 >> 正文\n关于报送某某活动总结的通知--\n发布人:宣传部   日期:2012-03-27\n\n"
            "相关部门、各院系:\n    请于3月30日前报送总结。\n")
    [d] = extract_text(text, "dashes.txt")
    assert d.title == "关于报送某某活动总结的通知" and d.doc_type == "通知"


def test_a_gazettes_issue_after_a_title_is_cut():  # blind13b 003
    text = ("某省人民政府辦公廳關于發送某省政府公報有關事項的通知(2002年1號)\n"
            "為使各級人民政府及時得到文件,現就有關事項通知如下:\n"
            "一、各級政府要認真做好《某省政府公報》的發行工作。\n二、本通知自發布之日起施行。\n")
    [d] = extract_text(text, "gazette.txt")
    assert d.title == "某省人民政府辦公廳關于發送某省政府公報有關事項的通知"
    assert d.doc_type == "通知" and d.issuers == ["某省人民政府辦公廳"]


def test_a_line_reporting_what_a_body_did_is_no_addressee():
    [d] = extract_text("关于五起价格违法典型案件的通报\n\n某省发展和改革委员会通报了其中五起典型案件:\n\n"
                       "——某市第一人民医院超过规定标准向患者收取手术费。\n", "cases.txt")
    assert d.addressees == [] and d.title == "关于五起价格违法典型案件的通报"


def test_an_untitled_reply_dated_by_its_bracketed_note_in_a_noisy_mirror():
    # a law-database mirror with pinyin noise inside words: the card's 发文机关
    # names the issuer, and the 题注 under the card (its 文号 and date) dates it
    text = ("發(fā)文機(jī)關(guān)國(guó)務(wù)院\n發(fā)文字號(hào)國(guó)函〔2001〕12號(hào)\n"
            "(國(guó)函[2001]12號(hào) 2001年3月5日)\n某省人民政府:\n"
            "你省《關(guān)於某地區(qū)撤地設(shè)市的請(qǐng)示》收悉。現(xiàn)批復(fù)如下:\n一、同意撤銷某地區(qū)。\n")
    [d] = extract_text(text, "reply.txt")
    assert d.issuers == ["國(guó)務(wù)院"]
    assert d.signed_date is not None and d.signed_date.value == "2001-03-05"
    assert d.signed_date.text == "2001年3月5日"


def test_a_metadata_tables_title_row_titles_a_document_without_a_title_line():
    text = ("信息名称: | 某部关于同意建立某师范高等专科学校的通知 | ||||\n"
            "信息索引: | 360A03-02-2002-0084-1 | 生成日期: | 2002-03-21 |\n"
            "某发函〔2002〕53号\n某省人民政府:\n《某省人民政府关于申报设置某师范高等专科学校的函》收悉。经研究,同意建立。\n")
    [d] = extract_text(text, "card.txt")
    assert d.title == "某部关于同意建立某师范高等专科学校的通知" and d.doc_type == "通知"
    assert d.addressees == ["某省人民政府"]
    assert text[d.title_span.start:d.title_span.end] == d.title


def test_a_sites_name_after_a_hyphen_and_a_link_after_an_attachment_are_chrome():
    text = ("某省人民政府办公厅关于2016年第二次政府网站抽查情况的通报-某某娱乐网\n\n各市人民政府:\n"
            "现将抽查情况通报如下。\n附件:全省网站抽查情况一览表http://www.example.gov.cn/Library/27a32eb5\n"
            "某省人民政府办公厅\n2016年9月5日\n")
    [d] = extract_text(text, "page.txt")
    assert d.title == "某省人民政府办公厅关于2016年第二次政府网站抽查情况的通报"
    assert d.attachments == ["全省网站抽查情况一览表"]


def test_adoption_note_dates_a_document_without_signature():
    text = ("关于表彰人大工作先进单位的决定\n(2016年3月9日某区第八届人民代表大会常务委员会第三次会议通过 2016年4月1日起施行)\n"
            "决定对以下单位予以表彰:\n一、人大工作先进单位(3个)\n东山镇人大主席团 西河乡人大主席团\n城北街道人大工委\n")
    [d] = extract_text(text, "adopted.txt")
    assert d.signed_date.value == "2016-03-09" and d.signed_date.text == "2016年3月9日"
    assert [c.unit for c in d.commended] == ["东山镇人大主席团", "西河乡人大主席团", "城北街道人大工委"]
    assert assert_spans_exact(d, text) >= 4
    # adopted, approved and promulgated on three days: which is the 成文日期 is not clear
    text = ("某市城市绿化管理办法\n(1987年6月12日某市人大常委会第二十一次会议通过 1987年7月19日某省人大常委会第二十九次会议批准)\n"
            "第一条 为加强城市绿化管理,制定本办法。\n")
    [d] = extract_text(text, "approved.txt")
    assert d.signed_date is None


def test_database_short_name_over_the_masthead_and_two_offices_signing_together():
    # a database's issuer line gives the short form of the 版头's organ: one issuer, named in full
    text = ("印发《关于某项工作的意见》的通知\n\n某省经贸委\n\n\n某省经济贸易委员会文件\n\n某经贸产业〔1999〕63号\n\n"
            "印发《关于某项工作的意见》的通知\n各市经贸委:\n现将意见印发给你们。\n一九九九年十月八日\n")
    [d] = extract_text(text, "short.txt")
    assert d.issuers == ["某省经济贸易委员会"]
    # a school's two offices glued on the signature line are two issuers
    text = "关于寒假安排的通知\n各系:\n现将有关事项通知如下。\n党委办公室院长办公室\n2022年1月7日\n"
    [d] = extract_text(text, "offices.txt")
    assert d.issuers == ["党委办公室", "院长办公室"]
    assert [s.text for s in d.issuer_spans] == ["党委办公室", "院长办公室"]

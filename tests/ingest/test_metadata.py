"""Metadata: exact values on the five seed documents, and the genre's other layouts.

The rules were developed on the seeds; the synthetic documents below (other cities, Chinese
numeral dates, county issuers, provincial issuers, joint signatures) only evaluate them.
"""

from __future__ import annotations

import pytest
from policyintel.corpus_files import CORPUS_DIR
from policyintel.ingest import from_text, read
from policyintel.nlp import gazetteer

SEEDS = {
    "000": ("suining/2025-szfb-zhengxie-14hao-tian-dafu.txt", {
        "title": "关于市政协八届五次会议第14号提案办理答复的函", "city": "遂宁",
        "issuer": "遂宁市人民政府办公室", "doc_number": "遂府办函〔2025〕58号", "date": "2025-07-16",
        "doc_type": "proposal_reply", "addressee": "王建全委员", "proposal_number": "14",
        "session": "市政协八届五次会议", "proposer": "王建全", "attachments": ()}),
    "001": ("dazhou/2025-zhizaoye-jineng-rencai-sannian-gongjian-xingdong-fangan.txt", {
        "title": "达州市人民政府办公室关于印发达州市制造业技能人才培育三年攻坚行动方案（2025—2027年）的通知",
        "city": "达州", "issuer": "达州市人民政府办公室", "doc_number": None, "date": "2025-10-14",
        "doc_type": "action_plan",
        "addressee": "各县（市、区）人民政府，达州高新区管委会，达州东部经开区管委会，市级有关部门（单位）",
        "proposal_number": None, "session": None, "proposer": None,
        "attachments": ("达州市制造业技能人才培育三年攻坚行动任务表",)}),
    "002": ("nantong/2023-rsj-gongshanglian-tian-dafu.txt", {
        "title": None, "city": "南通", "issuer": "南通市人力资源和社会保障局", "doc_number": None,
        "date": "2023-08-22", "doc_type": "proposal_reply", "addressee": "南通市工商联",
        "proposal_number": None, "session": None, "proposer": "南通市工商联", "attachments": ()}),
    "003": ("dazhou/2023-rsj-zhengxie-384hao-tian-dafu.txt", {
        "title": "关于市政协五届三次会议第384号提案办理情况（A）的函", "city": "达州",
        "issuer": "达州市人力资源和社会保障局", "doc_number": "达人社函〔2023〕299号", "date": "2023-08-28",
        "doc_type": "proposal_reply", "addressee": "杨文平委员", "proposal_number": "384",
        "session": "市政协五届三次会议", "proposer": "杨文平", "attachments": ()}),
    "004": ("yibin/2022-chanjiao-ronghe-shifanshi-shishi-fangan.txt", {
        "title": "宜宾市人民政府关于印发深化产教融合改革高质量建设国家产教融合示范市实施方案的通知",
        "city": "宜宾", "issuer": "宜宾市人民政府", "doc_number": None, "date": "2022-10-11",
        "doc_type": "implementation_plan", "addressee": "三江新区管委会，各县（区）人民政府，市直各部门（单位）",
        "proposal_number": None, "session": None, "proposer": None,
        "attachments": ("重大改革试点政策任务分工方案.docx", "产教融合品牌和平台创建任务分工表.docx")}),
}
CASES = [(seed, field, value) for seed, (_, fields) in SEEDS.items() for field, value in fields.items()]


@pytest.fixture(scope="module")
def seed_docs():
    return {seed: read(CORPUS_DIR / path) for seed, (path, _) in SEEDS.items()}


@pytest.mark.parametrize("seed,field,value", CASES, ids=[f"{s}-{f}" for s, f, _ in CASES])
def test_seed_metadata_is_exact(seed_docs, seed, field, value):
    assert getattr(seed_docs[seed].metadata, field) == value


def test_seed_repairs_are_the_certain_ones(seed_docs):
    yibin = [(r.kind, r.before, r.after) for r in seed_docs["004"].repairs if r.kind != "web_junk"]
    assert yibin == [
        ("date", "20221011", "2022年10月11日"),
        ("doc_number_bracket", "〔201795号", "〔2017〕95号"),
        ("doc_number_bracket", "〔20191558号", "〔2019〕1558号"),
        ("doc_number_bracket", "〔201884号", "〔2018〕84号"),
        ("date", "2022930日", "2022年9月30日"),
        ("date", "20251231日", "2025年12月31日"),
    ]
    joins = [r for r in seed_docs["000"].repairs if r.kind == "join"]
    assert len(joins) == 4
    assert "直接进入企业就业" in seed_docs["000"].text
    assert "## " not in seed_docs["000"].text


# -- other layouts ----------------------------------------------------------------------------
REPLY_HAN_DATE = """成都市经济和信息化局
成经信函〔2024〕17号
成都市经济和信息化局
关于市政协十七届二次会议第0321号提案答复的函
李红委员：
您提出的《关于支持中小企业数字化转型的建议》（第0321号提案）收悉。现答复如下。
一、基本情况
2023年，全市新增上云企业1.2万家。
成都市经济和信息化局
二〇二四年六月二十八日
"""


def test_reply_with_a_chinese_numeral_signature_date():
    m = from_text(REPLY_HAN_DATE).metadata
    assert (m.title, m.city, m.issuer, m.doc_number, m.date) == (
        "关于市政协十七届二次会议第0321号提案答复的函", "成都", "成都市经济和信息化局",
        "成经信函〔2024〕17号", "2024-06-28")
    assert (m.doc_type, m.addressee, m.proposal_number, m.session, m.proposer) == (
        "proposal_reply", "李红委员", "0321", "市政协十七届二次会议", "李红")


COUNTY_NOTICE = """仁寿县人民政府办公室关于印发仁寿县稳就业若干措施的通知
各乡镇人民政府，县级各部门：
《仁寿县稳就业若干措施》已经县政府同意，现印发给你们，请认真贯彻执行。
仁寿县人民政府办公室
2023年3月15日
"""


def test_a_county_issuer_gives_its_city():
    m = from_text(COUNTY_NOTICE).metadata
    assert (m.city, m.issuer, m.date, m.doc_type) == ("眉山", "仁寿县人民政府办公室", "2023-03-15", "measures")


PROVINCIAL = """四川省人民政府办公厅关于印发支持遂宁锂电产业发展若干措施的通知
各市（州）人民政府，省政府各部门：
现将《支持遂宁锂电产业发展若干措施》印发给你们，请认真贯彻执行。遂宁市要抓好落实，遂宁市各部门要密切配合。
四川省人民政府办公厅
2022年5月6日
"""


def test_a_provincial_issuer_has_no_city_even_when_a_city_is_named():
    m = from_text(PROVINCIAL).metadata
    assert m.issuer == "四川省人民政府办公厅"
    assert m.city is None
    assert m.doc_type == "measures"


JOINT = """关于做好2024年高校毕业生就业工作的通知
各区（市）县人民政府：
现将有关事项通知如下。
一、拓宽就业渠道
绵阳市人力资源和社会保障局
绵阳市财政局
2024年4月2日
"""


def test_a_joint_signature_names_every_issuer():
    m = from_text(JOINT).metadata
    assert m.issuer == "绵阳市人力资源和社会保障局、绵阳市财政局"
    assert (m.city, m.date, m.doc_type) == ("绵阳", "2024-04-02", "notice")


def test_nothing_stated_gives_nothing():
    m = from_text("加强职业技能培训，提升劳动者就业能力。").metadata
    assert all(v in (None, ()) for v in (m.title, m.city, m.issuer, m.doc_number, m.date,
                                          m.doc_type, m.addressee, m.proposal_number,
                                          m.session, m.proposer, m.attachments))


def test_an_invalid_signature_date_is_not_a_date():
    m = from_text("某某县人民政府办公室\n2023年2月30日").metadata
    assert m.date is None


# -- gazetteer --------------------------------------------------------------------------------
GAZETTEER = [
    ("达州市人民政府办公室", "达州"), ("大英县人民政府办公室", "遂宁"), ("南通市工商联", "南通"),
    ("恩施土家族苗族自治州人民政府", "恩施"), ("锡林郭勒盟行政公署", "锡林郭勒"),
    ("阿克苏地区行政公署", "阿克苏"), ("重庆市人民政府", "重庆"), ("仙桃市人民政府", "仙桃"),
    ("四川省人民政府", None), ("朝阳区人民政府", None), ("市工信局综合规划处", None),
]


@pytest.mark.parametrize("name,city", GAZETTEER, ids=[g[0] for g in GAZETTEER])
def test_gazetteer_city_of(name, city):
    assert gazetteer.city_of(name) == city


def test_gazetteer_covers_every_prefecture_level_unit():
    levels = [p.level for p in gazetteer.places()]
    assert levels.count("prefecture") >= 333
    assert levels.count("municipality") == 4
    assert levels.count("county") > 2800


TRADITIONAL = """臺北市政府關於印發促進產業發展實施方案的通知
各區公所：
現將《促進產業發展實施方案》印發給你們。
臺北市政府
2023年5月2日
"""


def test_a_traditional_character_document_is_read_in_simplified_and_keeps_its_original():
    doc = from_text(TRADITIONAL)
    assert doc.original_text is not None and doc.original_text.startswith("臺北市政府關於")
    assert len(doc.original_text) == len(doc.text)
    m = doc.metadata
    assert (m.title, m.issuer, m.date, m.doc_type) == (
        "台北市政府关于印发促进产业发展实施方案的通知", "台北市政府", "2023-05-02", "implementation_plan")


def test_empty_and_chrome_only_texts_give_an_empty_document():
    for raw in ("", "\n \n", "首页>政策文件\n打印\n分享到:"):
        doc = from_text(raw)
        assert doc.text == "" and doc.outline == [] and doc.sentences == []
        assert doc.metadata.title is None and doc.metadata.date is None

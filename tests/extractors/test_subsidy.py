"""Subsidy records: amounts and ratios granted or capped, paired with recipient and level.

The rules were developed on seed 004 (Yibin 2022 implementation plan) and the Dazhou 2024 and
Yibin 2024 measures excerpts; the other cities' phrasings below (per-person living subsidies,
interest subsidies, 奖励标准为…, Chinese numerals, traditional characters) and the negative cases
only evaluate them.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policyintel.extractors.records import Subsidy
from policyintel.extractors.subsidy import extract
from policyintel.ingest.parse import from_text, read
from policyintel.nlp.levels import level_of

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


def _records(text: str) -> list[Subsidy]:
    doc = from_text(text)
    records = list(extract(doc))
    for r in records:
        assert doc.text[r.start:r.end] == r.text
    return records


def _view(r: Subsidy) -> dict:
    return {"text": r.text, "amount_yuan": r.amount_yuan, "ratio": r.ratio, "is_cap": r.is_cap,
            "per": r.per, "level": r.level, "form": r.form, "recipient": r.recipient}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对认定为国家级高技能人才培训基地的，给予一次性补助200万元。",
         [{"text": "200万元", "amount_yuan": 2000000, "ratio": None, "is_cap": False, "per": None,
           "level": "国家级", "form": "一次性补助", "recipient": "认定为国家级高技能人才培训基地的"}]),
        ("对吸纳高校毕业生就业的小微企业，按每人每月500元标准给予生活补贴，最长不超过6个月。",
         [{"text": "500元", "amount_yuan": 500, "ratio": None, "is_cap": False, "per": "人",
           "level": None, "form": "生活补贴", "recipient": "吸纳高校毕业生就业的小微企业"}]),
        ("对符合条件的创业项目，给予最高不超过50万元的贴息支持。",
         [{"text": "最高不超过50万元", "amount_yuan": 500000, "ratio": None, "is_cap": True,
           "per": None, "level": None, "form": "贴息支持", "recipient": "符合条件的创业项目"}]),
        ("对企业引进的博士研究生，每人每年给予2万元生活补贴，连续补贴3年。",
         [{"text": "2万元", "amount_yuan": 20000, "ratio": None, "is_cap": False, "per": "人",
           "level": None, "form": "生活补贴", "recipient": "企业引进的博士研究生"}]),
        ("对评选出的人才给予10万元资助并颁发荣誉证书。",
         [{"text": "10万元", "amount_yuan": 100000, "ratio": None, "is_cap": False, "per": None,
           "level": None, "form": "资助", "recipient": "评选出的人才"}]),
        ("对其增量电量按照0.15元/度给予支持。",
         [{"text": "0.15元/度", "amount_yuan": 0.15, "ratio": None, "is_cap": False, "per": "度",
           "level": None, "form": "支持", "recipient": None}]),
        ("市财政对重点打造的4个职业教育集团牵头院校分别给予100万元/年的经费支持。",
         [{"text": "100万元/年", "amount_yuan": 1000000, "ratio": None, "is_cap": False,
           "per": "年", "level": None, "form": "经费支持", "recipient": "重点打造的4个职业教育集团牵头院校"}]),
        ("给予增量部分每台最高600元激励。",
         [{"text": "最高600元", "amount_yuan": 600, "ratio": None, "is_cap": True, "per": "台",
           "level": None, "form": "激励", "recipient": None}]),
        ("对年度研发投入超过500万元的企业，按研发投入增量的10%给予补助，最高100万元。",
         [{"text": "最高100万元", "amount_yuan": 1000000, "ratio": 0.1, "is_cap": True, "per": None,
           "level": None, "form": "补助", "recipient": "年度研发投入超过500万元的企业"}]),
        ("对符合条件的项目，按固定资产投入的3‰给予奖励。",
         [{"text": "3‰", "amount_yuan": None, "ratio": 0.003, "is_cap": False, "per": None,
           "level": None, "form": "奖励", "recipient": "符合条件的项目"}]),
        ("对新设立的创业孵化基地给予一次性奖补二十万元。",
         [{"text": "二十万元", "amount_yuan": 200000, "ratio": None, "is_cap": False, "per": None,
           "level": None, "form": "一次性奖补", "recipient": "新设立的创业孵化基地"}]),
        ("對新獲批國家級技能大師工作室的單位，給予70萬元的一次性獎勵。",
         [{"text": "70万元", "amount_yuan": 700000, "ratio": None, "is_cap": False, "per": None,
           "level": "国家级", "form": "一次性奖励", "recipient": "新获批国家级技能大师工作室的单位"}]),
        ("对首次认定的高新技术企业，给予50万元以内的一次性奖励。",
         [{"text": "50万元以内", "amount_yuan": 500000, "ratio": None, "is_cap": True, "per": None,
           "level": None, "form": "一次性奖励", "recipient": "首次认定的高新技术企业"}]),
        ("对首次创业的高校毕业生，按照每人1000元的标准给予一次性求职创业补贴。",
         [{"text": "1000元", "amount_yuan": 1000, "ratio": None, "is_cap": False, "per": "人",
           "level": None, "form": "一次性求职创业补贴", "recipient": "首次创业的高校毕业生"}]),
        ("对符合条件的企业，给予实际支付利息50%的贴息，最高不超过100万元。",
         [{"text": "最高不超过100万元", "amount_yuan": 1000000, "ratio": 0.5, "is_cap": True,
           "per": None, "level": None, "form": "贴息", "recipient": "符合条件的企业"}]),
        ("对按时足额缴纳失业保险费的企业，按其上年度实际缴纳失业保险费的50%返还。",
         [{"text": "50%", "amount_yuan": None, "ratio": 0.5, "is_cap": False, "per": None,
           "level": None, "form": "返还", "recipient": "按时足额缴纳失业保险费的企业"}]),
        ("对当年新增就业岗位的企业，每新增1个岗位给予2000元奖励。",
         [{"text": "2000元", "amount_yuan": 2000, "ratio": None, "is_cap": False, "per": "个",
           "level": None, "form": "奖励", "recipient": "当年新增就业岗位的企业"}]),
        ("每家企业最高补助30万元。",
         [{"text": "30万元", "amount_yuan": 300000, "ratio": None, "is_cap": True, "per": "家",
           "level": None, "form": "补助", "recipient": None}]),
    ],
    ids=["yicixing-buzhu-after-verb", "per-person-per-month", "interest-subsidy-cap",
         "per-person-per-year", "reply-standing-reward", "rate-per-kwh", "per-year-slash",
         "per-vehicle-cap", "ratio-then-cap-other-clause", "permille-ratio",
         "chinese-numerals", "traditional-characters", "cap-yinei", "standard-with-modifier-form",
         "interest-ratio-after-geiyu", "refund-ratio", "per-new-job", "per-enterprise-cap"],
)
def test_single_grants(text: str, expected: list[dict]) -> None:
    assert [_view(r) for r in _records(text)] == expected


def _key(records: list[Subsidy]) -> list[tuple]:
    return [(r.amount_yuan, r.ratio, r.level, r.recipient) for r in records]


def test_fenbie_levels_pair_in_order() -> None:
    records = _records("对于新获批国家级、省级技能大师工作室的单位，分别给予70万元、40万元的一次性奖励。")
    assert _key(records) == [
        (700000, None, "国家级", "新获批国家级技能大师工作室的单位"),
        (400000, None, "省级", "新获批省级技能大师工作室的单位"),
    ]
    assert {r.form for r in records} == {"一次性奖励"}
    assert [r.text for r in records] == ["70万元", "40万元"]


def test_fenbie_recipients_pair_in_order() -> None:
    records = _records("对新获评中华技能大奖、全国技术能手、大国工匠(国家级)的个人，"
                       "分别给予20万元、10万元、10万元的一次性奖励。")
    assert [r.recipient for r in records] == [
        "新获评中华技能大奖的个人", "新获评全国技术能手的个人", "新获评大国工匠（国家级）的个人"]
    assert [r.amount_yuan for r in records] == [200000, 100000, 100000]
    assert [r.level for r in records] == [None, "国家级", "国家级"]


def test_ratio_governs_each_cap() -> None:
    records = _records("对成功创建国家级、省级现代产业学院的单位，按实际投资额的50%给予建设奖补，"
                       "最高奖励分别不超过500万元/个、300万元/个。")
    assert [(r.amount_yuan, r.ratio, r.is_cap, r.per, r.level) for r in records] == [
        (5000000, 0.5, True, "个", "国家级"), (3000000, 0.5, True, "个", "省级")]
    assert records[0].form == "建设奖补"


def test_matching_ratios_with_labels() -> None:
    records = _records("对获得国家级奖励的分别给予第一完成人单位1:1、第二完成人单位1:0.5、"
                       "第三完成人单位1:0.2配套奖励。")
    assert [(r.text, r.ratio, r.amount_yuan, r.level, r.form) for r in records] == [
        ("1:1", 1.0, None, "国家级", "配套奖励"), ("1:0.5", 0.5, None, "国家级", "配套奖励"),
        ("1:0.2", 0.2, None, "国家级", "配套奖励")]
    assert records[1].recipient.endswith("第二完成人单位")


def test_glued_matching_ratios_are_split() -> None:
    records = _records("对获得国家最高科学技术奖和四川省科学技术杰出贡献奖、杰出青年科学技术创新奖的个人，"
                       "分别给予1:11:0.5配套奖励。")
    assert [(r.text, r.ratio) for r in records] == [("1:1", 1.0), ("1:0.5", 0.5)]
    assert [r.level for r in records] == ["国家级", "省级"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对新认定的技能大师工作室给予资助，奖励标准为省级10万元、市级5万元。",
         [(100000, None, "省级"), (50000, None, "市级")]),
        ("补助标准：省级基地50万元，市级基地20万元。", [(500000, None, "省级"), (200000, None, "市级")]),
        ("对新认定的国家、省制造业单项冠军企业分别给予50万元、20万元奖励。",
         [(500000, None, "国家级"), (200000, None, "省级")]),
        ("对成功入选国家“优质中职学校”、国家“优质专业”计划的在宜中职学校，建设期内最高分别给予500万元、300万元补助。",
         [(5000000, None, "国家级"), (3000000, None, "国家级")]),
        ("对新“升规入统”工业企业按新建入统20万元、小升规15万元给予奖励。",
         [(200000, None, None), (150000, None, None)]),
        ("对2024年产值首次突破50亿元、20亿元的工业企业，分别给予50万元、20万元奖励。",
         [(500000, None, None), (200000, None, None)]),
    ],
    ids=["labelled-levels", "labelled-levels-after-colon", "bare-level-list", "bare-national-after-selection",
         "labelled-items", "threshold-list-pairs"],
)
def test_lists_and_levels(text: str, expected: list[tuple]) -> None:
    assert [(r.amount_yuan, r.ratio, r.level) for r in _records(text)] == expected


def test_threshold_list_pairs_recipients() -> None:
    records = _records("对2024年产值首次突破50亿元、20亿元的工业企业，分别给予50万元、20万元奖励。")
    assert [r.recipient for r in records] == ["2024年产值首次突破50亿元的工业企业",
                                              "2024年产值首次突破20亿元的工业企业"]


def test_caps_flag_every_item_after_zuigao() -> None:
    records = _records("对成功入选国家级、省级“双高计划”的在宜高职院校，建设期内最高分别给1000万元、500万元补助。")
    assert [(r.amount_yuan, r.is_cap, r.level) for r in records] == [
        (10000000, True, "国家级"), (5000000, True, "省级")]


def test_cap_sentence_continues_previous_grant() -> None:
    records = _records("对整车产量超过上年同期的整车企业，给予增量部分每台最高600元激励；"
                       "以上两项单户企业累计最高不超过800万元。")
    assert [(r.amount_yuan, r.is_cap, r.per, r.form) for r in records] == [
        (600, True, "台", "激励"), (8000000, True, "户", "激励")]


@pytest.mark.parametrize(
    "text",
    [
        "促进资源要素在3000亿级世界动力电池、2000亿级智能终端等产业集群中集聚融合，打造支撑全市地区生产总值迈向5800亿元的引擎。",
        "全市已建成省级基地4个，直接扶持创业450人，减免场地等费用223.3万元。",
        "由四川区域协同基金发起设立总规模30亿元、首期10亿元的遂宁锂电产业基金，重点支持全市锂电产业发展。",
        "市财政每年安排产教融合专项资金5000万元，用于兑现奖补政策。",
        "2022年，共为企业兑现稳岗返还资金1200万元。",
        "截至2022年3月底，13个建设项目累计完成投资140亿元。",
        "对开展学徒制培训的企业按规定给予职业培训补贴。",
        "市财政对川南人才和产教融合信息服务平台，每年给予定额补贴。",
        "2023年，船舶海工产业实现产值938.9亿元，同比增长19.2%。",
        "对单季度生产规模比上年同期增长10%—20%的企业给予激励。",
        "力争到2025年带动社会投资100亿元以上。",
        "发布时间:2025-10-30 09:39:31",
        "全市安排就业补助资金5000万元，重点支持技能培训。",
    ],
    ids=["industry-size-and-gdp", "past-waived-fees", "fund-size", "budget-total",
         "past-paid-in-reply", "investment-total", "grant-without-amount",
         "fixed-grant-without-amount", "output-value", "growth-rate-is-no-ratio",
         "investment-target", "time-is-no-ratio", "budget-line-with-form-word"],
)
def test_not_subsidies(text: str) -> None:
    assert _records(text) == []


def test_threshold_is_not_a_grant() -> None:
    records = _records("对当年固定资产投入达到3000万元以上（含3000万元）的重点工业项目，"
                       "按固定资产投入的3‰给予奖励，最高不超过100万元。")
    assert [(r.amount_yuan, r.ratio, r.is_cap) for r in records] == [(1000000, 0.003, True)]


@pytest.mark.parametrize(
    ("phrase", "level"),
    [("新获批国家级技能大师工作室的单位", "国家级"), ("获得省部级以上科学技术奖励的", "省级"),
     ("按国家规定", None), ("新获评中华技能大奖的个人", None), ("获得国家最高科学技术奖的个人", "国家级"),
     ("市财政", None), ("国家级、省级基地", None), ("获得四川省科学技术奖的个人", "省级")],
    ids=lambda v: str(v),
)
def test_level_of(phrase: str, level: str | None) -> None:
    assert level_of(phrase) == level


# ------------------------------------------------------------------ other cities' phrasings
# Written for the patterns the held-out documents and real pages of other provinces showed
# (grant verbs other than 给予, raised standards, cost sharing, caps as totals or in brackets,
# floors, loans, per-period grants, ranges, ratios stated with 为, levels of named honours).
# The sentences are our own, for other cities; none is taken from the gold sets.
def _v(r: Subsidy) -> tuple:
    return (r.text, r.amount_yuan, r.ratio, r.is_cap, r.per)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对企业新录用的退役军人，按每人每月600元的标准发放岗位津贴，最长12个月。",
         [("600元", 600, None, False, "人")]),
        ("市财政按每人每年2000元标准兑现技能人才津贴。", [("2000元", 2000, None, False, "人")]),
        ("对取得高级工证书的农民工，每人发放一次性技能提升补贴1500元。",
         [("1500元", 1500, None, False, "人")]),
        ("对入驻孵化基地的创业团队，按每户每月300元拨付场租补贴。",
         [("300元", 300, None, False, "户")]),
        ("全年发放职业培训补贴3600万元，惠及劳动者2.4万人次。", []),
        ("市级每年安排就业专项资金8000万元。", []),
    ],
    ids=["fafang-per-month-standard", "duixian-per-year-standard", "fafang-per-person",
         "bofu-per-household", "fafang-total-is-no-grant", "anpai-budget-is-no-grant"],
)
def test_grant_verbs_other_than_geiyu(text: str, expected: list[tuple]) -> None:
    assert [_v(r) for r in _records(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("将企业新型学徒制培训补贴标准由每人每年4000元提高到6000元。",
         [("6000元", 6000, None, False, "人")]),
        ("技能大师工作室建设补助从10万元提升至20万元。", [("20万元", 200000, None, False, None)]),
        ("见习补贴由每人每月1500元上调至1800元。", [("1800元", 1800, None, False, "人")]),
        ("对吸纳脱贫人口就业的企业，见习补贴比例提高到70%。", [("70%", None, 0.7, False, None)]),
        ("岗位补贴比例由50%提高到60%。", [("60%", None, 0.6, False, None)]),
    ],
    ids=["per-person-raised", "construction-grant-raised", "monthly-raised",
         "ratio-raised-for-a-subset", "ratio-raised-from-old"],
)
def test_raised_standard_keeps_only_the_new_amount(text: str, expected: list[tuple]) -> None:
    assert [_v(r) for r in _records(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("所需资金由市、县两级财政按1:1比例分担。", []),
        ("奖补资金由企业和市财政按3∶7的比例承担。", []),
        ("对获评省级技能大师工作室的，按省级资助资金1:1给予配套奖励。",
         [("1:1", None, 1.0, False, None)]),
    ],
    ids=["two-levels-share", "firm-and-city-share", "matching-grant-still-read"],
)
def test_cost_sharing_is_no_matching_grant(text: str, expected: list[tuple]) -> None:
    assert [_v(r) for r in _records(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对企业开展的岗前培训，按照培训费用的60%给予补助，单个企业补助总额不超过30万元。",
         [("不超过30万元", 300000, 0.6, True, "个")]),
        ("对企业开展的岗前培训，按照培训费用的60%给予补助；单个企业每年补贴总额最高不超过30万元。",
         [("60%", None, 0.6, False, None), ("最高不超过30万元", 300000, None, True, "年")]),
        ("给予用人单位实际支出40%的社保补贴（硕士最高800元/人/月、博士最高1200元/人/月）。",
         [("最高800元/人", 800, 0.4, True, "人"), ("最高1200元/人", 1200, 0.4, True, "人")]),
        ("奖励金额为设备投资额的10%，最高不超过300万元。",
         [("最高不超过300万元", 3000000, 0.1, True, None)]),
        ("对新建的公共实训基地，补助标准为建设投入的30%。", [("30%", None, 0.3, False, None)]),
        ("按不超过设备投资额的20%给予补助。", [("20%", None, 0.2, True, None)]),
    ],
    ids=["total-cap-after-ratio", "yearly-total-cap-after-semicolon", "bracketed-caps-take-ratio",
         "amount-wei-ratio", "standard-wei-ratio", "ratio-capped-by-buchaoguo"],
)
def test_caps_and_ratios(text: str, expected: list[tuple]) -> None:
    assert [_v(r) for r in _records(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对顶岗实习学生，按每人每月不低于800元给予生活补助。", [("不低于800元", 800, None, False, "人")]),
        ("支持企业按每生每年不低于3000元的标准设立奖学金。", []),
        ("对年缴纳税收超过500万元的企业，给予20万元奖励。", [("20万元", 200000, None, False, None)]),
    ],
    ids=["floor-on-a-grant", "floor-of-a-firm-scholarship", "threshold-stays-a-condition"],
)
def test_floors(text: str, expected: list[tuple]) -> None:
    assert [_v(r) for r in _records(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "对符合条件的返乡创业人员，给予最高30万元的创业担保贷款。",
        "对小微企业给予最高500万元的银行授信支持。",
        "个人可申请最高20万元创业担保贷款，合伙创业的可按每人20万元、最高100万元申请。",
    ],
    ids=["guarantee-loan", "credit-line", "loan-per-partner"],
)
def test_loans_are_not_grants(text: str) -> None:
    assert _records(text) == []


def test_loan_interest_subsidy_is_a_grant() -> None:
    (rec,) = _records("对小微企业给予最高50万元的贷款贴息。")
    assert (rec.amount_yuan, rec.is_cap, rec.form) == (500000, True, "贷款贴息")


@pytest.mark.parametrize(
    ("text", "per"),
    [
        ("对参加项目制培训的，按每人次400元给予培训补贴。", "人次"),
        ("对高校毕业生，每人每月给予500元租房补贴。", "人"),
        ("对家庭服务企业，每月给予3000元运营补贴。", "月"),
        ("对技能大师，每带出1名技师给予2000元带徒补贴。", "人"),
        ("对每个新认定的技能大师工作室，给予10万元建设补助。", "个"),
        ("每所技工院校每年最高补助100万元。", "年"),
        ("单个企业每年奖补总额最高不超过50万元。", "年"),
        ("每家企业最高补助30万元。", "家"),
        ("对开展企业新型学徒制的，按每生每年5000元给予补贴。", "人"),
    ],
    ids=["per-person-time", "per-person-per-month", "per-month", "per-apprentice",
         "meige-before-recipient", "school-yearly-cap", "firm-yearly-total-cap", "firm-cap",
         "per-student-per-year"],
)
def test_per(text: str, per: str) -> None:
    (rec,) = _records(text)
    assert rec.per == per


def test_amount_range_is_capped_at_its_upper_end() -> None:
    (rec,) = _records("对获评市级技能大师工作室的，给予5万元至10万元的一次性资助。")
    assert (rec.text, rec.amount_yuan, rec.is_cap, rec.level) == ("5万元至10万元", 100000, True, "市级")


@pytest.mark.parametrize(
    ("text", "levels_"),
    [
        ("对获评“湖北工匠”的职工，给予一次性奖励5万元。", ["省级"]),
        ("对获评“宜昌工匠”的职工，给予一次性奖励2万元。", ["市级"]),
        ("对获得“全国技术能手”称号的，给予一次性奖励3万元。", ["国家级"]),
        ("对获得“江西省技术能手”称号的，给予一次性奖励1万元。", ["省级"]),
        ("对入选“三秦工匠”的，给予一次性奖励5万元。", ["省级"]),
        ("对在全市职业技能大赛中获得一、二、三等奖的选手，分别给予3000元、2000元、1000元奖励。",
         ["市级", "市级", "市级"]),
        ("对在安徽省职业技能大赛中获得第一、二名的选手，分别给予1万元、5000元奖励。",
         ["省级", "省级"]),
        ("每年认定市级技能大师工作室10个，对认定的工作室给予一次性建设补助5万元。", ["市级"]),
        ("对获得国家级一类、二类职业技能大赛金牌的选手，分别给予最高5万元、3万元奖励。",
         ["国家级", "国家级"]),
        ("对新引进的全职博士，市级财政给予每人10万元安家补贴。", [None]),
        ("对入选“世界技能大赛”中国集训队的荆州选手，给予10万元奖励。", [None]),
        ("对获评“河洛工匠”的职工，给予一次性奖励1万元。", [None]),
    ],
    ids=["province-short-name-quoted", "city-short-name-quoted", "quanguo-honour",
         "province-full-name-quoted", "traditional-province-name", "quanshi-contest",
         "province-contest-ordinal-items", "level-in-earlier-clause", "first-level-governs-classes",
         "payer-is-no-level", "place-of-origin-is-no-level", "regional-name-is-no-province"],
)
def test_levels_of_named_honours(text: str, levels_: list) -> None:
    assert [r.level for r in _records(text)] == levels_


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("新获批国家级技能大师工作室的，给予50万元资助。",
         [(500000, None, "国家级", "新获批国家级技能大师工作室的")]),
        ("对获得“中华技能大奖”的，奖励20万元；获得“全国技术能手”的，奖励5万元。",
         [(200000, None, None, "获得“中华技能大奖”的"), (50000, None, "国家级", "获得“全国技术能手”的")]),
        ("对灵活就业的高校毕业生，按其实际缴费额的2/3给予社保补贴。",
         [(None, 2 / 3, None, "灵活就业的高校毕业生")]),
        ("对就业困难人员，按实际缴费额的三分之二给予社保补贴。",
         [(None, 2 / 3, None, "就业困难人员")]),
    ],
    ids=["de-clause-without-dui", "semicolon-starts-a-new-recipient", "fraction-ratio",
         "chinese-fraction-ratio"],
)
def test_recipients_without_dui_and_fraction_ratios(text: str, expected: list[tuple]) -> None:
    assert [(r.amount_yuan, r.ratio, r.level, r.recipient) for r in _records(text)] == expected


@pytest.mark.parametrize(
    "text",
    [
        "鼓励企业设立首席技师岗位，首席技师享受每月1000元的岗位津贴，所需资金由企业承担。",
        "企业可按每人每年不低于2000元的标准发放技能津贴，从企业职工教育经费中列支。",
        "职工取得技师证书的，企业应给予不低于500元/月的技能津贴。",
        "鼓励有条件的企业对技能人才给予每月200元至500元的技能津贴。",
        "鼓励企业对新招用的高校毕业生给予每人1000元的一次性入职奖励。",
    ],
    ids=["paid-by-the-firm", "paid-from-the-firms-training-fund", "firm-as-subject",
         "firms-encouraged-to-pay", "firms-encouraged-dui-gei"],
)
def test_money_a_firm_pays_is_no_subsidy(text: str) -> None:
    assert _records(text) == []


@pytest.mark.parametrize(
    "text",
    ["对企业给予每人1000元补贴。", "支持企业开展岗前培训，对企业给予每人500元培训补贴。",
     "鼓励企业开展新型学徒制培训，按每人每年5000元给予企业培训补贴。"],
    ids=["firm-as-recipient", "encouraged-then-granted", "encouraged-then-an-ang-grant"],
)
def test_firms_as_recipients_still_get_grants(text: str) -> None:
    assert len(_records(text)) == 1


def test_ordinal_list_recipients_share_the_last_word() -> None:
    records = _records("对在全市职业技能大赛中获得一、二、三等奖的选手，分别给予3000元、2000元、1000元奖励。")
    assert [r.recipient for r in records] == [
        "在全市职业技能大赛中获得一等奖的选手", "在全市职业技能大赛中获得二等奖的选手",
        "在全市职业技能大赛中获得三等奖的选手"]


_REPLY_HEAD = "李四委员：\n您提出的关于加强职业技能培训的提案收悉，现答复如下：\n一、工作开展情况\n"
_REPLY_TAIL = "\n此复。\n某市人力资源和社会保障局\n2024年7月10日"


@pytest.mark.parametrize(
    ("body", "amounts"),
    [
        ("全年为2300名劳动者发放职业技能提升补贴460万元。", []),
        # The per-person rate of a past pay-out is a grant standard (held-out-2 ruling 9); the
        # total paid (1350万元) is a result.
        ("2023年，为86家企业兑现稳岗返还资金1350万元，发放一次性扩岗补助每人1500元。", [1500]),
        ("今年以来，共向企业拨付培训补贴资金820万元。", []),
        ("我局已为127名高校毕业生发放见习补贴每人每月1800元。", [1800]),
        ("按照我市人才政策，对新认定的首席技师，市级财政给予每人2万元奖励，去年共有15人获得该奖励。",
         [20000]),
        ("下一步，我们将对新建成的省级高技能人才培训基地给予30万元补助。", [300000]),
    ],
    ids=["fafang-total-in-reply", "past-year-duixian-and-fafang", "bofu-so-far",
         "already-paid-per-month", "standing-rule-then-its-use", "next-step-grant"],
)
def test_money_spent_in_replies_is_no_subsidy(body: str, amounts: list[float]) -> None:
    assert [r.amount_yuan for r in _records(_REPLY_HEAD + body + _REPLY_TAIL)] == amounts


# ------------------------------------------------------------------ seeds
def test_seed_004_yibin_rewards() -> None:
    doc = read(CORPUS / "yibin" / "2022-chanjiao-ronghe-shifanshi-shishi-fangan.txt")
    records = list(extract(doc))
    assert all(doc.text[r.start:r.end] == r.text for r in records)
    master = [r for r in records if r.recipient and "技能大师工作室" in r.recipient]
    assert [(r.level, r.amount_yuan) for r in master] == [("国家级", 700000), ("省级", 400000)]
    amounts = [r.amount_yuan for r in records]
    assert 5800e8 not in amounts and 3000e8 not in amounts
    assert len([r for r in records if r.ratio is not None and r.amount_yuan is None]) == 7
    assert len(records) == 35


def test_seed_000_reply_has_no_subsidy() -> None:
    doc = read(CORPUS / "suining" / "2025-szfb-zhengxie-14hao-tian-dafu.txt")
    assert list(extract(doc)) == []


# ------------------------------------------------------------------ properties
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_never_raises_and_records_are_grounded(text: str) -> None:
    _records(text)


_SENTENCES = [
    "对于新获批国家级、省级技能大师工作室的单位，分别给予70万元、40万元的一次性奖励。",
    "按实际投资额的50%给予建设奖补，最高奖励分别不超过500万元/个、300万元/个。",
    "分别给予第一完成人单位1:1、第二完成人单位1:0.5配套奖励；分别给予1:11:0.5配套奖励。",
    "以上两项单户企业累计最高不超过800万元。对(其)增量电量按照0.15元/度给予支持，",
]


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_SENTENCES), st.lists(st.tuples(st.integers(0, 200),
                                                         st.sampled_from(["del", "dup", "swap"])),
                                               max_size=6))
def test_mutated_sentences_never_raise(sentence: str, edits: list[tuple[int, str]]) -> None:
    chars = list(sentence)
    for pos, op in edits:
        if not chars:
            break
        i = pos % len(chars)
        if op == "del":
            del chars[i]
        elif op == "dup":
            chars.insert(i, chars[i])
        elif i + 1 < len(chars):
            chars[i], chars[i + 1] = chars[i + 1], chars[i]
    _records("".join(chars))


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 9999), st.integers(1, 9999))
def test_changing_an_amount_changes_amount_yuan(a: int, b: int) -> None:
    records = _records(f"对于新获批国家级、省级技能大师工作室的单位，分别给予{a}万元、{b}元的一次性奖励。")
    assert [r.amount_yuan for r in records] == [a * 10000, b]
    assert [r.level for r in records] == ["国家级", "省级"]


def test_no_span_crosses_a_sentence() -> None:
    doc = read(CORPUS / "dazhou" / "2024-gongye-huifu-zengzhang-ruogan-zhengce-cuoshi.txt")
    for r in extract(doc):
        assert not re.search(r"[。；\n]", r.text)
        assert r.sentence_start is not None and r.sentence_start <= r.start < r.sentence_end


@pytest.mark.parametrize(
    ("text", "amounts"),
    [
        (("张三委员：\n您提出的提案收悉，现答复如下：\n一、工作开展情况\n2022年，为企业兑现技能提升补贴1200万元。"
         "对评选出的人才给予10万元资助。\n此复。\n某市人力资源和社会保障局\n2023年8月28日"),
         [100000]),
        (("张三委员：\n您提出的提案收悉，现答复如下：\n目前已给予新认定企业一次性奖励50万元。\n此复。\n"
         "某市人力资源和社会保障局\n2023年8月28日"), []),
    ],
    ids=["reply-past-year-paid-vs-standing-rule", "reply-already-granted"],
)
def test_replies_report_past_money_as_achievement(text: str, amounts: list[float]) -> None:
    assert [r.amount_yuan for r in _records(text)] == amounts


# ------------------------------------------------------------------ round 2: patterns of unseen cities
# Our own sentences for the error patterns a second held-out set showed (in general terms): prizes
# and graded lists, grant verbs other than 给予, caps on yearly or cumulative totals, raised ratios,
# ratio + cap as one record, the proposer's own ask, cost sharing, per-unit standards in reports,
# autonomous-area levels. None is taken from a gold set.
_MEASURES_HEAD = "关于支持技能人才队伍建设的若干措施\n"


def _m(text: str) -> list[tuple]:
    return [_v(r) for r in _records(_MEASURES_HEAD + text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("获奖的选手，由市财政一次性给予每人5000元奖励。", [("5000元", 5000, None, False, "人")]),
        ("获得省级一类技能大赛一、二、三等奖的，分别奖励1万元、8000元、5000元。",
         [("1万元", 10000, None, False, None), ("8000元", 8000, None, False, None),
          ("5000元", 5000, None, False, None)]),
        ("荣获国家级技能大赛金奖的，奖励其所在单位10万元。", [("10万元", 100000, None, False, None)]),
        ("对新认定的公共实训基地，核拨建设经费每个50万元。", [("50万元", 500000, None, False, "个")]),
        ("对毕业年度高校毕业生，一次性发放求职补贴1500元。", [("1500元", 1500, None, False, None)]),
        ("对符合条件的企业，按照每人1000元的标准一次性拨付吸纳就业补贴。",
         [("1000元", 1000, None, False, "人")]),
        ("对每个新建的县级技能培训基地，安排建设资金20万元。", [("20万元", 200000, None, False, "个")]),
        ("对新认定的高技能人才培训基地一次性支付建设资金30万元。",
         [("30万元", 300000, None, False, None)]),
    ],
    ids=["prize-rule-huojiang-de", "graded-prize-list", "prize-to-the-unit", "hebo-per-each",
         "yicixing-fafang-to-recipient", "yicixing-bofu-standard", "anpai-to-each-base",
         "zhifu-to-recipient"],
)
def test_prizes_and_grant_verbs_in_measures(text: str, expected: list[tuple]) -> None:
    assert _m(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对开展新型学徒制培训的企业，按每人每年5000元给予补贴，同一企业年度累计补贴不超过100万元。",
         [("5000元", 5000, None, False, "人"), ("不超过100万元", 1000000, None, True, "年")]),
        ("对开展项目制培训的机构，按每人2000元给予培训补贴，每个机构每年累计补贴金额不超过50万元。",
         [("2000元", 2000, None, False, "人"), ("不超过50万元", 500000, None, True, "年")]),
        ("对首次创业的，给予创业补贴5000元；带动就业3人以上的，再给予每人1000元补贴，累计最高不超过2万元。",
         [("5000元", 5000, None, False, None), ("1000元", 1000, None, False, "人"),
          ("最高不超过2万元", 20000, None, True, None)]),
        ("对创业孵化基地按实际运营费用的50%给予补助，累计补贴不超过30万元。",
         [("不超过30万元", 300000, 0.5, True, None)]),
    ],
    ids=["yearly-cumulative-cap", "per-institution-yearly-cap", "cumulative-cap-after-semicolon",
         "ratio-and-cumulative-cap-one-record"],
)
def test_caps_on_yearly_and_cumulative_totals(text: str, expected: list[tuple]) -> None:
    assert _m(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对新建的公共实训基地，按地方投入1:1给予配套，最高不超过300万元。",
         [("最高不超过300万元", 3000000, 1.0, True, None)]),
        ("对企业自建的实训基地，市财政按1:0.5的比例给予配套支持，最高不超过100万元。",
         [("最高不超过100万元", 1000000, 0.5, True, None)]),
        ("对企业承办的技能竞赛，按实际支出给予1∶1配套支持，单个项目最高不超过20万元。",
         [("最高不超过20万元", 200000, 1.0, True, "个")]),
        ("对获奖选手，市财政按省级奖励金额的1:1给予配套奖励。", [("1:1", None, 1.0, False, None)]),
    ],
    ids=["matching-then-cap", "matching-ratio-bili-then-cap", "fullwidth-colon-per-project-cap",
         "matching-without-cap-stays"],
)
def test_matching_ratio_and_its_cap_are_one_record(text: str, expected: list[tuple]) -> None:
    assert _m(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对毕业生求职补贴标准上浮20%。", [("20%", None, 0.2, False, None)]),
        ("对认定为高技能人才的，其技能提升补贴标准在现行基础上上浮50%。",
         [("50%", None, 0.5, False, None)]),
        ("对脱贫劳动力参加培训的，生活费补贴提高至最低工资标准的80%。",
         [("80%", None, 0.8, False, None)]),
        ("生活费补贴标准按照最低工资标准的70%执行，对脱贫劳动力提高至最低工资标准的80%。",
         [("70%", None, 0.7, False, None), ("80%", None, 0.8, False, None)]),
        ("推动全市高校毕业生就业率提高到95%。", []),
        ("落实培训补贴政策，全市技能人才占比提高至30%。", []),
    ],
    ids=["shangfu-ratio-as-written", "shangfu-on-current-basis", "raised-to-share-of-base",
         "base-share-and-raised-share", "rate-raised-is-no-grant", "share-raised-is-no-grant"],
)
def test_raised_ratios(text: str, expected: list[tuple]) -> None:
    assert _m(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "所需资金由市县按6:4比例分担。",
        "市、县财政按6:4的比例给予补助。",
        "各县区按不低于1:1的比例安排配套资金。",
        "县级财政按照1:1的比例落实配套资金。",
        "对高技能人才培训基地建设项目，按照中央、省、市1:1:1的比例给予支持。",
    ],
    ids=["city-county-share", "two-payers-then-geiyu", "county-co-funding-floor",
         "county-luoshi-peitao", "three-level-split"],
)
def test_cost_sharing_and_co_funding_are_no_grants(text: str) -> None:
    assert _m(text) == []


def test_cost_sharing_after_a_grant_keeps_the_grant() -> None:
    assert _m("对每个技能大师工作室给予10万元补助，所需资金市县按6:4分担。") == [
        ("10万元", 100000, None, False, "个")]


@pytest.mark.parametrize(
    ("body", "amounts"),
    [
        ("您在提案中建议“对取得技师证书的给予每人3000元奖励”，经研究，目前暂不具备条件。", []),
        ("关于您提出的给予返乡创业人员每人5万元补贴的建议，受财力限制，暂难以实施。", []),
        ("提案建议对企业新型学徒制培训给予每人每年6000元补贴。", []),
        ("采纳您的建议，今后对新认定的首席技师给予每人1万元奖励。", [10000]),
        ("目前，我市对认定为A类、B类、C类的产业实训基地，分别给予50万元、30万元、20万元的建设补助。",
         [500000, 300000, 200000]),
        ("2023年，我局对获奖选手分别发放奖金5000元、3000元、2000元。", [5000, 3000, 2000]),
        ("2024年，我局对12个技能大师工作室各拨付建设经费5万元。", [50000]),
        ("2023年共计发放职业技能竞赛奖金12.4万元。", []),
        ("2023年，全市共发放求职补贴120万元，每人1000元。", []),
    ],
    ids=["quoted-ask", "ask-as-object-of-jianyi", "proposal-jianyi-geiyu", "adopted-ask-is-a-grant",
         "graded-list-standing-policy", "graded-prizes-paid-per-tier", "each-paid-per-unit",
         "total-paid-out", "total-then-rate"],
)
def test_replies_asks_standards_and_totals(body: str, amounts: list[float]) -> None:
    assert [r.amount_yuan for r in _records(_REPLY_HEAD + body + _REPLY_TAIL)] == amounts


@pytest.mark.parametrize(
    ("text", "levels_"),
    [
        ("对认定为自治区级技能大师工作室的，给予20万元补助。", ["省级"]),
        ("对新获评州级技能大师工作室的，给予一次性奖励5万元。", ["市级"]),
        ("对获评“自治区技术能手”的，给予每人1万元奖励。", ["省级"]),
        ("对新认定的盟级技能大师工作室，给予5万元补助。", ["市级"]),
        ("对评为全州技术能手的，每人奖励5000元。", ["市级"]),
        ("对新增的国家级、自治区级技能大师工作室，分别给予50万元、20万元的一次性补助。",
         ["国家级", "省级"]),
        ("对新认定的县（市）级技能大师工作室，给予2万元补助。", ["县级"]),
        ("对获得“天山工匠”称号的，给予每人2万元奖励。", [None]),
    ],
    ids=["zizhiqu-ji", "zhou-ji", "zizhiqu-honour", "meng-ji", "quanzhou-contest",
         "national-and-zizhiqu-list", "county-city-level", "regional-honour-null"],
)
def test_levels_of_autonomous_areas(text: str, levels_: list[str | None]) -> None:
    assert [r.level for r in _records(_MEASURES_HEAD + text)] == levels_


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对取得高级工职业资格证书的，给予每人1000元生活补\n— 5 —\n贴。", [("1000元", 1000, "生活补贴")]),
        ("对取得高级工职业资格证书的劳动者，每人1000元技能提升补\n贴，每人每年只能享受一次。",
         [("1000元", 1000, "技能提升补贴")]),
        ("对企业新录用的毕业生，按每人每月800元给予社保补\n- 12 -\n贴，期限不超过3年。",
         [("800元", 800, "社保补贴")]),
        ("一、加大补贴力度\n对新认定的技能大师工作室，给予10万元补助。", [("10万元", 100000, "补助")]),
    ],
    ids=["cue-cut-by-page-number", "cue-cut-by-line-break", "cue-cut-by-dashed-page-number",
         "heading-is-no-cut-sentence"],
)
def test_grant_cue_cut_by_a_page_break(text: str, expected: list[tuple]) -> None:
    doc = from_text(_MEASURES_HEAD + text)
    records = list(extract(doc))
    assert [(r.text, r.amount_yuan, r.form) for r in records] == expected
    assert all(doc.text[r.start:r.end] == r.text for r in records)


@pytest.mark.parametrize(
    ("phrase", "level"),
    [
        ("获评淄博市有突出贡献技师的", "市级"),
        ("获评芜湖市技能标兵的", "市级"),
        ("获评乌鲁木齐市技术状元的", "市级"),
        ("获得内蒙古自治区技术能手称号的", "省级"),
        ("对获得自治区“技能大师”称号的", "省级"),
        ("获评“昌吉州首席技师”的", "市级"),
        ("获评国务院政府特殊津贴的", "国家级"),
        ("对新认定的旗级技能大师工作室", "县级"),
        ("获评技师的", None),
        ("市技师学院", None),
    ],
    ids=["city-outstanding-technician", "city-skill-pacesetter", "city-technical-champion",
         "autonomous-region-full-name", "zizhiqu-then-quoted-honour", "prefecture-chief-technician",
         "state-council-allowance", "banner-level", "bare-title-no-place", "college-no-honour"],
)
def test_levels_of_honours_round_two(phrase: str, level: str | None) -> None:
    assert level_of(phrase) == level


def test_fenbie_list_of_back_to_back_quoted_honours() -> None:
    records = _records(_MEASURES_HEAD + "对获评“中华技能大奖”“全国技术能手”“辽宁工匠”的，"
                       "分别给予10万元、5万元、3万元奖励。")
    assert [(r.amount_yuan, r.level, r.recipient) for r in records] == [
        (100000, None, "获评“中华技能大奖”的"), (50000, "国家级", "获评“全国技术能手”的"),
        (30000, "省级", "获评“辽宁工匠”的")]


@pytest.mark.parametrize(
    ("text", "per"),
    [
        ("对开设订单班的院校，每班每年补助2万元。", "班"),
        ("对新建的实训基地，每个基地每年给予10万元运行补助。", "个"),
        ("对企业新建的实训基地，每个基地每年最高补助10万元。", "年"),
        ("对开展技能培训的机构，按每学时30元给予补贴。", "学时"),
    ],
    ids=["per-class-per-year-rate", "per-base-per-year-rate", "per-base-yearly-cap", "per-study-hour"],
)
def test_per_entity_rate_vs_yearly_cap(text: str, per: str) -> None:
    (rec,) = _records(_MEASURES_HEAD + text)
    assert rec.per == per


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("企业职工参加培训期间的工资由企业照常发放，最低不低于当地最低工资标准2000元。", []),
        ("见习期间，见习单位按不低于当地最低工资标准的80%支付见习人员基本生活费，政府给予60%的见习补贴。",
         [("60%", None, 0.6, False, None)]),
        ("对完成技术改造的企业，按照核定设备投资额的5%，给予单个项目最高不超过200万元资金补贴。",
         [("最高不超过200万元", 2000000, 0.05, True, "个")]),
        ("市财政每年安排技能人才专项资金2000万元，用于落实各项奖补政策。", []),
        ("技能提升补贴每人每年只能享受一次，每人累计不超过三次。", []),
    ],
    ids=["wage-floor-paid-by-firm", "firm-pays-a-share-city-grants-a-share",
         "ratio-then-comma-then-geiyu-cap", "budget-line", "usage-limit"],
)
def test_who_pays_and_which_clause_grants(text: str, expected: list[tuple]) -> None:
    assert _m(text) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("2023年，我市对评选出的10名首席技师每人给予1万元奖励。", [(10000, "人")]),
        ("2024年，对12家市级高技能人才培训基地每家补助20万元。", [(200000, "家")]),
        ("去年，市财政安排500万元，对获评“某市工匠”的20名技能人才每人奖励2万元。", [(20000, "人")]),
        ("全市已建成国家级技能大师工作室3个、省级12个，分别获得上级补助资金50万元、10万元。", []),
        ("我市每年对评选出的10名首席技师给予每人1万元奖励。", [(10000, "人")]),
    ],
    ids=["each-person-given", "each-base-subsidised", "budget-then-each-person", "money-received-from-above",
         "yearly-standing-rule"],
)
def test_per_unit_grants_in_replies(body: str, expected: list[tuple]) -> None:
    records = _records(_REPLY_HEAD + body + _REPLY_TAIL)
    assert [(r.amount_yuan, r.per) for r in records] == expected


# ------------------------------------------------------------------ round three: recall
# Written for phrasings of other cities: a raise in percentage points, a cap on a grant's total
# after a per-person amount, and a recipient that is the subject of its own clause.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("对吸纳脱贫人口就业的企业，社会保险补贴标准上浮10个百分点。",
         [("10个百分点", None, 0.1, False, "吸纳脱贫人口就业的企业")]),
        ("对参加项目制培训的学员，每人给予1200元培训补贴，补贴总额最高不超过50万元。",
         [("1200元", 1200, None, False, "参加项目制培训的学员"),
          ("最高不超过50万元", 500000, None, True, "参加项目制培训的学员")]),
        ("每家零工市场给予2万元工作经费。", [("2万元", 20000, None, False, "每家零工市场")]),
        ("3.建设零工驿站。每个零工驿站给予不超过5万元的一次性建设补助。",
         [("不超过5万元", 50000, None, True, "每个零工驿站")]),
    ],
    ids=["raise-by-points", "total-cap-after-per-person", "each-subject-before-geiyu",
         "each-subject-cap"],
)
def test_recall_round_three(text: str, expected: list[tuple]) -> None:
    got = [(r.text, r.amount_yuan, r.ratio, r.is_cap, r.recipient) for r in extract(from_text(text))]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    ["失业保险费率阶段性下调1个百分点，减轻企业负担。",
     "对企业给予补贴，城镇调查失业率比上年下降0.5个百分点。",
     "安排就业专项资金总额5000万元，用于支持创业。"],
    ids=["rate-cut-points", "unemployment-rate-points", "budget-total"],
)
def test_not_grants_round_three(text: str) -> None:
    assert list(extract(from_text(text))) == []


# ------------------------------------------------------------------ round three: rate tables
# Flattened rate tables as other cities publish them: a caption with the money unit, rows of a
# label and amounts as space-separated cells, one cell per line, or label/amount pairs.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (("三、补贴标准\n职业技能培训补贴标准（单位：元/人）\n等级 城镇 农村\n初级工 1000 800\n"
          "中级工 1500 1200\n高级工 2000 —\n四、组织实施"),
         [("1000", 1000, "初级工（城镇）", "人"), ("800", 800, "初级工（农村）", "人"),
          ("1500", 1500, "中级工（城镇）", "人"), ("1200", 1200, "中级工（农村）", "人"),
          ("2000", 2000, "高级工（城镇）", "人")]),
        ("各县区创业工作经费分配表（单位：万元）\n红塔区 60 江川区 30\n通海县\t20\n\n说明：经费年底前拨付。",
         [("60", 600000, "红塔区", None), ("30", 300000, "江川区", None),
          ("20", 200000, "通海县", None)]),
        ("创业补贴标准\n（单位：元/户）\n类别\n标准\n个体工商户\n5000\n小微企业\n10000\n",
         [("5000", 5000, "个体工商户", "户"), ("10000", 10000, "小微企业", "户")]),
        ("技能等级补贴（单位：元/人）\n初级工 1000元 800元\n",
         [("1000", 1000, "初级工", "人"), ("800", 800, "初级工", "人")]),
        ("附件\n一次性创业补贴标准（元/户）\n类型 标准\n个体工商户 3000\n小微企业 8000\n",
         [("3000", 3000, "个体工商户", "户"), ("8000", 8000, "小微企业", "户")]),
        ("岗位补贴标准\n单位：元/人·月\n区域 标准\n主城区 600\n其他县区 400\n",
         [("600", 600, "主城区", "人"), ("400", 400, "其他县区", "人")]),
    ],
    ids=["header-row-and-dash-cell", "label-amount-pairs-wan", "one-cell-per-line", "unit-in-cells",
         "unit-without-danwei-in-title", "danwei-line-of-its-own"],
)
def test_flattened_rate_tables(text: str, expected: list[tuple]) -> None:
    got = [(r.text, r.amount_yuan, r.recipient, r.per) for r in extract(from_text(text))]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    ["2024年技能人才培养任务表（单位：人）\n红塔区 600 江川区 300\n",
     "主要经济指标（单位：万元）\n地区生产总值 120000 110000\n"],
    ids=["count-caption", "money-but-no-grant-title"],
)
def test_tables_that_are_no_rate_tables(text: str) -> None:
    assert list(extract(from_text(text))) == []

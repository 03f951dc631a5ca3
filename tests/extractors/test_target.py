"""Target extraction: forward-looking quantified goals, deadlines, tables, tense.

The rules were developed on the five seed documents (corpus/*) and on the sentences below; the
adversarial cases (other phrasings, Chinese numerals, other cities' conventions) only test them.
"""

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policyintel.extractors import registry
from policyintel.extractors.sentence_tense import FUTURE, PAST, tense_map
from policyintel.ingest import from_text

ROOT = Path(__file__).resolve().parents[2]
DAZHOU_PLAN = ROOT / "corpus/dazhou/2025-zhizaoye-jineng-rencai-sannian-gongjian-xingdong-fangan.txt"

PLAN_HEAD = "某市技能人才培育行动方案\n\n一、主要目标\n\n"


def targets(text):
    return registry.run("target", from_text(text))


CASES = [
    # (text, span, value, unit, comparator, deadline, metric, recurring)
    ("到2030年，全市技能人才总量达到50万人。", "达到50万人", 500000, "人", ">=", 2030,
     "技能人才总量", False),
    ("力争到2025年，培训就业匹配率达80%以上。", "达80%以上", 80, "%", ">=", 2025,
     "培训就业匹配率", False),
    ("2027年底前，新建两个高技能人才培训基地。", "两个", 2, "个", "=", 2027,
     "高技能人才培训基地", False),
    ("每年开展职业技能培训不少于1000人次。", "不少于1000人次", 1000, "人次", ">=", None,
     "职业技能培训", True),
    ("确保年度培训三百人次以上。", "三百人次以上", 300, "人次", ">=", None, "培训", True),
    ("到2026年，建设10个示范性技能大师工作室。", "10个", 10, "个", "=", 2026,
     "示范性技能大师工作室", False),
    ("力争2025年全市规上工业总产值突破1.5万亿元。", "突破1.5万亿元", 1.5e12, "元", ">", 2025,
     "规上工业总产值", False),
]


@pytest.mark.parametrize(("text", "span", "value", "unit", "comparator", "deadline", "metric",
                          "recurring"), CASES, ids=[c[0] for c in CASES])
def test_sentence_targets(text, span, value, unit, comparator, deadline, metric, recurring):
    (t,) = targets(PLAN_HEAD + text)
    assert t.text == span
    assert (t.value, t.unit, t.comparator, t.deadline_year) == (value, unit, comparator, deadline)
    assert t.metric == metric
    assert t.recurring == recurring


@pytest.mark.parametrize("text", [
    "对新获批国家级技能大师工作室的单位，给予70万元的一次性奖励。",
    "对新增销售收入超过1000万元的企业，按设备投资额的5%给予补贴。",
    "打造3000亿级世界动力电池产业集群。",
    "根据《国务院关于印发国家职业教育改革实施方案的通知》(国发〔2019〕4号)，制定本方案。",
    "于每年6月30日前报送工作情况。",
    "围绕“3+3+N”现代产业体系，推进“十四五”规划实施。",
    "在现有化工行业2个基地基础上，推进其他基地建设。",
], ids=["grant", "threshold", "scale label", "legal basis", "date", "labels", "existing base"])
def test_not_targets(text):
    assert targets(PLAN_HEAD + text) == []


def test_gdp_goal_is_a_target():
    (t,) = targets(PLAN_HEAD + "到2025年，打造支撑全市地区生产总值迈向5800亿元的发展引擎。")
    assert t.value == 5.8e11 and t.unit == "元" and t.deadline_year == 2025


def test_deadline_inherited_along_the_clause_chain():
    text = PLAN_HEAD + ("2027年底，组织技能人才培训10000人次以上；新创建省级以上技能大师工作室5个、"
                        "高技能人才培训基地2个；推动20家重点企业建立职工培训中心。\n")
    found = targets(text)
    assert [(t.value, t.unit, t.deadline_year) for t in found] == [
        (10000, "人次", 2027), (5, "个", 2027), (2, "个", 2027), (20, "家", 2027)]
    assert found[0].comparator == ">="
    assert [t.metric for t in found] == ["技能人才培训", "省级以上技能大师工作室",
                                         "高技能人才培训基地", "重点企业"]


def test_deadline_from_title_period():
    text = ("某市数字经济三年行动方案(2024—2026年)\n\n二、重点任务\n\n"
            "1.培育企业。培育数字经济重点企业30家。\n")
    (t,) = targets(text)
    assert t.deadline_year == 2026 and t.value == 30


REPLY = (
    "张某委员：\n你提出的关于加强技能人才培养的提案收悉，现答复如下：\n"
    "一、工作开展情况\n"
    "2022年，全市新增企业新型学徒2443人。累计举办劳动技能竞赛518场，直接参与职工7.8万人次。\n"
    "二、下一步工作打算\n"
    "力争到2025年，全市每年培训技能人才不少于5000人次。\n"
    "某市人力资源和社会保障局\n2023年8月22日\n"
)


def test_reply_splits_achievements_and_targets():
    doc = from_text(REPLY)
    found = registry.run("target", doc)
    assert [(t.value, t.unit, t.comparator, t.deadline_year, t.recurring) for t in found] == [
        (5000, "人次", ">=", 2025, True)]
    got = registry.run("achievement", doc)
    assert [(a.value, a.unit) for a in got] == [(2443, "人"), (518, "场"), (78000, "人次")]


def test_tense_map_of_a_reply():
    doc = from_text(REPLY)
    tmap = tense_map(doc)
    assert tmap.section(doc.text.index("2022年")) == PAST
    assert tmap.section(doc.text.index("力争")) == FUTURE
    assert tmap.doc_year == 2023


def test_seed_overall_goal():
    doc = from_text(DAZHOU_PLAN.read_text("utf-8"))
    found = registry.run("target", doc)
    goal = [t for t in found if t.sentence_start is not None
            and doc.text.find("总体目标") < t.start < doc.text.find("主要任务")]
    assert [(t.value, t.unit) for t in goal] == [
        (10000, "人次"), (5, "个"), (2, "个"), (1, "个"), (4, "个"), (20, "家")]
    assert all(t.deadline_year == 2027 for t in goal)
    assert goal[0].comparator == ">=" and goal[0].metric == "技能人才培训"


def test_seed_table_one_target_per_county_and_year():
    doc = from_text(DAZHOU_PLAN.read_text("utf-8"))
    table = [t for t in registry.run("target", doc) if t.start > doc.text.find("任务表\n")]
    # 10 rows × (3 years + the row total), then the totals row (3 years + grand total)
    assert len(table) == 44
    assert all(t.unit == "人次" and t.comparator == "=" for t in table)
    rows = [table[i:i + 4] for i in range(0, 44, 4)]
    assert [(t.value, t.deadline_year) for t in rows[0]] == [
        (350, 2025), (350, 2026), (300, 2027), (1000, 2027)]
    scopes = [r[0].scope for r in rows]
    assert scopes[:6] == ["市本级", "通川区", "达川区", "万源市", "宣汉县", "大竹县"]
    assert scopes[6] is None  # the county name is lost in the source: not guessed
    assert scopes[7:10] == ["开江县", "达州高新区", "达州东部经开区"]
    assert [t.value for t in rows[10]] == [3500, 3500, 3000, 10000] and rows[10][0].scope is None
    assert sum(r[3].value for r in rows[:10]) == 10000
    assert all(t.confidence == 1.0 for t in table if t.scope)


def test_table_with_mismatched_total_has_lower_confidence():
    grid = "年份\n地区\n2025\n2026\n合计\n甲县\n10\n20\n30\n乙县\n5\n5\n99\n合计\n15\n25\n129"
    text = "附件\n某市培训任务表\n(单位:人次)\n" + grid + "\n"
    found = registry.run("target", from_text(text))
    assert [(t.scope, t.deadline_year, t.value) for t in found] == [
        ("甲县", 2025, 10), ("甲县", 2026, 20), ("甲县", 2026, 30),
        ("乙县", 2025, 5), ("乙县", 2026, 5), ("乙县", 2026, 99),
        (None, 2025, 15), (None, 2026, 25), (None, 2026, 129)]
    assert found[0].confidence > found[3].confidence


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=1, max_value=10**6))
def test_changing_the_number_changes_the_target(n):
    (t,) = targets(PLAN_HEAD + f"到2026年，新增技能人才{n}人。")
    assert t.value == n


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_grounded(text):
    doc = from_text(text)
    for kind in ("target", "achievement"):
        for r in registry.run(kind, doc):
            assert doc.text[r.start:r.end] == r.text


def test_future_clause_inside_a_reported_sentence():
    text = ("王某委员：\n你提出的提案收悉，现答复如下：\n一、工作开展情况\n"
            "2022年，我市两家机构获得项目承办权，预计完成23场公益培训课程。\n"
            "我市获二等奖2个，模拟实训覆盖30家企业。\n某市工业和信息化局\n2023年8月22日\n")
    doc = from_text(text)
    assert [(t.value, t.unit) for t in registry.run("target", doc)] == [(23, "场")]
    assert [(a.value, a.unit) for a in registry.run("achievement", doc)] == [
        (2, "家"), (2, "个"), (30, "家")]

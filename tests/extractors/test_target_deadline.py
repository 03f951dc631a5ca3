"""deadline_year as the gold guidelines read it, and plan_end_year beside it.

Rule (docs/gold-guidelines.md, three annotators): the year stated in the sentence or in the goal
paragraph that governs it; a task of a multi-year plan with no year of its own gets null — the
plan period is not copied into every task; goals split by year take their own year. The period
the title names stays available as ``plan_end_year``. Sentences are our own, for other cities.
"""

import pytest
from policyintel.extractors import registry
from policyintel.ingest import from_text

PERIOD_PLAN = "某市职业技能提升行动实施方案（2025—2027年）\n\n一、目标任务\n\n"
TASKS = "某市高技能人才振兴计划（2026—2028年）\n\n三、重点任务\n\n"


def targets(text):
    return [(t.text, t.deadline_year) for t in registry.run("target", from_text(text))]


DEADLINES = [
    # year-split goals take their own year
    (PERIOD_PLAN + "2025年，全市开展补贴性职业技能培训3万人次；2026年，培训3.5万人次；"
     "2027年，培训4万人次。",
     [("3万人次", 2025), ("3.5万人次", 2026), ("4万人次", 2027)]),
    (PERIOD_PLAN + "其中，2025年完成1.2万人次，2026年完成1.5万人次。",
     [("1.2万人次", 2025), ("1.5万人次", 2026)]),
    # a start year (…年起每年) is not a deadline and ends the reach of the one before it
    (PERIOD_PLAN + "力争2025年完成新能源汽车产业培训8000人次，2026年起每年培训规模稳定在1万人次以上。",
     [("8000人次", 2025), ("1万人次以上", None)]),
    # N年内 is a span, not this year
    (TASKS + "3年内培育钢铁产业企业新型学徒800名。", [("800名", None)]),
    # a month deadline
    (TASKS + "各县区2026年6月底前至少建成1个零工市场。", [("1个", 2026)]),
    # a year range in the sentence: its end
    (TASKS + "2026—2028年，累计培养高技能人才1.2万人。", [("1.2万人", 2028)]),
    # a task without a year of its own in a multi-year plan: null
    (TASKS + "建设市级技能大师工作室20个，培育技能型企业50家。", [("20个", None), ("50家", None)]),
    # a deadline closing the sentence governs what comes before it…
    (TASKS + "建成公共实训基地3个，2027年底前全部投入使用。", [("3个", 2027)]),
    # …but not a quantity that precedes a year governing a later one
    (TASKS + "新增智能制造相关专业点3个，到2028年订单培养规模扩大至5000人。",
     [("3个", None), ("5000人", 2028)]),
    # the lead paragraph of a list governs its items
    (TASKS + "到2028年，实现以下目标：\n1.新增高技能人才2万人；\n2.建成产教融合实训基地6个。",
     [("2万人", 2028), ("6个", 2028)]),
    # the end of a Five-Year Plan is a deadline, its period (期间) is not
    (("某市“十四五”职业技能培训规划\n\n二、主要目标\n到“十四五”末，全市技能人才总量达到70万人。\n"
     "三、主要任务\n“十四五”期间，累计开展补贴性职业技能培训30万人次以上。"),
     [("达到70万人", 2025), ("30万人次以上", None)]),
    # a clause chain after a year
    (TASKS + "到2027年底，全市技能人才总量达到45万人，其中高技能人才达到15万人。",
     [("达到45万人", 2027), ("达到15万人", 2027)]),
]


@pytest.mark.parametrize(("text", "expected"), DEADLINES,
                         ids=[c[0].split("\n")[-1][:24] for c in DEADLINES])
def test_deadline_year(text, expected):
    assert targets(text) == expected


@pytest.mark.parametrize(("title", "end"), [
    ("某州技能人才队伍建设三年行动计划（2024—2026年）", 2026),
    ("某市“十四五”职业技能培训规划(2021-2025年)", 2025),
    ("某市2025年就业创业工作要点", 2025),
    ("某市“十四五”职业技能培训规划", 2025),
    ("某州“十五五”技能人才发展规划", 2030),
    ("某市技能人才培育行动方案", None),
], ids=["three-year", "five-year-ascii-dash", "annual-points", "fyp-14", "fyp-15", "no-period"])
def test_plan_end_year_from_the_title(title, end):
    text = title + "\n\n二、重点任务\n\n1.建设技能大师工作室。新建市级技能大师工作室10个。\n"
    (t,) = registry.run("target", from_text(text))
    assert (t.value, t.deadline_year, t.plan_end_year) == (10, None, end)


def test_plan_end_year_is_in_the_contract():
    from policyintel.extractors.contract import to_contract

    doc = from_text(TASKS + "培育技能型企业50家。")
    records = registry.run("target", doc)
    (row,) = to_contract(doc, records)["records"]
    assert row["plan_end_year"] == 2028 and row["deadline_year"] is None


def test_a_year_written_right_before_its_quota():
    text = (PERIOD_PLAN + "三年培训12万人次，其中2025年3.5万人次、2026年4万人次、2027年4.5万人次。"
            "2025年6月底前出台实施细则。")
    assert targets(text) == [("12万人次", None), ("3.5万人次", 2025), ("4万人次", 2026),
                             ("4.5万人次", 2027)]

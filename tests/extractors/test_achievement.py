"""Achievement extraction: quantified results already reached, with their year.

Developed on the seed replies (Suining 14号, Dazhou 384号, Nantong 工商联); the sentences below
include other phrasings and cities' conventions that only test the rules.
"""

import pytest
from policyintel.extractors import registry
from policyintel.ingest import from_text

REPLY_HEAD = "李某委员：\n你提出的提案收悉，现答复如下：\n一、工作开展情况\n"
TAIL = "\n某市人力资源和社会保障局\n2023年8月28日\n"


def achievements(text):
    return registry.run("achievement", from_text(REPLY_HEAD + text + TAIL))


CASES = [
    # (text, [(span, value, unit, year, metric)])
    ("2022年，全市新增企业新型学徒2443人。",
     [("2443人", 2443, "人", 2022, "新增企业新型学徒")]),
    ("累计举办劳动技能竞赛518场，直接参与职工7.8万人次。",
     [("518场", 518, "场", None, "劳动技能竞赛"), ("7.8万人次", 78000, "人次", None, "参与职工")]),
    ("全市已建成省级基地4个，减免场地等费用223.3万元。",
     [("4个", 4, "个", None, "省级基地"), ("223.3万元", 2233000, "元", None, "费用")]),
    ("截至2022年3月底，全市职业院校在校生规模已达6.7万人，比2021年增加1.4万人。",
     [("达6.7万人", 67000, "人", 2022, "职业院校在校生规模"), ("1.4万人", 14000, "人", 2022, None)]),
    ("2023 年组织 50 家企业参与产教融合集中签约，促成近 100 个校企合作项目。",
     [("50 家", 50, "家", 2023, "企业"), ("近 100 个", 100, "个", 2023, "校企合作项目")]),
    ("今年以来共培训农民工三千二百人次。",
     [("三千二百人次", 3200, "人次", 2023, "培训农民工")]),  # 今年 = the letter's year
    ("我市获二等奖2个、三等奖5个。",
     [("2个", 2, "个", None, "二等奖"), ("5个", 5, "个", None, "三等奖")]),
]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0] for c in CASES])
def test_achievements(text, expected):
    found = achievements(text)
    # cleaning may drop the spaces a PDF leaves between digits and CJK (50 家 → 50家)
    got = [(a.text.replace(" ", ""), a.value, a.unit, a.year) for a in found]
    assert got == [(e[0].replace(" ", ""),) + e[1:4] for e in expected]
    for a, e in zip(found, expected, strict=True):
        if e[4] is not None:
            assert a.metric == e[4]


@pytest.mark.parametrize("text", [
    "对评选出的人才给予10万元资助并颁发荣誉证书。",
    "对在本市创新创业3年以上的高层次人才予以表彰。",
    "围绕“3+3+N”现代产业体系开展技能竞赛。",
    "出台《关于进一步稳定和扩大就业十五条政策措施》。",
    "联系人：王某，15082854111。",
], ids=["grant", "duration", "label", "title", "phone"])
def test_not_achievements(text):
    assert achievements(text) == []


def test_next_steps_are_not_achievements():
    text = "2022年新增学徒2443人。\n二、下一步工作打算\n力争到2025年培训5000人次。"
    got = achievements(text)
    assert [(a.value, a.year) for a in got] == [(2443, 2022)]


def test_year_from_the_paragraph():
    text = "2022年，我市推进技能人才评价。共推荐3名民营企业高层次人才参加选拔。"
    (a,) = achievements(text)
    assert (a.value, a.unit, a.year) == (3, "名", 2022)


def test_progress_report_progress_is_achievement():
    text = ("某市2019年重点工作进展情况\n1.培育企业，力争新增百亿级企业2家。\n"
            "进展情况:1-5月，全市规模以上工业产值同比增长9.3%。\n")
    doc = from_text(text)
    (t,) = registry.run("target", doc)
    assert (t.value, t.unit) == (2, "家")
    (a,) = registry.run("achievement", doc)
    assert (a.value, a.unit, a.metric) == (9.3, "%", "规模以上工业产值同比增长")


# --- Generalisation to other cities: our own sentences for patterns seen on held-out text.

SPENT = [
    ("2023年，全市共发放一次性吸纳就业补贴215万元。", "215万元", 2_150_000, 2023),
    # 全年 in a letter of 2023 is 2023 (held-out-2 ruling 13: a report or reply gives its year
    # to 全年, 上半年, 截至6月底)
    ("全年兑现技能提升补贴1200万元，惠及职工8000余人。", "1200万元", 12_000_000, 2023),
    ("2022年累计拨付职业培训补贴资金3.6亿元。", "3.6亿元", 360_000_000, 2022),
]


@pytest.mark.parametrize(("text", "span", "value", "year"), SPENT, ids=[s[0] for s in SPENT])
def test_money_paid_out_under_a_grant_noun_is_an_achievement(text, span, value, year):
    found = achievements(text)
    money = [a for a in found if a.unit == "元"]
    assert [(a.text, a.value, a.year) for a in money] == [(span, value, year)]


def test_standing_grant_rule_in_a_reply_is_not_an_achievement():
    assert achievements("目前，我市对认定的市级技能大师给予每人5000元一次性奖励。") == []


@pytest.mark.parametrize("text", [
    "全国共有126个项目入选，我市入选3个。",
    "我市有3家企业获评（全省共28家）。",
], ids=["全国共有", "全省共 in brackets"])
def test_wider_jurisdiction_totals_are_not_the_citys_results(text):
    assert [a.value for a in achievements(text)] == [3]


@pytest.mark.parametrize("text", [
    "我局牵头制定了促进就业的22条具体举措。",
    "这是我市技能人才工作的一个短板。",
    "同一人同一职业同一等级只能享受一次补贴。",
], ids=["own clauses", "article 一个", "同一人, 享受一次"])
def test_not_counts_of_results(text):
    assert achievements(text) == []


@pytest.mark.parametrize(("text", "expected"), [
    ("对新认定的市级技能大师工作室，市财政给予10万元建设补助，2022年共有6家单位获得该项补助。",
     [(6, "家", 2022)]),
    ("2022年完成技能等级认定2.3万人次，其中技师以上940人次。",
     [(23000, "人次", 2022), (940, "人次", 2022)]),
    ("2022年，帮助脱贫群众销售农副产品230余万元。", [(2_300_000, "元", 2022)]),
], ids=["recipients after the grant rule", "grade 以上 N", "N余万元"])
def test_results_next_to_grant_rules_and_grades(text, expected):
    assert [(a.value, a.unit, a.year) for a in achievements(text)] == expected


def test_this_year_is_the_letters_year_and_now_has_no_year():
    text = ("2022年，全市新增技能人才1.1万人。今年1至6月，全市新增技能人才6200人。"
            "目前已有45家企业开展自主评价。")
    assert [(a.value, a.year) for a in achievements(text)] == [
        (11000, 2022), (6200, 2023), (45, None)]


@pytest.mark.parametrize(("text", "expected"), [
    ("全年共开展线上培训120期，培训总时长4200小时。", [(120, "期"), (4200, "小时")]),
    ("在现有3个省级基地基础上，推进新基地建设。", [(3, "个")]),
], ids=["total hours", "existing stock"])
def test_totals_of_time_and_existing_stocks(text, expected):
    assert [(a.value, a.unit) for a in achievements(text)] == expected


def test_existing_stock_in_a_next_step_part_is_still_a_result():
    text = "二、下一步工作打算\n在现有2个市级实训基地基础上，力争再建成3个。"
    doc = from_text(REPLY_HEAD + text + TAIL)
    assert [(a.value, a.unit) for a in registry.run("achievement", doc)] == [(2, "个")]
    assert [(t.value, t.unit) for t in registry.run("target", doc)] == [(3, "个")]


def test_cumulative_totals_take_only_a_year_their_sentence_states():
    text = ("2022年，全市新增技能大师工作室6个。累计创建省级技能大师工作室31个，市级工作室85个。"
            "自2019年以来，累计培训农民工5.2万人次。截至2022年底，全市累计建成实训基地14个。")
    assert [(a.value, a.year) for a in achievements(text)] == [
        (6, 2022), (31, None), (85, None), (52000, None), (14, 2022)]

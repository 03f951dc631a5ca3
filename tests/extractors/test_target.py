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


def test_title_period_is_the_plan_end_not_every_tasks_deadline():
    """Guidelines: a task of a multi-year plan with no year of its own has deadline null; the
    period the title names is kept apart as plan_end_year."""
    text = ("某市数字经济三年行动方案(2024—2026年)\n\n二、重点任务\n\n"
            "1.培育企业。培育数字经济重点企业30家。\n")
    (t,) = targets(text)
    assert (t.value, t.deadline_year, t.plan_end_year) == (30, None, 2026)


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


# --- Generalisation to other cities (patterns seen on held-out and real pages; the sentences
# --- below are our own, written for the genre, not copied from any document).

CUMULATIVE_GOALS = [
    # (text, span, value, unit, deadline)
    ("到2027年，全市累计培训新型职业农民2万人次以上。", "2万人次以上", 20000, "人次", 2027),
    ("力争到2028年底累计认定省级技能大师工作室12个。", "12个", 12, "个", 2028),
    ("2026—2028年，累计新增高技能人才1.5万人。", "1.5万人", 15000, "人", 2028),
    ("累计组织职业技能竞赛六十场次。", "六十场次", 60, "场次", None),
    ("到2030年底，全县累计建成零工驿站25个，实现乡镇全覆盖。", "25个", 25, "个", 2030),
    ("专业教师每3年到企业实践时间累计不少于2个月。", "不少于2个月", 2, "个月", None),
]


@pytest.mark.parametrize(("text", "span", "value", "unit", "deadline"), CUMULATIVE_GOALS,
                         ids=[c[0] for c in CUMULATIVE_GOALS])
def test_cumulative_inside_a_goal_is_a_target(text, span, value, unit, deadline):
    doc = from_text(PLAN_HEAD + text)
    (t,) = registry.run("target", doc)
    assert (t.text, t.value, t.unit, t.deadline_year) == (span, value, unit, deadline)
    assert registry.run("achievement", doc) == []


def test_cumulative_in_a_reply_next_step_is_a_target():
    text = ("赵某代表：\n你提出的建议收悉，现答复如下：\n一、工作开展情况\n"
            "截至2024年底，全市累计建成零工市场5个。\n二、下一步工作打算\n"
            "力争到2026年累计建成零工市场12个。\n某市人力资源和社会保障局\n2025年5月20日\n")
    doc = from_text(text)
    assert [(t.value, t.deadline_year) for t in registry.run("target", doc)] == [(12, 2026)]
    assert [(a.value, a.year) for a in registry.run("achievement", doc)] == [(5, 2024)]


def test_past_year_range_in_a_reply_stays_an_achievement():
    text = ("钱某委员：\n你提出的提案收悉，现答复如下：\n"
            "2021—2023年，全市累计新增高技能人才1.8万人。\n某市人力资源和社会保障局\n2024年6月3日\n")
    doc = from_text(text)
    assert registry.run("target", doc) == []
    assert [a.value for a in registry.run("achievement", doc)] == [18000]


NOT_TARGETS_IN_MEASURES = [
    "企业吸纳高校毕业生并签订1年以上劳动合同的，给予每人1000元一次性吸纳补贴。",
    "社会保险补贴期限最长不超过3年。",
    "每人每年最多可享受2次职业培训补贴。",
    "同一劳动者每年只能享受一次职业培训补贴。",
    "企业年度开展培训达到200人次以上的，再给予5万元奖励。",
    "对年吸纳就业50人以上的小微企业，给予一次性奖励2万元。",
    "每期培训时间不少于60学时，培训结束后按规定申领补贴。",
    "阶段性降低失业保险费率1个百分点。",
    "对吸纳脱贫人口就业的企业，贷款贴息比例提高到80%。",
    "给予实际培训支出50%的补贴。",
    "对职工人数在20人（含）以下的小微企业，按规定给予补贴。",
    "对新开设并连续招生3年以上的专业，给予一次性补助20万元。",
    "制定了促进民营经济发展的18条具体举措。",
    "出台稳就业政策措施12条。",
    "培育3个千亿级产业集群。",
    "对培训规模较大（每期学员不超过50人）的机构予以支持。",
    "本政策适用于在本县工作满1年以上的各类人才。",
    "申请人年龄一般不超过45周岁。",
    "支持企业设立博士后工作站，每招收1名博士后给予20万元资助。",
    "个人创业担保贷款最高额度提高至30万元。",
    "贷款利率可在LPR基础上加50个基点。",
    "带动就业人数超过5000人的企业，优先推荐评优。",
    "小微企业新招用人员达到职工总数15%（超过100人的企业达到8%）的，可申请贷款。",
    "失业保险稳岗返还比例提高到60%。",
]


@pytest.mark.parametrize("text", NOT_TARGETS_IN_MEASURES, ids=NOT_TARGETS_IN_MEASURES)
def test_conditions_limits_and_parameters_are_not_targets(text):
    assert targets(PLAN_HEAD + text) == []


def test_attribute_of_a_later_count_is_not_the_target():
    (t,) = targets(PLAN_HEAD + "到2027年，培育年营业收入1000万元以上的专精特新企业30家。")
    assert (t.value, t.unit, t.deadline_year) == (30, "家", 2027)


def test_goals_beside_grant_conditions_survive():
    text = PLAN_HEAD + ("全年开展就业技能培训3万人次以上，培训后就业率达到65%以上。"
                        "对参加培训的困难人员，按每人每天50元给予生活费补贴，每人每年最长不超过20天。")
    assert [(t.value, t.unit) for t in targets(text)] == [(30000, "人次"), (65, "%")]


BUDGETS = [
    ("市财政每年安排不少于500万元专项资金用于技能人才培养。", 5_000_000, ">="),
    ("县本级每年安排2000万元就业专项资金，统筹用于各项就业补贴。", 20_000_000, "="),
    ("区财政每年安排1.5亿元产业发展资金，用于本政策各项奖补。", 150_000_000, "="),
]


@pytest.mark.parametrize(("text", "value", "comparator"), BUDGETS, ids=[b[0] for b in BUDGETS])
def test_yearly_budget_commitment_is_a_recurring_money_target(text, value, comparator):
    doc = from_text("某市关于支持技能人才发展的若干措施\n\n" + text)
    (t,) = registry.run("target", doc)
    assert (t.value, t.unit, t.comparator, t.recurring) == (value, "元", comparator, True)
    assert registry.run("subsidy", doc) == []


INDICATOR_TABLES = [
    # a yearly indicator table flattened one row per line, the unit in the row label
    (("指标 2025年 2026年 2027年\n城镇新增就业（万人） 4.5 4.6 4.8\n新建零工驿站（个） 20 25 30\n"
      "培训后就业率（%） 60 65 70\n"),
     [(45000, "人", 2025, "城镇新增就业"), (46000, "人", 2026, "城镇新增就业"),
      (48000, "人", 2027, "城镇新增就业"), (20, "个", 2025, "新建零工驿站"),
      (25, "个", 2026, "新建零工驿站"), (30, "个", 2027, "新建零工驿站"),
      (60, "%", 2025, "培训后就业率"), (65, "%", 2026, "培训后就业率"),
      (70, "%", 2027, "培训后就业率")]),
    # tab-separated, money in 万元, a 单位: label
    ("项目\t2024年\t2025年\n技能提升补贴资金（单位：万元）\t1200\t1500\n认定技能大师工作室（家）\t8\t10\n",
     [(12_000_000, "元", 2024, "技能提升补贴资金"), (15_000_000, "元", 2025, "技能提升补贴资金"),
      (8, "家", 2024, "认定技能大师工作室"), (10, "家", 2025, "认定技能大师工作室")]),
]


@pytest.mark.parametrize(("grid", "expected"), INDICATOR_TABLES, ids=["spaces", "tabs, 万元"])
def test_indicator_table_with_units_in_row_labels(grid, expected):
    text = "某市稳就业三年行动方案\n\n附件\n\n重点指标分年度目标表\n\n" + grid
    found = targets(text)
    assert [(t.value, t.unit, t.deadline_year, t.metric) for t in found] == expected
    assert all(t.scope is None and t.comparator == "=" for t in found)


def test_area_rows_on_one_line_keep_their_area_as_scope():
    text = ("某市技能培训行动方案\n\n附件\n\n各地培训任务分解表\n（单位：人次）\n"
            "地区 2025年 2026年\n东港区 500 600\n岚山区 400 450\n")
    found = targets(text)
    assert [(t.scope, t.deadline_year, t.value, t.unit) for t in found] == [
        ("东港区", 2025, 500, "人次"), ("东港区", 2026, 600, "人次"),
        ("岚山区", 2025, 400, "人次"), ("岚山区", 2026, 450, "人次")]


def test_prose_with_years_and_numbers_is_not_a_table():
    text = PLAN_HEAD + "2025年 2026年 两年间，全市新增就业岗位1.2万个。\n联系电话 0633 8781234\n"
    assert [(t.value, t.unit) for t in targets(text)] == [(12000, "个")]


SCOPES = [
    # (text, [(value, scope)])
    ("各区县至少建成1个县级公共实训基地。", [(1, "各区县")]),
    ("每个乡镇（街道）建成1个以上零工驿站。", [(1, "每个乡镇（街道）")]),
    ("高新区、经开区各建设1个数字技能公共实训基地。", [(1, "高新区、经开区")]),
    ("全年，东港区、岚山区、五莲县、莒县分别完成职业技能培训2万人次、1.5万人次、1.2万人次、1万人次。",
     [(20000, "东港区"), (15000, "岚山区"), (12000, "五莲县"), (10000, "莒县")]),
    ("到2026年，江油市建成县级公共实训基地2个。", [(2, "江油市")]),
    ("聚焦电子信息、生物医药、新材料等领域，建设技能大师工作室10个。",
     [(10, "电子信息、生物医药、新材料等领域")]),
    ("重点面向纺织服装、食品加工等特色产业，每年开展培训不少于2000人次。",
     [(2000, "纺织服装、食品加工等特色产业")]),
    ("市本级每年安排不少于600万元用于技能人才培育。", [(6_000_000, "市本级")]),
    ("到2027年，全市新增技能人才3万人。", [(30000, None)]),
]


@pytest.mark.parametrize(("text", "expected"), SCOPES, ids=[s[0] for s in SCOPES])
def test_scope_from_areas_and_industries_named_in_the_sentence(text, expected):
    assert [(t.value, t.scope) for t in targets(PLAN_HEAD + text)] == expected


@pytest.mark.parametrize(("text", "comparator"), [
    ("各县至少建成1处公共实训基地。", ">="),
    ("高技能人才占比提高到35%。", ">="),
    ("新增培训基地不少于3个。", ">="),
    ("建成10个示范基地。", "="),
], ids=["至少<verb>", "提高到", "不少于", "bare"])
def test_comparator_before_the_verb(text, comparator):
    (t,) = targets(PLAN_HEAD + text)
    assert t.comparator == comparator


@pytest.mark.parametrize(("text", "recurring"), [
    ("年培训企业职工5万人次以上。", True),
    ("年均培养输送技能人才3000人。", True),
    ("全年开展就业技能培训4万人次以上。", False),
    ("每年开展培训不少于1000人次，培训合格率达到90%以上。", None),
], ids=["年培训", "年均培养", "全年 (this year)", "rate beside a yearly quota"])
def test_recurring(text, recurring):
    found = targets(PLAN_HEAD + text)
    if recurring is None:
        assert [t.recurring for t in found] == [True, False]
    else:
        assert [t.recurring for t in found] == [recurring]


def test_deadline_in_a_reply_next_step():
    text = ("孙某委员：\n你提出的提案收悉，现答复如下：\n一、工作开展情况\n2023年，全市培训3万人次。\n"
            "二、下一步工作打算\n2024年计划开展新业态技能培训1.2万人次以上，其中网约配送员不少于3000人次。"
            "力争年内新增省级技能大师工作室2个。\n某市人力资源和社会保障局\n2024年4月2日\n")
    found = registry.run("target", from_text(text))
    assert [(t.value, t.deadline_year) for t in found] == [(12000, 2024), (3000, 2024), (2, 2024)]


def test_respectively_list_shares_its_comparator_and_pairs_its_nouns():
    found = targets(PLAN_HEAD + "全市分别建成3个、2个以上的省级示范性实训基地和市级公共实训基地。")
    assert [(t.value, t.comparator, t.metric) for t in found] == [
        (3, ">=", "省级示范性实训基地"), (2, ">=", "市级公共实训基地")]


@pytest.mark.parametrize("text", [
    "促进政府和市场两个方面的力量协同发力。",
    "推动人才在电子信息、装备制造、新材料等3个产业集群中集聚。",
], ids=["A和B两个…的", "在A、B、C等3个…中"])
def test_a_count_restating_a_described_list_is_not_a_target(text):
    assert targets(PLAN_HEAD + text) == []


def test_a_count_restating_a_list_it_commits_to_is_a_target():
    (t,) = targets(PLAN_HEAD + "建设电子信息、装备制造、新材料等3个产业学院。")
    assert (t.value, t.metric) == (3, "产业学院")


def test_future_modal_after_the_counted_noun_in_a_reply():
    text = ("周某委员：\n你提出的提案收悉，现答复如下：\n一、工作开展情况\n"
            "2022年全市获省赛一等奖5个，其中，3个项目将推荐参加国赛。\n"
            "目前已有30家企业将技能等级与薪酬挂钩。\n某市工业和信息化局\n2023年3月1日\n")
    doc = from_text(text)
    assert [t.value for t in registry.run("target", doc)] == [3]
    assert [a.value for a in registry.run("achievement", doc)] == [5, 30]


WORK_REPORT = (
    "某市人力资源和社会保障局2024年工作总结和2025年工作计划\n"
    "一、2024年工作总结\n"
    "全年城镇新增就业5.6万人，完成年度目标的112%。开展补贴性职业技能培训4.2万人次。\n"
    "二、2025年工作计划\n"
    "全年城镇新增就业5万人以上，城镇调查失业率控制在5.5%以内，开展补贴性职业技能培训4万人次。\n"
)


def test_work_report_then_plan():
    doc = from_text(WORK_REPORT)
    assert [(t.value, t.comparator, t.deadline_year) for t in registry.run("target", doc)] == [
        (50000, ">=", 2025), (5.5, "<=", 2025), (40000, "=", 2025)]
    assert [(a.value, a.year) for a in registry.run("achievement", doc)] == [
        (56000, 2024), (112, 2024), (42000, 2024)]


def test_inline_next_step_turns_the_rest_of_its_paragraph():
    text = ("吴某代表：\n你提出的建议收悉，现答复如下：\n"
            "2023年全市培训农民工1.5万人次。下一步，我局将继续加大培训力度。"
            "全年培训农民工2万人次以上，新建零工市场5个。\n"
            "2024年1—5月，全市新增就业3200人。\n某市人力资源和社会保障局\n2024年6月12日\n")
    doc = from_text(text)
    assert [t.value for t in registry.run("target", doc)] == [20000, 5]
    assert [(a.value, a.year) for a in registry.run("achievement", doc)] == [
        (15000, 2023), (3200, 2024)]


def test_a_set_of_rules_is_not_a_count():
    assert targets(PLAN_HEAD + "形成一套完善的技能人才评价体系。") == []


QUOTA_ONE_LINE = ("附件1\n玉溪市2025年补贴性职业技能培训任务分解表\n（单位：人次）\n县（市、区） 任务数\n"
                  "红塔区 6000 江川区 3000 澄江市 2500 通海县 2000\n")
QUOTA_PER_CELL = ("附件\n2025年度城镇新增就业目标任务分配表\n单位：人\n序号\n县（市、区）\n任务数\n"
                  "平川区\n3500\n会宁县\n2800\n景泰县\n2100\n合计\n8400\n")


@pytest.mark.parametrize(("text", "expected"), [
    (QUOTA_ONE_LINE, [("红塔区", 6000), ("江川区", 3000), ("澄江市", 2500), ("通海县", 2000)]),
    (QUOTA_PER_CELL, [("平川区", 3500), ("会宁县", 2800), ("景泰县", 2100), (None, 8400)]),
], ids=["pairs-on-one-line", "one-cell-per-line"])
def test_a_quota_list_under_a_unit_caption_gives_one_target_per_area(text, expected):
    doc = from_text(text)
    targets = registry.run("target", doc)
    assert [(t.scope, t.value) for t in targets] == expected
    assert {(t.unit, t.deadline_year) for t in targets} == {(text.split("单位：")[1][:2].rstrip("）\n"), 2025)}
    assert all(doc.text[t.start:t.end] == t.text for t in targets)


@pytest.mark.parametrize(("text", "unit", "year", "scopes"), [
    (("附件2\n2025年各县区城镇新增就业目标任务分解表\n县（市、区） 目标任务（人）\n"
      "白银区 3200 平川区 2600 会宁县 1800 合计 7600\n"), "人", 2025,
     ["白银区", "平川区", "会宁县", None]),
    ("附件\n某市就业工作任务分解表\n序号\n县区\n任务数（万人）\n甲县\n1.2\n乙县\n0.8\n合计\n2.0\n",
     "万人", None, ["甲县", "乙县", None]),
], ids=["unit-in-the-header-pairs-on-a-line", "unit-in-the-header-cells-per-line"])
def test_a_quota_lists_unit_may_stand_in_its_header(text, unit, year, scopes):
    doc = from_text(text)
    targets = registry.run("target", doc)
    assert [t.scope for t in targets] == scopes
    assert {(t.unit, t.deadline_year) for t in targets} == {(unit, year)}
    assert all(doc.text[t.start:t.end] == t.text for t in targets)

"""Reports, plan baselines and replies: past or future by the verbs, years of results, counters,
numbers that are neither goals nor results, and 分别 lists of areas.

Each case is our own sentence, in the manner of progress reports, plan openings and replies of
cities other than the corpus's (Jiangxi, Gansu, Hebei, Guangxi, Heilongjiang conventions); none
is taken from a gold set. The patterns they test were reported in general terms from a held-out
evaluation: tense decided by the heading instead of the verbs, report years not carried to
截至6月底/上半年/1-5月, unknown counters (本, 届), ranks/frequencies/shortages/denominators taken
as records, and scopes of 分别 county lists.
"""

import pytest
from policyintel.extractors import registry
from policyintel.ingest import from_text

REPORT = ("{city}人力资源和社会保障局关于{year}年上半年职业技能提升行动实施方案执行情况的报告\n\n"
          "市人民政府：\n现将有关情况报告如下：\n一、{heading}\n{body}\n"
          "二、下半年工作打算\n{plan}\n\n{city}人力资源和社会保障局\n{year}年7月10日\n")
PLAN = ("{city}技能人才队伍建设三年行动方案（{y0}—{y1}年）\n\n{opening}\n一、总体要求\n"
        "（一）主要目标。{goal}\n二、重点任务\n{task}\n")
REPLY = ("王某委员：\n您提出的关于加强技能人才培养的提案收悉，现答复如下：\n{body}\n"
         "下一步，我局将继续加大工作力度。\n某市人力资源和社会保障局\n{date}\n")


def run(text):
    doc = from_text(text)
    return registry.run("target", doc), registry.run("achievement", doc)


def report(body, *, heading="主要工作措施", plan="力争全年完成补贴性培训3万人次以上。",
           city="赣州市", year=2025):
    return run(REPORT.format(city=city, year=year, heading=heading, body=body, plan=plan))


def values(records):
    return [(r.text, r.value) for r in records]


# --- 1. past or future by the verbs, not by the heading -------------------------------------

REPORT_RESULTS = [
    ("截至6月底，全市共开展补贴性职业技能培训1.86万人次，完成年度目标任务的58.1%。",
     "主要工作措施", [("1.86万人次", 18600), ("58.1%", 58.1)]),
    ("上半年全市新增高技能人才2140人，同比增长12.6%。", "工作推进情况",
     [("2140人", 2140), ("12.6%", 12.6)]),
    ("1-5月，全市发放职业培训补贴资金2150万元，惠及企业职工4300人。", "主要成效",
     [("2150万元", 21500000), ("4300人", 4300)]),
    ("新建技能大师工作室6个，开展技能竞赛12场。", "落实情况", [("6个", 6), ("12场", 12)]),
    ("全市还有3个县区培训进度滞后。", "存在的问题", [("3个", 3)]),
]


@pytest.mark.parametrize(("body", "heading", "expected"), REPORT_RESULTS,
                         ids=[c[1] + ":" + c[0][:12] for c in REPORT_RESULTS])
def test_results_in_a_report_section_are_achievements(body, heading, expected):
    targets, achievements = report(body, heading=heading, city="定西市")
    assert values(achievements) == expected
    assert values(targets) == [("3万人次以上", 30000)]  # only the 下半年 goal


@pytest.mark.parametrize(("body", "expected"), [
    ("力争全年完成补贴性培训3.2万人次以上，确保新增高技能人才4000人。",
     [("3.2万人次以上", 32000, 2025), ("4000人", 4000, 2025)]),
    ("计划下半年再举办专题研修班10期。", [("10期", 10, 2025)]),
    ("省下达我市年度目标任务为3.5万人次。", [("3.5万人次", 35000, None)]),
], ids=["lizheng-quebao", "jihua-xiabannian", "mubiao-renwu"])
def test_forward_markers_in_a_report_section_make_targets(body, expected):
    targets, achievements = report(body, plan="继续抓好各项工作。", city="玉林市")
    assert [(t.text, t.value, t.deadline_year) for t in targets] == expected
    assert achievements == []


PLAN_BASELINES = [
    (("近年来，我市技能人才工作取得积极成效。截至2023年底，全市技能人才总量达38.6万人，"
      "其中高技能人才11.2万人。"), [("38.6万人", 2023), ("11.2万人", 2023)]),
    ("目前，全市共有技工院校9所，在校生2.1万人。", [("9所", None), ("2.1万人", None)]),
    ("全市现有国家级技能大师工作室3个、省级技能大师工作室21个。", [("3个", None), ("21个", None)]),
    ("2023年，全市开展补贴性职业技能培训5.6万人次。", [("5.6万人次", 2023)]),
]


@pytest.mark.parametrize(("opening", "expected"), PLAN_BASELINES,
                         ids=[c[0][:10] for c in PLAN_BASELINES])
def test_baselines_at_the_start_of_a_plan_are_achievements(opening, expected):
    targets, achievements = run(PLAN.format(
        city="齐齐哈尔市", y0=2024, y1=2026, opening=opening,
        goal="到2026年，全市新增技能人才6万人。", task="1.建设实训基地。新建公共实训基地3个。"))
    assert [(a.text.lstrip("达"), a.year) for a in achievements] == expected
    assert [(t.value, t.deadline_year) for t in targets] == [(60000, 2026), (3, None)]


# --- 2. years of results ---------------------------------------------------------------------

YEARS = [
    ("截至6月底，全市累计发放技能提升补贴1860万元。", 2025),
    ("上半年，全市共组织职业技能等级认定1.2万人次。", 2025),
    ("1—5月，全市新增取证人员4200人。", 2025),
    ("今年以来，全市举办专场招聘会36场。", 2025),
    ("目前，全市累计建成零工市场15个。", None),
    ("2024年上半年，全市新增技能人才8100人。", 2024),
    ("去年全市培训农民工2.3万人次。", 2024),
]


@pytest.mark.parametrize(("body", "year"), YEARS, ids=[c[0][:10] for c in YEARS])
def test_a_report_gives_its_year_to_its_own_periods(body, year):
    _, achievements = report(body, city="南宁市")
    assert [a.year for a in achievements] == [year]


def test_a_reply_gives_its_year_and_a_heading_year_applies():
    body = ("一、2024年工作开展情况\n全年共培训新就业形态劳动者3200人次。\n"
            "二、今年以来工作情况\n截至5月底，已培训1100人次。\n")
    _, achievements = run(REPLY.format(body=body, date="2025年6月3日"))
    assert [(a.text, a.year) for a in achievements] == [("3200人次", 2024), ("1100人次", 2025)]


# --- 3. counters ----------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "expected"), [
    ("上半年发放职业技能等级证书6320本。", [("6320本", 6320, "本")]),
    ("连续举办两届全市职业技能大赛。", [("两届", 2, "届")]),
    ("组织开展“揭榜挂帅”技术攻关三轮。", [("三轮", 3, "轮")]),
    ("开发培训课程18门，培训学时共计2400学时。", [("18门", 18, "门"), ("2400学时", 2400, "学时")]),
    ("新增实训设备46台套，建成实训场地3200平方米。",
     [("46台套", 46, "台套"), ("3200平方米", 3200, "平方米")]),
    ("覆盖12个乡镇、86个村。", [("12个", 12, "个"), ("86个", 86, "个")]),
], ids=["ben", "jie", "lun", "men-xueshi", "taitao-pingfangmi", "xiang-cun"])
def test_counters(body, expected):
    _, achievements = report(body, city="邢台市")
    assert [(a.text, a.value, a.unit) for a in achievements] == expected


@pytest.mark.parametrize("body", [
    "成功举办首届全市乡村工匠技能大赛。",
    "积极筹备第二届技能人才节。",
    "认真办理市政协六届二次会议第56号提案。",
    "深入学习党的二十届三中全会精神。",
    "对市十届人大三次会议代表建议逐件答复。",
    "贯彻十九届历次全会精神。",
], ids=["shoujie", "dierjie", "zhengxie-session", "zhongquanhui", "renda", "lici"])
def test_a_session_number_is_no_count(body):
    assert report(body, city="邢台市")[1] == []


# --- 4. numbers that are neither goals nor results ----------------------------------------

NOT_RECORDS = [
    "全市职业技能竞赛成绩在全省排名第3位。",
    "技能人才评价工作位居全省前两位。",
    "我市综合考核名列全省前三名。",
    "各县区每季度报送1次培训进度。",
    "市级每半年通报一次工作情况。",
    "全市高技能人才缺口约1.2万人。",
    "企业急需紧缺技工缺口仍在3000人以上。",
    "每个培训机构每年最多承担5个补贴性培训班。",
]


@pytest.mark.parametrize("body", NOT_RECORDS, ids=[b[:12] for b in NOT_RECORDS])
def test_ranks_frequencies_shortages_and_limits_are_no_records(body):
    targets, achievements = report(body, city="景德镇市", plan="继续抓好各项工作。")
    assert (targets, achievements) == ([], [])


@pytest.mark.parametrize(("body", "expected"), [
    ("仍有3个县完成率低于40%。", [("3个", 3)]),
    ("全市68家规上企业中的45家已开展自主评价。", [("45家", 45)]),
    ("在全市17个重点产业中，已有11个建立产业技能人才联盟。", [("11个", 11)]),
    ("覆盖全市32个重点行业中的27个。", [("27个", 27)]),
    ("完成年度目标任务3.2万人次的56.9%。", [("56.9%", 56.9)]),
], ids=["threshold", "zhong-de", "zai-zhong", "fugai-zhong-de", "share-of-target"])
def test_the_class_and_the_threshold_are_context_not_results(body, expected):
    targets, achievements = report(body, city="白银市", plan="继续抓好各项工作。")
    assert targets == []
    assert values(achievements) == expected


# --- 6. 分别 lists of areas ---------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("二、目标任务\n到2026年，渝水区、分宜县、仙女湖区分别完成培训1.2万人次、8000人次、5000人次。",
     [("渝水区", 12000), ("分宜县", 8000), ("仙女湖区", 5000)]),
    ("二、目标任务\n涿州市、定兴县、高新区每年分别不少于6000人次、4000人次、3000人次。",
     [("涿州市", 6000), ("定兴县", 4000), ("高新区", 3000)]),
    ("二、目标任务\n全市新增技能人才2万人，其中，城关区、七里河区分别为8000人、6000人。",
     [(None, 20000), ("城关区", 8000), ("七里河区", 6000)]),
], ids=["three-counties", "per-year", "qizhong-weifenbie"])
def test_respectively_pairs_each_area_with_its_value(text, expected):
    targets, _ = run("某市技能人才培育行动方案\n\n" + text)
    assert [(t.scope, t.value) for t in targets] == expected


def test_respectively_in_a_report_pairs_areas_with_results():
    _, achievements = report("上半年，榆阳区、神木市、府谷县分别完成培训3200人次、2800人次、1900人次。",
                             city="榆林市")
    assert [(a.value, a.year) for a in achievements] == [(3200, 2025), (2800, 2025), (1900, 2025)]


@pytest.mark.parametrize(("text", "expected"), [
    ("二、目标任务\n在经开区、高新区各建设1个数字技能实训基地，单个基地实训工位不少于200个。",
     [("经开区、高新区", 1), (None, 200)]),
    ("二、目标任务\n依托钢铁产业集群、煤化工产业集群，各组建1个产教联合体。",
     [("钢铁产业集群、煤化工产业集群", 1)]),
], ids=["per-base-clause", "list-comma-each"])
def test_a_distributive_list_reaches_its_own_clause(text, expected):
    targets, _ = run("某市技能人才培育行动方案\n\n" + text)
    assert [(t.scope, t.value) for t in targets] == expected


def test_a_period_opening_the_paragraph_dates_its_later_sentences():
    _, achievements = report("上半年，全市共开展补贴性培训1.2万人次。其中，农民工培训5300人次。",
                             city="天水市", year=2024)
    assert [(a.value, a.year) for a in achievements] == [(12000, 2024), (5300, 2024)]


def test_an_undated_plan_reads_years_before_its_period_as_its_baseline():
    targets, achievements = run(PLAN.format(
        city="包头市", y0=2025, y1=2027, opening="为加快技能人才队伍建设，制定本方案。",
        goal="2024年，全市开展职业技能培训4.6万人次。到2027年，全市新增技能人才5万人。",
        task="1.建设实训基地。新建公共实训基地2个。"))
    assert [(a.value, a.year) for a in achievements] == [(46000, 2024)]
    assert [(t.value, t.deadline_year) for t in targets] == [(50000, 2027), (2, None)]


def test_a_share_of_an_assigned_task_is_a_result_not_a_goal():
    _, achievements = report("全年城镇新增就业6.8万人，完成省下达任务的113%。", city="临沂市", year=2024)
    assert [(a.text, a.year) for a in achievements] == [("6.8万人", 2024), ("113%", 2024)]


def test_a_year_in_one_item_does_not_date_the_next():
    body = ("二、下一步工作\n一是扩大培训规模。力争年内再培训新能源汽车产业职工3000人次。"
            "二是推动校企合作。支持每所院校至少与2家龙头企业共建实训基地。")
    targets, _ = run(REPLY.format(body=body, date="2025年7月15日"))
    assert [(t.value, t.deadline_year) for t in targets] == [(3000, 2025), (2, None)]


def test_a_total_over_the_period_is_not_yearly():
    targets, _ = run("某市技能人才培育行动方案\n\n二、重点任务\n"
                     "每年开展补贴性职业技能培训3万人次以上，三年累计培训9万人次。")
    assert [(t.value, t.recurring) for t in targets] == [(30000, True), (90000, False)]


PLAN_TASKS = "某市技能人才培育行动方案\n\n二、重点任务\n"


@pytest.mark.parametrize(("body", "targets_", "achievements_"), [
    ("全市规上工业企业共1260家，力争其中600家以上开展技能人才自主评价。",
     [("600家以上", 600)], [("1260家", 1260)]),
    ("每个培训班学员不超过50人，每名学员最多参加2个工种培训。", [], []),
    ("将缺口较大的20个紧缺工种纳入培训目录。", [("20个", 20)], []),
    ("对获得前3名的选手授予“技术能手”称号。", [], []),
    ("各县区每月10日前报送上月培训进度，市人社局每季度通报1次。", [], []),
], ids=["total-that-exists", "per-class-cap", "shortage-as-modifier", "top-three", "reporting"])
def test_plan_tasks_stocks_rules_and_context(body, targets_, achievements_):
    targets, achievements = run(PLAN_TASKS + body)
    assert (values(targets), values(achievements)) == (targets_, achievements_)


def test_a_web_posted_report_without_a_title_reports():
    text = ("首页 > 政务公开 > 工作动态\n发布时间：2024-07-12 来源：市人社局\n市委、市政府：\n"
            "现将我市上半年职业技能提升行动实施方案落实情况汇报如下：\n一、主要工作措施\n"
            "（一）扎实开展补贴性培训。全市开展补贴性职业技能培训1.12万人次。\n"
            "（二）1-6月，新增技能人才3200人。\n二、下步打算\n力争全年完成培训2.5万人次。\n")
    targets, achievements = run(text)
    assert [(a.value, a.year) for a in achievements] == [(11200, None), (3200, 2024)]
    assert [(t.value, t.deadline_year) for t in targets] == [(25000, 2024)]


@pytest.mark.parametrize(("body", "expected"), [
    ("三年全市培训5万人次，其中，渝水区2万人次、分宜县1.8万人次、仙女湖区1.2万人次。",
     [(None, 50000), ("渝水区", 20000), ("分宜县", 18000), ("仙女湖区", 12000)]),
    ("新建产业园区3个、社区服务站12个。", [(None, 3), (None, 12)]),
], ids=["breakdown-by-county", "not-areas"])
def test_a_breakdown_by_area_takes_the_area_as_scope(body, expected):
    targets, _ = run(PLAN_TASKS + body)
    assert [(t.scope, t.value) for t in targets] == expected


def test_an_undated_summary_takes_its_year_from_its_title_line():
    text = ("某县2024年就业工作总结\n\n一、主要工作措施\n上半年开展各类职业技能培训3800人次。\n"
            "二、2025年工作计划\n城镇新增就业4000人以上。\n")
    targets, achievements = run(text)
    assert [(a.value, a.year) for a in achievements] == [(3800, 2024)]
    assert [(t.value, t.deadline_year) for t in targets] == [(4000, 2025)]


@pytest.mark.parametrize("body", [
    "围绕稳就业，现提出以下四类共20项政策措施。",
    "由市人社局牵头，八部门联合推进，统筹用好两项资金。",
    "为企业提供12项“一站式”服务。",
    "红河州参照省十条措施执行，其余6个县（市）参照执行。",
    "新建职工公寓单套建筑面积不超过120平方米。",
    "每季度调度1次工作进展，每年开展专项督查1次。",
], ids=["parts-of-the-text", "departments-and-funds", "services", "set-of-counties",
        "floor-area-cap", "frequencies"])
def test_counts_of_the_texts_own_parts_and_rules_are_not_targets(body):
    targets, achievements = run(PLAN_TASKS + body + "全年新增城镇就业1.5万人。")
    assert [t.value for t in targets] == [15000]
    assert achievements == []


def test_a_document_number_is_not_a_count():
    text = ("关于印发某市稳就业工作方案的通知\n十人社函〔2024〕3号\n各县（区）人社局：\n"
            "到2025年，全市新增城镇就业1万人。\n")
    targets, _ = run(text)
    assert [(t.value, t.deadline_year) for t in targets] == [(10000, 2025)]


def test_completion_shares_of_the_annual_plan_are_results():
    text = ("某县人力资源和社会保障局2024年上半年工作总结\n\n一、主要工作完成情况\n"
            "上半年，全县城镇新增就业3200人、失业人员再就业860人、就业困难人员就业210人，"
            "分别完成年度计划的64%、57.3%、52.5%。\n二、下半年工作打算\n确保完成年度计划的100%。\n")
    targets, achievements = run(text)
    assert [a.value for a in achievements] == [3200, 860, 210, 64, 57.3, 52.5]
    assert [t.value for t in targets] == [100]


@pytest.mark.parametrize("title", ["某市2024年就业创业工作要点", "某县2024年技能人才培养工作计划"],
                         ids=["key-points", "annual-plan"])
def test_an_annual_plans_previous_year_is_its_baseline(title):
    text = (title + "\n\n2023年，全市城镇新增就业2.1万人，完成年度目标任务的105%。\n"
            "一、主要目标\n城镇新增就业2万人以上，城镇调查失业率控制在5.5%以内。\n")
    targets, achievements = run(text)
    assert [(a.value, a.year) for a in achievements] == [(21000, 2023), (105, 2023)]
    # held-out ruling 12: the title's year is not copied into an annual plan's tasks
    assert [(t.value, t.deadline_year) for t in targets] == [(20000, None), (5.5, None)]


def test_a_since_year_and_a_class_year_date_no_result():
    text = ("张某委员：\n您提出的关于促进青年就业的提案收悉，现答复如下：\n"
            "2021年以来，全市新增城镇就业8.6万人。2023届高校毕业生去向落实率达到93.5%。"
            "我市连续举办两届技能大赛。\n某市人力资源和社会保障局\n2024年6月1日\n")
    _, achievements = run(text)
    assert [(a.value, a.unit, a.year) for a in achievements] == [
        (86000, "人", None), (93.5, "%", None), (2, "届", None)]


@pytest.mark.parametrize("ask", [
    "您提出的“每年培训新型职业农民5万人次”的建议很有针对性。",
    "建议市级每年新增高技能人才1万人。",
    "关于代表提出的新建3个公共实训基地的建议，我局高度重视。",
], ids=["quoted-ask", "ask-restated", "asker-named"])
def test_the_proposers_asks_are_not_records(ask):
    text = ("李某代表：\n您提出的关于加强技能人才培养的建议收悉，现答复如下：\n" + ask
            + "2023年，全市新增技能人才8200人。\n某市人力资源和社会保障局\n2024年6月1日\n")
    targets, achievements = run(text)
    assert targets == []
    assert [(a.value, a.year) for a in achievements] == [(8200, 2023)]


def test_a_replys_undated_stock_takes_no_year_from_the_sentence_before():
    text = ("张某委员：\n您提出的关于技能人才队伍建设的提案收悉，现答复如下：\n"
            "2023年，我市新增技能人才1.6万人。全市共有技能人才21万人，其中高技能人才6.3万人。"
            "全市建有国家级技能大师工作室5个。\n下一步，我局将继续加大工作力度。\n"
            "某市人力资源和社会保障局\n2024年6月1日\n")
    _, achievements = run(text)
    assert [(a.value, a.year) for a in achievements] == [
        (16000, 2023), (210000, None), (63000, None), (5, None)]


@pytest.mark.parametrize("body", [
    "每年至少开展1次全市职业技能竞赛。",
    "每两年举办一次全市职业技能大赛。",
    "每半年对各县区培训情况通报一次。",
], ids=["every-year", "every-two-years", "every-half-year"])
def test_how_often_something_is_done_is_not_a_target(body):
    targets, _ = run(PLAN_TASKS + body + "每年新增技能人才2000人以上。")
    assert [t.value for t in targets] == [2000]


@pytest.mark.parametrize("body", [
    "鼓励吸纳就业困难人员3人以上的企业开展以工代训。",
    "吸纳5名以上高校毕业生就业的小微企业可优先推荐。",
    "参保人数达到5万人的县区，可申请省级试点。",
    "全市11个县（市、区）均要建立零工市场。",
    "按照“1+N”政策体系，出台5个配套文件。",
], ids=["persons-floor-of-a-firm", "floor-before-the-holder", "reached-size-of-a-county",
        "set-of-counties", "policy-documents"])
def test_who_qualifies_and_sets_named_by_a_count_are_not_targets(body):
    targets, _ = run(PLAN_TASKS + body + "建成技能大师工作室10个以上。")
    assert [t.value for t in targets] == [10]


def test_a_count_of_holders_with_a_floor_stays_a_target():
    targets, _ = run(PLAN_TASKS + "建成10个以上的技能大师工作室，培育500人以上的技能人才队伍。")
    assert [t.value for t in targets] == [10, 500]


def test_a_half_year_opening_its_sentence_is_the_reports_year_after_a_dated_one():
    text = ("关于全县稳就业工作情况的报告\n县人大常委会：\n现将有关情况报告如下：\n"
            "2023年度全县共发放就业补助资金560万元。上半年，全县开展职业技能培训1500人次。"
            "1-6月，新增城镇就业2100人。\n某县人民政府\n2024年8月20日\n")
    _, achievements = run(text)
    assert [(a.value, a.year) for a in achievements] == [(5600000, 2023), (1500, 2024), (2100, 2024)]


@pytest.mark.parametrize(("plan", "signed", "expected"), [
    ("下半年，全县新增城镇就业1900人以上。", "2024年7月8日", ([1900], [])),
    ("年底前再组织专场招聘会10场。", "2024年8月20日", ([10], [])),
    ("下半年，全县新增城镇就业1900人。", "2024年12月25日", ([], [1900])),
], ids=["rest-of-year-in-july", "before-year-end", "year-end-report-looks-back"])
def test_the_rest_of_the_year_looks_forward_in_a_report_signed_mid_year(plan, signed, expected):
    text = ("关于全县稳就业工作情况的报告\n县人大常委会：\n现将有关情况报告如下：\n"
            "上半年，全县城镇新增就业2100人。" + plan + "\n某县人民政府\n" + signed + "\n")
    targets, achievements = run(text)
    assert ([t.value for t in targets], [a.value for a in achievements if a.value != 2100]) == expected
    assert all(t.deadline_year == 2024 for t in targets)


def test_last_years_figures_opening_a_dated_plan_are_its_baseline():
    text = ("某市就业创业工作要点\n去年，全市城镇新增就业2.1万人，完成年度目标的105%。\n一、主要目标\n"
            "城镇新增就业2万人以上，力争比去年增长5%。\n\n某市人民政府办公室\n2024年2月1日\n")
    targets, achievements = run(text)
    assert [(a.value, a.year) for a in achievements] == [(21000, 2023), (105, 2023)]
    assert [t.value for t in targets] == [20000, 5]

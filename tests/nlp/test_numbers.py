"""Numeral parsing and quantity finding (nlp.numbers).

Cases are realistic sentences of the genre (plans, measures, replies from several cities), not
only the corpus: Chinese numerals, full-width digits, PDF spaces, ranges, labels and dates.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policyintel.nlp.numbers import find_quantities, find_ratios, money_to_yuan, parse_number


@pytest.mark.parametrize(("numeral", "value"), [
    ("1.5万", 15000), ("三百", 300), ("两千", 2000), ("一千二百三十四", 1234),
    ("10000", 10000), ("6千", 6000), ("十", 10), ("十五", 15), ("二〇二五", 2025),
    ("三万五千", 35000), ("一亿二千万", 120000000), ("1.08万亿", 1.08e12),
    ("一百零五", 105), ("三点五", 3.5), ("２０", 20), ("10,000", 10000),
    ("壹佰", 100), ("萬", 10000), ("3億", 3e8),
], ids=lambda x: str(x))
def test_parse_number(numeral, value):
    assert parse_number(numeral) == pytest.approx(value)


@pytest.mark.parametrize("numeral", ["十四五", "", "abc", "二十三四"], ids=repr)
def test_parse_number_rejects_malformed(numeral):
    assert parse_number(numeral) is None


def test_money_to_yuan():
    assert money_to_yuan(70, "万元") == 700000
    assert money_to_yuan(1.5, "亿元") == 150000000
    assert money_to_yuan(3, "元") == 3


Q = [
    # (sentence, phrase, value, unit, comparator, approx)
    ("组织技能人才培训10000人次以上", "10000人次以上", 10000, "人次", ">=", False),
    ("每年开展培训不少于1000人次", "不少于1000人次", 1000, "人次", ">=", False),
    ("力争培训就业匹配率达80%以上", "达80%以上", 80, "%", ">=", False),
    ("到2030年，全市技能人才总量达到50万人", "达到50万人", 500000, "人", ">=", False),
    ("培训三百人次", "三百人次", 300, "人次", None, False),
    ("新建两个基地", "两个", 2, "个", None, False),
    ("直接参与职工 7.8 万人次", "7.8 万人次", 78000, "人次", None, False),
    ("减免场地等费用223.3万元", "223.3万元", 2233000, "元", None, False),
    ("总投资1.5亿元", "1.5亿元", 150000000, "元", None, False),
    ("覆盖率提高到百分之八十", "百分之八十", 80, "%", None, False),
    ("吸引120余名优秀人才", "120余名", 120, "名", ">", True),
    ("培训人才达2500人左右", "达2500人左右", 2500, "人", ">=", True),
    ("促成近100个校企合作项目", "近100个", 100, "个", None, True),
    ("最高不超过200万元", "最高不超过200万元", 2000000, "元", "<=", False),
    ("整车产量超过3万辆", "超过3万辆", 30000, "辆", ">", False),
    ("毕业人数保持在6千人以上", "6千人以上", 6000, "人", ">=", False),
    ("造船完工量149万载重吨", "149万载重吨", 1490000, "载重吨", None, False),
    ("降低5个百分点", "5个百分点", 5, "个百分点", None, False),
    ("培训人次達到三萬人次", "三萬人次", 30000, "人次", None, False),
    ("用电量超2000万度(含)以上", "超2000万度(含)以上", 20000000, "度", ">=", False),
]


@pytest.mark.parametrize(("sentence", "phrase", "value", "unit", "comparator", "approx"), Q,
                         ids=[q[0] for q in Q])
def test_find_quantities(sentence, phrase, value, unit, comparator, approx):
    found = find_quantities(sentence)
    assert len(found) == 1, found
    q = found[0]
    assert sentence[q.start:q.end] == phrase
    assert q.value == pytest.approx(value)
    assert q.unit == unit
    assert q.comparator == comparator
    assert q.approx == approx


@pytest.mark.parametrize(("sentence", "low", "high", "unit"), [
    ("给予3-5万元补助", 30000, 50000, "元"),
    ("每班10至20人", 10, 20, "人"),
    ("增长10%—20%的", 10, 20, "%"),
    ("三至五个工作日", 3, 5, "个工作日"),
], ids=["3-5万元", "10至20人", "10%—20%", "三至五个工作日"])
def test_ranges(sentence, low, high, unit):
    (q,) = find_quantities(sentence)
    assert (q.low, q.high, q.value, q.unit) == (low, high, high, unit)


@pytest.mark.parametrize("sentence", [
    "达人社函〔2023〕299号", "联系人：王某，15082854111", "联系电话:0818-2122150",
    "2025—2027年", "于每年6月30日前报送", "第14号提案", "“3+3+N”现代产业体系",
    "推进1+X证书制度试点", "现代工5+1产业集群", "“十四五”规划", "市政协五届三次会议",
    "七届49次常务会议", "给予一次性奖励", "2023 年组织", "万源市", "“千名高技能人才培育计划”",
    "走出一条新路", "一批骨干企业", "近三年来", "汽车及零部件", "以上两项单户企业",
    "《进一步稳定和扩大就业十五条政策措施》", "1.深化管办分离培训模式", "20251014",
    "国道350、S401+S307", "2022- 10- 11 11: 31",
], ids=repr)
def test_not_quantities(sentence):
    assert find_quantities(sentence) == []


@pytest.mark.parametrize(("sentence", "value"), [
    ("3000亿级世界动力电池", 3e11), ("千亿级锂电材料产业集群", 1e11), ("新增百亿级企业2家", 1e10),
], ids=["3000亿级", "千亿级", "百亿级"])
def test_scale_labels_flagged(sentence, value):
    q = find_quantities(sentence)[0]
    assert q.is_scale and q.value == value


def test_fractions_percent_and_per():
    (q,) = find_quantities("占全省的1/4")
    assert q.kind == "fraction" and q.value == 0.25
    (q,) = find_quantities("分别给予500万元/个")
    assert q.per == "个" and q.value == 5000000 and q.is_money


def test_ratios():
    found = find_ratios("第一完成人单位1:1、第二完成人单位1：0.5 时间09:39")
    assert [q.value for q in found] == [1.0, 0.5]


def test_offsets_are_absolute_within_window():
    text = "前言。培训10000人次。后记500人"
    (q,) = find_quantities(text, 3, 12)
    assert text[q.start:q.end] == "10000人次"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789一二两十百千万亿年月日个人次元%以上不少于约近余-至,.、（）“”《》第届号+ 培训企业")), max_size=40))
def test_any_text_spans_slice(text):
    for q in find_quantities(text, bare=True):
        assert 0 <= q.start < q.end <= len(text)
        assert q.start <= q.num_start < q.num_end <= q.end


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=10**7))
def test_changing_the_number_changes_the_value(n):
    (q,) = find_quantities(f"全年培训{n}人次以上")
    assert q.value == n


APPROX_BEFORE_MAGNITUDE = [
    # (sentence, phrase, value, unit): 余/多 between the number and its multiplier
    ("现场销售农副产品230余万元", "230余万元", 2_300_000, "元"),
    ("带动周边群众增收3000多万元", "3000多万元", 30_000_000, "元"),
    ("全年培训农民工1.5余万人次", "1.5余万人次", 15000, "人次"),
    ("吸纳就业二十余万人", "二十余万人", 200_000, "人"),
    ("发放补贴近2万元", "近2万元", 20000, "元"),
]


@pytest.mark.parametrize(("sentence", "phrase", "value", "unit"), APPROX_BEFORE_MAGNITUDE,
                         ids=[a[0] for a in APPROX_BEFORE_MAGNITUDE])
def test_approximation_marker_before_the_magnitude(sentence, phrase, value, unit):
    (q,) = find_quantities(sentence)
    assert (sentence[q.start:q.end], q.value, q.unit, q.approx) == (phrase, value, unit, True)


@pytest.mark.parametrize(("sentence", "values"), [
    ("全年认定4.1万人次，其中技师以上860人次", [41000, 860]),
    ("规模以上企业120家", [120]),
    ("以上两项合计300万元", [3000000]),
    ("上述三类人员", []),
], ids=["grade 以上 N", "规模以上 N", "以上两项", "上述三类"])
def test_yishang_before_a_number_is_a_reference_only_when_it_opens_the_clause(sentence, values):
    assert [q.value for q in find_quantities(sentence)] == values


@pytest.mark.parametrize(("sentence", "values"), [
    ("同一人员同一职业只能享受一次补贴", []),
    ("只享受一次", []),
    ("这是制约产业发展的一个短板", []),
    ("每一个人都是主角", []),
    ("新建一个公共实训基地", [1]),
    ("全市建成一个核心示范区、两个特色园区", [1, 2]),
], ids=["同一 只能享受一次", "只享受一次", "的一个", "每一个", "一个 base", "一个, 两个"])
def test_bare_yi_as_an_article(sentence, values):
    assert [q.value for q in find_quantities(sentence)] == values

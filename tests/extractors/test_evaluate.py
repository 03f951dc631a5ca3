"""The gold locator and the matcher of ``policyintel eval``, on small synthetic gold and predictions.

Each test would fail if the matching or locating were wrong: spans are asserted to the character,
scores to the count.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from policyintel.errors import LoadError
from policyintel.extractors.evaluate import (
    GoldRecord,
    QuoteNotFound,
    evaluate,
    fold,
    key_fields_equal,
    locate,
    match,
    normalise_unit,
)
from policyintel.extractors.records import Achievement, Responsibility, Subsidy, Target

# ----------------------------------------------------------------------------- locator


@pytest.mark.parametrize("text, quote, expected", [
    ("2023 年组织 50 家\n企业参与签约", "组织50家企业", "组织 50 家\n企业"),
    ("学生毕业后直接进\n\n入企业就业", "直接进入企业", "直接进\n\n入企业"),
    ("（责任单位：市财政局，市教育局）", "(责任单位:市财政局,市教育局", "（责任单位：市财政局，市教育局"),
    ("(责任单位:市财政局,市教育局)", "（责任单位：市财政局，市教育局", "(责任单位:市财政局,市教育局"),
    ("〔责任单位：市科技局〕", "[责任单位:市科技局]", "〔责任单位：市科技局〕"),
    ("推行“企业—高校双导师制”", '推行"企业-高校双导师制"', "推行“企业—高校双导师制”"),
    ("培训１０００人次以上", "培训1000人次", "培训１０００人次"),
], ids=["spaces-and-newline", "page-break", "full-width-quote", "half-width-quote",
        "tortoise-brackets", "curly-quotes-and-dash", "full-width-digits"])
def test_locate_ignores_whitespace_width_and_punctuation_variants(text, quote, expected):
    start, end = locate(text, quote)
    assert text[start:end] == expected


def test_locate_nth_occurrence_after_anchor_in_a_flattened_table():
    text = "年份\n2025\n2026\n市本级\n350\n350\n300\n1000\n通川区\n500\n500\n400\n1400\n"
    start, end = locate(text, "350", after="市本级", occurrence=2)
    assert (text[start:end], start) == ("350", text.index("350\n300"))
    start, end = locate(text, "500", after="通川区", occurrence=2)
    assert start == text.index("500\n400")
    # the total 1000 is found after the anchor; the "1000" hidden in "10000" would not be
    start, end = locate(text, "1000", after="市本级")
    assert text[start:end] == "1000"


def test_locate_counts_occurrences_from_the_start_including_overlapping_ones():
    text = "每年10000人次，其中1000人次"
    assert locate(text, "1000", occurrence=1) == (2, 6)       # the prefix of 10000
    assert locate(text, "1000", occurrence=2) == (12, 16)
    text = "300300300"
    assert locate(text, "300300", occurrence=2) == (3, 9)      # overlaps the first


@pytest.mark.parametrize("quote, kwargs", [
    ("培训20000人次", {}),
    ("350", {"occurrence": 3}),
    ("350", {"after": "渠县"}),
    ("", {}),
], ids=["absent", "too-few-occurrences", "absent-anchor", "empty"])
def test_locate_raises_when_not_found(quote, kwargs):
    with pytest.raises(QuoteNotFound):
        locate("市本级 350 350 300", quote, **kwargs)


def test_locate_maps_expanding_normalisation_back_to_one_source_character():
    text = "面积100㎡，补助…5万元"          # NFKC: ㎡ → m2, … → ...
    start, end = locate(text, "100m2")
    assert text[start:end] == "100㎡"
    start, end = locate(text, "...5万元")
    assert text[start:end] == "…5万元"


@given(st.text(alphabet="市局培训人次以上万元0123456789、，,（）() \n", min_size=1, max_size=60),
       st.data())
def test_located_span_always_folds_to_the_quote(text, data):
    if not fold(text):
        return
    i = data.draw(st.integers(0, len(text) - 1))
    j = data.draw(st.integers(i + 1, len(text)))
    quote = text[i:j]
    if not fold(quote):
        return
    start, end = locate(text, quote)
    assert fold(text[start:end]) == fold(quote)
    leading_space = len(quote) - len(quote.lstrip())
    assert start <= i + leading_space          # the first occurrence, never a later one


# ----------------------------------------------------------------------------- key fields


@pytest.mark.parametrize("gold_unit, pred_unit, same", [
    ("元", "万元", True), ("元", "亿元", True), ("人次", "人次", True), ("%", "％", True),
    ("人", "人次", False), ("个", "家", False), (None, "", True), (None, "个", False),
], ids=["wan-yuan", "yi-yuan", "same", "full-width-percent", "ren-vs-renci", "ge-vs-jia",
        "none-vs-empty", "none-vs-ge"])
def test_unit_normalisation(gold_unit, pred_unit, same):
    assert (normalise_unit(gold_unit) == normalise_unit(pred_unit)) is same


@pytest.mark.parametrize("kind, gold, pred, same", [
    ("target", {"value": 10000, "unit": "人次"}, {"value": 10000.000001, "unit": "人次"}, True),
    ("target", {"value": 10000, "unit": "人次"}, {"value": 10100, "unit": "人次"}, False),
    ("target", {"value": 10000, "unit": "人次"}, {"value": 10000, "unit": "人"}, False),
    ("achievement", {"value": 2233000, "unit": "元"}, {"value": 2233000.0, "unit": "万元"}, True),
    ("subsidy", {"amount_yuan": 700000, "ratio": None}, {"amount_yuan": 700000.0, "ratio": None}, True),
    ("subsidy", {"amount_yuan": 5000000, "ratio": 0.5}, {"amount_yuan": 5000000, "ratio": None}, False),
    ("subsidy", {"amount_yuan": None, "ratio": 0.5}, {"amount_yuan": None, "ratio": 0.5}, True),
    ("subsidy", {"amount_yuan": None, "ratio": 0.5}, {"amount_yuan": 0, "ratio": 0.5}, False),
], ids=["value-within-tolerance", "value-off-by-1pct", "unit-differs", "money-unit",
        "amount-equal", "ratio-missing", "pure-ratio", "null-vs-zero-amount"])
def test_key_fields(kind, gold, pred, same):
    assert key_fields_equal(kind, gold, {"kind": kind, **pred}) is same


def _resp(lead, partners, **canon):
    return Responsibility(start=0, end=5, text="责任单位:", lead_units=tuple(lead),
                          partner_units=tuple(partners), **canon)


def test_responsibility_compares_unit_sets_after_bracket_and_width_folding():
    gold = {"lead_units": ["市人力资源社会保障局"], "partner_units": ["市财政局", "各县(区)政府"]}
    assert key_fields_equal("responsibility", gold,
                            _resp(["市人力资源社会保障局"], ["各县（区）政府", "市财政局"]))
    # lead and partner swapped: not the same assignment
    assert not key_fields_equal("responsibility", gold,
                                _resp(["市财政局"], ["市人力资源社会保障局", "各县(区)政府"]))
    # a partner missing
    assert not key_fields_equal("responsibility", gold, _resp(["市人力资源社会保障局"], ["市财政局"]))


def test_responsibility_uses_canonical_names_when_an_alias_function_is_given():
    aliases = {"市人社局": "市人力资源社会保障局", "市经信局": "市经济和信息化局"}
    def canonical(name):
        return aliases.get(name, name)

    gold = {"lead_units": ["市人力资源社会保障局"], "partner_units": ["市经济和信息化局"]}
    pred = _resp(["市人社局"], ["市经信局"])
    assert not key_fields_equal("responsibility", gold, pred, canonical=None)
    assert key_fields_equal("responsibility", gold, pred, canonical=canonical)
    # the record's own canonical fields are used when present
    pred = _resp(["X"], ["Y"], lead_units_canonical=("市人力资源社会保障局",),
                 partner_units_canonical=("市经济和信息化局",))
    assert key_fields_equal("responsibility", gold, pred, canonical=canonical)


# ----------------------------------------------------------------------------- matcher


def _gold(kind, start, end, **fields):
    return GoldRecord(kind, start, end, "q", fields, "gold.jsonl", 1)


def _target(start, end, value, unit="个"):
    return Target(start=start, end=end, text="x" * (end - start), value=value, unit=unit)


def test_match_counts_true_false_positives_and_negatives():
    gold = [_gold("target", 10, 16, value=10, unit="个"),
            _gold("target", 30, 36, value=100, unit="名"),
            _gold("achievement", 50, 56, value=2443, unit="人")]
    preds = [_target(8, 20, 10),                    # overlaps, same keys: TP
             _target(30, 36, 1000, "名"),           # overlaps, wrong value: FP + FN
             Achievement(start=70, end=75, text="xxxxx", value=2443, unit="人")]  # no overlap
    pairs, missed, extra = match(gold, preds)
    assert [(g.start, p.start) for g, p in pairs] == [(10, 8)]
    assert [g.start for g in missed] == [30, 50]
    assert [p.start for p in extra] == [30, 70]


def test_match_needs_the_same_kind():
    gold = [_gold("target", 0, 5, value=3, unit="个")]
    preds = [Achievement(start=0, end=5, text="xxxxx", value=3, unit="个")]
    pairs, missed, extra = match(gold, preds)
    assert (len(pairs), len(missed), len(extra)) == (0, 1, 1)


def test_match_is_one_to_one():
    # two gold records with equal keys side by side (分别给予10万元、10万元)
    gold = [_gold("subsidy", 0, 4, amount_yuan=100000, ratio=None),
            _gold("subsidy", 5, 9, amount_yuan=100000, ratio=None)]
    one = [Subsidy(start=0, end=9, text="x" * 9, amount_yuan=100000)]
    pairs, missed, extra = match(gold, one)
    assert (len(pairs), len(missed), len(extra)) == (1, 1, 0)
    two = [Subsidy(start=0, end=9, text="x" * 9, amount_yuan=100000, recipient="甲"),
           Subsidy(start=0, end=9, text="x" * 9, amount_yuan=100000, recipient="乙")]
    pairs, missed, extra = match(gold, two)
    assert (len(pairs), len(missed), len(extra)) == (2, 0, 0)


def test_match_takes_the_closest_span_first():
    # g2 lies inside g1 (a cell inside a quoted row). A sits exactly on g2, B only on g1's tail.
    # Taking "the first overlapping gold" for A would steal g1 and leave B and g2 unmatched.
    gold = [_gold("target", 0, 10, value=300, unit="人次"),
            _gold("target", 4, 8, value=300, unit="人次")]
    preds = [_target(4, 8, 300, "人次"), _target(8, 10, 300, "人次")]
    pairs, missed, extra = match(gold, preds)
    assert sorted((g.start, p.start) for g, p in pairs) == [(0, 8), (4, 4)]
    assert not missed and not extra


def test_match_accepts_a_prediction_inside_the_gold_span():
    gold = [_gold("subsidy", 10, 40, amount_yuan=5000000, ratio=0.5)]
    preds = [Subsidy(start=30, end=36, text="x" * 6, amount_yuan=5000000, ratio=0.5, is_cap=True)]
    pairs, _, _ = match(gold, preds)
    assert len(pairs) == 1


# ----------------------------------------------------------------------------- evaluate


DOC = ("一、总体目标\n到2027年，培训10000人次以上，建设10个技能大师工作室。\n"
       "对新获批国家级、省级技能大师工作室的单位，分别给予70万元、40万元的一次性奖励。\n")


def _write_gold(tmp_path: Path, lines: list[dict]) -> tuple[Path, Path]:
    corpus, gold = tmp_path / "corpus" / "testcity", tmp_path / "gold" / "testcity"
    corpus.mkdir(parents=True)
    gold.mkdir(parents=True)
    (corpus / "plan.txt").write_text(DOC, encoding="utf-8")
    (gold / "plan.jsonl").write_text(
        "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n", encoding="utf-8")
    return tmp_path / "gold", tmp_path / "corpus"


TARGET = {"metric": None, "comparator": ">=", "deadline_year": 2027, "scope": None, "recurring": False}
SUBSIDY = {"is_cap": False, "per": None, "form": "一次性奖励", "recipient": None}


def test_evaluate_scores_per_kind_and_reports_errors(tmp_path):
    gold_dir, corpus = _write_gold(tmp_path, [
        {"kind": "target", "quote": "培训10000人次以上", "value": 10000, "unit": "人次", **TARGET},
        {"kind": "target", "quote": "建设10个", "value": 10, "unit": "个", **TARGET},
        {"kind": "subsidy", "quote": "70万元", "amount_yuan": 700000, "ratio": None,
         "level": "国家级", **SUBSIDY},
        {"kind": "subsidy", "quote": "40万元", "amount_yuan": 400000, "ratio": None,
         "level": "省级", **SUBSIDY},
    ])

    def fake_extract(doc):
        t = doc.text
        s = t.index("10000人次")
        yield doc.record(Target, s, s + 7, value=10000, unit="人次", comparator=">=",
                         deadline_year=2026)                      # TP, wrong deadline
        s = t.index("10个")
        yield doc.record(Target, s, s + 3, value=1, unit="个")    # FP + FN
        s = t.index("70万元")
        yield doc.record(Subsidy, s, s + 4, amount_yuan=700000, level="省级")  # TP, wrong level
        yield Subsidy(start=0, end=3, text="不对的", amount_yuan=1)  # ungrounded, FP

    report = evaluate(gold_dir, corpus, extract=lambda d: list(fake_extract(d)))
    assert report.documents == 1
    t, s = report.scores["target"], report.scores["subsidy"]
    assert (t.tp, t.fp, t.fn) == (1, 1, 1)
    assert (s.tp, s.fp, s.fn) == (1, 1, 1)
    assert report.overall.tp == 2 and report.overall.f1 == pytest.approx(0.5)
    assert report.scores["responsibility"].f1 == 0.0
    assert len(report.ungrounded) == 1 and report.ungrounded[0]["text"] == "不对的"
    assert report.secondary["target"]["deadline_year"] == [0, 1]
    assert report.secondary["target"]["comparator"] == [1, 1]
    assert report.secondary["subsidy"]["level"] == [0, 1]
    assert {e["quote"] for e in report.false_negatives} == {"建设10个", "40万元"}
    fn = next(e for e in report.false_negatives if e["quote"] == "建设10个")
    assert fn["near"][0]["value"] == 1                  # the near miss is shown for debugging
    data = report.to_dict()
    assert data["kinds"]["target"]["precision"] == 0.5


def test_evaluate_restricted_to_one_kind(tmp_path):
    gold_dir, corpus = _write_gold(tmp_path, [
        {"kind": "target", "quote": "建设10个", "value": 10, "unit": "个", **TARGET},
        {"kind": "subsidy", "quote": "70万元", "amount_yuan": 700000, "ratio": None,
         "level": "国家级", **SUBSIDY},
    ])
    report = evaluate(gold_dir, corpus, kinds=["subsidy"], extract=lambda d: [])
    assert report.kinds == ("subsidy",)
    assert report.overall.fn == 1


@pytest.mark.parametrize("line, reason", [
    ({"kind": "target", "quote": "培训10000人次"}, "lacks value"),
    ({"kind": "goal", "quote": "培训"}, "unknown kind"),
    ({"kind": "subsidy", "quote": "90万元", "amount_yuan": 900000, "ratio": None, "level": None,
      **SUBSIDY}, "not found"),
], ids=["missing-fields", "unknown-kind", "quote-not-in-document"])
def test_bad_gold_is_reported_with_file_and_line(tmp_path, line, reason):
    gold_dir, corpus = _write_gold(tmp_path, [line])
    with pytest.raises(LoadError) as e:
        evaluate(gold_dir, corpus, extract=lambda d: [])
    assert reason in str(e.value) and "line 1" in str(e.value) and "plan.jsonl" in str(e.value)


def test_an_empty_gold_directory_is_an_error_not_a_perfect_score(tmp_path):
    with pytest.raises(LoadError, match="no gold files"):
        evaluate(tmp_path, tmp_path, extract=lambda d: [])

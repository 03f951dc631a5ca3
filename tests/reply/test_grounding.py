"""The number guard: every number of a draft sentence is in a quote the sentence cites."""

from __future__ import annotations

import pytest
from policyintel.errors import InternalError
from policyintel.reply.grounding import names_in, numbers_in, rewrite_is_safe, source_numbers


@pytest.mark.parametrize(("text", "expected"), [
    ("2022年，全市新增企业新型学徒2443人。", {"2022", "2443"}),
    ("累计直接参与职工7.8万人次。", {"7.8"}),
    ("已申报了一个国家级，成立了5个省级工作室。", {"1", "5"}),
    ("培训人次达２３０人。", {"230"}),
    ("一是推进集团化办学；（二）优化专业设置。", set()),
], ids=["year-and-count", "decimal-wan", "chinese-numeral-with-unit", "full-width", "enumerators"])
def test_numbers_in(text, expected):
    assert numbers_in(text) == expected


def test_value_forms_of_a_quote_match():
    # A sentence may write 7.8万 where the quote has 78000, or the other way round.
    assert {"7.8", "78000"} <= source_numbers(["直接参与职工7.8万人次"])
    assert numbers_in("成立了五个省级工作室") <= source_numbers(["成立了5个省级工作室"])


def test_names_in():
    assert names_in("出台《优化民营企业职称评审服务若干措施》，打造“巴渠工匠”品牌") == {
        "优化民营企业职称评审服务若干措施", "巴渠工匠"}


@pytest.mark.parametrize(("rewrite", "ok"), [
    ("我市2022年新增企业新型学徒2443人。", True),
    ("2022年，全市新增企业新型学徒2500人。", False),
    ("2022年，全市新增企业新型学徒2443人，同比增长15%。", False),
    ("2022年，全市依托“金蓝领”计划新增企业新型学徒2443人。", False),
    ("全市新增企业新型学徒2443人。", False),
    ("", False),
], ids=["reworded", "changed-number", "added-number", "added-name", "dropped-year", "empty"])
def test_rewrite_is_safe(rewrite, ok):
    original = "2022年，全市新增企业新型学徒2443人。"
    assert rewrite_is_safe(original, rewrite, [original]) is ok


def test_an_invented_number_fails_loudly(fold_draft):
    from dataclasses import replace

    from policyintel.reply.draft import Sentence
    from policyintel.reply.grounding import assert_grounded, check_draft

    _, _, draft = fold_draft("达州")
    assert check_draft(draft) == []
    i = next(i for i, p in enumerate(draft.paragraphs) if p.role == "body")
    para = draft.paragraphs[i]
    bad = replace(para, sentences=[Sentence(para.sentences[0].text + "新增培训基地3个。",
                                            para.sentences[0].citations), *para.sentences[1:]])
    forged = replace(draft, paragraphs=[*draft.paragraphs[:i], bad, *draft.paragraphs[i + 1:]])
    problems = check_draft(forged)
    assert [p.number for p in problems] == ["3"]
    with pytest.raises(InternalError, match="no cited source"):
        assert_grounded(forged)

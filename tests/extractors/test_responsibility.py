"""Responsibility records: labelled unit lists, conventions declared once, explicit roles.

The rules were developed on seed 001 (Dazhou 2025 action plan) and seed 004 (Yibin 2022
implementation plan); the Yibin 2022 youth-employment excerpt, the Dazhou 2021 task-division
excerpt and the phrasings of other cities below only evaluate them.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policyintel.extractors.records import Responsibility
from policyintel.extractors.responsibility import extract, find_conventions
from policyintel.ingest.parse import from_text, read
from policyintel.nlp.units import canonical

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
CONVENTION = "（逗号前为牵头单位，下同）"


def _records(text: str) -> list[Responsibility]:
    doc = from_text(text)
    records = list(extract(doc))
    for r in records:
        assert doc.text[r.start:r.end] == r.text
    return records


def _fold(text: str) -> str:
    """Width-folded text: the cleaner may write （，for (, next to CJK."""
    return unicodedata.normalize("NFKC", text)


def _roles(r: Responsibility) -> tuple[list[str], list[str]]:
    return list(r.lead_units_canonical), list(r.partner_units_canonical)


@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("1.完善公共实训体系。〔责任单位：市人社局，市财政局、各县（市、区）人民政府（管委会）〕" + CONVENTION,
         ["市人力资源社会保障局"], ["市财政局", "各县（市、区）人民政府（管委会）"]),
        ("（二）强化校企合作。(责任单位:市教体局、市发改委,市财政局)" + CONVENTION,
         ["市教育体育局", "市发展改革委"], ["市财政局"]),
        ("（二）强化校企合作。（责任单位：市教育体育局，市财政局）" + CONVENTION,
         ["市教育体育局"], ["市财政局"]),
        ("（二）强化校企合作。【责任单位：市教育体育局，市财政局】" + CONVENTION,
         ["市教育体育局"], ["市财政局"]),
        ("建设川南人才服务平台。\n责任单位:市人力资源社会保障局、三江新区管委会,市财政局\n" + CONVENTION,
         ["市人力资源社会保障局", "三江新区管委会"], ["市财政局"]),
        ("报宜宾市领导小组审议后按程序实施。〔责任单位:三江新区管委会、各县(区)政府、市科技局\n"
         "（五）发挥国有企业的引领作用。" + CONVENTION,
         [], ["三江新区管委会", "各县（区）人民政府", "市科技局"]),
    ],
    ids=["hexagonal-brackets", "ascii-parens", "full-width-parens", "lenticular-brackets",
         "trailing-line", "unbalanced-bracket-no-comma"],
)
def test_bracket_styles_with_comma_convention(text: str, leads: list[str],
                                              partners: list[str]) -> None:
    (rec,) = _records(text)
    assert _roles(rec) == (leads, partners)


def test_yibin_convention_inside_first_item_then_applied() -> None:
    text = (
        "（一）统筹产教融合与经济社会同步发展。构建新格局。(责任单位:市发展改革委、市自然资源规划局、"
        "市经济和信息化局。逗号前为牵头单位,未明确牵头单位的,各责任单位分工负责,下同)\n"
        "（二）打造1个核心示范区。(责任单位:市委人才和大学城工作局、三江新区管委会,市教育体育局、市科技局)\n")
    first, second = _records(text)
    assert first.lead_units == ()
    assert list(first.partner_units) == ["市发展改革委", "市自然资源规划局", "市经济和信息化局"]
    assert "逗号" not in first.text and "下同" not in first.text
    assert list(second.lead_units) == ["市委人才和大学城工作局", "三江新区管委会"]
    assert list(second.partner_units) == ["市教育体育局", "市科技局"]


def test_dazhou_nested_bracket_unit_and_separate_convention_bracket() -> None:
    text = ("1.深化管办分离培训模式。力争培训就业匹配率达80%以上。〔责任单位:市人力资源社会保障局,"
            "市级各行业主管部门、各县(市、区,含达州高新区、达州东部经开区,下同)人民政府(管委会)"
            "(逗号前为牵头单位,下同)〕\n"
            "2.构建动态需求响应机制。〔责任单位:市人力资源社会保障局,市财政局〕\n")
    first, second = _records(text)
    assert list(first.lead_units) == ["市人力资源社会保障局"]
    assert first.partner_units[0] == "市级各行业主管部门"
    assert _fold(first.partner_units[1]).startswith("各县(市、区,含达州高新区")
    assert first.partner_units_canonical[1] == "各县（市、区）人民政府（管委会）"
    assert _fold(first.text).endswith("人民政府(管委会)")
    assert _roles(second) == (["市人力资源社会保障局"], ["市财政局"])


@pytest.mark.parametrize(
    ("text", "partners"),
    [
        ("（一）加强培训。（责任单位：市人社局，市财政局\n、市教育局）" + CONVENTION,
         ["市财政局", "市教育局"]),
        ("（一）加强培训。（责任单位：市人社局，市财政局、\n市教育局）" + CONVENTION,
         ["市财政局", "市教育局"]),
        ("（一）加强培训。〔责任单位：市人社局，市财政局\n（二）下一项。" + CONVENTION,
         ["市财政局"]),
    ],
    ids=["break-inside-bracket", "break-after-separator", "unclosed-bracket-stops-at-next-item"],
)
def test_list_broken_across_lines(text: str, partners: list[str]) -> None:
    rec = _records(text)[0]
    assert _roles(rec) == (["市人力资源社会保障局"], partners)


def test_convention_stated_after_the_list_in_a_closing_note_applies() -> None:
    text = ("（一）加强培训。（责任单位：市人社局，市财政局）\n"
            "注：责任单位中逗号前为牵头单位。\n")
    (rec,) = _records(text)
    assert _roles(rec) == (["市人力资源社会保障局"], ["市财政局"])


@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("（一）加强培训。（责任单位：市人社局，市财政局）",
         [], ["市人力资源社会保障局", "市财政局"]),
        ("（一）加强培训。（责任单位：市人社局）", [], ["市人力资源社会保障局"]),
        (("1.建设重要经济中心。\n责任领导：丁应虎、张俊懿、唐志坤、张 杰\n"
         "责任单位：市发展改革委、市经信局；市教育局、市科技局等，各县(市、区)、达州高新区\n"),
         ["市发展改革委", "市经济和信息化局"],
         ["市教育局", "市科技局", "各县（市、区）", "达州高新区"]),
    ],
    ids=["no-convention-comma-no-lead", "no-convention-single-unit",
         "semicolon-groups-leaders-ignored"],
)
def test_without_declared_convention(text: str, leads: list[str], partners: list[str]) -> None:
    (rec,) = _records(text)
    assert _roles(rec) == (leads, partners)
    assert "丁应虎" not in rec.text


@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("（一）加强培训。（牵头单位：市人社局；配合单位：市财政局、市教育局）",
         ["市人力资源社会保障局"], ["市财政局", "市教育局"]),
        ("（一）加强培训。\n牵头单位：市发改委\n", ["市发展改革委"], []),
        ("（一）加强培训。（牵头单位：市人社局；责任单位：市财政局、各县（市、区）政府）",
         ["市人力资源社会保障局"], ["市财政局", "各县（市、区）人民政府"]),
        ("（三）优化审批。（市发展改革委牵头，市财政局、市人社局配合）",
         ["市发展改革委"], ["市财政局", "市人力资源社会保障局"]),
        ("（三）优化审批。（市行政审批局牵头）", ["市行政审批局"], []),
        ("各项任务排在第一位的为牵头单位。\n（一）加强培训。（责任单位：市人社局、市财政局、市教育局）",
         ["市人力资源社会保障局"], ["市财政局", "市教育局"]),
        ("分号前为牵头单位。\n（一）加强培训。（责任单位：市人社局、市财政局；市教育局，各县政府）",
         ["市人力资源社会保障局", "市财政局"], ["市教育局", "各县人民政府"]),
        ("（一）加强培训。（责任单位：市发改委（牵头）、市财政局、市人社局）" + CONVENTION,
         ["市发展改革委"], ["市财政局", "市人力资源社会保障局"]),
        ("（二）优化服务。\n责任单位：各县（市、区）政府，市级有关部门按职责分工负责\n",
         [], ["各县（市、区）人民政府", "市级有关部门"]),
    ],
    ids=["lead-then-partner-labels", "lead-label-only", "lead-then-generic-label",
         "explicit-qiantou-peihe", "explicit-qiantou-only", "first-unit-convention",
         "semicolon-convention", "qiantou-mark-on-item-beats-convention",
         "trailing-role-phrase-trimmed"],
)
def test_explicit_roles_and_other_conventions(text: str, leads: list[str],
                                              partners: list[str]) -> None:
    (rec,) = _records(text)
    assert _roles(rec) == (leads, partners)


@pytest.mark.parametrize(
    "text",
    [
        "由人力资源社会保障部门牵头，相关行业主管部门协同参与，开展需求调查。",
        "思路明确了牵头单位和责任单位。",
        "各牵头单位要主动作为，认真履行牵头抓总职责。",
        "主办单位:达州市经济合作和外事局\n备案证号:蜀ICP备2021010430号",
        "责任领导：丁应虎、张俊懿\n",
        "（由市委组织部负责选派后备干部）",
    ],
    ids=["prose-qiantou", "prose-labels-no-colon", "prose-lead-units", "website-footer",
         "leaders-only", "prose-in-brackets"],
)
def test_not_responsibility(text: str) -> None:
    assert _records(text) == []


# ------------------------------------------------------------------ role word after the list
# Written for the suffix style of Guangdong and Fujian plans (…（A、B负责）), other bracket
# shapes, traditional reposts and a closing sentence ``由A负责。``; none comes from the gold sets.
@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("3.推进技工院校扩容提质。（市人力资源社会保障局、市教育局，各镇人民政府负责）",
         [], ["市人力资源社会保障局", "市教育局", "各镇人民政府"]),
        ("（五）做好退役军人技能培训。（市退役军人事务局负责）", [], ["市退役军人事务局"]),
        ("（五）做好退役军人技能培训。(市退役軍人事務局、市財政局負責)",
         [], ["市退役军人事务局", "市财政局"]),
        ("完善职业技能等级认定机制。（由市人社局、市国资委负责）",
         [], ["市人力资源社会保障局", "市国资委"]),
        ("推进产教融合实训基地建设。〔泉州市发改委、泉州市教育局按职责分工负责〕",
         [], ["泉州市发展改革委", "泉州市教育局"]),
        ("推进产教融合实训基地建设。【市工信局、鲤城区人民政府、丰泽区人民政府共同负责】",
         [], ["市工业和信息化局", "鲤城区人民政府", "丰泽区人民政府"]),
        ("开展企业新型学徒制培训。（市人社局负责，市总工会、市工商联配合）",
         ["市人力资源社会保障局"], ["市总工会", "市工商联"]),
        ("开展企业新型学徒制培训。（市人社局牵头负责）", ["市人力资源社会保障局"], []),
        ("开展企业新型学徒制培训，每年培训3000人次。由市人社局、市财政局负责。",
         [], ["市人力资源社会保障局", "市财政局"]),
        ("开展企业新型学徒制培训。\n由市人社局牵头负责。\n",
         ["市人力资源社会保障局"], []),
        ("（八）加强高技能人才激励。（南海区人力资源社会保障局、顺德区人社局负责）",
         [], ["南海区人力资源社会保障局", "顺德区人力资源社会保障局"]),
    ],
    ids=["suffix-comma-no-convention", "suffix-single-unit", "suffix-traditional-halfwidth",
         "you-prefix", "hexagonal-fengong-fuze", "lenticular-gongtong-fuze",
         "fuze-then-peihe-leads", "qiantou-fuze", "closing-sentence-you-fuze",
         "closing-line-qiantou-fuze", "district-prefixed-units"],
)
def test_role_word_after_the_list(text: str, leads: list[str], partners: list[str]) -> None:
    (rec,) = _records(text)
    assert _roles(rec) == (leads, partners)
    assert "负责" not in rec.text or "配合" in text


@pytest.mark.parametrize(
    "text",
    [
        "（所需经费由企业负责）",
        "（具体由各学校负责）",
        "由人力资源社会保障部门负责。",
        "市委组织部负责选派后备干部，市人社局负责组织培训。",
        "（三）强化资金保障。市财政局负责统筹安排专项资金。",
        "（市人社局负责解释）",
    ],
    ids=["cost-borne-by-firms", "you-inside-item", "department-type-not-named",
         "prose-fuze-with-object", "prose-fuze-in-task", "fuze-with-object-in-bracket"],
)
def test_role_word_prose_is_not_an_assignment(text: str) -> None:
    assert _records(text) == []


# ------------------------------------------------------------------ label variants
@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("（一）加强培训。【牵头单位】市人社局【配合单位】市财政局、市教育局",
         ["市人力资源社会保障局"], ["市财政局", "市教育局"]),
        ("（一）加强培训。\n[责任单位]市人社局、市财政局\n（二）下一项。",
         [], ["市人力资源社会保障局", "市财政局"]),
        ("（一）加强培训。（责任单位（部门）：市人社局、市财政局）",
         [], ["市人力资源社会保障局", "市财政局"]),
        ("（一）加强培训。\n主责单位：市人社局；协同单位：市财政局、市工信局\n",
         ["市人力资源社会保障局"], ["市财政局", "市工业和信息化局"]),
        ("（一）加强培训。\n牵头部门：市人社局\n参与单位：市财政局、各县（市、区）人民政府\n",
         ["市人力资源社会保障局"], ["市财政局", "各县（市、区）人民政府"]),
        ("（一）加强培训。（实施单位：市人社局、市教育局）", [], ["市人力资源社会保障局", "市教育局"]),
        ("（一）加强培训。（责任部门：市人社局、市教育局）", [], ["市人力资源社会保障局", "市教育局"]),
        ("（一）加强培训。\n牵头单位：市人社局\n责任单位：市财政局、各区县政府\n",
         ["市人力资源社会保障局"], ["市财政局", "各区县人民政府"]),
        ("（一）加强培训。\n责任单位：市人社局 市财政局 市教育局\n",
         [], ["市人力资源社会保障局", "市财政局", "市教育局"]),
        ("（一）加强培训。【责任单位】市人社局、市总工会；【完成时限】2025年12月底",
         [], ["市人力资源社会保障局", "市总工会"]),
        ("（一）加强培训。（责任单位：市人社局、市财政局；完成时限：2025年底）",
         [], ["市人力资源社会保障局", "市财政局"]),
    ],
    ids=["lenticular-labels-no-colon", "square-label-line", "label-with-bumen-annotation",
         "zhuze-xietong-one-line", "lead-line-then-partner-line", "shishi-danwei", "zeren-bumen",
         "lead-line-then-generic-line", "space-separated-units", "lenticular-deadline-field-cut",
         "deadline-field-cut"],
)
def test_label_variants(text: str, leads: list[str], partners: list[str]) -> None:
    (rec,) = _records(text)
    assert _roles(rec) == (leads, partners)


# ------------------------------------------------------------------ lead, then partners by duty
@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("（四）开展技能培训。（盟人社局牵头，盟财政局、盟教育局，各旗县人民政府按职责分工负责）",
         ["盟人力资源社会保障局"], ["盟财政局", "盟教育局", "各旗县人民政府"]),
        ("（四）开展技能培训。（市人社局牵头，市财政局、市工信局等按照职责分工负责）",
         ["市人力资源社会保障局"], ["市财政局", "市工业和信息化局"]),
        ("推进技工院校建设。（区教育局牵头，区财政局、区住建局各负其责）",
         ["区教育局"], ["区财政局", "区住房城乡建设局"]),
        ("推进技工院校建设。(县人社局牵头,县财政局依职责做好相关工作)",
         ["县人力资源社会保障局"], ["县财政局"]),
        ("推进技工院校建设。\n由州人社局牵头，州发展改革委、州财政局按职责抓好落实。\n",
         ["州人力资源社会保障局"], ["州发展改革委", "州财政局"]),
        ("（二）推进培训。（市人社局（牵头）、市财政局、市教育局）",
         ["市人力资源社会保障局"], ["市财政局", "市教育局"]),
        ("（二）推进培训，建设实训基地。\n区人社局（牵头）、区财政局、区教育局\n（三）下一项。",
         ["区人力资源社会保障局"], ["区财政局", "区教育局"]),
    ],
    ids=["meng-banner-fengong-fuze", "anzhao-zhize-deng", "gefu-qize", "halfwidth-zuohao-gongzuo",
         "closing-line-zhuahao-luoshi", "qiantou-mark-in-bracket", "qiantou-mark-line"],
)
def test_lead_then_partners_by_duty(text: str, leads: list[str], partners: list[str]) -> None:
    (rec,) = _records(text)
    assert _roles(rec) == (leads, partners)
    assert "职责" not in rec.text and "负责" not in rec.text


def test_qiantou_mark_in_prose_is_no_list() -> None:
    assert _records("（二）市人社局（牵头）组织开展职业技能培训。") == []


# ------------------------------------------------------------------ task-division tables
_TAB_TABLE = ("附件\n重点任务分工表\n序号\t重点任务\t牵头单位\t配合单位\t完成时限\n"
              "1\t建设市级公共实训基地\t市人社局\t市财政局、市发展改革委\t2025年底\n"
              "2\t开展企业新型学徒制培训\t市人社局\t市总工会\t长期坚持\n"
              "3\t推进技工院校扩容\t市教育局\t\t2026年6月\n")
_CELL_TABLE = ("附件\n职业技能提升行动任务分解表\n序号\n工作任务\n牵头单位\n配合单位\n时间节点\n"
               "1\n健全技能人才评价体系\n市人社局\n市国资委、市工信局\n2024年12月\n"
               "2\n举办全市职业技能大赛\n市总工会\n2025年\n"
               "3\n落实职业培训补贴政策\n市财政局\n市人社局、各县（市、区）人民政府\n持续推进\n"
               "\n柳州市人民政府办公室\n2024年3月1日\n")
_PIPE_TABLE = ("工作任务 | 责任单位 | 时间节点\n|---|---|---|\n"
               "| 完善培训补贴政策 | 市人社局、市财政局 | 2024年 |\n"
               "| 打造高技能人才培训基地 | 市人社局，市发展改革委 | 2025年 |\n"
               "（注：责任单位中逗号前为牵头单位。）")
_TWO_LEVEL = ("序号  主要任务  责任单位  完成时限\n牵头单位  配合单位\n"
              "1  培育乡村工匠  州农业农村局  州人社局、州乡村振兴局  2023年\n"
              "2  建设技能大师工作室  州人社局  州财政局  2024年\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_TAB_TABLE, [(["市人力资源社会保障局"], ["市财政局", "市发展改革委"]),
                      (["市人力资源社会保障局"], ["市总工会"]),
                      (["市教育局"], [])]),
        (_CELL_TABLE, [(["市人力资源社会保障局"], ["市国资委", "市工业和信息化局"]),
                       (["市总工会"], []),
                       (["市财政局"], ["市人力资源社会保障局", "各县（市、区）人民政府"])]),
        (_PIPE_TABLE, [([], ["市人力资源社会保障局", "市财政局"]),
                       (["市人力资源社会保障局"], ["市发展改革委"])]),
        (_TWO_LEVEL, [(["州农业农村局"], ["州人力资源社会保障局", "州乡村振兴局"]),
                      (["州人力资源社会保障局"], ["州财政局"])]),
    ],
    ids=["tab-separated-rows", "one-cell-per-line-blank-cell-lost-signature-after",
         "markdown-single-column-comma-convention", "two-level-header-space-separated"],
)
def test_task_division_table_rows(text: str, expected: list[tuple[list[str], list[str]]]) -> None:
    records = _records(text)
    assert [_roles(r) for r in records] == expected
    for r in records:  # the span runs from the row's first unit cell to its last
        assert r.text.startswith(r.lead_units[0] if r.lead_units else r.partner_units[0])
        assert r.text.endswith((r.partner_units or r.lead_units)[-1])
        assert not any(ch.isdigit() for ch in r.text)


_ZEREN_PEIHE = ("序号\t重点任务\t责任单位\t配合单位\t完成时限\n"
                "1\t建设技能大师工作室\t市人社局\t市财政局\t2025年\n"
                "2\t推进校企合作\t市教育局\t市工信局、市国资委\t2026年\n")
_ZHUTI = ("附件\n重点任务清单\n序号\n任务名称\n责任主体\n完成时限\n"
          "1\n开展企业职工岗位技能提升培训\n市人社局、市总工会\n每年12月底\n"
          "2\n建设高技能人才培训基地\n市人社局（牵头）、市财政局\n2023—2025年\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (_ZEREN_PEIHE, [(["市人力资源社会保障局"], ["市财政局"]),
                        (["市教育局"], ["市工业和信息化局", "市国资委"])]),
        (_ZHUTI, [([], ["市人力资源社会保障局", "市总工会"]),
                  (["市人力资源社会保障局"], ["市财政局"])]),
    ],
    ids=["zeren-beside-peihe-leads-task-like-unit-name", "zeren-zhuti-column-role-mark"],
)
def test_task_division_table_other_columns(text: str,
                                           expected: list[tuple[list[str], list[str]]]) -> None:
    assert [_roles(r) for r in _records(text)] == expected


@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("（二）加强资金保障。（责任单位：市财政局；配合单位：市人社局）",
         ["市财政局"], ["市人力资源社会保障局"]),
        ("（一）加强培训。（责任单位：市人社局、市财政局，各县市区政府按职责分工负责）",
         [], ["市人力资源社会保障局", "市财政局", "各县市区人民政府"]),
        ("（一）加强培训。\n牵头单位：市人社局 配合单位：市财政局、市教育局\n",
         ["市人力资源社会保障局"], ["市财政局", "市教育局"]),
        ("（二）开展培训。\n责任单位：州人社局牵头，州财政局，各县市人民政府按职责分工负责\n",
         ["州人力资源社会保障局"], ["州财政局", "各县市人民政府"]),
    ],
    ids=["zeren-then-peihe-label", "label-list-closed-by-duty-phrase-one-record",
         "lead-and-partner-labels-space-separated", "label-line-with-qiantou-and-duty-phrase"],
)
def test_labelled_lists_round_two(text: str, leads: list[str], partners: list[str]) -> None:
    (rec,) = _records(text)
    assert _roles(rec) == (leads, partners)


def test_table_header_words_in_prose_are_no_table() -> None:
    text = ("各牵头单位和配合单位要加强协作。\n牵头单位\n要切实履行职责，定期调度进展。\n"
            "市人民政府办公室\n2024年1月2日\n")
    assert _records(text) == []


def test_find_conventions_kinds() -> None:
    text = "逗号前为牵头单位，下同。排在第一位的为牵头单位。分号前的单位为牵头单位。"
    assert [c.kind for c in find_conventions(text)] == ["comma", "first", "semicolon"]


def test_traditional_characters_after_conversion() -> None:
    # The converter turns 責任單位 into 责任单位 before extraction; the simplified text is what we see.
    (rec,) = _records("（一）加強培訓。（责任单位：市人社局，市财政局）（逗号前为牵头单位，下同）")
    assert _roles(rec) == (["市人力资源社会保障局"], ["市财政局"])


# ------------------------------------------------------------------ seeds
def test_seed_001_dazhou_task_one() -> None:
    doc = read(CORPUS / "dazhou" / "2025-zhizaoye-jineng-rencai-sannian-gongjian-xingdong-fangan.txt")
    records = list(extract(doc))
    assert len(records) == 12
    first = records[0]
    assert first.lead_units_canonical == ("市人力资源社会保障局",)
    assert first.partner_units_canonical == ("市级各行业主管部门", "各县（市、区）人民政府（管委会）")
    assert canonical(first.partner_units[1]) == "各县（市、区）人民政府（管委会）"
    assert all(doc.text[r.start:r.end] == r.text for r in records)
    assert all("逗号" not in r.text for r in records)


def test_seed_004_yibin_first_item_no_lead_and_glued_units() -> None:
    doc = read(CORPUS / "yibin" / "2022-chanjiao-ronghe-shifanshi-shishi-fangan.txt")
    records = list(extract(doc))
    assert len(records) == 20
    assert records[0].lead_units == () and len(records[0].partner_units) == 8
    glued = [r for r in records if "市教育体育局市财政局" in r.text]
    assert len(glued) == 1 and glued[0].lead_units == ()
    assert len(glued[0].partner_units) == 7
    assert all(r.lead_units for r in records if "," in _fold(r.text))


# ------------------------------------------------------------------ properties
_PARAGRAPHS = [
    "1.完善公共实训体系。〔责任单位:市人力资源社会保障局,市财政局、各县(市、区)人民政府(管委会)〕",
    "(责任单位:市发展改革委、市自然资源规划局。逗号前为牵头单位,未明确牵头单位的,各责任单位分工负责,下同)",
    "责任单位:市人力资源社会保障局、三江新区管委会、各县(区)政府,市发展改革委、市委网信办",
    "（市发展改革委牵头，市财政局、市人社局配合）",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_never_raises_and_records_are_grounded(text: str) -> None:
    _records(text)


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(_PARAGRAPHS), st.lists(st.tuples(st.integers(0, 200),
                                                          st.sampled_from(["del", "dup", "swap"])),
                                                max_size=6))
def test_mutated_paragraphs_never_raise(paragraph: str, edits: list[tuple[int, str]]) -> None:
    chars = list(paragraph)
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


# ------------------------------------------------------------------ round three: 分工 labels
# Written for plans that head the unit list with a division label (责任分工, 任务分工, 分工 …) or
# with a label the vocabulary does not know: the label is never part of a unit name.
@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("（二）开展技能培训。责任分工：市人社局牵头，市财政局、市教育局配合；完成时限：2025年底前。",
         ["市人力资源社会保障局"], ["市财政局", "市教育局"]),
        ("1.强化就业服务。责任分工：市人社局、市财政局按职责分工负责。",
         [], ["市人力资源社会保障局", "市财政局"]),
        ("2.完善扶持政策。分工：市发展改革委牵头，市财政局及市人社局配合",
         ["市发展改革委"], ["市财政局", "市人力资源社会保障局"]),
        ("（任务分工：曲靖市人社局牵头，曲靖市财政局和曲靖市教育体育局配合）",
         ["曲靖市人力资源社会保障局"], ["曲靖市财政局", "曲靖市教育体育局"]),
        ("职责分工：各县（市、区）人民政府、市人社局按职责分工负责",
         [], ["各县（市、区）人民政府", "市人力资源社会保障局"]),
        ("3.推进创业担保贷款。牵头领导：张三；责任分工：市人社局牵头，市财政局以及市税务局配合。",
         ["市人力资源社会保障局"], ["市财政局", "市税务局"]),
        ("4.开展招聘活动。主办单位：市人社局；协办单位：市财政局、市总工会",
         ["市人力资源社会保障局"], ["市财政局", "市总工会"]),
        ("5.优化服务。推进方式：市人社局牵头，市医保局配合；完成时限：2026年6月底前。",
         ["市人力资源社会保障局"], ["市医疗保障局"]),
        ("6.落实补贴。（工作安排：市财政局牵头，市人社局配合）",
         ["市财政局"], ["市人力资源社会保障局"]),
    ],
    ids=["zeren-fengong-lead-partners-deadline", "zeren-fengong-by-duty", "bare-fengong-ji",
         "renwu-fengong-he-prefecture", "zhize-fengong-nested-bracket", "after-leader-line-yiji",
         "zhuban-xieban", "unknown-label-line", "unknown-label-bracket"],
)
def test_division_and_unknown_labels(text: str, leads: list[str], partners: list[str]) -> None:
    recs = _records(text)
    assert len(recs) == 1
    assert (list(recs[0].lead_units_canonical), list(recs[0].partner_units_canonical)) == (leads, partners)
    assert not any("：" in u or ":" in u for u in recs[0].lead_units + recs[0].partner_units)


@pytest.mark.parametrize(
    ("text", "leads", "partners"),
    [
        ("（牵头落实单位：市人社局；协助配合部门：市财政局、市税务局）",
         ["市人力资源社会保障局"], ["市财政局", "市税务局"]),
        ("5.加强监管。（责任部门及单位：市市场监管局、各县（市、区）人民政府）",
         [], ["市市场监管局", "各县（市、区）人民政府"]),
    ],
    ids=["unknown-lead-and-partner-labels", "unknown-any-label"],
)
def test_labels_built_like_known_ones(text: str, leads: list[str], partners: list[str]) -> None:
    recs = _records(text)
    assert len(recs) == 1
    assert (list(recs[0].lead_units_canonical), list(recs[0].partner_units_canonical)) == (leads, partners)


@pytest.mark.parametrize(
    "text",
    ["各县（市、区）人民政府，市直各部门：现将《实施方案》印发给你们，请认真贯彻执行。",
     "发文单位：市人民政府办公室\n成文日期：2024年3月1日",
     "申报单位：各有关企业、市属院校"],
    ids=["salutation", "metadata-issuer", "applicants"],
)
def test_unknown_labels_that_head_no_assignment(text: str) -> None:
    assert _records(text) == []

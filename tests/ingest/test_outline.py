"""Outline and sentences: headings from Chinese numbering, their spans, and section paths.

Developed on the seed documents; the synthetic cases are realistic plan and regulation layouts
from other cities (第X章/第X条, levels skipped, circled numbers, attachments).
"""

from __future__ import annotations

import pytest
from policyintel.corpus_files import CORPUS_DIR
from policyintel.ingest import from_text, read
from policyintel.ingest.outline import build_outline, iter_sections
from policyintel.ingest.sentences import split_sentences

DAZHOU_PLAN = CORPUS_DIR / "dazhou" / "2025-zhizaoye-jineng-rencai-sannian-gongjian-xingdong-fangan.txt"
SUINING_REPLY = CORPUS_DIR / "suining" / "2025-szfb-zhengxie-14hao-tian-dafu.txt"


def _paths(text: str) -> list[tuple[int, str]]:
    return [(s.level, s.heading) for s in iter_sections(build_outline(text))]


def test_seed_action_plan_task_sits_under_its_plan_and_task_group():
    doc = read(DAZHOU_PLAN)
    at = doc.text.index("建设10个示范性技能大师工作室")
    assert doc.section_path(at) == ("二、主要任务", "（二）实施平台赋能计划", "5.发挥技能大师工作室引领作用")
    # the notice and the plan title before the first heading are in no section
    assert doc.section_path(doc.text.index("现印发给你们")) == ()
    # the attachment table is its own top-level section, not part of 三、工作要求
    assert doc.section_path(doc.text.index("市本级")) == ("附件",)


def test_seed_reply_headings_keep_their_markers_and_drop_markdown_marks():
    doc = read(SUINING_REPLY)
    top = [s.heading for s in doc.outline]
    assert top == ["一、工作开展情况", "二、下步工作打算"]
    assert [s.heading for s in doc.outline[1].children][-1] == "（四）持续优化民营企业人才服务与产才融合环境"
    at = doc.text.index("直接进入企业就业")
    assert doc.section_path(at) == ("一、工作开展情况", "（一）双向通道建设初见成效")


LAYOUTS = [
    ("一、总体要求\n（一）指导思想。以习近平新时代中国特色社会主义思想为指导。\n1.加强组织领导。各地要高度重视。\n（1）建立工作专班。\n①明确责任分工。",
     [(1, "一、总体要求"), (2, "（一）指导思想"), (3, "1.加强组织领导"), (4, "（1）建立工作专班"), (5, "①明确责任分工")]),
    ("一、重点任务\n1．实施技能提升行动。每年培训1万人次。\n2、开展职业技能竞赛。\n二、保障措施",
     [(1, "一、重点任务"), (2, "1．实施技能提升行动"), (2, "2、开展职业技能竞赛"), (1, "二、保障措施")]),
    ("第一章 总则\n第一条 为规范专项资金管理，制定本办法。\n第二条 本办法所称专项资金，是指市级财政安排的资金。\n第二章 支持范围\n第三条 支持下列事项：",
     [(1, "第一章 总则"), (2, "第一条"), (2, "第二条"), (1, "第二章 支持范围"), (2, "第三条")]),
    ("（一）加强人才储备\n近三年引进人才120余名。\n（二）加强队伍建设",
     [(1, "（一）加强人才储备"), (1, "（二）加强队伍建设")]),
]


@pytest.mark.parametrize("text,expected", LAYOUTS, ids=["five levels", "skipped level", "chapters and articles", "paren only"])
def test_levels_follow_the_numbering(text, expected):
    assert _paths(text) == expected


NOT_HEADINGS = [
    "2022年，全市新增企业新型学徒2443人。",
    "一是明确发展方向。二是健全工作机制。",
    "2.5亿元用于支持锂电产业基金。",
    "10000",
    "2.产教融合品牌和平台创建任务分工表.docx",
    "进展情况：①举办产业高峰论坛。②推进项目落户。",
]


@pytest.mark.parametrize("line", NOT_HEADINGS, ids=NOT_HEADINGS)
def test_dates_amounts_inline_enumerations_and_files_are_not_headings(line):
    assert build_outline("一、总体要求\n" + line)[0].children == ()


def test_a_long_heading_sentence_is_cut_at_its_first_comma():
    text = ("（一）支持新引进锂电项目，对符合我市锂电产业发展规划、在我市落户新建，"
            "且当年固定资产投入达到3000万元以上的重点工业项目给予奖励")
    assert _paths(text) == [(1, "（一）支持新引进锂电项目")]


def test_section_spans_nest_and_end_at_the_next_sibling():
    text = "一、甲\n（一）乙\n内容。\n（二）丙\n内容。\n二、丁\n内容。"
    first, second = build_outline(text)
    assert first.end == second.start == text.index("二、丁")
    a, b = first.children
    assert a.end == b.start and b.end == first.end
    assert second.end == len(text)


def test_sentences_split_at_stops_and_lines_and_keep_closing_marks():
    text = "他说：“完成了。”下一句！\n一、总体目标\n第三句；第四句"
    got = [s.text for s in split_sentences(text)]
    assert got == ["他说：“完成了。”", "下一句！", "一、总体目标", "第三句；", "第四句"]


def test_every_record_lookup_gets_the_sentence_of_a_seed_offset():
    doc = read(DAZHOU_PLAN)
    at = doc.text.index("每年开展培训不少于1000人次")
    s = doc.sentence_at(at)
    assert s is not None and s.text.startswith("整合企业实践师资") and s.text.endswith("1000人次。")


def test_from_text_documents_have_an_outline():
    doc = from_text("一、总体目标\n到2027年培训1万人次。")
    assert doc.section_path(8) == ("一、总体目标",)

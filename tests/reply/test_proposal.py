"""Reading proposals: header fields and asks, on the three fold inputs and on other forms."""

from __future__ import annotations

from pathlib import Path

import pytest
from policyintel.reply.proposal import find_session, proposal_from_text, read_proposal

PROPOSALS = Path(__file__).resolve().parent / "proposals"


def test_suining_proposal_fields_and_asks():
    p = read_proposal(PROPOSALS / "suining-14.txt")
    assert p.title.text == "关于推动先进制造业产业链和人才链高效衔接有效融合的建议"
    assert p.number.text == "14"
    assert p.session_name == "市政协八届五次会议"
    assert p.proposer.text == "王建全" and not p.is_organisation
    assert [a.topic for a in p.asks] == [
        "畅通校企人才双向流动通道", "提升产业吸引力和职业认同感", "加强供需信息支撑和匹配能力",
        "优化民营企业人才服务和产才融合载体建设"]
    assert "订单班" in p.asks[0].measures and "现代产业学院" in p.asks[0].measures
    assert {"职称评审", "技能大师工作室", "创业孵化基地"} <= set(p.asks[3].measures)
    for span in (p.title, p.number, p.session, p.proposer):
        assert p.text[span.start:span.end] == span.text
    for a in p.asks:
        assert p.text[a.start:a.end] == a.text


def test_organisation_proposer_without_number():
    p = read_proposal(PROPOSALS / "nantong-gongshanglian.txt")
    assert p.proposer.text == "南通市工商联" and p.is_organisation
    assert p.number is None
    assert p.title.text == "关于深度推进产才融合的提案"
    assert p.session_name == "市政协十三届二次会议"
    assert len(p.asks) == 6
    assert "新型学徒制" in p.asks[3].measures


def test_dazhou_paren_items():
    p = read_proposal(PROPOSALS / "dazhou-384.txt")
    assert p.number.text == "384" and p.session_name == "市政协五届三次会议"
    assert [a.marker for a in p.asks] == ["（一）", "（二）", "（三）", "（四）", "（五）", "（六）"]
    assert p.asks[4].measures == ("技能大师工作室", "高技能人才培训基地")
    assert "巴渠工匠" in p.asks[5].keywords


INLINE = """关于加快发展银发经济的建议
提案人：李明（民进）
第56号
我市老龄化程度加深，养老服务供给不足。为此建议：一是完善社区养老服务设施，推进嵌入式养老服务中心建设；二是加强养老护理员职业技能培训，落实职业技能等级认定；三是支持发展老年用品产业。"""


def test_inline_yishi_asks_and_bracketed_party():
    p = proposal_from_text(INLINE)
    assert p.title.text == "关于加快发展银发经济的建议"
    assert p.proposer.text == "李明"
    assert p.number.text == "56"
    assert [a.marker for a in p.asks] == ["一是", "二是", "三是"]
    assert p.asks[1].topic == "加强养老护理员职业技能培训"
    assert "技能等级认定" in p.asks[1].measures


NPC = """市十六届人大三次会议
建议编号：0231
领衔代表：张红
标题：关于支持中小企业开展新型学徒制培训的建议
建议：
（1）扩大企业新型学徒制补贴范围。
（2）鼓励技工院校与企业共建实训基地。"""


def test_npc_suggestion_with_numbered_label():
    p = proposal_from_text(NPC)
    assert p.body == "建议"
    assert p.session_name == "市十六届人大三次会议"
    assert p.number.text == "0231"
    assert p.proposer.text == "张红"
    assert [a.topic for a in p.asks] == ["扩大企业新型学徒制补贴范围", "鼓励技工院校与企业共建实训基地"]


@pytest.mark.parametrize(("text", "name"), [
    ("政协遂宁市第八届委员会第五次会议", "市政协八届五次会议"),
    ("市政协十三届二次会议", "市政协十三届二次会议"),
    ("政协第十五届第二次会议", "市政协十五届二次会议"),
    ("达州市第五届人民代表大会第三次会议", "市五届人大三次会议"),
], ids=["full-form", "short-form", "no-city", "npc"])
def test_session_names(text, name):
    assert find_session(text)[1] == name


def test_no_enumerated_asks_gives_one_ask():
    p = proposal_from_text("关于加强公共实训基地建设的建议\n建议：加快建设市级公共实训基地，向中小企业开放。")
    assert len(p.asks) == 1 and p.asks[0].measures == ("公共实训基地",)


@pytest.mark.parametrize("number", ["2025", "7.85", "１２３４", "1,200"])
@pytest.mark.parametrize("at", range(25, 31))
def test_a_topic_never_cuts_a_number_in_two(number, at):
    # The draft quotes the topic under the ask's citation, and its guard finds every number of
    # the topic among the ask's: a cut inside 2025 would leave 202, which no source holds.
    from policyintel.reply.grounding import numbers_in, source_numbers

    text = "关于加强技能人才培养的建议\n一、" + "加" * at + number + "名技能人才的培养。\n二、完善补贴。"
    ask = proposal_from_text(text).asks[0]
    assert numbers_in(ask.topic) <= source_numbers([ask.text])
    assert len(ask.topic) <= 30

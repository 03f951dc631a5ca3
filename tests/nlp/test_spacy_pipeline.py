"""The jieba-segmented spaCy pipeline and the shipped token patterns, on policy sentences.

Sentences are in the style of the genre; the first two are from the corpus (Dazhou 2025 plan,
Yibin 2022 plan), the others are written in other cities' phrasing and only evaluate the
patterns.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from policyintel.errors import ConfigError
from policyintel.nlp.spacy_pipeline import (
    TokenMatch,
    TokenPatterns,
    default_patterns,
    read_pattern_file,
    zh_pipeline,
)

SENTENCES = [
    "对新获批国家级、省级技能大师工作室的单位，分别给予70万元、40万元的一次性奖励。",
    "全面推行企业新型学徒制，深化1+X证书制度试点。",
    "到2027年，新建省级及以上高技能人才培训基地3个。",
    "对首次认定的国家级专精特新“小巨人”企业给予一次性奖励50万元。",
    "新增“专精特新”中小企业20户以上，市级以上数字化车间10个。",
    "县（市、区）级财政按1:1比例配套，所需资金\n由同级财政保障。",
    "  南通市 2023年 新增首席技师 15名  ",
]


@pytest.mark.parametrize("text", SENTENCES, ids=[s[:12] for s in SENTENCES])
def test_tokens_cover_the_text_exactly(text):
    doc = zh_pipeline()(text)
    assert doc.text == text
    assert "".join(t.text_with_ws for t in doc) == text
    for token in doc:
        assert text[token.idx:token.idx + len(token.text)] == token.text


def test_pipeline_is_cached_and_has_no_components():
    assert zh_pipeline() is zh_pipeline()
    assert zh_pipeline().pipe_names == []


def test_domain_dictionary_keeps_programme_names_whole():
    words = [t.text for t in zh_pipeline()("实施双导师制，培育产教融合型企业")]
    assert "双导师制" in words
    assert "产教融合型企业" in words


CASES = [
    (SENTENCES[0], [("LEVEL", "国家级", "国家级"), ("LEVEL", "省级", "省级"),
                    ("PROGRAMME", "技能大师工作室", "技能大师工作室")]),
    (SENTENCES[1], [("PROGRAMME", "企业新型学徒制", "企业新型学徒制"),
                    ("PROGRAMME", "1+X证书", "1+X证书")]),
    (SENTENCES[2], [("LEVEL_AT_LEAST", "省级及以上", "省级"),
                    ("PROGRAMME", "高技能人才培训基地", "高技能人才培训基地")]),
    (SENTENCES[3], [("LEVEL", "国家级", "国家级"),
                    ("PROGRAMME", "专精特新“小巨人”企业", "专精特新小巨人企业")]),
    (SENTENCES[4], [("PROGRAMME", "“专精特新”中小企业", "专精特新中小企业"),
                    ("LEVEL_AT_LEAST", "市级以上", "市级"),
                    ("PROGRAMME", "数字化车间", "数字化车间")]),
    (SENTENCES[5], [("LEVEL", "县（市、区）级", "县级")]),
    ("推行1＋x证书制度，开展职业技能等级认定。",
     [("PROGRAMME", "1＋x证书", "1+X证书"), ("PROGRAMME", "职业技能等级认定", "职业技能等级认定")]),
    ("加快技工院校建设，提高就业质量。", []),
]


@pytest.mark.parametrize("text,expected", CASES, ids=[c[0][:12] for c in CASES])
def test_default_patterns_find_levels_and_programmes(text, expected):
    found = default_patterns().find(text)
    assert [(m.label, m.text, m.id) for m in found] == expected
    for m in found:
        assert text[m.start:m.end] == m.text


def test_custom_token_patterns_longest_match_wins():
    patterns = TokenPatterns([
        {"label": "MONEY", "pattern": [{"LIKE_NUM": True}, {"TEXT": {"IN": ["万元", "亿元", "元"]}}]},
        {"label": "CAP", "pattern": [{"TEXT": "最高"}, {"LIKE_NUM": True},
                                      {"TEXT": {"IN": ["万元", "亿元", "元"]}}]},
    ])
    text = "按设备投资额的10%给予补助，最高500万元。"
    start = text.index("最高")
    assert patterns.find(text) == [TokenMatch("CAP", start, start + 7, "最高500万元")]
    # Its own pipeline: the shared one stays without components.
    assert patterns.nlp is not zh_pipeline()
    assert zh_pipeline().pipe_names == []


def test_pattern_file_errors_are_config_errors(tmp_path):
    bad = tmp_path / "p.tsv"
    bad.write_text("# header\nLEVEL\t国家级\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="line 2"):
        read_pattern_file(bad)
    bad.write_text("LEVEL\t\t[{\"TEXT\": \n", encoding="utf-8")
    with pytest.raises(ConfigError, match="bad JSON"):
        read_pattern_file(bad)
    with pytest.raises(ConfigError):
        TokenPatterns([])
    with pytest.raises(ConfigError):
        TokenPatterns.from_file(tmp_path / "missing.tsv")


def test_importing_the_module_does_not_import_spacy():
    code = ("import sys, policyintel.nlp.spacy_pipeline; "
            "print('spacy' in sys.modules, 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_building_the_pipeline_is_silent():
    code = ("from policyintel.nlp.spacy_pipeline import default_patterns; "
            "default_patterns().find('国家级技能大师工作室')")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout == "" and out.stderr == ""

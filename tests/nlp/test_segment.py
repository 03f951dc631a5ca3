"""nlp.segment: the shared jieba tokenizer with the policy-domain dictionary."""

import pytest
from policyintel.nlp import segment


@pytest.mark.parametrize("text, whole", [
    ("对新获批国家级技能大师工作室的单位给予奖励", "技能大师工作室"),
    ("推进1+X证书制度试点", "1+X证书"),
    ("认定一批产教融合型企业", "产教融合型企业"),
    ("全面推行新型学徒制培训", "新型学徒制"),
    ("实行校企双导师制", "双导师制"),
    ("建设现代产业学院和公共实训基地", "现代产业学院"),
], ids=["大师工作室", "1+X", "产教融合型企业", "新型学徒制", "双导师制", "产业学院"])
def test_domain_words_stay_whole(text, whole):
    assert whole in segment.cut(text)


def test_search_mode_yields_the_words_inside():
    tokens = segment.cut_for_search("支持建设技能大师工作室")
    for word in ("技能大师工作室", "大师", "工作室", "技能"):
        assert word in tokens


def test_punctuation_is_not_a_word():
    assert segment.cut("（一）加强组织领导。") == ["一", "加强", "组织", "领导"]


def test_tokenizer_is_cached_and_private():
    import jieba

    tok = segment.tokenizer()
    assert tok is segment.tokenizer()
    assert tok is not jieba.dt


def test_userdict_comments_are_skipped():
    words = [w for w, _, _ in segment.read_userdict()]
    assert "技能大师工作室" in words
    assert not any(w.startswith("#") for w in words)


def test_chars_are_letters_and_digits_only():
    assert list(segment.iter_chars("1+X证书，")) == ["1", "X", "证", "书"]

"""Properties that hold for any input: cleaning keeps every Chinese character that is not web
chrome, the offset map points at the characters it claims, and every outline and sentence span
slices the text it claims."""

from __future__ import annotations

import re
from array import array
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st
from policyintel.ingest import from_text
from policyintel.ingest.clean import clean

# Characters of the genre, with the risky ones over-represented: markers, brackets, digits that
# can form dates and document numbers, width variants, spaces, newlines.
ALPHABET = st.sampled_from(
    list("一二三四五六七八九十年月日号第条章市县区局委关于通知的方案") +
    list("。，、；：！？（）()〔〕“”\"《》,.:;%％０１２3456789０１") +
    list("0123456789") + [" ", "\u3000", "\u00a0", "\n", "\n\n", "#", "## "] +
    ["\n首页>政策文件\n", "\n打印\n", "\n时间:2024-01-05 09:30\n", "\n附件：", "\n政策级别:\n",
     "人民政府办公室\n", "\n20221011\n", "〔2017", "95号"]
)
TEXTS = st.lists(ALPHABET, max_size=120).map("".join)
CJK = re.compile(r"[\u4e00-\u9fff]")
FOLD = str.maketrans("，：；！？（）“”。", ",:;!?()\"\".")
WIDE = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)} | {"％": "%", "．": "."}


def _fold(ch: str) -> str:
    return WIDE.get(ch, ch).translate(FOLD)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cleaning_loses_no_chinese_character(raw):
    cleaned = clean(raw)
    dropped = "".join(r.before for r in cleaned.repairs if r.kind == "web_junk")
    inserted = "".join(ch for ch, o in zip(cleaned.text, cleaned.offsets, strict=True) if o < 0)
    expected = Counter(CJK.findall(raw)) - Counter(CJK.findall(dropped)) + Counter(CJK.findall(inserted))
    assert Counter(CJK.findall(cleaned.text)) == expected
    # in order too: the map is monotonic, so the surviving characters keep their sequence
    sources = [o for o in cleaned.offsets if o >= 0]
    assert sources == sorted(sources)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_offsets_map_back_modulo_width(raw):
    cleaned = clean(raw)
    assert len(cleaned.offsets) == len(cleaned.text)
    for i, ch in enumerate(cleaned.text):
        src = cleaned.offsets[i]
        if src >= 0:
            assert _fold(raw[src]) == _fold(ch), (i, ch, raw[src])
        else:
            assert ch in "年月日〕"
    for r in cleaned.repairs:
        assert cleaned.text[r.start:r.end] == r.after


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_every_section_and_sentence_span_slices_its_text(raw):
    doc = from_text(raw)

    def walk(sections, parent=None):
        for s in sections:
            assert doc.text[s.start:s.heading_end] == s.heading
            assert s.start < s.heading_end <= s.end <= len(doc.text) or s.heading_end == s.end
            if parent is not None:
                assert parent.start <= s.start and s.end <= parent.end
            walk(s.children, s)

    walk(doc.outline)
    last = -1
    for sent in doc.sentences:
        assert doc.text[sent.start:sent.end] == sent.text and sent.text.strip() == sent.text
        assert sent.start >= last
        last = sent.end


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_cleaning_in_pieces_gives_what_cleaning_whole_gives(raw):
    # clean() runs its passes over pieces of whole lines; a piece of one character cuts at every
    # line the rule allows, a huge one never cuts: text, map and repairs must not tell them apart.
    whole, pieces = clean(raw, piece_chars=1 << 30), clean(raw, piece_chars=1)
    assert pieces.text == whole.text
    assert list(pieces.offsets) == list(whole.offsets)
    assert pieces.repairs == whole.repairs


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_the_offset_map_reads_like_an_array(raw):
    offsets = clean(raw).offsets
    flat = array("i", list(offsets))
    assert offsets.to_array() == flat and offsets.tobytes() == flat.tobytes()
    assert [offsets[i] for i in range(len(offsets))] == flat.tolist()
    assert offsets == flat

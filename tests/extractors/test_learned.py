"""The learned-extractor seam: a tiny token classifier built here, run end to end.

Random weights, a vocabulary from a corpus document's characters. What is checked is the
mechanics: loading, inference, BIO decoding, and that every proposal is grounded by alignment
or dropped and counted. No accuracy is claimed or measured.
"""

from __future__ import annotations

import importlib.util
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from policyintel.errors import ConfigError
from policyintel.extractors import registry
from policyintel.extractors.learned import MODEL_ENV, align, configured, learned_spans
from policyintel.extractors.pipeline import DEFAULT_KINDS
from policyintel.ingest import from_text
from policyintel.ingest.document import Document
from policyintel.ingest.raw import RawDocument
from policyintel.ingest.sentences import split_sentences

CORPUS_DOC = (Path(__file__).resolve().parents[2] / "corpus" / "dazhou"
              / "2023-rsj-zhengxie-384hao-tian-dafu.txt")
LABELS = ["O", "B-TARGET", "I-TARGET", "B-ACHIEVEMENT", "I-ACHIEVEMENT", "B-SUBSIDY",
          "I-SUBSIDY", "B-RESPONSIBILITY", "I-RESPONSIBILITY"]
# A character the vocabulary leaves out: sentences with it detokenise to [UNK] and cannot align.
MISSING_CHAR = "人"


def _build(directory: Path, text: str, *, force_label: str | None = None) -> Path:
    spec = importlib.util.spec_from_file_location(
        "encoder_tests", Path(__file__).resolve().parents[1] / "nlp" / "test_encoder.py")
    helpers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(helpers)
    path = helpers.build_tiny_bert(directory, text, head="BertForTokenClassification",
                                   labels=LABELS)
    if force_label is not None:
        # Zero the classifier and bias it to one label: a deterministic tagger.
        import torch
        from transformers import AutoModelForTokenClassification

        model = AutoModelForTokenClassification.from_pretrained(str(path))
        with torch.no_grad():
            model.classifier.weight.zero_()
            model.classifier.bias.zero_()
            model.classifier.bias[LABELS.index(force_label)] = 5.0
        model.save_pretrained(str(path))
    return path


@pytest.fixture(scope="module")
def doc():
    return from_text(CORPUS_DOC.read_text(encoding="utf-8"), source=str(CORPUS_DOC))


@pytest.fixture(scope="module")
def random_model(tmp_path_factory, doc):
    return _build(tmp_path_factory.mktemp("random"), doc.text)


@pytest.fixture(scope="module")
def sentence_tagger(tmp_path_factory, doc):
    vocab_text = doc.text.replace(MISSING_CHAR, "")
    return _build(tmp_path_factory.mktemp("tagger"), vocab_text, force_label="I-SUBSIDY")


@pytest.mark.ml
def test_random_model_records_are_grounded_and_counted(doc, random_model):
    result = learned_spans(doc, model_dir=random_model)
    assert result.proposed > 0
    assert result.aligned + len(result.dropped) == result.proposed
    assert len(result.records) == result.aligned
    # The vocabulary holds every character of the document: every proposal, even one that
    # starts inside a word piece (##0), must be found again.
    assert not result.dropped
    for record in result.records:
        assert record.text == doc.text[record.start:record.end]
        assert record.kind in {"target", "achievement", "subsidy", "responsibility"}
        assert 0 < record.confidence <= 1


@pytest.mark.ml
def test_every_sentence_tagged_aligns_unless_it_holds_an_unknown_char(doc, sentence_tagger):
    # Every token tagged I-SUBSIDY: each sentence is one proposal, detokenised without its
    # spaces; alignment must find it anyway, and drop exactly those with [UNK] in them.
    result = learned_spans(doc, model_dir=sentence_tagger)
    sentences = [s for s in doc.sentences if s.text.strip()]
    with_missing = [s for s in sentences if MISSING_CHAR in s.text]
    assert with_missing, "the test needs sentences with the left-out character"
    assert result.proposed == len(sentences)
    assert len(result.dropped) == len(with_missing)
    assert all("[UNK]" in p.text for p in result.dropped)
    expected = {(s.start, s.end) for s in sentences if MISSING_CHAR not in s.text}
    assert {(r.start, r.end) for r in result.records} == expected
    assert {r.kind for r in result.records} == {"subsidy"}


@pytest.mark.ml
def test_registered_lazily_and_run_by_name_from_the_environment(doc, sentence_tagger,
                                                                 monkeypatch):
    assert "learned" in registry.names()
    assert "learned" not in DEFAULT_KINDS
    monkeypatch.setenv(MODEL_ENV, str(sentence_tagger))
    assert configured()
    records = registry.run("learned", doc)
    assert records and all(r.text == doc.text[r.start:r.end] for r in records)


def test_not_configured_is_a_config_error(doc, monkeypatch):
    monkeypatch.delenv(MODEL_ENV, raising=False)
    assert not configured()
    with pytest.raises(ConfigError, match=MODEL_ENV):
        learned_spans(doc)


TEXT = "到2027年，新增1＋X证书试点院校 5所；对新获批国家级技能大师工作室给予70万元奖励，省级40万元。"
ALIGN_CASES = [
    ("国家级技能大师工作室", 30, "国家级技能大师工作室"),
    ("70万元", 0, "70万元"),  # the hint is only a hint: the one occurrence is found
    ("1 + x 证 书", 10, "1＋X证书"),  # a tokenizer's spacing, width and case
    ("试点院校5所", 10, "试点院校 5所"),  # whitespace in the document, none in the proposal
    ("万元", 60, "万元"),  # two occurrences: the one nearest the hint
    ("国家级[UNK]能大师", 30, None),
    ("市财政局", 0, None),
    ("   ", 0, None),
]


def _doc(text: str) -> Document:
    """A Document whose text is exactly ``text`` (no cleaning), for alignment cases."""
    doc = Document(source="<text>", text=text, raw=RawDocument(path="<text>", format="txt", text=text))
    doc.sentences = split_sentences(text)
    return doc


@pytest.mark.parametrize("proposed,near,expected", ALIGN_CASES, ids=[c[0] for c in ALIGN_CASES])
def test_align_finds_the_proposed_string_or_nothing(proposed, near, expected):
    doc = _doc(TEXT)
    span = align(doc, proposed, near)
    if expected is None:
        assert span is None
    else:
        assert span is not None and doc.text[span[0]:span[1]] == expected


def test_align_prefers_the_occurrence_nearest_the_hint():
    doc = _doc(TEXT)
    first, second = TEXT.index("万元"), TEXT.rindex("万元")
    assert align(doc, "万元", first) == (first, first + 2)
    assert align(doc, "万元", second) == (second, second + 2)


def test_align_only_looks_near_the_hint():
    doc = _doc("技能大师" + "。" * 1000 + "技能大师")
    assert align(doc, "技能大师", 500, window=100) is None
    assert align(doc, "技能大师", 990, window=100) == (1004, 1008)


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("技能大师工作室万元１2X x，。\n 　"), min_size=1,
                    max_size=80),
       data=st.data())
def test_align_finds_any_substring_however_a_tokenizer_spaces_it(text, data):
    doc = _doc(text)
    if not doc.text.strip():
        return
    start = data.draw(st.integers(0, len(doc.text) - 1))
    end = data.draw(st.integers(start + 1, len(doc.text)))
    piece = doc.text[start:end]
    if not piece.strip():
        return
    spaced = data.draw(st.sampled_from([piece, " ".join(piece), piece.replace(" ", "")]))
    span = align(doc, spaced, start)
    assert span is not None

    def skeleton(s):
        return "".join(unicodedata.normalize("NFKC", c).casefold() for c in s if not c.isspace())

    assert skeleton(doc.text[span[0]:span[1]]) == skeleton(spaced)

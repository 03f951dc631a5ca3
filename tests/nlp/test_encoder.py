"""The sentence-encoder seam: real loading and inference on a tiny model built here.

The model has random weights and a vocabulary made of the characters of a corpus document; the
tests check the mechanics (shapes, normalisation, padding, determinism), never quality.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from policyintel.errors import ConfigError, MissingExtra
from policyintel.nlp.encoder import ENCODER_ENV, import_ml, load_encoder, resolve_model_dir

CORPUS_DOC = (Path(__file__).resolve().parents[2] / "corpus" / "dazhou"
              / "2023-rsj-zhengxie-384hao-tian-dafu.txt")
SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_tiny_bert(directory: Path, text: str, *, head: str = "AutoModel",
                    labels: list[str] | None = None, seed: int = 0) -> Path:
    """Save a 2-layer, 32-wide BERT with a character vocabulary of ``text`` in ``directory``."""
    torch = pytest.importorskip("torch", reason="needs the ml extra: pip install 'policyintel[ml]'")
    transformers = pytest.importorskip(
        "transformers", reason="needs the ml extra: pip install 'policyintel[ml]'")
    chars = sorted({c.lower() for c in text if not c.isspace()})
    # Non-CJK characters also as word-piece continuations, so 2443 → 2 ##4 ##4 ##3.
    pieces = [f"##{c}" for c in chars if c.isascii() and c.isalnum()]
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vocab.txt").write_text("\n".join(SPECIALS + chars + pieces) + "\n",
                                         encoding="utf-8")
    tokenizer = transformers.BertTokenizer.from_pretrained(str(directory))
    config = transformers.BertConfig(
        vocab_size=len(tokenizer), hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
        intermediate_size=64, max_position_embeddings=512,
        **({"id2label": dict(enumerate(labels)),
            "label2id": {label: i for i, label in enumerate(labels)}} if labels else {}))
    torch.manual_seed(seed)
    model_class = getattr(transformers, head.replace("AutoModel", "BertModel")
                          if head == "AutoModel" else head)
    model = model_class(config)
    model.save_pretrained(str(directory))
    tokenizer.save_pretrained(str(directory))
    return directory


@pytest.fixture(scope="module")
def encoder_dir(tmp_path_factory):
    return build_tiny_bert(tmp_path_factory.mktemp("encoder"),
                           CORPUS_DOC.read_text(encoding="utf-8"))


TEXTS = [
    "2022年，全市新增企业新型学徒2443人。",
    "对新获批国家级技能大师工作室的单位给予一次性奖励。",
    "市人力资源社会保障局牵头",
    "技能",
]


@pytest.mark.ml
def test_vectors_are_unit_length_with_the_model_width(encoder_dir):
    encoder = load_encoder(encoder_dir)
    vectors = encoder.encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 32)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, rtol=1e-5)
    # Different sentences, different vectors.
    assert len({tuple(np.round(v, 5)) for v in vectors}) == len(TEXTS)


@pytest.mark.ml
def test_encoding_is_deterministic_and_independent_of_batching(encoder_dir):
    encoder = load_encoder(encoder_dir)
    together = encoder.encode(TEXTS, batch_size=4)
    np.testing.assert_array_equal(together, encoder.encode(TEXTS, batch_size=4))
    # Padding a short text next to a long one must not change its vector (masked mean pooling).
    one_by_one = np.vstack([encoder.encode([t]) for t in TEXTS])
    np.testing.assert_allclose(together, one_by_one, atol=1e-5)


@pytest.mark.ml
def test_empty_input_and_the_environment_variable(encoder_dir, monkeypatch):
    monkeypatch.setenv(ENCODER_ENV, str(encoder_dir))
    encoder = load_encoder()
    assert encoder.path == encoder_dir.resolve()
    assert encoder.encode([]).shape == (0, 32)
    assert load_encoder() is encoder  # loaded once


def test_no_directory_configured_is_a_config_error(monkeypatch, tmp_path):
    monkeypatch.delenv(ENCODER_ENV, raising=False)
    assert resolve_model_dir(None, ENCODER_ENV) is None
    with pytest.raises(ConfigError, match=ENCODER_ENV):
        load_encoder()
    with pytest.raises(ConfigError, match="config.json"):
        load_encoder(tmp_path)


@pytest.mark.parametrize("module", ["torch", "transformers"])
def test_missing_extra_names_the_pip_extra(monkeypatch, module):
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    with pytest.raises(MissingExtra, match=r"policyintel\[ml\]"):
        import_ml()

"""The smoothing seam on a tiny causal LM built here (GPT-2 shape, one layer, 32 wide, a
character vocabulary). Its weights are set so that greedy decoding repeats one chosen token:
a model that writes digits must be refused everywhere, a model that writes a harmless character
is accepted only where the sentence had no number. Mechanics only, never quality."""

from __future__ import annotations

from pathlib import Path

import pytest
from policyintel.reply.grounding import check_draft, numbers_in

SPECIALS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def build_parrot_lm(directory: Path, text: str, token: str) -> Path:
    """A 1-layer GPT-2 whose greedy output is ``token`` over and over."""
    torch = pytest.importorskip("torch", reason="needs the ml extra: pip install 'policyintel[ml]'")
    transformers = pytest.importorskip(
        "transformers", reason="needs the ml extra: pip install 'policyintel[ml]'")
    chars = sorted({c.lower() for c in text + "原句润色：" + token if not c.isspace()})
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "vocab.txt").write_text("\n".join(SPECIALS + chars) + "\n", encoding="utf-8")
    tokenizer = transformers.BertTokenizer.from_pretrained(str(directory))
    config = transformers.GPT2Config(vocab_size=len(tokenizer), n_layer=1, n_embd=32, n_head=2,
                                     n_positions=1024, bos_token_id=2, eos_token_id=3,
                                     pad_token_id=0)
    torch.manual_seed(0)
    model = transformers.GPT2LMHeadModel(config)
    target = tokenizer.convert_tokens_to_ids(token)
    with torch.no_grad():
        # The last layer norm outputs the constant b; logits = b · embeddings, largest for target.
        b = torch.ones(32)
        model.transformer.ln_f.weight.zero_()
        model.transformer.ln_f.bias.copy_(b)
        model.transformer.wte.weight.mul_(0.01)
        model.transformer.wte.weight[target] = b
    model.save_pretrained(str(directory))
    tokenizer.save_pretrained(str(directory))
    return directory


@pytest.fixture(scope="module")
def draft(fold_draft):
    return fold_draft("达州")[2]


@pytest.mark.ml
def test_a_model_that_writes_numbers_changes_nothing(draft, tmp_path):
    from policyintel.reply import llm

    model_dir = build_parrot_lm(tmp_path / "digits", draft.text, "7")
    loaded = llm.load_model(model_dir)
    assert llm.generate(*loaded, "建设技能大师工作室。").startswith("777")
    smoothed = llm.smooth(draft, loaded=loaded)
    assert smoothed.smoothed == 0
    assert smoothed.text == draft.text


@pytest.mark.ml
def test_a_harmless_rewrite_is_taken_only_where_no_number_is_lost(draft, tmp_path):
    from policyintel.reply import llm

    model_dir = build_parrot_lm(tmp_path / "hao", draft.text, "好")
    smoothed = llm.smooth(draft, model_dir)
    assert smoothed.smoothed > 0
    for before, after in zip(draft.paragraphs, smoothed.paragraphs, strict=True):
        for s0, s1 in zip(before.sentences, after.sentences, strict=True):
            assert s1.citations == s0.citations
            if s1.text != s0.text:
                assert before.role == "body" and not numbers_in(s0.text)
                assert set(s1.text) == {"好"}
            elif numbers_in(s0.text):
                assert s1.text == s0.text
    assert check_draft(smoothed) == []


@pytest.mark.ml
def test_smoothing_is_off_unless_configured(draft, monkeypatch, fold_draft, tmp_path):
    from policyintel.reply import llm
    from policyintel.reply.draft import draft_reply

    monkeypatch.delenv(llm.MODEL_ENV, raising=False)
    assert not llm.configured()
    store, proposal, _ = fold_draft("达州")
    model_dir = build_parrot_lm(tmp_path / "env", draft.text, "好")
    monkeypatch.setenv(llm.MODEL_ENV, str(model_dir))
    assert llm.configured()
    smoothed = draft_reply(store, proposal, "达州", unit="市人社局", date="2025年7月16日")
    assert smoothed.smoothed > 0 and check_draft(smoothed) == []

"""A seam for a local causal language model to smooth a grounded draft's wording.

Off by default: it runs only when a model directory is given (``model_dir``) or named by
$POLICYINTEL_REPLY_MODEL_DIR, and loads it from disk only (no hub). Only body sentences are
offered to the model, one at a time, as ``原句：…\\n润色：``; the greedy continuation up to the
first line break is the candidate. A candidate replaces its sentence only when
``grounding.rewrite_is_safe`` accepts it: the same numbers as the original (all found in the
sentence's cited quotes), no new quoted name, a similar length. Otherwise the original stays.
The sentence keeps its citations either way, and the whole draft is checked again afterwards.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from policyintel.reply.draft import Draft, Sentence
from policyintel.reply.grounding import rewrite_is_safe

MODEL_ENV = "POLICYINTEL_REPLY_MODEL_DIR"
PROMPT = "原句：{}\n润色："
SMOOTHED_ROLES = frozenset({"body"})


def configured(model_dir: str | os.PathLike[str] | None = None) -> bool:
    """Whether smoothing is on (a model directory given or in the environment)."""
    return bool(model_dir or os.environ.get(MODEL_ENV))


def load_model(model_dir: str | os.PathLike[str] | None = None) -> tuple[Any, Any]:
    """``(tokenizer, model)`` of the configured directory (AutoModelForCausalLM, eval mode)."""
    from policyintel.nlp.encoder import load_pretrained, resolve_model_dir

    path = resolve_model_dir(model_dir, MODEL_ENV)
    if path is None:
        from policyintel.errors import ConfigError

        raise ConfigError(f"no reply model: pass a model directory or set {MODEL_ENV}")
    return load_pretrained(Path(path), "AutoModelForCausalLM")


def generate(tokenizer: Any, model: Any, text: str, *, max_new_tokens: int | None = None) -> str:
    """The model's greedy rewrite of ``text`` (up to the first line break)."""
    from policyintel.nlp.encoder import import_ml

    torch, _ = import_ml()
    prompt = PROMPT.format(text)
    enc = tokenizer(prompt, return_tensors="pt", add_special_tokens=False)
    limit = max_new_tokens or int(len(text) * 1.3) + 4
    with torch.no_grad():
        out = model.generate(input_ids=enc["input_ids"], attention_mask=enc["attention_mask"],
                             max_new_tokens=limit, do_sample=False,
                             pad_token_id=tokenizer.pad_token_id or 0)
    new = out[0, enc["input_ids"].shape[1]:]
    decoded = tokenizer.decode(new, skip_special_tokens=True)
    # Character vocabularies decode with spaces between tokens; Chinese text has none.
    decoded = "".join(decoded.split(" ")) if " " in decoded else decoded
    return decoded.split("\n", 1)[0].strip()


def smooth(draft: Draft, model_dir: str | os.PathLike[str] | None = None, *,
           loaded: tuple[Any, Any] | None = None) -> Draft:
    """A copy of ``draft`` whose body sentences the model reworded where that was safe."""
    tokenizer, model = loaded or load_model(model_dir)
    changed = 0
    paragraphs = []
    for para in draft.paragraphs:
        if para.role not in SMOOTHED_ROLES:
            paragraphs.append(para)
            continue
        sentences = []
        for sent in para.sentences:
            quotes = [draft.citation(n).quote for n in sent.citations]
            candidate = generate(tokenizer, model, sent.text)
            if candidate != sent.text and rewrite_is_safe(sent.text, candidate, quotes):
                sentences.append(Sentence(candidate, list(sent.citations)))
                changed += 1
            else:
                sentences.append(sent)
        paragraphs.append(replace(para, sentences=sentences))
    return replace(draft, paragraphs=paragraphs, smoothed=changed)

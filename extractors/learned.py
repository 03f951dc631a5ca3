"""A learned extractor: a local token-classification model proposes spans, alignment grounds them.

Optional (extra ``ml``) and never run unless configured: the model directory is the
``model_dir`` argument or ``$POLICYINTEL_MODEL_DIR``. The model is any
``AutoModelForTokenClassification`` whose labels are BIO tags over record kinds
(``B-TARGET``, ``I-TARGET``, ``B-SUBSIDY``, … ``O``); kinds are those of
:data:`~policyintel.extractors.records.RECORD_TYPES`. Nothing measured its accuracy: it is a
seam for a trained model, not a claim.

What the model proposes is a *string* (the tokens it tagged, detokenised) with an offset hint.
Every proposal goes through one step, :func:`align`, that finds the string in ``doc.text``;
what cannot be found is dropped and counted, so a record always quotes the document.
"""

from __future__ import annotations

import functools
import os
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policyintel.errors import ConfigError
from policyintel.extractors.records import RECORD_TYPES, Record
from policyintel.ingest.document import Document
from policyintel.nlp.encoder import import_ml, load_pretrained, resolve_model_dir

MODEL_ENV = "POLICYINTEL_MODEL_DIR"
# How far from its hint a proposed string may be found (characters).
ALIGN_WINDOW = 200


@dataclass(frozen=True, slots=True)
class Proposal:
    """A span the model tagged: its kind, the string it says, where in the text it looked."""

    kind: str
    text: str
    near: int
    score: float


@dataclass(slots=True)
class LearnedSpans:
    """What one run produced: grounded records, and the proposals alignment dropped."""

    records: list[Record] = field(default_factory=list)
    proposed: int = 0
    dropped: list[Proposal] = field(default_factory=list)

    @property
    def aligned(self) -> int:
        return self.proposed - len(self.dropped)


def configured(model_dir: str | os.PathLike[str] | None = None) -> bool:
    """True when a model directory is given or ``$POLICYINTEL_MODEL_DIR`` is set."""
    return model_dir is not None or bool(os.environ.get(MODEL_ENV))


def _fold(ch: str) -> str:
    """A character compared width- and case-insensitively (１ ~ 1, Ｘ ~ x), one char to one."""
    folded = unicodedata.normalize("NFKC", ch).casefold()
    return folded if len(folded) == 1 else ch


def _skeleton(text: str, lo: int, hi: int) -> tuple[str, list[int]]:
    """``text[lo:hi]`` folded with whitespace removed, and each kept character's offset."""
    kept = [(i, _fold(text[i])) for i in range(lo, hi) if not text[i].isspace()]
    return "".join(c for _, c in kept), [i for i, _ in kept]


def align(doc: Document, proposed_text: str, near_offset: int = 0,
          *, window: int = ALIGN_WINDOW) -> tuple[int, int] | None:
    """Where ``proposed_text`` stands in ``doc.text``, nearest ``near_offset``; None if nowhere.

    An exact occurrence within ``window`` characters of the hint wins. Failing that, one that
    matches ignoring whitespace, width and case (a model's tokenizer writes ``1 + x`` for the
    document's ``1＋X``). The span returned always slices the document's own characters, from
    the first to the last character matched.
    """
    needle = proposed_text.strip()
    if not needle:
        return None
    text = doc.text
    lo = max(0, near_offset - window)
    hi = min(len(text), near_offset + window + len(needle))
    hits = [(i, i + len(needle)) for i in _occurrences(text, needle, lo, hi)]
    if not hits:
        hay, where = _skeleton(text, lo, hi)
        folded, _ = _skeleton(needle, 0, len(needle))
        hits = [(where[i], where[i + len(folded) - 1] + 1)
                for i in _occurrences(hay, folded, 0, len(hay))] if folded else []
    if not hits:
        return None
    return min(hits, key=lambda span: (abs(span[0] - near_offset), span[0]))


def _occurrences(hay: str, needle: str, lo: int, hi: int) -> list[int]:
    found, i = [], hay.find(needle, lo, hi)
    while i >= 0:
        found.append(i)
        i = hay.find(needle, i + 1, hi)
    return found


@functools.lru_cache(maxsize=2)
def _load(path: Path) -> tuple[Any, Any, dict[int, str]]:
    tokenizer, model = load_pretrained(path, "AutoModelForTokenClassification")
    labels = {int(i): str(label) for i, label in model.config.id2label.items()}
    return tokenizer, model, labels


def _windows(doc: Document, size: int) -> Iterator[tuple[int, str]]:
    """``(offset, text)`` pieces the model reads: sentences, long ones cut to ``size`` chars."""
    pieces = [(s.start, s.text) for s in doc.sentences] or [(0, doc.text)]
    for start, piece in pieces:
        for i in range(0, len(piece), size):
            if piece[i:i + size].strip():
                yield start + i, piece[i:i + size]


def propose(doc: Document, model_dir: Path, *, batch_size: int = 16) -> Iterator[Proposal]:
    """Run the token classifier over ``doc``'s sentences; yield the BIO spans it tags."""
    torch, _ = import_ml()
    tokenizer, model, labels = _load(model_dir)
    max_tokens = min(int(getattr(model.config, "max_position_embeddings", 512)), 512)
    pieces = list(_windows(doc, max_tokens - 2))
    with torch.inference_mode():
        for b in range(0, len(pieces), batch_size):
            batch = pieces[b:b + batch_size]
            enc = tokenizer([text for _, text in batch], padding=True, truncation=True,
                            max_length=max_tokens, return_offsets_mapping=True,
                            return_special_tokens_mask=True, return_tensors="pt")
            offsets = enc.pop("offset_mapping").tolist()
            special = enc.pop("special_tokens_mask").tolist()
            probs = torch.softmax(model(**enc).logits, dim=-1)
            best, ids = probs.max(dim=-1)
            for row, (start, _) in enumerate(batch):
                tokens = tokenizer.convert_ids_to_tokens(enc["input_ids"][row].tolist())
                tags = [labels.get(i, "O") for i in ids[row].tolist()]
                yield from _decode(tokenizer, tokens, tags, best[row].tolist(), offsets[row],
                                   special[row], enc["attention_mask"][row].tolist(), start)


def _decode(tokenizer: Any, tokens: list[str], tags: list[str], scores: list[float],
            offsets: list[list[int]], special: list[int], mask: list[int],
            base: int) -> Iterator[Proposal]:
    """BIO tags → proposals: a B- (or a stray I-) opens a span, I- of its kind extends it."""
    span: list[int] = []
    kind = ""
    for i, tag in enumerate([*tags, "O"]):
        inside = i < len(tags) and mask[i] and not special[i]
        prefix, _, tag_kind = tag.partition("-") if inside else ("O", "", "")
        tag_kind = tag_kind.lower()
        if span and (prefix != "I" or tag_kind != kind):
            words = _detokenize(tokenizer, [tokens[j] for j in span])
            yield Proposal(kind, words.strip(), base + offsets[span[0]][0],
                           sum(scores[j] for j in span) / len(span))
            span = []
        if prefix in ("B", "I") and tag_kind:
            if not span:
                kind = tag_kind
            span.append(i)


def _detokenize(tokenizer: Any, tokens: list[str]) -> str:
    """The string a run of tokens stands for; a span may start inside a word (``##0``)."""
    model = getattr(getattr(tokenizer, "backend_tokenizer", None), "model", None)
    prefix = getattr(model, "continuing_subword_prefix", None)
    if prefix and tokens and tokens[0].startswith(prefix):
        tokens = [tokens[0][len(prefix):], *tokens[1:]]
    return tokenizer.convert_tokens_to_string(tokens)


def learned_spans(doc: Document, *, model_dir: str | os.PathLike[str] | None = None,
                  batch_size: int = 16) -> LearnedSpans:
    """Records the model in ``model_dir`` (default ``$POLICYINTEL_MODEL_DIR``) finds in ``doc``.

    Each proposal is aligned to ``doc.text``; unaligned ones (a string the document does not
    contain, e.g. with ``[UNK]`` in it) and ones of a kind with no record type are dropped and
    listed in ``dropped``.
    """
    path = resolve_model_dir(model_dir, MODEL_ENV)
    if path is None:
        raise ConfigError(f"no token-classification model configured: pass model_dir or set {MODEL_ENV}")
    out = LearnedSpans()
    for proposal in propose(doc, path, batch_size=batch_size):
        out.proposed += 1
        cls = RECORD_TYPES.get(proposal.kind)
        span = align(doc, proposal.text, proposal.near) if cls is not None else None
        if span is None:
            out.dropped.append(proposal)
            continue
        out.records.append(doc.record(cls, span[0], span[1], confidence=round(proposal.score, 4)))
    return out


def extract(doc: Document, *, model_dir: str | os.PathLike[str] | None = None) -> Iterator[Record]:
    """The registered ``learned`` extractor: the grounded records of :func:`learned_spans`."""
    yield from learned_spans(doc, model_dir=model_dir).records

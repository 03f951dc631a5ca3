"""A sentence encoder from a local transformers model directory (optional extra ``ml``).

Nothing here is required: torch and transformers are imported inside functions, and a missing
extra raises :class:`~policyintel.errors.MissingExtra` naming ``pip install 'policyintel[ml]'``.
Models load only from a directory on disk (``local_files_only``): nothing is fetched from a hub.

The directory is an explicit argument or, when that is None, the environment variable
``POLICYINTEL_ENCODER_DIR``. The learned extractor uses the same helpers with
``POLICYINTEL_MODEL_DIR``.
"""

from __future__ import annotations

import contextlib
import functools
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from policyintel.errors import ConfigError, MissingExtra

if TYPE_CHECKING:  # pragma: no cover - types only
    import numpy as np

ENCODER_ENV = "POLICYINTEL_ENCODER_DIR"


def resolve_model_dir(model_dir: str | os.PathLike[str] | None, env: str) -> Path | None:
    """``model_dir`` if given, else the directory named by the variable ``env``, else None.

    A directory that is named but does not hold a ``config.json`` is a ConfigError.
    """
    chosen = model_dir if model_dir is not None else os.environ.get(env) or None
    if chosen is None:
        return None
    path = Path(chosen).expanduser()
    if not (path / "config.json").is_file():
        raise ConfigError(f"{path}: not a transformers model directory (no config.json)")
    return path.resolve()


def import_ml() -> tuple[Any, Any]:
    """``(torch, transformers)``, or MissingExtra naming the ``ml`` extra."""
    try:
        import torch
    except ImportError as e:
        raise MissingExtra("torch", "ml") from e
    try:
        import transformers
    except ImportError as e:
        raise MissingExtra("transformers", "ml") from e
    return torch, transformers


@contextlib.contextmanager
def quiet_transformers(transformers: Any) -> Iterator[None]:
    """Silence transformers' progress bars and load reports while loading (library stays quiet)."""
    tlog = transformers.utils.logging
    verbosity = tlog.get_verbosity()
    bars = tlog.is_progress_bar_enabled()
    tlog.set_verbosity_error()
    tlog.disable_progress_bar()
    try:
        yield
    finally:
        tlog.set_verbosity(verbosity)
        if bars:
            tlog.enable_progress_bar()


def load_pretrained(path: Path, model_class: str) -> tuple[Any, Any]:
    """``(tokenizer, model)`` of ``path`` with ``transformers.<model_class>``, in eval mode."""
    _, transformers = import_ml()
    with quiet_transformers(transformers):
        try:
            tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
            model = getattr(transformers, model_class).from_pretrained(path, local_files_only=True)
        except (OSError, ValueError, KeyError) as e:
            raise ConfigError(f"{path}: cannot load {model_class}: {e}") from e
    model.eval()
    return tokenizer, model


@dataclass(frozen=True, slots=True)
class Encoder:
    """Texts → L2-normalised mean-pooled vectors of a local transformers encoder."""

    path: Path
    tokenizer: Any
    model: Any
    max_length: int = 256

    @property
    def dim(self) -> int:
        return int(self.model.config.hidden_size)

    def encode(self, texts: Sequence[str], *, batch_size: int = 32) -> np.ndarray:
        """One float32 row per text, each of unit length (a zero vector stays zero)."""
        import numpy as np

        torch, _ = import_ml()
        rows: list[np.ndarray] = []
        with torch.inference_mode():
            for i in range(0, len(texts), batch_size):
                batch = self.tokenizer(list(texts[i:i + batch_size]), padding=True,
                                       truncation=True, max_length=self.max_length,
                                       return_tensors="pt")
                hidden = self.model(**batch).last_hidden_state
                mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
                summed = (hidden * mask).sum(dim=1)
                pooled = summed / mask.sum(dim=1).clamp(min=1.0)
                norms = pooled.norm(dim=1, keepdim=True).clamp(min=1e-12)
                rows.append((pooled / norms).to(torch.float32).numpy())
        if not rows:
            return np.zeros((0, self.dim), dtype=np.float32)
        return np.concatenate(rows, axis=0)


def load_encoder(model_dir: str | os.PathLike[str] | None = None, *,
                 max_length: int = 256) -> Encoder:
    """The encoder in ``model_dir`` (default: ``$POLICYINTEL_ENCODER_DIR``), loaded once.

    Raises ConfigError when no directory is configured or it cannot be loaded, MissingExtra
    when torch/transformers are not installed.
    """
    path = resolve_model_dir(model_dir, ENCODER_ENV)
    if path is None:
        raise ConfigError(f"no encoder configured: pass a model directory or set {ENCODER_ENV}")
    return _load_encoder(path, max_length)


@functools.lru_cache(maxsize=4)
def _load_encoder(path: Path, max_length: int) -> Encoder:
    tokenizer, model = load_pretrained(path, "AutoModel")
    limit = getattr(model.config, "max_position_embeddings", max_length)
    return Encoder(path, tokenizer, model, min(max_length, int(limit)))

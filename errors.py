"""One root for every error policyintel raises on purpose."""

from __future__ import annotations


class PolicyIntelError(Exception):
    """Root of policyintel's own errors."""


class LoadError(PolicyIntelError):
    """A file that cannot be turned into a document.

    Prints as ``corpus/x.pdf: page 3: encrypted, no password`` so that a batch command can
    report it on one line.
    """

    def __init__(self, path: object, reason: str, *, page: int | None = None,
                 line: int | None = None) -> None:
        self.path = str(path)
        self.reason = reason
        self.page = page
        self.line = line
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.path]
        if self.page is not None:
            where.append(f"page {self.page}")
        if self.line is not None:
            where.append(f"line {self.line}")
        return ": ".join(where + [self.reason])


class UnsupportedFormat(LoadError):
    """The bytes are not a format any loader reads."""


class ConfigError(PolicyIntelError):
    """A setting (model directory, store path, option) that cannot be used."""


class MissingExtra(ConfigError):
    """An optional dependency is not installed; names the pip extra that brings it."""

    def __init__(self, module: str, extra: str) -> None:
        super().__init__(f"{module} is not installed; install it with: pip install 'policyintel[{extra}]'")


class StoreError(PolicyIntelError):
    """The index store cannot be opened, read or written."""


class InternalError(PolicyIntelError):
    """A bug in policyintel: an invariant did not hold."""

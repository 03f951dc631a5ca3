"""A text with spans marked as properly nested HTML elements, for the document page.

Records may overlap: one span inside another (a subsidy inside a responsibility's task) or two
crossing each other. HTML elements must nest, so a span that is still open when an earlier-opened
span closes is closed with it and reopened right after, as a continuation (class ``cont``, no
``id``). Each span's first element carries its ``id``, so ``#r12`` scrolls to where record 12
starts; every element carries ``data-start``/``data-end`` (the span's offsets in the text).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from markupsafe import Markup, escape


@dataclass(frozen=True, slots=True)
class Span:
    """``text[start:end]`` to be wrapped in ``<tag class=… id=… data-…>``."""

    start: int
    end: int
    tag: str = "mark"
    id: str | None = None
    classes: tuple[str, ...] = ()
    data: Mapping[str, str] = field(default_factory=dict)
    title: str | None = None


def _open_tag(span: Span, *, first: bool) -> str:
    classes = span.classes if first else (*span.classes, "cont")
    attrs = []
    if first and span.id:
        attrs.append(f' id="{escape(span.id)}"')
    if classes:
        attrs.append(f' class="{escape(" ".join(classes))}"')
    attrs.append(f' data-start="{span.start}" data-end="{span.end}"')
    attrs += [f' data-{escape(k)}="{escape(v)}"' for k, v in span.data.items()]
    if span.title:
        attrs.append(f' title="{escape(span.title)}"')
    return f"<{span.tag}{''.join(attrs)}>"


def mark_text(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` as escaped HTML with each span wrapped in its element (nested, split if crossing).

    Spans are clipped to the text; empty ones are left out. Where several start at one offset,
    the longer one is outside; where they are equal, the earlier in ``spans`` is outside.
    """
    n = len(text)
    opens: dict[int, list[tuple[int, int, Span]]] = defaultdict(list)
    bounds = {0, n}
    for order, s in enumerate(spans):
        start, end = max(0, min(s.start, n)), max(0, min(s.end, n))
        if end <= start:
            continue
        opens[start].append((-end, order, s))
        bounds.update((start, end))
    out: list[str] = []
    stack: list[tuple[int, Span]] = []  # (clipped end, span), outermost first
    pos = 0
    for b in sorted(bounds):
        out.append(str(escape(text[pos:b])))
        pos = b
        first_ending = next((i for i, (end, _) in enumerate(stack) if end == b), None)
        if first_ending is not None:
            popped = stack[first_ending:]
            del stack[first_ending:]
            out.append("".join(f"</{s.tag}>" for _, s in reversed(popped)))
            for end, s in popped:
                if end != b:  # crossing: still open, continue it inside what remains
                    out.append(_open_tag(s, first=False))
                    stack.append((end, s))
        for neg_end, _, s in sorted(opens.get(b, ()), key=lambda t: (t[0], t[1])):
            out.append(_open_tag(s, first=True))
            stack.append((-neg_end, s))
    return Markup("".join(out))


def segments(text: str, start: int, end: int,
             highlights: Iterable[tuple[int, int]]) -> list[tuple[str, bool]]:
    """``text[start:end]`` cut at ``highlights`` (offsets into ``text``) as (piece, highlighted)."""
    out: list[tuple[str, bool]] = []
    pos = start
    for a, b in sorted(highlights):
        a, b = max(a, pos), min(b, end)
        if a >= b:
            continue
        if a > pos:
            out.append((text[pos:a], False))
        out.append((text[a:b], True))
        pos = b
    if pos < end:
        out.append((text[pos:end], False))
    return out

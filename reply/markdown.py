"""A draft reply as Markdown: the letter with footnote marks ([^n]), the sources as footnotes,
and, apart from the letter, what peer cities do on the same measures (for the drafter only)."""

from __future__ import annotations

from policyintel.reply.draft import Draft

_CENTRED = {"title"}
_RIGHT = {"signature", "date", "doc_number"}


def to_markdown(draft: Draft, *, peers: bool = True) -> str:
    """The draft as Markdown."""
    lines: list[str] = []
    for para in draft.paragraphs:
        text = "".join(s.text + "".join(f"[^{n}]" for n in s.citations)
                       for s in para.sentences)
        if para.role == "title":
            lines += [f"# {text}", ""]
        elif para.role == "heading":
            lines += [f"## {text}", ""]
        elif para.role == "subheading":
            lines += [f"### {text}", ""]
        elif para.role in _RIGHT:
            lines += [f"<p align=\"right\">{text}</p>", ""]
        else:
            lines += [text, ""]
    lines += ["---", ""]
    for c in draft.citations:
        lines.append(f"[^{c.n}]: {c.label()}")
    if peers:
        rows = [(ae.ask, e) for ae in draft.gathered.asks for e in ae.peers]
        if rows:
            lines += ["", "## 办理参考：兄弟城市同类举措（不入正文）", "",
                      "| 建议 | 举措 | 城市 | 内容 | 出处 |", "| --- | --- | --- | --- | --- |"]
            for ask, e in rows:
                src = e["source"]
                quote = src["quote"].replace("|", "｜")
                lines.append(f"| {ask.index}. {ask.topic} | {e['measure']} | {e['city']} | "
                             f"{quote} | {src['source']} 第{src['start']}–{src['end']}字 |")
    return "\n".join(lines).rstrip() + "\n"

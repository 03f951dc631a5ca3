"""Who a grant goes to: the recipient phrase of a grant unit and the pairing of 分别 lists.

``recipient_span`` reads the phrase after 对/对于 up to the first comma or granting word (or on
to the first clause that ends like a recipient, …的 / …企业). ``paired_recipients`` turns one
recipient holding a list into one recipient per amount: a run of levels (国家级、省级) gives the
recipient with each level alone; a list of n items gives prefix + item + suffix, where the
prefix ends at the last recognition verb of the first item (新获评|中华技能大奖) and the suffix
starts at the last 的 of the last item (大国工匠|的个人). A 和 before a 、 groups the list at 和
(``A和B、C的个人`` is two groups). ``listed_before`` tells when the amounts pair with a list in
the clause right before 分别 instead (增长10%—20%、20%以上的，分别给予…): the recipient is shared.
"""

from __future__ import annotations

import re
from functools import cache

from policyintel.nlp import levels
from policyintel.nlp.units import CLOSERS, OPENERS, read_table

_CLAUSE_BREAK = "，,；;：:。"
_RECIPIENT_END = re.compile(
    r"[，,：:；;。]|分别|(?:再|均|可|按规定)?给予?|按照?|(?:市|县|区|省)?(?:级)?财政|建设期内|一次性"
    r"|(?:每年|每月)?(?:最高|不超过|不高于)(?=[0-9０-９一二三四五六七八九十两百千万补奖资给按为可])"
    r"|(?:补贴|补助|奖励|奖补|资助)(?:的)?(?:比例|标准)"
    r"|(?:提高|提升|上调|调高)(?:到|至|为)|上浮"
    r"|各?(?:拨付|发放|兑现|支付|核拨|核发)"
    r"|每(?:人|个|家|名|户|所|班|位)(?=(?:每[年月天])?(?:一次性)?(?:给予|奖励|补助|补贴|奖补|资助|发放|拨付))")
_RECIPIENT_START = re.compile(r"(?<![针相面应绝核反])对(?:于)?(?!接|口|标|照|外|象|应|比|策|待|称|话|其他)")


@cache
def recipient_heads() -> tuple[str, ...]:
    """Nouns that can end a recipient phrase (the ``head`` rows of subsidy_cues.tsv)."""
    return tuple(r["term"] for r in read_table("subsidy_cues.tsv") if r["kind"] == "head")


@cache
def _recognition_rx() -> re.Pattern[str]:
    words = sorted(levels.recognition_words(), key=len, reverse=True)
    return re.compile("|".join(re.escape(w) for w in words))


def recipient_span(text: str, start: int, end: int, first_amount: int) -> tuple[int, int] | None:
    """The phrase after 对/对于: up to the first comma or granting word, or on through further
    clauses to the first one that ends like a recipient (…的, …企业) when the first does not."""
    m = _RECIPIENT_START.search(text, start, first_amount)
    if m is None:
        return _conditional_clause(text, start, first_amount)
    heads = recipient_heads()
    stops = [s for s in _RECIPIENT_END.finditer(text, m.end(), end) if s.start() >= m.end() + 2]
    r_end = stops[0].start() if stops else end
    for stop in stops:
        if stop.group() not in "，,":
            break
        phrase = text[m.end():stop.start()].rstrip()
        if phrase.endswith((*heads, "的")):
            r_end = stop.start()
            break
    while r_end > m.end() and text[r_end - 1] in " \u3000":
        r_end -= 1
    return (m.end(), r_end) if r_end - m.end() >= 2 else None


# ``每家零工市场给予2万元工作经费``: the recipient is the subject of its own clause, before the
# granting verb, when it opens with 每/单个 + a measure (a payer such as 市财政 never does).
_EACH_SUBJECT = re.compile(r"(?:每|单个)(?:家|个|所|名|户|位|支|类)?(?P<noun>(?:(?!最高|不超过|不高于|每[年月]|累计)[\u4e00-\u9fff“”]){2,16}?)"
                           r"(?:再|均|可|按规定)?(?:一次性)?(?:给予?|奖励|补助|补贴|奖补|资助)")
_PAYER = re.compile(r"财政|政府|部门|[局委办]$")


def _subject_of_grant(text: str, start: int, first_amount: int) -> tuple[int, int] | None:
    c0 = clause_start(text, start, first_amount)
    while c0 < first_amount and text[c0] in " \u3000":
        c0 += 1
    m = _EACH_SUBJECT.match(text, c0, first_amount)
    if m is None or _PAYER.search(m.group("noun")):
        return None
    return c0, m.end("noun")


def _conditional_clause(text: str, start: int, first_amount: int) -> tuple[int, int] | None:
    """Without 对, the clause ``…的`` right before the grant's clause is the recipient
    (新获批国家级技能大师工作室的，给予50万元资助; 重新认定的，给予10万元奖励), or the subject of
    the grant's own clause (每家零工市场给予2万元工作经费)."""
    cut = max(text.rfind("，", start, first_amount), text.rfind(",", start, first_amount))
    if cut < 0:
        return _subject_of_grant(text, start, first_amount)
    c0 = clause_start(text, start, cut)
    while c0 < cut and text[c0] in " \u3000":
        c0 += 1
    if cut - c0 >= 3 and text[cut - 1] == "的":
        return c0, cut
    return _subject_of_grant(text, start, first_amount)


def split_top(phrase: str, seps: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in phrase:
        if ch in OPENERS or ch in "“":
            depth += 1
        elif ch in CLOSERS or ch in "”":
            depth = max(depth - 1, 0)
        if depth == 0 and ch in seps:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def paired_recipients(recipient: str, n: int) -> list[tuple[str, str | None]] | None:
    """``n`` (recipient, level) pairs for a 分别 list, or None when the recipient is no list of n.

    Quoted names written back to back (“中华技能大奖”“全国技术能手”) are items as if 、 stood
    between them."""
    recipient = recipient.replace("”“", "”、“")
    for run in levels.level_run().finditer(recipient):
        items = run.group().split("、")
        if len(items) == n:
            return [(recipient[:run.start()] + item + recipient[run.end():],
                     levels.level_word(item)) for item in items]
    for seps in ("和及与", "、"):
        if seps == "和及与" and not re.search(r"[和及与][^、]*、", recipient):
            continue
        parts = split_top(recipient, seps)
        if len(parts) != n or any(not p for p in parts):
            continue
        first, last = parts[0], parts[-1]
        item0 = _first_item(first, parts[1])
        cut = last.rfind("的")
        suffix = last[cut:] if cut > 0 else ""
        items = _ordinal_items([item0, *parts[1:-1], last[:len(last) - len(suffix)]])
        prefix = first[:len(first) - len(item0)]
        out = [(prefix + item + suffix, levels.level_of(prefix + item + suffix)) for item in items]
        # 国家级一类、二类职业技能大赛: the level word before the first class governs the others.
        head_level = out[0][1]
        return [(r, lv if lv or not head_level or not _ORDINAL.match(item) else head_level)
                for (r, lv), item in zip(out, items, strict=True)]
    return None


_NUM = "[一二三四五六七八九十0-9]"
_CLASS = "(?:类|等|级|档)"
_ORDINAL = re.compile(f"{_NUM}+{_CLASS}?")


def _ordinal_items(items: list[str]) -> list[str]:
    """Ordinal lists share the last item's words: ``一、二、三等奖`` → 一等奖, 二等奖, 三等奖;
    ``国家级一类、二类职业技能大赛`` → 国家级一类职业技能大赛, 二类职业技能大赛."""
    m = re.fullmatch(f"({_NUM}+)({_CLASS})?(.+)", items[-1])
    if m is None:
        return items
    cls, tail = m.group(2) or "", m.group(3)
    out = []
    for k, item in enumerate(items[:-1]):
        o = re.search(f"{_NUM}+({_CLASS})?$", item)
        if o is None or (k and o.start()):
            return items
        out.append(item + ("" if o.group(1) else cls) + tail)
    return [*out, items[-1]]


def listed_before(text: str, lo: int, each: int, recipient: str, n: int) -> bool:
    """True when the clause right before 分别 (not the recipient) lists n items: the amounts
    pair with those (增长10%—20%、20%以上的，分别给予…), and the recipient is shared."""
    c0 = clause_start(text, lo, each)
    clause = text[c0:each].strip()
    if not clause or clause in recipient or recipient in clause:
        prev_end = c0 - 1
        if prev_end <= lo:
            return False
        c0 = clause_start(text, lo, prev_end)
        clause = text[c0:prev_end].strip()
    if not clause or clause in recipient or recipient in clause:
        return False
    return len(split_top(clause, "、")) == n


def _first_item(first: str, second: str) -> str:
    if second[:1].isdigit():
        m = re.search(r"[0-9][0-9.]*[^0-9]*$", first)
        return m.group() if m else first
    verbs = list(_recognition_rx().finditer(first))
    if verbs:
        return first[verbs[-1].end():] or first
    cut = first.rfind("的")
    return first[cut + 1:] if 0 <= cut < len(first) - 1 else first


def clause_start(text: str, lo: int, pos: int) -> int:
    i = pos
    while i > lo and text[i - 1] not in _CLAUSE_BREAK:
        i -= 1
    return i



"""Government unit names: split a 责任单位 list into names, and give each a canonical name.

A list such as ``市人社局，市财政局、各县(市、区,含高新区,下同)人民政府(管委会)`` is split on
``、，,；;`` only outside brackets, so a name that carries a list inside its brackets stays one
unit. Commas and semicolons also open a new *group* (documents use them to separate leads from
partners); ``、`` does not. A connector between two names (``A及B``, ``A和B``, ``A以及B``, ``A与B``)
separates them; a unit name never holds a colon outside its brackets (``责任分工：A`` → ``A``).
Names that lost their separator (``市教育体育局市财政局``) are split
where a body suffix (nlp/data/unit_suffixes.tsv) is followed by a new administrative prefix.

The canonical name drops annotations in brackets (``含…``, ``下同``), writes brackets full-width,
and maps the stem through nlp/data/unit_aliases.tsv with the administrative prefix kept:
``达州市人社局`` → ``达州市人力资源社会保障局``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from policyintel.errors import InternalError

DATA = Path(__file__).with_name("data")

OPENERS = "(（〔[【［"
CLOSERS = ")）〕]】］"
GROUP_SEPARATORS = "，,；;"
ITEM_SEPARATORS = "、"
_CONNECTORS = ("以及", "和", "及", "与")
_PREFIX_END = "省市县区州盟旗"
_MAX_PREFIX = 16  # 黔东南苗族侗族自治州凯里市
# Annotations inside a name's brackets that are not part of the name (含…, 下同, 以下简称…).
_ANNOTATION = re.compile(r"^(?:含|包含|包括|不含|下同|以下简称|简称|以下称)")
_TRAILING_ETC = re.compile(r"(?:等(?:部门|单位|有关部门|相关部门)?)$")
_SPACE = re.compile(r"\s+")
# A role written on the item itself: 市发展改革委（牵头）, 市财政局(配合), 各县政府按职责分工负责.
_ROLE_MARK = re.compile(r"(?:[（(〔]\s*(?P<b>牵头|配合|协办|参与)(?:单位|部门)?\s*[）)〕]"
                        r"|(?P<w>牵头|配合|参与|按职责分工负责|按职责负责|分工负责|负责))$")
_FULL_WIDTH_BRACKETS = str.maketrans({**dict.fromkeys(OPENERS, "（"), **dict.fromkeys(CLOSERS, "）")})


@dataclass(frozen=True, slots=True)
class UnitMention:
    """One unit name in a list: where it is, as written, and its group (0 = before any comma)."""

    start: int
    end: int
    surface: str
    group: int
    canonical: str
    role: str | None = None  # lead / partner when the item says so: 市发改委（牵头）


@dataclass(frozen=True, slots=True)
class UnitList:
    """The units of one list and the separator that opened each group after the first."""

    units: tuple[UnitMention, ...]
    separators: tuple[str, ...]

    def groups(self) -> list[list[UnitMention]]:
        out: list[list[UnitMention]] = [[] for _ in range(len(self.separators) + 1)]
        for u in self.units:
            out[u.group].append(u)
        return [g for g in out if g]


def read_table(name: str) -> list[dict[str, str]]:
    """Rows of ``nlp/data/<name>`` keyed by its column line (``#`` comments skipped)."""
    try:
        raw = (DATA / name).read_text("utf-8")
    except OSError as e:
        raise InternalError(f"nlp/data/{name}: cannot read ({e})") from e
    rows: list[dict[str, str]] = []
    columns: list[str] | None = None
    for line in raw.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if columns is None:
            columns = cells
        else:
            rows.append({c: (cells[i] if i < len(cells) else "") for i, c in enumerate(columns)})
    return rows


@cache
def aliases() -> dict[str, str]:
    """Alias stem → canonical stem (canonical stems map to themselves)."""
    table: dict[str, str] = {}
    for row in read_table("unit_aliases.tsv"):
        table[row["alias"]] = row["canonical"]
        table.setdefault(row["canonical"], row["canonical"])
    return table


@cache
def suffixes() -> dict[str, str]:
    """Suffix → kind (body, group, area)."""
    return {row["suffix"]: row["kind"] or "body" for row in read_table("unit_suffixes.tsv")}


@cache
def _suffix_pattern() -> re.Pattern[str]:
    alternation = "|".join(re.escape(s) for s in sorted(suffixes(), key=len, reverse=True))
    return re.compile(f"(?:{alternation})$")


@cache
def _body_suffix_pattern() -> re.Pattern[str]:
    body = [s for s, kind in suffixes().items() if kind == "body"]
    alternation = "|".join(re.escape(s) for s in sorted(body, key=len, reverse=True))
    return re.compile(f"(?:{alternation})$")


def strip_brackets(name: str) -> str:
    """``各县(市、区)人民政府(管委会)`` → ``各县人民政府``: the name without bracketed parts."""
    out, depth = [], 0
    for ch in name:
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


@lru_cache(maxsize=4096)
def looks_like_unit(name: str) -> bool:
    """True when ``name`` (brackets ignored) ends like a government body, group or area."""
    core = _TRAILING_ETC.sub("", strip_brackets(_SPACE.sub("", name)))
    return len(core) >= 2 and _suffix_pattern().search(core) is not None


def _ends_with_body(name: str) -> bool:
    return _body_suffix_pattern().search(strip_brackets(name)) is not None


def _clean_annotations(name: str) -> str:
    """Full-width brackets; drop annotation parts (含…, 下同) inside them; drop empty brackets."""
    name = name.translate(_FULL_WIDTH_BRACKETS)
    out: list[str] = []
    i = 0
    while i < len(name):
        ch = name[i]
        if ch == "（":
            depth, j = 1, i + 1
            while j < len(name) and depth:
                depth += {"（": 1, "）": -1}.get(name[j], 0)
                j += 1
            inner = name[i + 1:j - 1] if depth == 0 else name[i + 1:j]
            parts = [p for p in re.split(r"[，,]", inner) if p and not _ANNOTATION.match(p)]
            kept = "，".join(parts)
            if kept:
                out.append(f"（{_clean_annotations(kept)}）")
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out)


@lru_cache(maxsize=4096)
def canonical(name: str) -> str:
    """The canonical form of a unit name (see module docstring)."""
    clean = _clean_annotations(_SPACE.sub("", name))
    clean = _TRAILING_ETC.sub("", clean) or clean
    table = aliases()
    if clean in table:
        return table[clean]
    for i in range(1, min(_MAX_PREFIX, len(clean) - 1) + 1):
        if clean[i - 1] in _PREFIX_END or clean[i - 1] == "）":
            stem = clean[i:]
            if stem in table:
                return clean[:i] + table[stem]
    return clean


def _opens_name(text: str, pos: int) -> bool:
    """Does a unit name start at ``pos``: 市/县/省/各, or a place (西湖区, 余杭区, 黔东南州)?"""
    if text[pos] in "市县省各":
        return True
    names, longest = _place_names()
    return any(text[pos:pos + n] in names for n in range(2, longest + 1))


@cache
def _place_names() -> tuple[frozenset[str], int]:
    """Full names of every place in the gazetteer (西湖区, 余杭区, 恩施土家族苗族自治州)."""
    from policyintel.nlp.gazetteer import places

    names = frozenset(p.name for p in places() if len(p.name) >= 2)
    return names, max(map(len, names))


def _split_glued(text: str, start: int) -> list[tuple[int, int]]:
    """Split ``市教育体育局市财政局``, ``市财政局和市人社局`` or ``市人社局 市财政局`` where a body
    ends and a new one starts."""
    pieces: list[tuple[int, int]] = []
    begin, depth, i = 0, 0, 1
    while i < len(text):
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and i - begin >= 2:
            gap = next((c for c in _CONNECTORS if text.startswith(c, i)), "")
            if not gap and text[i] in " \t\u3000":  # 市人社局 市财政局: a space between names
                gap = re.match(r"[ \t\u3000]+", text[i:]).group()
            nxt = i + len(gap)
            # 国家税务总局达州市税务局 is one name: a place opens a new one only after a name
            # that itself opened with a prefix or a place (余杭区人社局|西湖区教育局).
            # A connector (A及B, A和B, A以及B) between two names always separates them.
            joined = gap and not gap.isspace() and looks_like_unit(text[begin:i]) \
                and len(text) - nxt >= 2 and looks_like_unit(text[nxt:])
            if joined or (nxt < len(text) and len(text) - nxt >= 3 and _ends_with_body(text[begin:i])
                          and (text[nxt] in "市县省各"
                               or _opens_name(text, nxt) and _opens_name(text, begin))
                          and looks_like_unit(text[nxt:])):
                pieces.append((start + begin, start + i))
                begin = nxt
                i = nxt + 1
                continue
        i += 1
    pieces.append((start + begin, start + len(text)))
    return pieces


def split_units(text: str, start: int = 0, end: int | None = None) -> UnitList:
    """Split ``text[start:end]`` into unit mentions with document offsets.

    Separators count only outside brackets; an unmatched closing bracket is kept in the name.
    Leading connectors (和, 及) and a trailing 等 are trimmed from each item; empty items vanish.
    """
    end = len(text) if end is None else end
    units: list[UnitMention] = []
    separators: list[str] = []
    group, depth, item_start = 0, 0, start

    def flush(item_end: int) -> None:
        s, e = item_start, item_end
        while s < e and (text[s].isspace() or text[s] in "。．.:：“”\"'"):
            s += 1
        while e > s and (text[e - 1].isspace() or text[e - 1] in "。．.:：“”\"'"):
            e -= 1
        # A unit name never holds a colon: 责任分工：市人社局 is a label and a unit.
        colon = max(text.rfind("：", s, e), text.rfind(":", s, e))
        outside = strip_brackets(text[s:colon + 1]) if colon >= 0 else ""
        if not outside.endswith(("：", ":")):
            colon = -1  # none, or inside a bracket of the name
        if colon >= 0:
            s = colon + 1
            while s < e and text[s].isspace():
                s += 1
        for gap in _CONNECTORS:
            if text.startswith(gap, s) and looks_like_unit(text[s + len(gap):e]):
                s += len(gap)
                break
        m = _TRAILING_ETC.search(text, s, e)
        if m and m.start() - s >= 2:
            e = m.start()
        role = None
        mark = _ROLE_MARK.search(text, s, e)
        if mark and mark.start() - s >= 2:
            word = mark.group("b") or mark.group("w")
            role = "lead" if word == "牵头" else "partner" if word in ("配合", "协办", "参与") else None
            e = mark.start()
            while e > s and text[e - 1].isspace():
                e -= 1
        if e - s < 2 or not strip_brackets(text[s:e]).strip():
            return
        for ps, pe in _split_glued(text[s:e], s):
            surface = text[ps:pe]
            units.append(UnitMention(ps, pe, surface, group, canonical(surface), role))

    for i in range(start, end):
        ch = text[i]
        if ch in OPENERS:
            depth += 1
        elif ch in CLOSERS:
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch in GROUP_SEPARATORS or ch in ITEM_SEPARATORS):
            flush(i)
            item_start = i + 1
            if ch in GROUP_SEPARATORS and units and units[-1].group == group:
                group += 1
                separators.append(ch)
    flush(end)
    return UnitList(tuple(units), tuple(separators))
